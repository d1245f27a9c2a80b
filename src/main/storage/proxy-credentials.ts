/**
 * Proxy URLs must not carry credentials: settings are stored in plaintext, the password belongs with the
 * secrets. People paste `http://user:pass@host:port` anyway, often with the password typed as it is (`#`, `/`,
 * `?`, `%` or `@` unencoded), which a URL parser refuses or cuts short. These helpers find and split such
 * addresses the way the user meant them, without a URL parser.
 */
import type { ProxySettings } from '../../shared/domain'

const URL_FIELDS = ['httpProxy', 'httpsProxy', 'socksProxy'] as const

const SCHEME = /^[a-z][a-z0-9+.-]*:\/\//i
/** Userinfo as RFC 3986 writes it: only then are `%XX` sequences encodings rather than typed characters. */
const ENCODED_USERINFO = /^(?:[A-Za-z0-9\-._~!$&'()*+,;=]|%[0-9A-Fa-f]{2})*$/

interface Credentials {
  username: string
  password: string
}

interface ProxyParts {
  /** `http://` and the like, or '' when the user wrote none. */
  scheme: string
  /** Everything between the scheme and the LAST `@`: a password may contain `@`, a host never does. */
  userinfo?: string
  /** What follows: `host:port`, perhaps with a trailing slash. */
  rest: string
}

function partsOf(proxy: string): ProxyParts {
  const value = proxy.trim()
  const scheme = SCHEME.exec(value)?.[0] ?? ''
  const afterScheme = value.slice(scheme.length)
  const at = afterScheme.lastIndexOf('@')
  if (at < 0) return { scheme, rest: afterScheme }
  return { scheme, userinfo: afterScheme.slice(0, at), rest: afterScheme.slice(at + 1) }
}

/** Percent-decodes text that is validly encoded; anything else was typed as is and is kept verbatim. */
function decoded(text: string): string {
  if (!ENCODED_USERINFO.test(text)) return text
  try {
    return decodeURIComponent(text)
  } catch {
    return text
  }
}

/**
 * The user and password in a proxy written as a URL or as `user:pass@host:port`, if any. The first `:` of the
 * userinfo splits them (a `:` in a user name must be written %3A).
 */
export function credentialsIn(proxy: string): Credentials | undefined {
  const { userinfo } = partsOf(proxy)
  if (userinfo === undefined || userinfo === '') return undefined
  const colon = userinfo.indexOf(':')
  const username = colon < 0 ? userinfo : userinfo.slice(0, colon)
  const password = colon < 0 ? '' : userinfo.slice(colon + 1)
  return { username: decoded(username), password: decoded(password) }
}

/** The address without its userinfo, in the form the user wrote it (no scheme added, no trailing slash). */
export function withoutCredentials(proxy: string): string {
  const { scheme, userinfo, rest } = partsOf(proxy)
  if (userinfo === undefined) return proxy.trim()
  return scheme + rest.replace(/\/$/, '')
}

export interface SplitProxy<P extends Partial<ProxySettings>> {
  proxy: P
  /** From the first URL that had one; undefined when no URL carried credentials. */
  credentials?: Credentials
}

export function splitProxyCredentials<P extends Partial<ProxySettings>>(proxy: P): SplitProxy<P> {
  let credentials: Credentials | undefined
  const clean: P = { ...proxy }
  for (const field of URL_FIELDS) {
    const value = proxy[field]
    if (value === undefined || !value.includes('@')) continue
    const found = credentialsIn(value)
    if (found) credentials ??= found
    clean[field] = withoutCredentials(value)
  }
  return credentials ? { proxy: clean, credentials } : { proxy: clean }
}

/** Whether any address still has a userinfo part (a host never contains `@`). */
export function hasProxyCredentials(proxy: Partial<ProxySettings>): boolean {
  return URL_FIELDS.some((field) => proxy[field]?.includes('@') === true)
}

/** Whether an address had credentials and nothing after them (`user:pass@`): it cannot be what was meant. */
export function lacksHost(proxy: Partial<ProxySettings>): boolean {
  return URL_FIELDS.some((field) => {
    const value = proxy[field]
    return value?.includes('@') === true && partsOf(value).rest.replace(/\/$/, '').trim() === ''
  })
}
