/**
 * The Proxy tab's text fields, checked and turned into a settings patch when the user leaves one. Pure, so
 * what is saved and what is refused can be tested without a window.
 */
import type { ProxySettings } from '../../../../shared/domain'
import { tk } from '../../app/i18n'

export type ProxyTextField =
  'httpProxy' | 'httpsProxy' | 'socksProxy' | 'username' | 'bypass' | 'caCertificates'

export type FieldResult = { ok: true; patch: Partial<ProxySettings> } | { ok: false; error: string }

const SCHEMES = new Set(['http', 'https', 'socks5', 'socks5h'])
const PEM = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/
/** A host name, an IPv4 address or a bracketed IPv6 address, then an optional port. */
const HOST_PORT = /^(\[[0-9A-Fa-f:.]+\]|[^\s:/?#[\]@]+)(?::(\d+))?$/

/**
 * Why a proxy address cannot be used, as a translation key; null when it can (or is empty). Credentials
 * typed into it are allowed: everything up to the last `@` is moved out of the address when it is saved.
 */
export function proxyAddressProblem(address: string): string | null {
  const text = address.trim()
  if (text === '') return null
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(text)
  if (scheme && !SCHEMES.has((scheme[1] ?? '').toLowerCase())) return tk('proxy.invalid.scheme')
  const rest = text.slice(scheme?.[0].length ?? 0)
  const at = rest.lastIndexOf('@')
  const hostPort = (at < 0 ? rest : rest.slice(at + 1)).replace(/\/$/, '')
  if (hostPort === '') return tk('proxy.invalid.noHost')
  const match = HOST_PORT.exec(hostPort)
  if (!match) return tk('proxy.invalid.address')
  if (match[2] === undefined) return tk('proxy.invalid.noPort')
  const port = Number(match[2])
  if (port < 1 || port > 65_535) return tk('proxy.invalid.port')
  return null
}

export function bypassLines(text: string): string[] {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
}

/** The text a field shows for the saved settings. */
export function savedText(saved: ProxySettings, field: ProxyTextField): string {
  return field === 'bypass' ? saved.bypass.join('\n') : saved[field]
}

/** A field's text as a patch to save, or why it cannot be saved. */
export function fieldPatch(field: ProxyTextField, text: string): FieldResult {
  switch (field) {
    case 'httpProxy':
    case 'httpsProxy':
    case 'socksProxy': {
      const problem = proxyAddressProblem(text)
      return problem ? { ok: false, error: problem } : { ok: true, patch: { [field]: text.trim() } }
    }
    case 'username':
      return { ok: true, patch: { username: text.trim() } }
    case 'bypass':
      return { ok: true, patch: { bypass: bypassLines(text) } }
    case 'caCertificates': {
      const pem = text.trim()
      if (pem !== '' && !PEM.test(pem)) return { ok: false, error: tk('proxy.caInvalid') }
      return { ok: true, patch: { caCertificates: pem ? `${pem}\n` : '' } }
    }
  }
}
