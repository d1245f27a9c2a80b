/**
 * Routes: which route a provider takes (pure), and a session where every provider's requests go through
 * its own route and nothing goes anywhere else. Everything listens on 127.0.0.1.
 */
import { createServer, type Server } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { ProviderConnector } from '../../../src/main/chat/connector'
import { resolveRoute, routeFor } from '../../../src/main/chat/routes'
import { testConnection } from '../../../src/main/llm/connection-test'
import { createProvider } from '../../../src/main/chat/provider-factory'
import { defaultProxySettings, defaultSettings, directRoute, systemRoute } from '../../../src/shared/defaults'
import type { ProviderConfig, RouteProfile, Settings } from '../../../src/shared/domain'
import { startFakeProvider } from '../../fixtures/fake-provider'
import { startHttpProxy } from '../../fixtures/http-proxy'
import { startSocks5Server } from '../../fixtures/socks5-server'

const cleanups: (() => Promise<unknown>)[] = []
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((c) => c()))
})

function profile(id: string, fields: Partial<RouteProfile>): RouteProfile {
  // Empty bypass list: the providers are on 127.0.0.1, which the default list would send direct.
  return { ...defaultProxySettings(), mode: 'manual', bypass: [], name: id, id, ...fields }
}

function provider(id: string, baseURL: string, routeId?: string): ProviderConfig {
  return {
    id,
    kind: 'custom',
    name: `Provider ${id}`,
    baseURL,
    enabled: true,
    ...(routeId ? { routeId } : {}),
  }
}

describe('resolveRoute', () => {
  const office = profile('office', { httpProxy: '10.0.0.1:3128' })
  const settings: Settings = {
    ...defaultSettings(),
    routes: [directRoute(), systemRoute(), office],
    defaultRouteId: 'system',
    providers: [provider('own', 'https://a'), provider('none', 'https://b'), provider('gone', 'https://c')],
  }
  settings.providers[0] = { ...provider('own', 'https://a'), routeId: 'office' }
  settings.providers[2] = { ...provider('gone', 'https://c'), routeId: 'deleted-one' }

  it('takes the provider own route, else the default route', () => {
    expect(resolveRoute(settings, 'own')).toEqual({ route: office })
    expect(resolveRoute(settings, 'none')).toEqual({ route: systemRoute() })
    // An unknown provider (a test of one not saved yet) takes the default route too.
    expect(resolveRoute(settings, 'not-saved')).toEqual({ route: systemRoute() })
  })

  it('falls back to the default route when the provider names a deleted route, and says so', () => {
    expect(resolveRoute(settings, 'gone')).toEqual({ route: systemRoute(), missingRouteId: 'deleted-one' })
  })

  it('a System route whose PAC lookup throws is a pac_failed proxy error, never a direct connection', async () => {
    const secrets = {
      password: () => '',
      resolveSystemProxy: () => Promise.reject(new Error('PAC script threw: ReferenceError')),
    }
    await expect(routeFor(settings, 'none', 'https://api.example.com', secrets)).rejects.toMatchObject({
      kind: 'proxy',
      fact: 'pac_failed',
    })
  })

  it('falls back to Direct when the default route itself is missing', () => {
    expect(resolveRoute({ ...settings, defaultRouteId: 'nope' }, 'none').route.id).toBe('direct')
  })

  it('gives each route its own transport options, with that route own password', async () => {
    const withOffice: Settings = {
      ...settings,
      routes: [...settings.routes, profile('home', { socksProxy: '10.0.0.2:1080', username: 'u' })],
    }
    withOffice.providers = [...withOffice.providers, provider('h', 'https://h', 'home')]
    const secrets = { password: (id: string) => (id === 'home' ? 'home-pass' : 'office-pass') }
    const own = await routeFor(withOffice, 'own', 'https://api.example.com', secrets)
    expect(own.proxies).toEqual({ http: 'http://10.0.0.1:3128', https: 'http://10.0.0.1:3128' })
    const home = await routeFor(withOffice, 'h', 'https://api.example.com', secrets)
    expect(home.proxies?.https).toBe('socks5h://u:home-pass@10.0.0.2:1080')
    expect(home.noProxy).toEqual([])
  })
})

/** A server that only counts connections: the address any request that left its route would reach. */
async function startCanary(): Promise<{ port: number; connections: () => number }> {
  let connections = 0
  const server: Server = createServer((socket) => {
    connections++
    socket.destroy()
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  cleanups.push(() => new Promise((resolve) => server.close(resolve)))
  const address = server.address()
  if (address === null || typeof address === 'string') throw new Error('no port')
  return { port: address.port, connections: () => connections }
}

describe('a session on per-provider routes', () => {
  it('sends every request of each provider through its own route and none anywhere else', async () => {
    const a = await startFakeProvider()
    const b = await startFakeProvider()
    const canary = await startCanary()
    // Both providers' address is the canary: only their routes' proxies know where each really is, so any
    // request that went direct (or through the default route, which also leads to it) would show there.
    const canaryAt = `127.0.0.1:${canary.port}`
    const portOf = (url: string): string => new URL(url).port
    const http = await startHttpProxy({
      username: 'alice',
      password: 'http-pass-1234',
      redirect: { [canaryAt]: `127.0.0.1:${portOf(a.baseURL)}` },
    })
    const socks = await startSocks5Server({
      username: 'bob',
      password: 'socks-pass-5678',
      redirect: { [canaryAt]: `127.0.0.1:${portOf(b.baseURL)}` },
    })
    const address = `http://${canaryAt}/v1`
    cleanups.push(
      () => a.close(),
      () => b.close(),
      () => http.close(),
      () => socks.close(),
    )

    const settings: Settings = {
      ...defaultSettings(),
      routes: [
        directRoute(),
        systemRoute(),
        profile('http', { httpProxy: `127.0.0.1:${http.port}`, username: 'alice' }),
        profile('socks', { socksProxy: `127.0.0.1:${socks.port}`, username: 'bob' }),
        // The default route leads to the canary: a request that took it instead of its own would show there.
        profile('canary', { httpProxy: `127.0.0.1:${canary.port}` }),
      ],
      defaultRouteId: 'canary',
      providers: [provider('a', address, 'http'), provider('b', address, 'socks')],
      retry: { maxRetries: 1, singleProviderRetry: false, shuffle: false, fallbackProviderIds: ['b'] },
    }
    const passwords: Record<string, string> = { http: 'http-pass-1234', socks: 'socks-pass-5678' }
    const connector = new ProviderConnector({
      settings: () => settings,
      apiKey: () => 'sk-routes-0123456789',
      routePassword: (id) => passwords[id] ?? '',
    })
    cleanups.push(() => connector.close())

    // Model lists.
    expect((await (await connector.clientFor('a', false)).models.list()).length).toBeGreaterThan(0)
    expect((await (await connector.clientFor('b', false)).models.list()).length).toBeGreaterThan(0)
    // Test connection, as the backend runs it: the provider's route from the one function.
    const report = await testConnection({
      provider: createProvider(settings.providers[0] as ProviderConfig, 'sk-routes-0123456789'),
      baseURL: address,
      transport: await connector.routeFor('a', address),
    })
    expect(report.ok).toBe(true)
    // Chat: A refuses the key, the fallback B answers on its own route.
    a.enqueue({ status: 401, body: { error: { message: 'bad key' } } })
    b.enqueue({ text: 'from B' })
    const connection = await connector.connect({ providerId: 'a', model: 'gpt-4o-mini' })
    const stream = await connection.create([{ role: 'user', content: 'hi' }], {
      signal: new AbortController().signal,
      onAttempt: () => undefined,
    })
    let text = ''
    for await (const chunk of stream) text += chunk.choices[0].delta.content ?? ''
    expect(text).toBe('from B')

    expect(canary.connections()).toBe(0)
    // A only through the HTTP proxy (the only way to A), and B only through SOCKS5 (the only way to B).
    expect(a.requests.length).toBeGreaterThanOrEqual(3)
    expect(http.seen.length).toBeGreaterThan(0)
    const targetHost = (target: string): string => (target.includes('://') ? new URL(target).host : target)
    expect(http.seen.every((s) => targetHost(s.target) === canaryAt)).toBe(true)
    // Each client met one challenge, on its first request (none sends the password before the proxy names
    // its scheme): the model list, the connection test's tunnel and its request, the chat. Every other
    // request went with the credentials.
    expect(http.seen.filter((s) => !s.authorized).map((s) => s.method)).toEqual([
      'GET',
      'CONNECT',
      'GET',
      'POST',
    ])
    // B only through SOCKS5, and the SOCKS proxy saw nothing of A.
    expect(b.requests.length).toBeGreaterThanOrEqual(2)
    expect(socks.seen.length).toBeGreaterThan(0)
    expect(socks.seen.every((s) => s.port === canary.port)).toBe(true)
    expect(socks.authFailures).toBe(0)
  })
})
