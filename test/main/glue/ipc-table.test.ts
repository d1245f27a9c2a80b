/**
 * The IPC table (src/shared/ipc-methods.ts) is the one declaration of the surface: these tests check
 * that the preload and main are built from it and nothing else — every row exposed and handled, wrong
 * arguments refused at run time and at compile time, channel names derived as before, and zod kept
 * out of the sandboxed preload.
 */
import { join, resolve } from 'node:path'
import { build } from 'esbuild'
import { beforeAll, beforeEach, describe, expect, expectTypeOf, it, vi } from 'vitest'

vi.mock('electron', () => import('../../mocks/electron'))

import {
  contextBridgeMock,
  ipcMain as mockIpcMain,
  ipcMainMock,
  ipcRendererMock,
  resetElectronMock,
} from '../../mocks/electron'
import { API_KEY } from '../../../src/shared/contract'
import type { Backend, ProxyChatApi } from '../../../src/shared/contract'
import { channelOf, eventChannelOf, kebab } from '../../../src/shared/ipc-define'
import { Events, ipcEvents, ipcMethods, listIpcMethods } from '../../../src/shared/ipc-methods'
import type { ConversationSummary } from '../../../src/shared/domain'
import type { CreateConversationRequest } from '../../../src/shared/schemas'
import { APP_ENTRY_URL } from '../../../src/main/app-protocol'
import { channelHandlers } from '../../../src/main/ipc/handlers'
import { registerIpcHandlers } from '../../../src/main/ipc/register'
import type { IpcRegistration } from '../../../src/main/ipc/register'
import { createOriginPolicy } from '../../../src/main/window'
import { createRecordingBackend } from './helpers'
import type { RecordingBackend } from './helpers'

const ROOT = resolve(import.meta.dirname, '../../..')

/** The mock's handler signature is looser than Electron's; main only needs handle/removeHandler. */
const ipcMain = mockIpcMain as unknown as IpcRegistration['ipcMain'] & typeof mockIpcMain

/** A function of the exposed API, called the way a page script could (past TypeScript). */
type UntypedCall = (...args: unknown[]) => Promise<unknown>

const ENTRIES = listIpcMethods()

let api: ProxyChatApi
let groups: Record<string, Record<string, unknown>>
let recording: RecordingBackend

beforeAll(async () => {
  resetElectronMock()
  await import('../../../src/preload/index')
  api = contextBridgeMock.exposed(API_KEY) as ProxyChatApi
  groups = contextBridgeMock.exposed(API_KEY) as Record<string, Record<string, unknown>>
})

beforeEach(() => {
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

function exposed(namespace: string, name: string): UntypedCall {
  const fn = groups[namespace]?.[name]
  if (typeof fn !== 'function') throw new Error(`window.proxychat.${namespace}.${name} is not a function`)
  return (...args) => Promise.resolve(Reflect.apply(fn, undefined, args))
}

describe('the IPC table', () => {
  it('lists every method once, with a distinct channel', () => {
    const ids = ENTRIES.map((entry) => entry.id)
    expect(new Set(ids).size).toBe(ids.length)
    expect(new Set(ENTRIES.map((entry) => entry.channel)).size).toBe(ids.length)
    const rows = Object.values(ipcMethods).reduce((sum, group) => sum + Object.keys(group).length, 0)
    expect(ENTRIES).toHaveLength(rows)
  })

  it('derives the channel names the app has always used', () => {
    expect(kebab('setSystemPrompt')).toBe('set-system-prompt')
    expect(channelOf('conversations', 'list')).toBe('conversations:list')
    const channels = ENTRIES.map((entry) => entry.channel)
    for (const known of [
      'conversations:set-model',
      'conversations:delete-message',
      'conversations:export-all',
      'chat:edit-and-resend',
      'settings:allow-plaintext-secrets',
      'providers:test-connection',
      'app:open-external',
    ])
      expect(channels).toContain(known)
    for (const channel of channels) expect(channel).toMatch(/^[a-z]+:[a-z]+(-[a-z]+)*$/)
    expect(Events).toEqual({
      stream: 'event:stream',
      notice: 'event:notice',
      conversationsChanged: 'event:conversations-changed',
      menuCommand: 'event:menu-command',
    })
    expect(eventChannelOf('menuCommand')).toBe('event:menu-command')
  })

  it('builds a zod tuple for every row (what main validates with)', () => {
    for (const entry of ENTRIES) expect(channelHandlers.get(entry.channel), entry.id).toBeDefined()
    expect(channelHandlers.size).toBe(ENTRIES.length)
  })
})

describe('every table method is exposed by the preload and handled in main', () => {
  it('the preload exposes exactly the table: its namespaces, their methods and the events', () => {
    const expected: Record<string, string[]> = { on: Object.keys(ipcEvents).sort() }
    for (const { namespace, name } of ENTRIES) (expected[namespace] ??= []).push(name)
    expect(Object.keys(groups).sort()).toEqual(Object.keys(expected).sort())
    for (const [namespace, names] of Object.entries(expected)) {
      expect(Object.keys(groups[namespace] ?? {}).sort(), namespace).toEqual([...names].sort())
      for (const name of names)
        expect(typeof groups[namespace]?.[name], `${namespace}.${name}`).toBe('function')
    }
  })

  it.each(ENTRIES.map((entry) => [entry.id, entry] as const))(
    '%s goes to its own channel, which main handles',
    async (_id, { namespace, name, channel }) => {
      expect(ipcMain.handlers.has(channel)).toBe(true)
      // No arguments: valid for the methods that take none, refused by main for the rest.
      const outcome = await exposed(namespace, name)().then(
        (value) => ({ value }),
        (error: unknown) => ({ error }),
      )
      expect(ipcRendererMock.invocations).toEqual([{ channel, args: [] }])
      if ('value' in outcome) {
        // Reached the backend handler of the same name, and only that one.
        expect(outcome.value).toEqual({ from: `${namespace}.${name}` })
        expect(recording.totalCalls()).toBe(1)
      } else {
        expect(String(outcome.error)).toContain(`Invalid request to ${channel}`)
        expect(recording.totalCalls()).toBe(0)
      }
    },
  )
})

describe('a call with wrong arguments is refused', () => {
  it.each(ENTRIES.map((entry) => [entry.id, entry] as const))(
    '%s: refused by main, the backend never called',
    async (_id, { namespace, name, channel }) => {
      // No method takes a number, and none takes four arguments.
      const call = exposed(namespace, name)(42, 42, 42, 42)
      await expect(call).rejects.toThrow(`Invalid request to ${channel}`)
      await expect(call).rejects.toMatchObject({ code: 'invalid_payload' })
      expect(recording.totalCalls()).toBe(0)
    },
  )

  it('arguments in the wrong order are refused too', async () => {
    await expect(exposed('providers', 'models')(true, 'openai')).rejects.toThrow('Invalid request')
    await expect(exposed('conversations', 'deleteMessage')('c1')).rejects.toThrow('Invalid request')
    expect(recording.totalCalls()).toBe(0)
  })

  it('and do not compile: the API and the handlers are typed from the table', () => {
    expectTypeOf(api.providers.models).parameters.toEqualTypeOf<[string, boolean]>()
    expectTypeOf(api.conversations.create).parameters.toEqualTypeOf<
      [(CreateConversationRequest | undefined)?]
    >()
    expectTypeOf(api.conversations.rename).returns.toEqualTypeOf<Promise<ConversationSummary>>()
    expectTypeOf(api.on.conversationsChanged).parameters.toEqualTypeOf<[() => void]>()
    expectTypeOf<Backend['conversations']['rename']>().parameters.toEqualTypeOf<[string, string]>()

    // Compile-time only: the calls below are type errors, so they are never run.
    const compileOnly = (): void => {
      // @ts-expect-error -- (providerId, refresh), not (refresh, providerId)
      void api.providers.models(true, 'openai')
      // @ts-expect-error -- deleteMessage needs a message id too
      void api.conversations.deleteMessage('c1')
      // @ts-expect-error -- a handler for other arguments than its row's schema parses
      const wrongHandler: Backend['providers']['models'] = (refresh: boolean) =>
        Promise.resolve([String(refresh)])
      // @ts-expect-error -- a namespace of handlers with one missing
      const missingHandler: Backend['app'] = { info: recording.backend.app.info }
      void wrongHandler
      void missingHandler
    }
    expect(typeof compileOnly).toBe('function')
  })
})

describe('the sandboxed preload bundle', () => {
  it('requires only electron and carries no zod', async () => {
    const result = await build({
      entryPoints: [join(ROOT, 'src/preload/index.ts')],
      bundle: true,
      write: false,
      format: 'cjs',
      platform: 'node',
      external: ['electron'],
      // What zod's code would bring along; its comments are stripped so that only code is searched.
      legalComments: 'none',
      minifyWhitespace: true,
    })
    const code = result.outputFiles[0]?.text ?? ''
    expect([...code.matchAll(/\brequire\(\s*["']([^"']+)["']\s*\)/g)].map((match) => match[1])).toEqual([
      'electron',
    ])
    expect(code).not.toMatch(/zod|ZodError|safeParse|_zod/)
    // The table's names are there: the preload is built from it.
    expect(code).toContain('allowPlaintextSecrets')
  })
})
