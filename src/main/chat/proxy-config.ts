/**
 * From the Preferences' proxy settings to the chat client's `proxies`. Pure: the system mode's
 * lookup (Electron's session.resolveProxy) happens at the edge and is passed in as a PAC result.
 */
import type { ProxySettings } from '../../shared/domain'
import { DIRECT, redactProxyUrl } from '../llm/proxy'
import type { Proxies } from '../llm/transport-types'

export interface ProxyCredentials {
  username: string
  password: string
}

export type ProxyConfigResult = { ok: true; proxies: Proxies | undefined } | { ok: false; message: string }

const SCHEMES = ['http:', 'https:', 'socks5:', 'socks5h:']

/** `host:port` or a URL, to a proxy URL with the credentials in percent-encoded form. */
export function proxyUrl(
  address: string,
  defaultScheme: 'http' | 'socks5' | 'socks5h',
  credentials: ProxyCredentials,
): { ok: true; url: string } | { ok: false; message: string } {
  const trimmed = address.trim()
  // Messages quote the address, which may carry a password pasted into it: never verbatim.
  const shown = redactProxyUrl(trimmed)
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed) ? trimmed : `${defaultScheme}://${trimmed}`
  let url: URL
  try {
    url = new URL(withScheme)
  } catch {
    return {
      ok: false,
      message: `The proxy address "${shown}" is not valid: write it as host:port, e.g. 10.0.0.1:3128.`,
    }
  }
  if (!SCHEMES.includes(url.protocol)) {
    return {
      ok: false,
      message: `The proxy address "${url.protocol}//${url.host}" uses an unsupported scheme: use http://, https://, socks5:// or socks5h://.`,
    }
  }
  if (!url.hostname) return { ok: false, message: `The proxy address "${shown}" has no host.` }
  // URL drops a port equal to the scheme's default (https://host:443), so look at the text too.
  if (!url.port && !/:\d+\/?$/.test(trimmed)) {
    return { ok: false, message: `The proxy address "${url.hostname}" has no port: write it as host:port.` }
  }
  if (url.protocol === 'socks5:' && defaultScheme === 'socks5h') url.protocol = 'socks5h:'
  // Credentials typed into the address itself are replaced by the separate fields when those are set.
  if (credentials.username) {
    url.username = encodeURIComponent(credentials.username)
    url.password = encodeURIComponent(credentials.password)
  }
  return { ok: true, url: url.toString().replace(/\/$/, '') }
}

/** Manual mode: HTTP proxy for http://, HTTPS proxy (or the HTTP one) for https://, SOCKS where neither is set. */
export function manualProxies(settings: ProxySettings, password: string): ProxyConfigResult {
  const credentials = { username: settings.username, password }
  const socksScheme = settings.socksRemoteDns ? 'socks5h' : 'socks5'
  const parse = (
    address: string,
    scheme: 'http' | 'socks5' | 'socks5h',
  ): string | undefined | { error: string } => {
    if (!address.trim()) return undefined
    const result = proxyUrl(address, scheme, credentials)
    return result.ok ? result.url : { error: result.message }
  }
  const http = parse(settings.httpProxy, 'http')
  const https = parse(settings.useHttpForHttps ? settings.httpProxy : settings.httpsProxy, 'http')
  const socks = parse(settings.socksProxy, socksScheme)
  for (const value of [http, https, socks]) {
    if (typeof value === 'object') return { ok: false, message: value.error }
  }
  const proxies: Proxies = {}
  const httpUrl = (http as string | undefined) ?? (socks as string | undefined)
  const httpsUrl = (https as string | undefined) ?? (socks as string | undefined)
  if (httpUrl) proxies.http = httpUrl
  if (httpsUrl) proxies.https = httpsUrl
  if (!proxies.http && !proxies.https) {
    return {
      ok: false,
      message: 'Manual proxy is on but no proxy address is set: fill in at least one, or choose "No proxy".',
    }
  }
  // Every cloud provider is an https:// address: a manual setup that leaves them direct is a mistake.
  if (!proxies.https) {
    return {
      ok: false,
      message:
        'No proxy is set for HTTPS addresses, which is what every cloud provider uses: fill in the HTTPS proxy, tick "Use the HTTP proxy for HTTPS too", or set a SOCKS5 proxy.',
    }
  }
  return { ok: true, proxies }
}

export type PacRoutesResult =
  { ok: true; routes: string[] } | { ok: false; message: string; unsupported: string[] }

/**
 * A PAC result such as "PROXY a:8080; SOCKS5 b:1080; DIRECT" (what Electron's session.resolveProxy returns),
 * as the routes to try in order, the way a browser does: proxy URLs with the saved credentials, then
 * `DIRECT` if the result says so. Empty `routes` means a direct connection. Entry types follow Chromium's
 * PAC strings (net/base/proxy_string_util.cc):
 * - `PROXY` / `HTTP` host:port: an HTTP proxy; `HTTPS` host:port: a proxy reached over TLS;
 * - `SOCKS5` host:port: SOCKS5 with names resolved by the proxy (socks5h), as browsers do;
 * - `SOCKS` is how Chromium writes SOCKS4 ("for compatibility send SOCKS instead of SOCKS4"): like `SOCKS4`
 *   and `QUIC` it cannot be used here and is skipped. A result with nothing usable is an error, never a
 *   silent direct connection.
 */
export function proxiesFromPacResult(pac: string, credentials: ProxyCredentials): PacRoutesResult {
  const routes: string[] = []
  const unsupported: string[] = []
  for (const entry of pac.split(';')) {
    const [rawType = '', address] = entry.trim().split(/\s+/, 2)
    const type = rawType.toUpperCase()
    if (type === '') continue
    if (type === 'DIRECT') {
      routes.push(DIRECT)
      break
    }
    const scheme =
      type === 'PROXY' || type === 'HTTP'
        ? 'http'
        : type === 'HTTPS'
          ? 'https'
          : type === 'SOCKS5'
            ? 'socks5h'
            : undefined
    const result = scheme && address ? proxyUrl(`${scheme}://${address}`, 'http', credentials) : undefined
    if (result?.ok) routes.push(result.url)
    else unsupported.push(address ? `${rawType} ${redactProxyUrl(address)}` : rawType)
  }
  // An empty result is what Electron returns when no proxy applies.
  if (routes.length === 0 && unsupported.length > 0) {
    return {
      ok: false,
      unsupported,
      message:
        `The system proxy settings name only proxies ProxyChat cannot use (unsupported PAC entry: ${unsupported.join('; ')}). ` +
        'ProxyChat can use PROXY, HTTPS and SOCKS5 entries: ask for one of those, or set the proxy under Manual.',
    }
  }
  return { ok: true, routes: routes[0] === DIRECT ? [] : routes }
}
