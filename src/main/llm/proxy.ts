/**
 * Proxy settings: parsing and validating proxy URLs, redacting them for display, and choosing which proxy
 * (if any) a request goes through.
 */
import { BlockList, isIP } from 'node:net'
import { registerSecret } from './errors'
import type { Proxies } from './transport-types'

export type ProxyScheme = 'http' | 'https' | 'socks5' | 'socks5h'

export interface ProxyConfig {
  scheme: ProxyScheme
  /** Hostname without IPv6 brackets, ready for `net.connect`. */
  hostname: string
  port: number
  /** `host:port` for messages, IPv6 in brackets. */
  address: string
  /** Decoded username, if any. */
  username?: string
  /** Decoded password, if any (registered as a secret). */
  password?: string
  /** `scheme://user:***@host:port`: safe to show and log. */
  redacted: string
  /** Canonical form with credentials, to tell configurations apart. Never show it. */
  key: string
}

export type ProxyParseResult = { ok: true; proxy: ProxyConfig } | { ok: false; message: string }

const DEFAULT_PORTS: Record<ProxyScheme, number> = { http: 80, https: 443, socks5: 1080, socks5h: 1080 }

const SCHEMES = new Set<string>(['http', 'https', 'socks5', 'socks5h'])

const SCHEME_HINT = 'http://, https://, socks5:// or socks5h://'

/** Hosts that bypass the proxy when no list is given: loopback, where local models and tests live. */
export const DEFAULT_NO_PROXY: readonly string[] = ['localhost', '127.0.0.0/8', '::1']

/**
 * Parses a proxy URL such as `http://user:p%40ss@proxy:8080` or `socks5h://proxy`.
 * Special characters in the username or password must be percent-encoded (`@` → `%40`, `/` → `%2F`,
 * `%` → `%25`, `:` in the username → `%3A`). Every message is safe to show: it never contains the password.
 */
export function parseProxyUrl(input: string): ProxyParseResult {
  const text = input.trim()
  const shown = redactProxyUrl(text)
  if (text === '') return { ok: false, message: 'The proxy address is empty: write it as http://host:port' }

  const schemeMatch = /^([a-z][a-z0-9+.-]*):\/\//i.exec(text)
  if (!schemeMatch) {
    return {
      ok: false,
      message: `Proxy address '${shown}' has no scheme: write it as http://${shown} (or use ${SCHEME_HINT})`,
    }
  }
  const scheme = (schemeMatch[1] ?? '').toLowerCase()
  if (!SCHEMES.has(scheme)) {
    return {
      ok: false,
      message: `Proxy address '${shown}' uses '${scheme}://', which is not supported: use ${SCHEME_HINT}`,
    }
  }

  let url: URL
  try {
    url = new URL(text)
  } catch {
    return {
      ok: false,
      message:
        `Proxy address '${shown}' is not a URL: write it as ${scheme}://host:port ` +
        '(percent-encode special characters in the username and password, e.g. @ as %40)',
    }
  }
  // The URL parser keeps the credentials as typed (percent-encoded); register them before anything else.
  registerSecret(url.password)

  if (url.hostname === '') {
    return { ok: false, message: `Proxy address '${shown}' has no host: write it as ${scheme}://host:port` }
  }
  if ((url.pathname !== '' && url.pathname !== '/') || url.search !== '' || url.hash !== '') {
    return {
      ok: false,
      message: `Proxy address '${shown}' has a path: a proxy is only ${scheme}://host:port, without anything after it`,
    }
  }

  let username: string | undefined
  let password: string | undefined
  try {
    username = url.username === '' ? undefined : decodeURIComponent(url.username)
    password = url.password === '' ? undefined : decodeURIComponent(url.password)
  } catch {
    return {
      ok: false,
      message:
        `Proxy address '${shown}' has a broken percent-encoding in the username or password: ` +
        'write % as %25, @ as %40, / as %2F and : as %3A',
    }
  }
  registerSecret(password)

  const proxyScheme = scheme as ProxyScheme
  if (proxyScheme === 'socks5' || proxyScheme === 'socks5h') {
    // RFC 1929 sends each as a length byte followed by the bytes.
    if (Buffer.byteLength(username ?? '') > 255 || Buffer.byteLength(password ?? '') > 255) {
      return {
        ok: false,
        message: `Proxy address '${shown}': a SOCKS5 username or password cannot be longer than 255 bytes`,
      }
    }
  }

  const port = url.port === '' ? DEFAULT_PORTS[proxyScheme] : Number(url.port)
  if (port === 0) {
    return { ok: false, message: `Proxy address '${shown}' has port 0: use the port the proxy listens on` }
  }
  const hostname = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname
  const address = `${url.hostname}:${port}`
  const userinfo = url.username === '' ? '' : url.username + (url.password === '' ? '' : ':***') + '@'
  const credentials = url.username === '' && url.password === '' ? '' : `${url.username}:${url.password}@`

  return {
    ok: true,
    proxy: {
      scheme: proxyScheme,
      hostname,
      port,
      address,
      ...(username === undefined ? {} : { username }),
      ...(password === undefined ? {} : { password }),
      redacted: `${proxyScheme}://${userinfo}${address}`,
      key: `${proxyScheme}://${credentials}${address}`,
    },
  }
}

/**
 * A proxy URL safe to show: `http://user:***@host:port`. Text that is not a valid URL gets everything before
 * its last `@` replaced, since it cannot be told where the password ends.
 */
export function redactProxyUrl(input: string): string {
  const text = input.trim()
  try {
    const url = new URL(text)
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(text) && url.hostname !== '') {
      const scheme = url.protocol.slice(0, -1)
      const port = url.port || DEFAULT_PORTS[scheme as ProxyScheme]
      const userinfo = url.username === '' ? '' : url.username + (url.password === '' ? '' : ':***') + '@'
      return `${scheme}://${userinfo}${url.hostname}${port === undefined ? '' : `:${port}`}`
    }
  } catch {
    // Fall through to the textual redaction.
  }
  const at = text.lastIndexOf('@')
  if (at === -1) return text
  const schemeEnd = text.indexOf('://')
  const start = schemeEnd !== -1 && schemeEnd < at ? schemeEnd + 3 : 0
  return `${text.slice(0, start)}***${text.slice(at)}`
}

/** In a list of routes (a PAC result's), a direct connection. */
export const DIRECT = 'DIRECT'

/**
 * Every route a request to `target` may take, in order: proxy URLs to fail over through, possibly ending
 * with `DIRECT`. Empty means a direct connection.
 */
export function selectRoutes(
  target: URL,
  proxies: Proxies | undefined,
  noProxy: readonly string[] = DEFAULT_NO_PROXY,
): string[] {
  const candidate =
    target.protocol === 'https:' ? proxies?.https : target.protocol === 'http:' ? proxies?.http : undefined
  const list = (typeof candidate === 'string' ? [candidate] : [...(candidate ?? [])])
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '')
  // Nothing after DIRECT is ever tried: only a proxy that cannot be reached hands over to the next entry.
  const direct = list.indexOf(DIRECT)
  const routes = direct === -1 ? list : list.slice(0, direct + 1)
  if (routes.length === 0 || routes[0] === DIRECT) return []
  return matchesNoProxy(target, noProxy) ? [] : routes
}

/**
 * Whether `target` bypasses the proxy, with curl's NO_PROXY rules plus CIDR ranges:
 * `*` matches everything; `example.com`, `.example.com` and `*.example.com` all match example.com and its
 * subdomains; IP addresses match exactly (`::1`, `[::1]`); `10.0.0.0/8` and `fd00::/8` match ranges;
 * `host:port` (or `[::1]:443`) matches that port only. Entries may also be comma-separated.
 */
export function matchesNoProxy(target: URL, noProxy: readonly string[]): boolean {
  const host = normalizeHost(target.hostname)
  const port = target.port === '' ? (target.protocol === 'https:' ? 443 : 80) : Number(target.port)
  const family = isIP(host)
  for (const raw of noProxy.flatMap((e) => e.split(/[\s,]+/))) {
    const entry = raw.trim().toLowerCase()
    if (entry === '') continue
    if (entry === '*') return true
    const parsed = parseNoProxyEntry(entry)
    if (!parsed) continue
    if (parsed.port !== undefined && parsed.port !== port) continue
    if (parsed.cidr) {
      if (family !== 0 && parsed.cidr.check(host, family === 6 ? 'ipv6' : 'ipv4')) return true
      continue
    }
    if (family !== 0) {
      if (isIP(parsed.host) === family && canonicalIp(parsed.host) === canonicalIp(host)) return true
      continue
    }
    // Domain names: the entry itself or any subdomain of it.
    if (host === parsed.host || host.endsWith(`.${parsed.host}`)) return true
  }
  return false
}

interface NoProxyEntry {
  host: string
  port?: number
  cidr?: BlockList
}

function parseNoProxyEntry(entry: string): NoProxyEntry | undefined {
  let hostPart = entry
  let port: number | undefined
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(entry)
  if (bracketed) {
    hostPart = bracketed[1] ?? ''
    if (bracketed[2] !== undefined) port = Number(bracketed[2])
  } else if (entry.split(':').length === 2) {
    // One colon: host:port (a bare IPv6 address has several).
    const [h, p] = entry.split(':')
    if (!/^\d+$/.test(p ?? '')) return undefined
    hostPart = h ?? ''
    port = Number(p)
  }

  const slash = hostPart.indexOf('/')
  if (slash !== -1) {
    const base = hostPart.slice(0, slash)
    const prefix = Number(hostPart.slice(slash + 1))
    const family = isIP(base)
    if (family === 0 || !Number.isInteger(prefix) || prefix < 0 || prefix > (family === 6 ? 128 : 32)) {
      return undefined
    }
    const cidr = new BlockList()
    cidr.addSubnet(base, prefix, family === 6 ? 'ipv6' : 'ipv4')
    return { host: base, ...(port === undefined ? {} : { port }), cidr }
  }

  const host = normalizeHost(hostPart.replace(/^\*?\./, ''))
  if (host === '') return undefined
  return { host, ...(port === undefined ? {} : { port }) }
}

function normalizeHost(hostname: string): string {
  const bare = hostname.startsWith('[') ? hostname.slice(1, -1) : hostname
  return bare.toLowerCase().replace(/\.$/, '')
}

function canonicalIp(ip: string): string {
  if (isIP(ip) !== 6) return ip
  try {
    return new URL(`http://[${ip}]`).hostname
  } catch {
    return ip
  }
}
