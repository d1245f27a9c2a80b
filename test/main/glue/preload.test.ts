import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'

vi.mock('electron', () => import('../../mocks/electron'))

import {
  contextBridgeMock,
  ipcMain as mockIpcMain,
  ipcMainMock,
  ipcRendererMock,
  resetElectronMock,
} from '../../mocks/electron'
import { API_KEY, Channels, Events } from '../../../src/shared/contract'
import type { ProxyChatApi, StreamEvent } from '../../../src/shared/contract'
import type { Notice } from '../../../src/shared/domain'
import { APP_ENTRY_URL } from '../../../src/main/app-protocol'
import { registerIpcHandlers } from '../../../src/main/ipc/register'
import type { IpcRegistration } from '../../../src/main/ipc/register'
import { createOriginPolicy } from '../../../src/main/window'
import { createRecordingBackend } from './helpers'
import type { RecordingBackend } from './helpers'

/** The mock's handler signature is looser than Electron's; main only needs handle/removeHandler. */
const ipcMain = mockIpcMain as unknown as IpcRegistration['ipcMain'] & typeof mockIpcMain

/**
 * The exact shape of ProxyChatApi, written by hand. The type makes TypeScript refuse a missing
 * or an extra name, so this list cannot drift from the contract.
 */
const EXPECTED_SHAPE: { [G in keyof ProxyChatApi]: Record<keyof ProxyChatApi[G], true> } = {
  conversations: {
    list: true,
    get: true,
    create: true,
    rename: true,
    delete: true,
    search: true,
    setModel: true,
    setSystemPrompt: true,
    deleteMessage: true,
    exportAll: true,
    exportMarkdown: true,
    import: true,
  },
  chat: { send: true, stop: true, regenerate: true, editAndResend: true, continue: true },
  settings: { get: true, update: true, setSecret: true, allowPlaintextSecrets: true },
  providers: { models: true, testConnection: true, detectLocal: true },
  app: { info: true, openExternal: true },
  on: { stream: true, notice: true, conversationsChanged: true, menuCommand: true },
}

let api: ProxyChatApi
let exposedKeys: string[]
let recording: RecordingBackend

beforeAll(async () => {
  resetElectronMock()
  await import('../../../src/preload/index')
  exposedKeys = contextBridgeMock.keys
  api = contextBridgeMock.exposed(API_KEY) as ProxyChatApi
})

beforeEach(() => {
  // Not resetElectronMock(): that would forget what the preload exposed when it was loaded.
  ipcMainMock.reset()
  ipcRendererMock.reset()
  ipcRendererMock.setFrameUrl(APP_ENTRY_URL)
  recording = createRecordingBackend()
  registerIpcHandlers({
    ipcMain,
    getBackend: () => recording.backend,
    isOwnUrl: createOriginPolicy().isOwnUrl,
  })
})

describe('preload API', () => {
  it('exposes one object, window.proxychat', () => {
    expect(exposedKeys).toEqual([API_KEY])
  })

  it('exposes exactly the contract: the same groups, the same functions, nothing else', () => {
    expect(Object.keys(api).sort()).toEqual(Object.keys(EXPECTED_SHAPE).sort())
    for (const [group, members] of Object.entries(EXPECTED_SHAPE)) {
      const exposedGroup = (api as unknown as Record<string, Record<string, unknown>>)[group] ?? {}
      expect(Object.keys(exposedGroup).sort(), group).toEqual(Object.keys(members).sort())
      for (const name of Object.keys(members))
        expect(typeof exposedGroup[name], `${group}.${name}`).toBe('function')
    }
  })

  it('has no generic door to IPC: an argument cannot pick the channel', async () => {
    await api.conversations.get(Channels.settingsSetSecret)
    expect(ipcRendererMock.invocations).toEqual([
      { channel: Channels.conversationsGet, args: [Channels.settingsSetSecret] },
    ])
    expect(recording.methods['settings.setSecret']).not.toHaveBeenCalled()
  })

  it('carries a call to main and returns the unwrapped value', async () => {
    await expect(api.conversations.get('c1')).resolves.toEqual({ from: 'conversations.get' })
    expect(recording.methods['conversations.get']).toHaveBeenCalledWith('c1')
    await expect(api.providers.models('openai', true)).resolves.toEqual({ from: 'providers.models' })
    expect(ipcRendererMock.invocations.map((call) => call.channel)).toEqual([
      Channels.conversationsGet,
      Channels.providersModels,
    ])
  })

  it('sends each function to its own channel with its arguments', async () => {
    await api.conversations.rename('c1', 'Title')
    await api.conversations.deleteMessage('c1', 'm1')
    await api.conversations.setModel('c1', null)
    await api.chat.send({ conversationId: 'c1', content: 'hi' })
    await api.settings.allowPlaintextSecrets(false)
    await api.conversations.create()
    expect(ipcRendererMock.invocations).toEqual([
      { channel: Channels.conversationsRename, args: ['c1', 'Title'] },
      { channel: Channels.conversationsDeleteMessage, args: ['c1', 'm1'] },
      { channel: Channels.conversationsSetModel, args: ['c1', null] },
      { channel: Channels.chatSend, args: [{ conversationId: 'c1', content: 'hi' }] },
      { channel: Channels.settingsAllowPlaintextSecrets, args: [false] },
      { channel: Channels.conversationsCreate, args: [undefined] },
    ])
    expect(recording.methods['conversations.create']).toHaveBeenCalledWith(undefined)
  })

  it('throws an Error with main’s message when main refuses', async () => {
    const call = api.conversations.get('')
    await expect(call).rejects.toBeInstanceOf(Error)
    await expect(call).rejects.toThrow(/Invalid request to conversations:get/)
    // The code rides in front of the message, the only part the context bridge copies to the page.
    await expect(call).rejects.toThrow(/^\[invalid_payload\] Invalid request/)
    expect(recording.totalCalls()).toBe(0)
  })

  it('throws an Error with the backend’s message when it fails', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => undefined)
    recording.methods['chat.stop'].mockRejectedValueOnce(new Error('No stream in this conversation.'))
    await expect(api.chat.stop('c1')).rejects.toThrow('No stream in this conversation.')
  })

  it('is refused by main when the page is not ours', async () => {
    ipcRendererMock.setFrameUrl('https://evil.example/')
    await expect(api.app.info()).rejects.toThrow(/own page/)
    expect(recording.totalCalls()).toBe(0)
  })
})

describe('preload listeners', () => {
  const streamEvent: StreamEvent = {
    type: 'delta',
    streamId: 's1',
    conversationId: 'c1',
    messageId: 'm2',
    content: 'Hel',
    reasoning: '',
  }

  it('hand the payload alone to the listener, never the event object', () => {
    const listener = vi.fn()
    api.on.stream(listener)
    ipcRendererMock.deliver(Events.stream, streamEvent)
    expect(listener).toHaveBeenCalledTimes(1)
    expect(listener.mock.calls[0]).toEqual([streamEvent])
  })

  it('deliver notices and menu commands as payloads', () => {
    const notice: Notice = {
      id: 'n1',
      level: 'warning',
      code: 'corrupt_file',
      message: 'Set aside',
      path: '/x',
    }
    const onNotice = vi.fn()
    const onMenu = vi.fn()
    api.on.notice(onNotice)
    api.on.menuCommand(onMenu)
    ipcRendererMock.deliver(Events.notice, notice)
    ipcRendererMock.deliver(Events.menuCommand, 'new-chat')
    expect(onNotice.mock.calls).toEqual([[notice]])
    expect(onMenu.mock.calls).toEqual([['new-chat']])
  })

  it('call conversationsChanged listeners with no argument at all', () => {
    const listener = vi.fn()
    api.on.conversationsChanged(listener)
    ipcRendererMock.deliver(Events.conversationsChanged, null)
    expect(listener.mock.calls).toEqual([[]])
  })

  it('return a function that removes exactly that listener', () => {
    const first = vi.fn()
    const second = vi.fn()
    const unsubscribe = api.on.stream(first)
    api.on.stream(second)
    expect(ipcRendererMock.listenerCount(Events.stream)).toBe(2)
    unsubscribe()
    expect(ipcRendererMock.listenerCount(Events.stream)).toBe(1)
    ipcRendererMock.deliver(Events.stream, streamEvent)
    expect(first).not.toHaveBeenCalled()
    expect(second).toHaveBeenCalledTimes(1)
    unsubscribe()
    expect(ipcRendererMock.listenerCount(Events.stream)).toBe(1)
  })

  it('refuse a listener that is not a function', () => {
    expect(() => api.on.stream('alert(1)' as unknown as () => void)).toThrow(TypeError)
    expect(() => api.on.conversationsChanged(42 as unknown as () => void)).toThrow(TypeError)
    expect(ipcRendererMock.listenerCount(Events.stream)).toBe(0)
  })
})
