/**
 * The Proxy tab's text fields, checked and turned into a settings patch when the user leaves one. Pure, so
 * what is saved and what is refused can be tested without a window.
 */
import type { ProxySettings } from '../../../../shared/domain'
import {
  proxyAddressProblem as addressProblem,
  type ProxyAddressProblem,
} from '../../../../shared/proxy-address'
import { tk } from '../../app/i18n'

export type ProxyTextField =
  'httpProxy' | 'httpsProxy' | 'socksProxy' | 'username' | 'bypass' | 'caCertificates'

export type FieldResult = { ok: true; patch: Partial<ProxySettings> } | { ok: false; error: string }

const PEM = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/

const PROBLEM_KEYS: Record<ProxyAddressProblem, string> = {
  scheme: tk('proxy.invalid.scheme'),
  socks4Credentials: tk('proxy.invalid.socks4Credentials'),
  noHost: tk('proxy.invalid.noHost'),
  address: tk('proxy.invalid.address'),
  noPort: tk('proxy.invalid.noPort'),
  port: tk('proxy.invalid.port'),
}

/** Why a proxy address cannot be used, as a translation key; null when it can (or is empty). */
export function proxyAddressProblem(address: string): string | null {
  const problem = addressProblem(address)
  return problem ? PROBLEM_KEYS[problem] : null
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
