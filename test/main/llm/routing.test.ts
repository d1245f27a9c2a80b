/** Routing: the one place that decides which way a request goes, and in what order routes are tried. */
import { describe, expect, it } from 'vitest'
import { ProviderError } from '../../../src/main/llm/errors'
import { Router, UNREACHABLE_PROXY_MS, routeKey, type Route } from '../../../src/main/llm/routing'

const names = (routes: Route[]): string[] =>
  routes.map((r) => (r.kind === 'direct' ? 'direct' : r.proxy.redacted))

describe('Router.routesFor', () => {
  it.each([
    {
      name: 'no proxy: direct',
      proxies: undefined,
      noProxy: undefined,
      url: 'https://api.openai.com',
      want: ['direct'],
    },
    {
      name: 'the https proxy for https targets',
      proxies: { http: 'http://h:1', https: 'socks5h://s:2' },
      noProxy: [],
      url: 'https://api.openai.com',
      want: ['socks5h://s:2'],
    },
    {
      name: 'the http proxy for http targets',
      proxies: { http: 'http://h:1', https: 'socks5h://s:2' },
      noProxy: [],
      url: 'http://api.openai.com',
      want: ['http://h:1'],
    },
    {
      name: 'loopback bypasses by default',
      proxies: { http: 'http://h:1' },
      noProxy: undefined,
      url: 'http://127.0.0.1:11434',
      want: ['direct'],
    },
    {
      name: 'bypass list',
      proxies: { https: 'http://h:1' },
      noProxy: ['*.corp.example'],
      url: 'https://llm.corp.example',
      want: ['direct'],
    },
    {
      name: 'a PAC list in order, DIRECT included',
      proxies: { https: ['http://a:1', 'socks5://b:2', 'DIRECT'] },
      noProxy: [],
      url: 'https://x.example',
      want: ['http://a:1', 'socks5://b:2', 'direct'],
    },
    {
      name: 'credentials never shown',
      proxies: { https: 'http://u:pw-9@a:1' },
      noProxy: [],
      url: 'https://x.example',
      want: ['http://u:***@a:1'],
    },
  ])('$name', ({ proxies, noProxy, url, want }) => {
    const router = new Router({ ...(proxies ? { proxies } : {}), ...(noProxy ? { noProxy } : {}) })
    expect(names(router.routesFor(new URL(url), 'P'))).toEqual(want)
  })

  it('tries a proxy found unreachable last, for five minutes', () => {
    let now = 1_000
    const router = new Router({ proxies: { https: ['http://a:1', 'http://b:2'] }, noProxy: [] }, () => now)
    const target = new URL('https://x.example')
    const [first] = router.routesFor(target, 'P')
    if (!first) throw new Error('a route')
    router.markUnreachable(first)
    expect(names(router.routesFor(target, 'P'))).toEqual(['http://b:2', 'http://a:1'])
    now += UNREACHABLE_PROXY_MS - 1
    expect(names(router.routesFor(target, 'P'))).toEqual(['http://b:2', 'http://a:1'])
    now += 1
    expect(names(router.routesFor(target, 'P'))).toEqual(['http://a:1', 'http://b:2'])
  })

  it('an unusable proxy address is a proxy error with the invalid_proxy fact, redacted', () => {
    const router = new Router({ proxies: { https: 'ftp://u:pw-77@a:1' }, noProxy: [] })
    let thrown: unknown
    try {
      router.routesFor(new URL('https://x.example'), 'P')
    } catch (error) {
      thrown = error
    }
    expect(thrown).toBeInstanceOf(ProviderError)
    expect(thrown).toMatchObject({ kind: 'proxy', fact: 'invalid_proxy', provider: 'P' })
    expect(JSON.stringify(thrown) + String((thrown as Error).message)).not.toContain('pw-77')
  })

  it('route keys tell proxies with different credentials apart', () => {
    const router = new Router({ proxies: { https: ['http://u:1@a:1', 'http://u:2@a:1'] }, noProxy: [] })
    const keys = router.routesFor(new URL('https://x.example'), 'P').map(routeKey)
    expect(new Set(keys).size).toBe(2)
  })
})
