/**
 * SOCKS5h resolves no name locally: the provider's address is a name only the SOCKS proxy knows
 * (`provider.invalid`, which RFC 6761 reserves so it never resolves anywhere else). Chat, the model list and
 * the connection test all reach the provider, the proxy is handed the name itself, and the process's
 * lookup function, observed (and made to fail for that name, so no query ever leaves this machine), is
 * never asked for it. socks5 (no h) is the control: there the same lookup must be asked, which proves the
 * observation sees the code path that resolves names.
 */
import dns from 'node:dns'
import { syncBuiltinESMExports } from 'node:module'
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { Client, OpenAIProvider } from '../../../src/main/llm'
import { testConnection } from '../../../src/main/llm/connection-test'
import { startFakeProvider, type FakeProvider } from '../../fixtures/fake-provider'
import { startSocks5Server, type Socks5Server } from '../../fixtures/socks5-server'

const NAME = 'provider.invalid'

let fake: FakeProvider
let socks: Socks5Server
let baseURL: string
const asked: string[] = []
const realLookup = dns.lookup

beforeAll(async () => {
  fake = await startFakeProvider()
  socks = await startSocks5Server({ username: 'u', password: 'socks-pw-1', hosts: { [NAME]: '127.0.0.1' } })
  baseURL = `http://${NAME}:${new URL(fake.baseURL).port}/v1`
  // Every lookup in this process goes through here: the made-up name is answered "not found" on the spot.
  const observed = ((hostname: string, ...rest: unknown[]) => {
    asked.push(hostname)
    const callback = rest.at(-1)
    if (hostname === NAME && typeof callback === 'function') {
      const error = Object.assign(new Error(`getaddrinfo ENOTFOUND ${NAME}`), { code: 'ENOTFOUND' })
      process.nextTick(() => (callback as (e: Error) => void)(error))
      return
    }
    return (realLookup as (...args: unknown[]) => void)(hostname, ...rest)
  }) as typeof dns.lookup
  vi.spyOn(dns, 'lookup').mockImplementation(observed)
  // `import { lookup } from 'node:dns'` elsewhere sees the spy only after this.
  syncBuiltinESMExports()
})

afterAll(async () => {
  vi.restoreAllMocks()
  syncBuiltinESMExports()
  await Promise.all([fake.close(), socks.close()])
})

const clients: Client[] = []
afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()))
  asked.length = 0
})

function client(scheme: 'socks5' | 'socks5h'): Client {
  const c = new Client({
    provider: new OpenAIProvider({ name: 'Remote', apiKey: 'sk-remote-dns', baseURL }),
    proxies: { http: `${scheme}://u:socks-pw-1@127.0.0.1:${socks.port}` },
    noProxy: [],
  })
  clients.push(c)
  return c
}

describe('a socks5h route to a name only the proxy can resolve', () => {
  it('chats and lists models, with the name left to the proxy and no local lookup', async () => {
    const c = client('socks5h')
    expect((await c.models.list()).length).toBeGreaterThan(0)
    fake.enqueue({ text: 'Привет через SOCKS5h' })
    const stream = await c.chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'hi' }],
      stream: true,
    })
    let text = ''
    for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? ''
    expect(text).toBe('Привет через SOCKS5h')

    expect(socks.seen.length).toBeGreaterThan(0)
    expect(socks.seen.every((s) => s.host === NAME && s.atyp === 'domain')).toBe(true)
    expect(asked).not.toContain(NAME)
  })

  it('the connection test passes through it too, with no local lookup', async () => {
    const seenBefore = socks.seen.length
    const report = await testConnection({
      provider: new OpenAIProvider({ name: 'Remote', apiKey: 'sk-remote-dns', baseURL }),
      baseURL,
      transport: { proxies: { http: `socks5h://u:socks-pw-1@127.0.0.1:${socks.port}` }, noProxy: [] },
    })
    expect(report.steps.filter((s) => !s.ok && !s.skipped)).toEqual([])
    expect(report.ok).toBe(true)
    expect(socks.seen.slice(seenBefore).every((s) => s.host === NAME && s.atyp === 'domain')).toBe(true)
    expect(asked).not.toContain(NAME)
  })

  it('control: socks5 (no h) asks the local lookup for the name, and so cannot reach it', async () => {
    await expect(client('socks5').models.list()).rejects.toMatchObject({ kind: 'network' })
    expect(asked).toContain(NAME)
  })
})
