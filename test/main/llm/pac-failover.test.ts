/**
 * System proxy mode like a browser: the whole PAC result is used in order, a proxy that cannot be reached
 * hands over to the next entry (and is tried last for a while), provider errors do not, and a result with
 * nothing usable is an error rather than a direct connection. Real local proxies and the fake provider.
 */
import { createServer } from 'node:net'
import { routesFor } from '../../fixtures/routes'
import type { AddressInfo } from 'node:net'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { ProviderConnector } from '../../../src/main/chat/connector'
import { Client, OpenAIProvider, RetryProvider, type Provider } from '../../../src/main/llm'
import type { ProxySettings, Settings } from '../../../src/shared/domain'
import { defaultProxySettings } from '../../../src/shared/defaults'
import { startFakeProvider, type FakeProvider } from '../../fixtures/fake-provider'
import { startHttpProxy, type HttpProxy } from '../../fixtures/http-proxy'
import { startSocks5Server, type Socks5Server } from '../../fixtures/socks5-server'
import { caPem } from '../../fixtures/tls'

const hello = { model: 'gpt-4o-mini', messages: [{ role: 'user' as const, content: 'Hello' }] }

let fake: FakeProvider
const cleanups: (() => Promise<void>)[] = []

beforeAll(async () => {
  fake = await startFakeProvider()
})
afterAll(() => fake.close())
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((close) => close()))
  fake.requests.length = 0
})

async function httpProxy(options: Parameters<typeof startHttpProxy>[0] = {}): Promise<HttpProxy> {
  const proxy = await startHttpProxy(options)
  cleanups.push(() => proxy.close())
  return proxy
}

async function socksProxy(options: Parameters<typeof startSocks5Server>[0] = {}): Promise<Socks5Server> {
  const proxy = await startSocks5Server(options)
  cleanups.push(() => proxy.close())
  return proxy
}

/** A loopback port nobody listens on: connecting is refused. */
async function deadPort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  await new Promise<void>((resolve) => server.close(() => resolve()))
  return port
}

function settings(proxy: ProxySettings): Settings {
  return {
    providers: [],
    defaultModel: null,
    modelParams: {},
    prices: [],
    ...routesFor(proxy),
    retry: { maxRetries: 1, singleProviderRetry: false, shuffle: false, fallbackProviderIds: [] },
    appearance: { theme: 'system', fontSize: 15 },
    language: null,
    prompts: [],
    titles: { enabled: true, models: {} },
  }
}

/** A client set up the way the app does in system mode, with the system answering `pac`. */
async function systemClient(
  pac: string,
  extra: { connectMs?: number; clock?: () => number; caCertificates?: string } = {},
): Promise<Client> {
  const connector = new ProviderConnector({
    // The fake provider is on loopback: an empty bypass list sends it through the proxies too.
    settings: () =>
      settings({
        ...defaultProxySettings(),
        mode: 'system',
        bypass: [],
        caCertificates: extra.caCertificates ?? '',
      }),
    apiKey: () => undefined,
    routePassword: () => '',
    resolveSystemProxy: async () => pac,
  })
  const transport = await connector.transportOptions(fake.baseURL)
  const provider: Provider = new RetryProvider(
    [new OpenAIProvider({ name: 'Fake', baseURL: fake.baseURL })],
    {
      shuffle: false,
      maxRetries: 1,
    },
  )
  const client = new Client({
    ...transport,
    provider,
    ...(extra.connectMs === undefined ? {} : { timeouts: { connectMs: extra.connectMs } }),
    ...(extra.clock === undefined ? {} : { clock: extra.clock }),
  })
  cleanups.push(() => client.close())
  return client
}

async function failure(promise: Promise<unknown>): Promise<Error & { kind?: string; fact?: string }> {
  try {
    await promise
  } catch (error) {
    if (error instanceof Error) return error
    throw error
  }
  throw new Error('expected a failure')
}

describe('system proxy: PAC fail-over', () => {
  it('skips an HTTP proxy that refuses connections and answers through the next one', async () => {
    const dead = await deadPort()
    const live = await httpProxy()
    const client = await systemClient(`PROXY 127.0.0.1:${dead}; PROXY 127.0.0.1:${live.port}; DIRECT`)
    const reply = await client.chat.completions.create(hello)
    expect(reply.choices[0].message.content).toBe('Echo: Hello')
    expect(live.seen.map((s) => s.method)).toEqual(['POST'])
    expect(fake.requests).toHaveLength(1)
  })

  it('skips a SOCKS5 proxy that never answers, then tries it last for five minutes', async () => {
    const silent = await socksProxy({ stall: true })
    const live = await socksProxy()
    let now = 1_000_000
    const client = await systemClient(`SOCKS5 127.0.0.1:${silent.port}; SOCKS5 127.0.0.1:${live.port}`, {
      connectMs: 300,
      clock: () => now,
    })
    expect((await client.chat.completions.create(hello)).choices[0].message.content).toBe('Echo: Hello')
    expect(silent.connections).toBe(1)
    expect(live.seen).toHaveLength(1)

    // The next message goes straight to the proxy that works.
    now += 60_000
    await client.release()
    expect((await client.chat.completions.create(hello)).choices[0].message.content).toBe('Echo: Hello')
    expect(silent.connections).toBe(1)

    // After five minutes the first entry gets its turn again.
    now += 5 * 60_000
    await client.release()
    expect((await client.chat.completions.create(hello)).choices[0].message.content).toBe('Echo: Hello')
    expect(silent.connections).toBe(2)
    expect(fake.requests).toHaveLength(3)
  })

  it('speaks TLS to an HTTPS entry', async () => {
    const dead = await deadPort()
    const secure = await httpProxy({ tls: true })
    const client = await systemClient(`PROXY 127.0.0.1:${dead}; HTTPS 127.0.0.1:${secure.port}`, {
      caCertificates: caPem,
    })
    expect((await client.chat.completions.create(hello)).choices[0].message.content).toBe('Echo: Hello')
    expect(secure.seen).toHaveLength(1)
  })

  it('falls back to DIRECT only because the PAC result says DIRECT', async () => {
    const dead = await deadPort()
    const client = await systemClient(`PROXY 127.0.0.1:${dead}; DIRECT`)
    expect((await client.chat.completions.create(hello)).choices[0].message.content).toBe('Echo: Hello')
    expect(fake.requests).toHaveLength(1)
  })

  it('fails with a proxy error, without going direct, when every proxy is down', async () => {
    const [a, b] = [await deadPort(), await deadPort()]
    const client = await systemClient(`PROXY 127.0.0.1:${a}; SOCKS5 127.0.0.1:${b}`)
    const error = await failure(client.chat.completions.create(hello))
    expect(error.kind).toBe('proxy')
    expect(error.message).toContain(`Cannot reach the proxy at 127.0.0.1:${b}`)
    expect(fake.requests).toHaveLength(0)
  })

  it('does not fail over on the provider’s own HTTP error', async () => {
    const first = await httpProxy()
    const second = await httpProxy()
    fake.enqueue({ status: 500 })
    const client = await systemClient(`PROXY 127.0.0.1:${first.port}; PROXY 127.0.0.1:${second.port}`)
    const error = await failure(client.chat.completions.create(hello))
    expect(error.kind).toBe('server')
    expect(first.seen).toHaveLength(1)
    expect(second.seen).toHaveLength(0)
  })

  it('refuses a result with only SOCKS4 entries: the user sees why, and nothing goes out directly', async () => {
    const error = await failure(systemClient('SOCKS 127.0.0.1:1080; SOCKS4 127.0.0.1:1081'))
    expect(error.kind).toBe('proxy')
    expect(error.fact).toBe('unsupported_pac_entry')
    expect(error.message).toContain('unsupported PAC entry: SOCKS 127.0.0.1:1080; SOCKS4 127.0.0.1:1081')
    expect(fake.requests).toHaveLength(0)
  })
})
