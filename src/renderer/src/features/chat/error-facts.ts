/**
 * Words an error's facts (what the chat client returns instead of sentences) in the UI language: one
 * place for the chat's error lines and the connection test's steps. Pure: it takes the `t` to use.
 */
import type { TFunction } from 'i18next'
import type { ErrorFact, ErrorFacts } from '../../../../shared/domain'
import { tk } from '../../app/i18n'

/** Each fact's words: a clause that follows the kind ("network error: the connection broke."). */
export const FACT_TEXTS: Record<ErrorFact, string> = {
  certificate_untrusted: tk('errorFact.certificate_untrusted'),
  host_not_found: tk('errorFact.host_not_found'),
  connection_failed: tk('errorFact.connection_failed'),
  connection_dropped: tk('errorFact.connection_dropped'),
  tls_failed: tk('errorFact.tls_failed'),
  connect_timeout: tk('errorFact.connect_timeout'),
  first_byte_timeout: tk('errorFact.first_byte_timeout'),
  idle_timeout: tk('errorFact.idle_timeout'),
  provider_timeout: tk('errorFact.provider_timeout'),
  unsupported_pac_entry: tk('errorFact.unsupported_pac_entry'),
  pac_failed: tk('errorFact.pac_failed'),
  invalid_proxy: tk('errorFact.invalid_proxy'),
  proxy_unreachable: tk('errorFact.proxy_unreachable'),
  proxy_no_answer: tk('errorFact.proxy_no_answer'),
  proxy_refused_target: tk('errorFact.proxy_refused_target'),
  proxy_target_unreachable: tk('errorFact.proxy_target_unreachable'),
  wrong_proxy_scheme: tk('errorFact.wrong_proxy_scheme'),
  socks_failed: tk('errorFact.socks_failed'),
  no_proxy_reachable: tk('errorFact.no_proxy_reachable'),
  proxy_auth_rejected: tk('errorFact.proxy_auth_rejected'),
  proxy_auth_required: tk('errorFact.proxy_auth_required'),
  proxy_auth_scheme: tk('errorFact.proxy_auth_scheme'),
  proxy_auth_kerberos_only: tk('errorFact.proxy_auth_kerberos_only'),
  proxy_auth_scheme_unsupported: tk('errorFact.proxy_auth_scheme_unsupported'),
  invalid_url: tk('errorFact.invalid_url'),
  unsupported_protocol: tk('errorFact.unsupported_protocol'),
  model_not_found: tk('errorFact.model_not_found'),
  unsupported_content_part: tk('errorFact.unsupported_content_part'),
  invalid_params: tk('errorFact.invalid_params'),
  request_too_large: tk('errorFact.request_too_large'),
  unexpected_status: tk('errorFact.unexpected_status'),
  provider_missing: tk('errorFact.provider_missing'),
  adaptive_thinking_required: tk('errorFact.adaptive_thinking_required'),
  adaptive_thinking_unsupported: tk('errorFact.adaptive_thinking_unsupported'),
  attachment_no_images: tk('errorFact.attachment_no_images'),
  attachment_image_too_large: tk('errorFact.attachment_image_too_large'),
  attachment_pdf_no_text: tk('errorFact.attachment_pdf_no_text'),
  no_credit: tk('errorFact.no_credit'),
  overloaded: tk('errorFact.overloaded'),
  unreadable_reply: tk('errorFact.unreadable_reply'),
  reply_cut_off: tk('errorFact.reply_cut_off'),
  closed: tk('errorFact.closed'),
}

/** Facts that only restate an HTTP status the window shows anyway. */
const RESTATE_STATUS: ReadonlySet<ErrorFact> = new Set(['overloaded', 'provider_timeout'])

/**
 * The fact worded, then the particulars that are names or codes and need no translation (the proxy, the
 * host, the system's or provider's code, the limit that ran out). Empty when there is no fact.
 */
export function wordFacts(t: TFunction, facts: ErrorFacts): string {
  if (facts.fact === undefined) return ''
  // "server error (HTTP 503)" already says what `overloaded` would.
  if (facts.status !== undefined && RESTATE_STATUS.has(facts.fact)) return ''
  const particulars: string[] = []
  if (facts.proxy !== undefined) particulars.push(t('errorFact.proxy', { proxy: facts.proxy }))
  else if (facts.host !== undefined && facts.kind !== 'bad_request') particulars.push(facts.host)
  // A provider's code next to its own words is noise; a system's code (ECONNREFUSED) is a particular.
  if (facts.code !== undefined && facts.said === undefined) particulars.push(facts.code)
  if (facts.timeoutMs !== undefined) {
    particulars.push(t('errorFact.seconds', { seconds: Math.round(facts.timeoutMs / 100) / 10 }))
  }
  const text = t(FACT_TEXTS[facts.fact])
  return particulars.length > 0 ? `${text} (${particulars.join(', ')})` : text
}

/** A clause as a sentence of its own. */
export function sentence(text: string): string {
  return text.charAt(0).toLocaleUpperCase() + text.slice(1)
}
