/**
 * Whether a proxy address typed into a route can be used. Shared so the window refuses it at the field and
 * main refuses the same thing when it is saved: nothing half-valid reaches settings.json.
 */

/** Why an address cannot be used; each has its message in the window's locales (`proxy.invalid.*`). */
export type ProxyAddressProblem = 'scheme' | 'socks4Credentials' | 'noHost' | 'address' | 'noPort' | 'port'

const SCHEMES = new Set(['http', 'https', 'socks5', 'socks5h'])
const SOCKS4 = new Set(['socks4', 'socks4a'])
/** A host name, an IPv4 address or a bracketed IPv6 address, then an optional `:port` (checked apart). */
const HOST_PORT = /^(\[[0-9A-Fa-f:.]+\]|[^\s:/?#[\]@]+)(?::([^:]*))?$/

/**
 * Null when the address can be used (or is empty). Credentials typed into it are allowed: the window moves
 * everything up to the last `@` out of the address before saving.
 */
export function proxyAddressProblem(address: string): ProxyAddressProblem | null {
  const text = address.trim()
  if (text === '') return null
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(text)
  const name = (scheme?.[1] ?? '').toLowerCase()
  const rest = text.slice(scheme?.[0].length ?? 0)
  const at = rest.lastIndexOf('@')
  // SOCKS4 has no passwords at all: say so, rather than only "unknown scheme", when the user typed one.
  if (SOCKS4.has(name) && at >= 0) return 'socks4Credentials'
  if (scheme && !SCHEMES.has(name)) return 'scheme'
  const hostPort = (at < 0 ? rest : rest.slice(at + 1)).replace(/\/$/, '')
  if (hostPort === '' || hostPort.startsWith(':')) return 'noHost'
  const match = HOST_PORT.exec(hostPort)
  if (!match) return 'address'
  const port = match[2]
  if (port === undefined || port === '') return 'noPort'
  if (!/^\d{1,5}$/.test(port)) return 'port'
  const number = Number(port)
  return number < 1 || number > 65_535 ? 'port' : null
}
