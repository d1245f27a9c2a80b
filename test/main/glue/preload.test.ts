import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'

vi.mock('electron', () => import('../../mocks/electron'))

import {
  contextBridgeMock,
  ipcMain as mockIpcMain,
  ipcMainMock,
  ipcRendererMock,
  resetElectronMock,
} from '../../mocks/electron'
import { API_KEY, Events } from '../../../src/shared/contract'
import type { ProxyChatApi, StreamEvent } from '../../../src/shared/contract'
import type { Notice } from '../../../src/shared/domain'
import { APP_ENTRY_URL } from '../../../src/main/app-protocol'
import { registerIpcHandlers } from '../../../src/main/ipc/register'
import type { IpcRegistration } from '../../../src/main/ipc/register'
import { createOriginPolicy } from '../../../src/main/window'
import { channelFor, createRecordingBackend } from './helpers'
import type { RecordingBackend } from './helpers'

/** The mock's handler signature is looser than Electron's; main only needs handle/removeHandler. */
const ipcMain = mockIpcMain as unknown as IpcRegistration['ipcMain'] & typeof mockIpcMain

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

  // That it exposes exactly the IPC table (every method, nothing else) is checked in ipc-table.test.ts.

  it('has no generic door to IPC: an argument cannot pick the channel', async () => {
    await api.conversations.get(channelFor('settings.setSecret'))
    expect(ipcRendererMock.invocations).toEqual([
      { channel: channelFor('conversations.get'), args: [channelFor('settings.setSecret')] },
    ])
    expect(recording.methods['settings.setSecret']).not.toHaveBeenCalled()
  })

  it('carries a call to main and returns the unwrapped value', async () => {
    await expect(api.conversations.get('c1')).resolves.toEqual({ from: 'conversations.get' })
    expect(recording.methods['conversations.get']).toHaveBeenCalledWith('c1')
    await expect(api.providers.models('openai', true)).resolves.toEqual({ from: 'providers.models' })
    expect(ipcRendererMock.invocations.map((call) => call.channel)).toEqual([
      channelFor('conversations.get'),
      channelFor('providers.models'),
    ])
  })

  it('sends each function to its own channel with its arguments', async () => {
    await api.conversations.rename('c1', 'Title')
    await api.conversations.deleteMessage('c1', 'm1')
    await api.conversations.setModel('c1', null)
    await api.chat.send({ conversationId: 'c1', content: 'hi' })
    await api.settings.allowPlaintextSecrets(false)
    await api.conversations.create()
    await api.conversations.create(undefined)
    expect(ipcRendererMock.invocations).toEqual([
      { channel: channelFor('conversations.rename'), args: ['c1', 'Title'] },
      { channel: channelFor('conversations.deleteMessage'), args: ['c1', 'm1'] },
      { channel: channelFor('conversations.setModel'), args: ['c1', null] },
      { channel: channelFor('chat.send'), args: [{ conversationId: 'c1', content: 'hi' }] },
      { channel: channelFor('settings.allowPlaintextSecrets'), args: [false] },
      // Exactly the arguments given: a left-out optional argument is not sent at all.
      { channel: channelFor('conversations.create'), args: [] },
      { channel: channelFor('conversations.create'), args: [undefined] },
    ])
    // Either way, the backend gets no request.
    expect(recording.methods['conversations.create'].mock.calls).toEqual([[], [undefined]])
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
