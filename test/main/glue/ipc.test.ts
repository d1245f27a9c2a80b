import { beforeEach, describe, expect, it, vi } from 'vitest'

vi.mock('electron', () => import('../../mocks/electron'))

import { ipcMain as mockIpcMain, ipcMainMock, resetElectronMock } from '../../mocks/electron'
import type { IpcResult } from '../../../src/shared/contract'
import { APP_ENTRY_URL } from '../../../src/main/app-protocol'
import { registerIpcHandlers } from '../../../src/main/ipc/register'
import type { IpcRegistration } from '../../../src/main/ipc/register'
import { describeThrown } from '../../../src/main/ipc/envelope'
import { createOriginPolicy } from '../../../src/main/window'
import { ProviderError } from '../../../src/main/llm/errors'
import { createLogger } from '../../../src/main/logging/logger'
import { AppError } from '../../../src/main/app-error'
import { channelFor, createRecordingBackend, MODEL, PROVIDER, ROUTE } from './helpers'
import type { MethodName, RecordingBackend } from './helpers'

/** The mock's handler signature is looser than Electron's; main only needs handle/removeHandler. */
const ipcMain = mockIpcMain as unknown as IpcRegistration['ipcMain'] & typeof mockIpcMain

type ChannelKey = MethodName

interface ChannelCase {
  valid: unknown[]
  /** What the backend must receive (after parsing: trimmed, defaults...); `valid` when absent. */
  expected?: unknown[]
  /** Payloads that are well-typed but too big. */
  huge: unknown[][]
}

const long = (length: number): string => 'x'.repeat(length)
const ATTACHMENT = {
  id: 'a1',
  name: 'photo.png',
  mediaType: 'image/png',
  size: 1024,
  hash: 'a'.repeat(64),
  width: 640,
  height: 480,
}
const hugeId = long(101)

/** A valid call of every method, and oversized variants. TypeScript checks that none is missing. */
const CASES: Record<ChannelKey, ChannelCase> = {
  'conversations.list': {
    valid: [],
    huge: [],
  },
  'conversations.get': {
    valid: ['c1'],
    huge: [[hugeId]],
  },
  'conversations.getTail': {
    valid: ['c1', 50],
    huge: [
      [hugeId, 50],
      ['c1', 1001],
    ],
  },
  'conversations.create': {
    valid: [{ model: MODEL, systemPrompt: 'Be brief.' }],
    huge: [[{ systemPrompt: long(100_001) }]],
  },
  'conversations.rename': {
    valid: ['c1', '  New title  '],
    expected: ['c1', 'New title'],
    huge: [
      ['c1', long(201)],
      [hugeId, 'ok'],
    ],
  },
  'conversations.delete': {
    valid: ['c1'],
    huge: [[hugeId]],
  },
  'conversations.setPinned': {
    valid: ['c1', true],
    huge: [[hugeId, true]],
  },
  'conversations.deleteMany': {
    valid: [['c1', 'c2']],
    huge: [[[hugeId]], [Array.from({ length: 100_001 }, () => 'c1')]],
  },
  'conversations.exportSelected': {
    valid: [['c1']],
    huge: [[[hugeId]]],
  },
  'conversations.search': {
    valid: ['proxy'],
    huge: [[long(501)]],
  },
  'conversations.setModel': {
    valid: ['c1', MODEL],
    huge: [['c1', { providerId: 'openai', model: long(301) }]],
  },
  'conversations.setSystemPrompt': {
    valid: ['c1', 'You are terse.'],
    huge: [['c1', long(100_001)]],
  },
  'conversations.setParams': {
    valid: ['c1', { temperature: 0.7, maxTokens: 1024 }],
    huge: [
      ['c1', { temperature: 2.5 }],
      ['c1', { maxTokens: 10_000_001 }],
      ['c1', { maxTokens: 1.5 }],
      ['c1', { reasoningEffort: 'extreme' }],
      ['c1', { temperature: 0.5, seed: 1 }],
    ],
  },
  'conversations.deleteMessage': {
    valid: ['c1', 'm1'],
    huge: [['c1', hugeId]],
  },
  'conversations.selectVersion': {
    valid: ['c1', 'm1', 2],
    huge: [
      ['c1', hugeId, 1],
      ['c1', 'm1', 1e9],
    ],
  },
  'conversations.exportAll': {
    valid: [],
    huge: [],
  },
  'conversations.exportMarkdown': {
    valid: ['c1'],
    huge: [[hugeId]],
  },
  'conversations.import': {
    valid: [{ json: '{"conversations":[]}' }],
    huge: [],
  },
  'prompts.export': {
    valid: [],
    huge: [],
  },
  'prompts.import': {
    valid: [{ json: '{"prompts":[]}' }],
    huge: [[{ json: long(20_000_001) }]],
  },
  'attachments.add': {
    valid: [{ name: 'photo.png', bytes: new Uint8Array([0x89, 0x50, 0x4e, 0x47]) }],
    huge: [
      [{ name: 'big.pdf', bytes: new Uint8Array(20 * 1024 * 1024 + 1) }],
      [{ name: `${long(252)}.png`, bytes: new Uint8Array(1) }],
    ],
  },
  'chat.send': {
    valid: [{ conversationId: 'c1', content: 'Hello', model: MODEL, attachments: [ATTACHMENT] }],
    huge: [
      [{ conversationId: 'c1', content: long(1_000_001) }],
      [{ conversationId: 'c1', content: 'Hello', attachments: Array.from({ length: 11 }, () => ATTACHMENT) }],
      [
        {
          conversationId: 'c1',
          content: 'Hello',
          attachments: [{ ...ATTACHMENT, size: 20 * 1024 * 1024 + 1 }],
        },
      ],
    ],
  },
  'chat.stop': {
    valid: ['c1'],
    huge: [[hugeId]],
  },
  'chat.regenerate': {
    valid: [{ conversationId: 'c1', messageId: 'm2' }],
    huge: [[{ conversationId: 'c1', messageId: hugeId }]],
  },
  'chat.editAndResend': {
    valid: [{ conversationId: 'c1', messageId: 'm1', content: 'Edited' }],
    huge: [[{ conversationId: 'c1', messageId: 'm1', content: long(1_000_001) }]],
  },
  'chat.continue': {
    valid: [{ conversationId: 'c1', messageId: 'm2' }],
    huge: [[{ conversationId: hugeId, messageId: 'm2' }]],
  },
  'settings.get': {
    valid: [],
    huge: [],
  },
  'settings.update': {
    valid: [{ appearance: { theme: 'dark' }, language: 'ru' }],
    huge: [[{ routes: [{ ...ROUTE, httpProxy: long(501) }] }]],
  },
  'settings.setSecret': {
    valid: [{ target: { type: 'provider', providerId: 'openai' }, value: 'sk-test-1234' }],
    huge: [[{ target: { type: 'route', routeId: 'proxy' }, value: long(10_001) }]],
  },
  'settings.allowPlaintextSecrets': {
    valid: [true],
    huge: [],
  },
  'providers.models': {
    valid: ['openai', false],
    huge: [[hugeId, true]],
  },
  'providers.testConnection': {
    valid: [{ provider: PROVIDER, route: ROUTE, apiKey: 'sk-typed', model: 'gpt-4o-mini' }],
    huge: [[{ provider: PROVIDER, route: ROUTE, apiKey: long(10_001) }]],
  },
  'providers.detectLocal': {
    valid: [],
    huge: [],
  },
  'routes.diagnostics': {
    valid: [],
    huge: [],
  },
  'app.info': {
    valid: [],
    huge: [],
  },
  'app.openExternal': {
    valid: ['https://example.com/docs'],
    huge: [[`https://example.com/${long(10_000)}`]],
  },
}

const KEYS = Object.keys(CASES) as ChannelKey[]

/** A value of another type than `value`. */
function wrongType(value: unknown): unknown {
  if (typeof value === 'string') return 42
  if (typeof value === 'number') return '42'
  if (typeof value === 'boolean') return 'true'
  if (value === undefined || value === null) return 42
  return 'not an object'
}

/** Malformed variants every channel must refuse: wrong types, an extra argument, a missing one, extra keys. */
function malformedVariants(key: ChannelKey): { label: string; args: unknown[] }[] {
  const { valid, huge } = CASES[key]
  const variants = [{ label: 'an extra argument', args: [...valid, 'extra'] }]
  valid.forEach((arg, index) => {
    variants.push({
      label: `argument ${index} of the wrong type`,
      args: valid.map((a, i) => (i === index ? wrongType(a) : a)),
    })
    if (typeof arg === 'object' && arg !== null) {
      const withExtraKey = { ...arg, unexpected: true }
      variants.push({
        label: `argument ${index} with an extra key`,
        args: valid.map((a, i) => (i === index ? withExtraKey : a)),
      })
    }
  })
  // conversations.create's only argument is optional: leaving it out is valid.
  if (valid.length > 0 && key !== 'conversations.create') {
    variants.push({ label: 'a missing argument', args: valid.slice(0, -1) })
  }
  huge.forEach((args, index) => variants.push({ label: `oversized payload ${index}`, args }))
  return variants
}

const OWN_URL = APP_ENTRY_URL

let recording: RecordingBackend

function invoke(key: ChannelKey, args: unknown[], frameUrl = OWN_URL): Promise<IpcResult<unknown>> {
  return ipcMainMock.invoke(channelFor(key), frameUrl, ...args) as Promise<IpcResult<unknown>>
}

beforeEach(() => {
  resetElectronMock()
  // Unexpected errors are logged; keep the test output readable.
  vi.spyOn(console, 'error').mockImplementation(() => undefined)
  recording = createRecordingBackend()
  registerIpcHandlers({
    ipcMain,
    getBackend: () => recording.backend,
    isOwnUrl: createOriginPolicy().isOwnUrl,
  })
})

describe('IPC handlers', () => {
  it('registers exactly one handler per channel', () => {
    expect([...ipcMain.handlers.keys()].sort()).toEqual(KEYS.map(channelFor).sort())
  })

  it('removes every handler when unregistered', () => {
    ipcMainMock.reset()
    const unregister = registerIpcHandlers({
      ipcMain,
      getBackend: () => recording.backend,
      isOwnUrl: () => true,
    })
    unregister()
    expect(ipcMain.handlers.size).toBe(0)
  })

  describe.each(KEYS)('%s', (key) => {
    const testCase = CASES[key]

    it('calls the backend with the parsed arguments and wraps its result', async () => {
      const result = await invoke(key, testCase.valid)
      expect(result).toEqual({ ok: true, value: { from: key } })
      const method = recording.methods[key]
      expect(method).toHaveBeenCalledTimes(1)
      expect(method.mock.calls[0]).toEqual(testCase.expected ?? testCase.valid)
      expect(recording.totalCalls()).toBe(1)
    })

    it.each(malformedVariants(key))('refuses $label without calling the backend', async ({ args }) => {
      const result = await invoke(key, args)
      expect(result.ok).toBe(false)
      if (!result.ok) {
        expect(result.error.code).toBe('invalid_payload')
        expect(result.error.message).toContain(channelFor(key))
        // The message describes the problem; it never echoes a huge input back.
        expect(result.error.message.length).toBeLessThan(1_000)
      }
      expect(recording.totalCalls()).toBe(0)
    })

    it('refuses a call from a foreign page without calling the backend', async () => {
      const result = await invoke(key, testCase.valid, 'https://evil.example/index.html')
      expect(result).toEqual({ ok: false, error: { code: 'forbidden_sender', message: expect.any(String) } })
      expect(recording.totalCalls()).toBe(0)
    })

    it('turns a backend throw into an error envelope', async () => {
      recording.methods[key].mockRejectedValueOnce(new Error('disk full'))
      const result = await invoke(key, testCase.valid)
      expect(result).toEqual({ ok: false, error: { code: 'internal', message: 'disk full' } })
    })
  })

  it('refuses non-plain payloads: null, arrays and prototype tricks', async () => {
    const cases: [ChannelKey, unknown[]][] = [
      ['chat.send', [null]],
      ['chat.send', [[]]],
      ['chat.send', [JSON.parse('{"conversationId":"c1","content":"hi","__proto__":{"polluted":true}}')]],
      ['settings.update', [{ constructor: { prototype: { polluted: true } } }]],
      ['conversations.rename', ['c1', '   ']],
      ['app.openExternal', ['javascript:alert(1)']],
      ['app.openExternal', ['file:///etc/passwd']],
      ['settings.setSecret', [{ target: { type: 'keyring' }, value: 'x' }]],
      ['providers.models', ['openai', 'true']],
      // A path is never a file's name; bytes are bytes, never a string or an array of numbers.
      ['attachments.add', [{ name: '../../etc/passwd', bytes: new Uint8Array(1) }]],
      ['attachments.add', [{ name: 'C:\\Users\\me\\photo.png', bytes: new Uint8Array(1) }]],
      ['attachments.add', [{ name: 'photo.png', bytes: 'iVBORw0KGgo=' }]],
      ['attachments.add', [{ name: 'photo.png', bytes: [137, 80, 78, 71] }]],
      [
        'chat.send',
        [{ conversationId: 'c1', content: 'hi', attachments: [{ ...ATTACHMENT, hash: '../x' }] }],
      ],
      // No text and no file: nothing to send.
      ['chat.send', [{ conversationId: 'c1', content: '' }]],
    ]
    for (const [key, args] of cases) {
      const result = await invoke(key, args)
      expect(result.ok, `${key} ${JSON.stringify(args)}`).toBe(false)
    }
    expect(recording.totalCalls()).toBe(0)
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined()
  })

  it('keeps the kind of a chat-client error and redacts secrets from messages', async () => {
    recording.methods['providers.testConnection'].mockRejectedValueOnce(
      new ProviderError({ provider: 'OpenAI', kind: 'auth', message: 'Bad key sk-abcdefghijklmnop1234' }),
    )
    const result = await invoke('providers.testConnection', CASES['providers.testConnection'].valid)
    expect(result).toEqual({
      ok: false,
      error: { code: 'provider', kind: 'auth', message: 'Bad key ***', facts: { kind: 'auth' } },
    })
  })

  it('reports a thrown non-error without its content', async () => {
    recording.methods['conversations.get'].mockRejectedValueOnce('a string with /home/alice/secret')
    const result = await invoke('conversations.get', ['c1'])
    expect(result).toEqual({
      ok: false,
      error: { code: 'internal', message: 'Something went wrong in the app.' },
    })
  })

  it('waits for a backend that is still starting', async () => {
    ipcMainMock.reset()
    let resolveBackend: (backend: RecordingBackend['backend']) => void = () => undefined
    const starting = new Promise<RecordingBackend['backend']>((resolve) => {
      resolveBackend = resolve
    })
    registerIpcHandlers({ ipcMain, getBackend: () => starting, isOwnUrl: createOriginPolicy().isOwnUrl })
    const pending = invoke('conversations.list', [])
    resolveBackend(recording.backend)
    await expect(pending).resolves.toEqual({ ok: true, value: { from: 'conversations.list' } })
  })
})

describe('sender check', () => {
  const valid = CASES['conversations.get'].valid

  it.each([
    'https://evil.example/',
    'http://localhost:5173/',
    'file:///app/out/renderer/index.html',
    'app://proxychat.evil/index.html',
    'app://other/index.html',
    'about:blank',
    'data:text/html,<script>1</script>',
    '',
  ])('refuses a frame at %s', async (url) => {
    const result = await invoke('conversations.get', valid, url)
    expect(result.ok).toBe(false)
    expect(recording.totalCalls()).toBe(0)
  })

  it('accepts our own page at any path', async () => {
    expect((await invoke('conversations.get', valid, 'app://proxychat/index.html#/chat/c1')).ok).toBe(true)
  })

  it('refuses a sub-frame even when it claims our origin', async () => {
    const handler = ipcMain.handlers.get(channelFor('conversations.get'))
    const event = ipcMainMock.event(OWN_URL, OWN_URL)
    const result = (await handler?.(event, ...valid)) as IpcResult<unknown>
    expect(result.ok).toBe(false)
    expect(recording.totalCalls()).toBe(0)
  })

  it('refuses a message whose frame is gone (senderFrame null)', async () => {
    const handler = ipcMain.handlers.get(channelFor('conversations.get'))
    const event = { ...ipcMainMock.event(OWN_URL), senderFrame: null }
    const result = (await handler?.(event, ...valid)) as IpcResult<unknown>
    expect(result).toMatchObject({ ok: false, error: { code: 'forbidden_sender' } })
  })

  it('trusts the dev server only when the policy was built with it', async () => {
    ipcMainMock.reset()
    registerIpcHandlers({
      ipcMain,
      getBackend: () => recording.backend,
      isOwnUrl: createOriginPolicy('http://localhost:5173').isOwnUrl,
    })
    expect((await invoke('conversations.get', valid, 'http://localhost:5173/')).ok).toBe(true)
    expect((await invoke('conversations.get', valid, 'http://localhost:5174/')).ok).toBe(false)
    // With a dev server, the packaged origin is not ours.
    expect((await invoke('conversations.get', valid, OWN_URL)).ok).toBe(false)
  })
})

describe('describeThrown', () => {
  it('bounds long messages and ignores codes from outside the app’s vocabulary', () => {
    const error = Object.assign(new Error('y'.repeat(5_000)), { code: 'weird code with spaces' })
    const described = describeThrown(error)
    expect(described.code).toBe('internal')
    expect(described.message.length).toBeLessThanOrEqual(2_001)
    // A system error's code (or an old vocabulary's) is not one of ours: a bug to log, not a code to act on.
    expect(describeThrown(Object.assign(new Error('gone'), { code: 'ENOENT' })).code).toBe('internal')
    expect(describeThrown(Object.assign(new Error('gone'), { code: 'not_found' })).code).toBe('internal')
  })

  it('keeps an AppError’s code', () => {
    expect(describeThrown(new AppError('not_found', 'gone'))).toEqual({ code: 'not_found', message: 'gone' })
    expect(describeThrown(new AppError('busy', 'later'))).toEqual({ code: 'busy', message: 'later' })
  })

  it('answers a chat client failure as provider, with its kind beside the code and its facts', () => {
    const error = new ProviderError({
      provider: 'OpenAI',
      kind: 'auth',
      status: 401,
      code: 'invalid_api_key',
      message: 'Key sk-abcdefghijkl1234 refused',
    })
    expect(describeThrown(error)).toEqual({
      code: 'provider',
      kind: 'auth',
      message: 'Key *** refused',
      facts: { kind: 'auth', status: 401, code: 'invalid_api_key' },
    })
  })
})

describe('unexpected errors', () => {
  it('are logged once with their stack, redacted, and answered as internal', async () => {
    ipcMainMock.reset()
    const lines: string[] = []
    registerIpcHandlers({
      ipcMain,
      getBackend: () => recording.backend,
      isOwnUrl: createOriginPolicy().isOwnUrl,
      logger: createLogger({ sink: (line) => lines.push(line) }).child('ipc'),
    })
    recording.methods['settings.get'].mockRejectedValue(new Error('boom with sk-live0123456789abcdef'))
    const result = await invoke('settings.get', [])
    expect(result).toMatchObject({ ok: false, error: { code: 'internal' } })
    expect(lines).toHaveLength(1)
    expect(lines[0]).toContain(
      'ERROR [ipc] Unexpected error channel=settings:get error="Error: boom with ***"',
    )
    expect(lines[0]).toContain('stack="at ')
    expect(lines[0]).not.toContain('sk-live0123456789abcdef')
  })
})
