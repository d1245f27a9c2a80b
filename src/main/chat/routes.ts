/**
 * The one place that decides how a request travels: a provider's route (its own, else the default one) and
 * the transport options that route gives for a URL. Everything that talks to a provider — chat, fallbacks,
 * model lists, the connection test — takes its transport from here.
 */
import { DIRECT_ROUTE_ID } from '../../shared/defaults'
import type { RouteProfile, Settings } from '../../shared/domain'
import { ProviderError } from '../llm/errors'
import type { TransportOptions } from '../llm/transport-types'
import { manualProxies, proxiesFromPacResult } from './proxy-config'

export interface ResolvedRoute {
  route: RouteProfile
  /** The provider names a route that no longer exists: the default route stands in. */
  missingRouteId?: string
}

/** Only Direct, should a hand-edited file lose every route (validation refuses that; this never throws). */
const LAST_RESORT: RouteProfile = {
  id: DIRECT_ROUTE_ID,
  name: 'Direct',
  mode: 'none',
  httpProxy: '',
  httpsProxy: '',
  useHttpForHttps: true,
  socksProxy: '',
  socksRemoteDns: true,
  username: '',
  bypass: [],
  caCertificates: '',
}

/** The route of a provider: its own when it names one that exists, else the default route. Pure. */
export function resolveRoute(
  settings: Pick<Settings, 'routes' | 'defaultRouteId' | 'providers'>,
  providerId: string,
): ResolvedRoute {
  const byId = (id: string): RouteProfile | undefined => settings.routes.find((r) => r.id === id)
  const fallback = byId(settings.defaultRouteId) ?? byId(DIRECT_ROUTE_ID) ?? LAST_RESORT
  const routeId = settings.providers.find((p) => p.id === providerId)?.routeId
  if (routeId === undefined) return { route: fallback }
  const own = byId(routeId)
  return own ? { route: own } : { route: fallback, missingRouteId: routeId }
}

export interface RouteSecrets {
  /** The saved password of a route ('' when none). */
  password(routeId: string): string
  /** Electron's session.resolveProxy: a PAC result such as "PROXY host:port; DIRECT". */
  resolveSystemProxy?(url: string): Promise<string>
}

/** Each PEM certificate block in a pasted text. */
export function pemCertificates(text: string): string[] {
  return text.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? []
}

/**
 * The transport options of a route for requests to `targetUrl`. Throws a `proxy` error the window can act
 * on when the route cannot be used (a bad address, a PAC answer with nothing usable).
 */
export async function routeTransport(
  route: RouteProfile,
  targetUrl: string,
  password: string,
  resolveSystemProxy?: (url: string) => Promise<string>,
): Promise<TransportOptions> {
  const noProxy = route.bypass
  // A TLS-inspecting network needs its CA whether or not a proxy is configured here.
  const ca = pemCertificates(route.caCertificates)
  const base: TransportOptions = ca.length ? { ca } : {}
  if (route.mode === 'none') return base
  if (route.mode === 'manual') {
    const result = manualProxies(route, password)
    if (!result.ok) {
      throw new ProviderError({
        provider: 'Proxy',
        kind: 'proxy',
        fact: 'invalid_proxy',
        message: result.message,
      })
    }
    return { ...base, proxies: result.proxies, noProxy }
  }
  // System mode: ask the system (through Electron) which proxy serves this URL.
  let pac: string
  try {
    pac = (await resolveSystemProxy?.(targetUrl)) ?? 'DIRECT'
  } catch {
    // Where the request would go is unknown: refuse it rather than guess, and never go direct.
    throw new ProviderError({
      provider: 'Proxy',
      kind: 'proxy',
      fact: 'pac_failed',
      message:
        "The system's proxy settings (their PAC script) could not be read, so nothing was sent: check the PAC address in the system settings, or choose a proxy route.",
    })
  }
  const result = proxiesFromPacResult(pac, { username: route.username, password })
  if (!result.ok) {
    throw new ProviderError({
      provider: 'Proxy',
      kind: 'proxy',
      message: result.message,
      fact: 'unsupported_pac_entry',
    })
  }
  if (result.routes.length === 0) return base
  // The whole list, so that a proxy that cannot be reached hands over to the next one.
  const scheme = new URL(targetUrl).protocol === 'http:' ? 'http' : 'https'
  return { ...base, proxies: { [scheme]: result.routes }, noProxy }
}

/** The transport options for `providerId`'s requests to `url`, through that provider's route. */
export function routeFor(
  settings: Settings,
  providerId: string,
  url: string,
  secrets: RouteSecrets,
): Promise<TransportOptions> {
  const { route } = resolveRoute(settings, providerId)
  return routeTransport(route, url, secrets.password(route.id), secrets.resolveSystemProxy?.bind(secrets))
}
