/**
 * Routing: which way a request to some URL goes. `routesFor` is the one place that decides it: the proxy
 * settings (`proxies`, `noProxy`) name the candidates, PAC-style lists fail over in order, and a proxy
 * found unreachable lately goes last, as browsers do. Everything that opens a connection asks here.
 */
import { ProviderError } from './errors'
import { DIRECT, parseProxyUrl, redactProxyUrl, selectRoutes } from './proxy'
import type { ProxyConfig, ProxyParseResult } from './proxy'
import type { TransportOptions } from './transport-types'

export type Route = { kind: 'direct' } | { kind: 'proxy'; proxy: ProxyConfig }

/** Chromium keeps a proxy that failed at the back of the list for 5 minutes (net/proxy_resolution). */
export const UNREACHABLE_PROXY_MS = 5 * 60_000

/** Tells routes apart: one dispatcher, and one unreachable mark, per key. Holds credentials: never show it. */
export function routeKey(route: Route): string {
  return route.kind === 'direct' ? 'direct' : route.proxy.key
}

/** The route's proxy, or undefined for a direct connection. */
export function proxyOf(route: Route): ProxyConfig | undefined {
  return route.kind === 'proxy' ? route.proxy : undefined
}

/**
 * The routing decisions of one transport: parsed proxies are cached, and unreachable proxies remembered
 * (until `clock() + UNREACHABLE_PROXY_MS`) so that later requests try them last.
 */
export class Router {
  private readonly options: Pick<TransportOptions, 'proxies' | 'noProxy'>
  private readonly clock: () => number
  private readonly parsed = new Map<string, ProxyParseResult>()
  private readonly unreachableUntil = new Map<string, number>()

  constructor(options: Pick<TransportOptions, 'proxies' | 'noProxy'>, clock: () => number = Date.now) {
    this.options = options
    this.clock = clock
  }

  /**
   * The routes to try for `target`, in order: never empty. Throws a `proxy` error (fact `invalid_proxy`)
   * when the settings name a proxy that cannot be used.
   */
  routesFor(target: URL, provider: string): Route[] {
    const selected = selectRoutes(target, this.options.proxies, this.options.noProxy)
    const all = (selected.length === 0 ? [DIRECT] : selected).map((entry): Route =>
      entry === DIRECT ? { kind: 'direct' } : { kind: 'proxy', proxy: this.parse(entry, provider) },
    )
    const now = this.clock()
    const isDown = (route: Route): boolean => (this.unreachableUntil.get(routeKey(route)) ?? 0) > now
    return [...all.filter((r) => !isDown(r)), ...all.filter(isDown)]
  }

  /** Like a browser with a PAC result: this proxy is tried last for a while. */
  markUnreachable(route: Route): void {
    this.unreachableUntil.set(routeKey(route), this.clock() + UNREACHABLE_PROXY_MS)
  }

  private parse(entry: string, provider: string): ProxyConfig {
    let parsed = this.parsed.get(entry)
    if (!parsed) {
      parsed = parseProxyUrl(entry)
      this.parsed.set(entry, parsed)
    }
    if (!parsed.ok) {
      throw new ProviderError({
        provider,
        kind: 'proxy',
        message: parsed.message,
        fact: 'invalid_proxy',
        proxy: redactProxyUrl(entry),
      })
    }
    return parsed.proxy
  }
}
