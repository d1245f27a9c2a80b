import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { defaultRoute, routesFor } from '../../fixtures/routes'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { startTestBackend, type TestBackend } from '../../fixtures/backend'
import { startFakeProvider, type FakeProvider } from '../../fixtures/fake-provider'
import { startHttpProxy } from '../../fixtures/http-proxy'
import {
  credentialsIn,
  splitProxyCredentials,
  withoutCredentials,
} from '../../../src/main/storage/proxy-credentials'
import type { StreamEvent } from '../../../src/shared/contract'
import { allFiles } from './helpers'

vi.mock('electron', () => import('../../mocks/electron'))

/** Passwords as people type them into an address, without percent-encoding anything. */
const PASSWORDS: readonly string[] = [
  `p:/?#[]@!$&'()*+,;=% x`,
  'pa#ss-word-1',
  'pa/ss-word-2',
  'pa?ss-word-3',
  '100%-sure-4',
  'me@home-pass-5',
  '%zz-broken-6',
  'пароль с пробелом ✓ 7',
  '@@::##//??%%',
]

describe('credentials typed unencoded into a proxy address', () => {
  it.each(PASSWORDS)('splits %j: user before the first colon, password up to the last @', (password) => {
    for (const [typed, clean] of [
      [`http://alice:${password}@proxy.example:3128`, 'http://proxy.example:3128'],
      [`socks5h://alice:${password}@10.0.0.1:1080/`, 'socks5h://10.0.0.1:1080'],
      [`alice:${password}@proxy.example:3128`, 'proxy.example:3128'],
    ] as const) {
      expect(credentialsIn(typed)).toEqual({ username: 'alice', password })
      expect(withoutCredentials(typed)).toBe(clean)
      expect(splitProxyCredentials({ httpProxy: typed, httpsProxy: '' })).toEqual({
        proxy: { httpProxy: clean, httpsProxy: '' },
        credentials: { username: 'alice', password },
      })
    }
  })

  it('still decodes an address written with percent-encoding', () => {
    expect(credentialsIn('http://bob%40corp:p%40ss%2F%3A@h:1')).toEqual({
      username: 'bob@corp',
      password: 'p@ss/:',
    })
    // An e-mail address as the user name, typed as is.
    expect(credentialsIn('bob@corp.example:s#cret@h:1')).toEqual({
      username: 'bob@corp.example',
      password: 's#cret',
    })
    expect(credentialsIn('http://proxy.example:3128')).toBeUndefined()
  })
})

describe('saving a proxy address with a typed password, through the real backend and an authenticated proxy', () => {
  let fake: FakeProvider
  const dirs: string[] = []
  const backends: TestBackend[] = []
  beforeAll(async () => {
    fake = await startFakeProvider()
  })
  afterAll(async () => {
    await fake.close()
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true })
  })
  afterEach(async () => {
    await Promise.all(backends.splice(0).map((b) => b.shutdown()))
  })

  async function start(): Promise<{ backend: TestBackend; dataDir: string }> {
    const dir = mkdtempSync(join(tmpdir(), 'proxychat-proxy-creds-'))
    dirs.push(dir)
    const dataDir = join(dir, 'data')
    const backend = await startTestBackend({ userDataDir: dataDir })
    backends.push(backend)
    await backend.backend.settings.update({
      providers: [{ id: 'fake', kind: 'custom', name: 'Fake', baseURL: fake.baseURL, enabled: true }],
      defaultModel: { providerId: 'fake', model: 'gpt-4o-mini' },
    })
    await backend.backend.settings.setSecret({
      target: { type: 'provider', providerId: 'fake' },
      value: 'sk-proxy-creds-123456',
    })
    return { backend, dataDir }
  }

  it.each(PASSWORDS)('%j: kept only in the secrets, never shown, and sent to the proxy', async (password) => {
    const proxy = await startHttpProxy({ username: 'alice', password })
    try {
      const { backend, dataDir } = await start()
      const view = await backend.backend.settings.update({
        ...routesFor({
          mode: 'manual',
          httpProxy: `http://alice:${password}@127.0.0.1:${proxy.port}`,
          useHttpForHttps: true,
          // The fake provider is on 127.0.0.1, which the default list sends direct.
          bypass: [],
        }),
      })
      expect(defaultRoute(view)).toMatchObject({
        httpProxy: `http://127.0.0.1:${proxy.port}`,
        username: 'alice',
        password: { set: true },
      })
      expect(JSON.stringify(view)).not.toContain(password)
      expect(JSON.stringify(await backend.backend.settings.get())).not.toContain(password)
      expect(readFileSync(join(dataDir, 'settings.json'), 'utf8')).not.toContain(password)

      fake.enqueue({ text: 'Through the proxy.' })
      const conversation = await backend.backend.conversations.create()
      const { streamId } = await backend.backend.chat.send({ conversationId: conversation.id, content: 'Hi' })
      const final = await waitFor(() =>
        backend
          .streamEvents()
          .find((e: StreamEvent) => e.streamId === streamId && ['done', 'error'].includes(e.type)),
      )
      expect(final.type).toBe('done')
      expect(proxy.seen.length).toBeGreaterThan(0)
      // The fixture compares Proxy-Authorization with Basic base64("alice:" + password) byte for byte. The
      // first request waits for the proxy's challenge (no password before it names its scheme).
      expect(proxy.seen.map((s) => s.authorized)).toEqual([false, true])
      expect(JSON.stringify(backend.events)).not.toContain(password)
      await backend.shutdown()
      backends.splice(backends.indexOf(backend), 1)
      expect(filesContaining(dataDir, password)).toEqual([])
    } finally {
      await proxy.close()
    }
  })

  it('refuses an address with credentials but no host, without keeping or quoting the password', async () => {
    const password = 'no#host/for?me'
    const { backend, dataDir } = await start()
    const error: unknown = await backend.backend.settings
      .update({ ...routesFor({ mode: 'manual', httpProxy: `http://alice:${password}@` }) })
      .then(
        () => undefined,
        (e: unknown) => e,
      )
    expect(error).toBeInstanceOf(Error)
    expect(String(error)).toMatch(/no host/)
    expect(String(error)).not.toContain(password)
    expect(defaultRoute(await backend.backend.settings.get()).password).toEqual({ set: false })
    expect(filesContaining(dataDir, password)).toEqual([])
  })
})

/** Files under `dir` whose bytes contain `needle` as UTF-8. */
function filesContaining(dir: string, needle: string): string[] {
  const bytes = Buffer.from(needle, 'utf8')
  return allFiles(dir).filter((file) => readFileSync(file).includes(bytes))
}

function waitFor<T>(check: () => T | undefined, timeoutMs = 10_000): Promise<T> {
  const started = Date.now()
  return new Promise((resolve, reject) => {
    const tick = (): void => {
      const value = check()
      if (value !== undefined) return resolve(value)
      if (Date.now() - started > timeoutMs) return reject(new Error('timed out waiting'))
      setTimeout(tick, 10)
    }
    tick()
  })
}
