/**
 * Proxy URLs must not carry credentials: settings are stored in plaintext, the password belongs with the
 * secrets. People paste `http://user:pass@host:port` anyway; these helpers find and split such URLs.
 */
import type { ProxySettings } from '../../shared/domain'

const URL_FIELDS = ['httpProxy', 'httpsProxy', 'socksProxy'] as const

interface Credentials {
  username: string
  password: string
}

/** The user and password in a proxy written as a URL or as `user:pass@host:port`, if any. */
export function credentialsIn(proxy: string): Credentials | undefined {
  const value = proxy.trim()
  if (!value.includes('@')) return undefined
  try {
    const url = new URL(value.includes('://') ? value : `http://${value}`)
    if (url.username === '' && url.password === '') return undefined
    return { username: decodeURIComponent(url.username), password: decodeURIComponent(url.password) }
  } catch {
    return undefined
  }
}

function withoutCredentials(proxy: string): string {
  const value = proxy.trim()
  const hasScheme = value.includes('://')
  try {
    const url = new URL(hasScheme ? value : `http://${value}`)
    url.username = ''
    url.password = ''
    // Keep the form the user wrote: no scheme added, no trailing slash added.
    const text = url.toString().replace(/\/$/, '')
    return hasScheme ? text : text.replace(/^http:\/\//, '')
  } catch {
    return value
  }
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
    if (value === undefined) continue
    const found = credentialsIn(value)
    if (!found) continue
    credentials ??= found
    clean[field] = withoutCredentials(value)
  }
  return credentials ? { proxy: clean, credentials } : { proxy: clean }
}

export function hasProxyCredentials(proxy: Partial<ProxySettings>): boolean {
  return URL_FIELDS.some((field) => {
    const value = proxy[field]
    return value !== undefined && credentialsIn(value) !== undefined
  })
}
