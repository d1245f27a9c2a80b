/**
 * What went wrong, as data the window words: a kind it can act on, and facts that make the words precise.
 * The chat client returns these; the window words each of them in every language (the lists below are
 * what the completeness tests iterate).
 */
export const ERROR_KINDS = [
  'auth',
  'rate_limit',
  'server',
  'network',
  'timeout',
  'proxy',
  'proxy_auth',
  'region',
  'bad_request',
  'protocol',
  'aborted',
] as const

export type ErrorKind = (typeof ERROR_KINDS)[number]

/**
 * Facts about a failure, beyond its kind, that the window words into specific advice:
 * - network: `certificate_untrusted` (a TLS certificate could not be verified: add the company's CA),
 *   `host_not_found`, `connection_failed` (refused, unreachable: `code` says which), `connection_dropped`
 *   (broke while opening or during the reply), `tls_failed` (a TLS handshake failed for another reason);
 * - timeout: `connect_timeout`, `first_byte_timeout`, `idle_timeout` (with `timeoutMs`), `provider_timeout`
 *   (the provider gave up: HTTP 408 or its own report);
 * - proxy: `unsupported_pac_entry` (the system named only proxies ProxyChat cannot use), `pac_failed` (the
 *   system's proxy lookup, its PAC script, failed: where requests go is unknown), `invalid_proxy`
 *   (the proxy address cannot be used), `proxy_unreachable`, `proxy_no_answer`, `proxy_refused_target`
 *   (the proxy refused to connect to the target, `status` when HTTP), `proxy_target_unreachable`,
 *   `wrong_proxy_scheme` (the handshake with the proxy failed: http:// written for a TLS proxy or the
 *   reverse), `socks_failed`, `no_proxy_reachable`;
 * - proxy_auth: `proxy_auth_rejected` (wrong username or password), `proxy_auth_required` (none was set),
 *   `proxy_auth_scheme` (the sign-in with the proxy broke down: a SOCKS method refused, an unreadable
 *   challenge, a connection closed mid-NTLM), `proxy_auth_kerberos_only` (the proxy only takes Kerberos),
 *   `proxy_auth_scheme_unsupported` (the proxy offers only schemes ProxyChat does not speak);
 * - bad_request: `invalid_url`, `unsupported_protocol`, `model_not_found` (HTTP 404), `unsupported_content_part` and `invalid_params` (refused before sending), `request_too_large`,
 *   `unexpected_status` (a redirect or other status below 400), `provider_missing`,
 *   `adaptive_thinking_required` (Anthropic: the model takes only adaptive thinking, a reasoning effort, and
 *   refused a thinking budget), `adaptive_thinking_unsupported` (the reverse: it takes only a budget); a fallback skipped
 *   because it cannot take the message's files: `attachment_no_images`, `attachment_image_too_large`,
 *   `attachment_pdf_no_text`;
 * - rate_limit / server: `no_credit` (the account ran out of credit or quota), `overloaded`;
 * - protocol: `unreadable_reply`, `reply_cut_off`;
 * - aborted: `closed` (the app closed the connection).
 */
export const ERROR_FACTS = [
  'certificate_untrusted',
  'host_not_found',
  'connection_failed',
  'connection_dropped',
  'tls_failed',
  'connect_timeout',
  'first_byte_timeout',
  'idle_timeout',
  'provider_timeout',
  'unsupported_pac_entry',
  'pac_failed',
  'invalid_proxy',
  'proxy_unreachable',
  'proxy_no_answer',
  'proxy_refused_target',
  'proxy_target_unreachable',
  'wrong_proxy_scheme',
  'socks_failed',
  'no_proxy_reachable',
  'proxy_auth_rejected',
  'proxy_auth_required',
  'proxy_auth_scheme',
  'proxy_auth_kerberos_only',
  'proxy_auth_scheme_unsupported',
  'invalid_url',
  'unsupported_protocol',
  'model_not_found',
  'unsupported_content_part',
  'invalid_params',
  'request_too_large',
  'unexpected_status',
  'provider_missing',
  // Anthropic refused the kind of thinking asked for this model (HTTP 400).
  'adaptive_thinking_required',
  'adaptive_thinking_unsupported',
  // A fallback skipped because it cannot take the message's files (codes of AttachmentCapabilityProblem).
  'attachment_no_images',
  'attachment_image_too_large',
  'attachment_pdf_no_text',
  'no_credit',
  'overloaded',
  'unreadable_reply',
  'reply_cut_off',
  'closed',
] as const

export type ErrorFact = (typeof ERROR_FACTS)[number]

/** A failure as facts: everything the window needs to word it, nothing it would have to translate. */
export interface ErrorFacts {
  kind: ErrorKind
  fact?: ErrorFact
  /** HTTP status, when there was one (the provider's, or the proxy's answer to CONNECT). */
  status?: number
  /** A code shown as is: the provider's own (`invalid_api_key`) or the system's (`ECONNREFUSED`). */
  code?: string
  /** The provider's own error message, clipped: quoted, never translated. */
  said?: string
  /** The host the request went to (`host:port`). */
  host?: string
  /** The proxy's address (`host:port`, never credentials). */
  proxy?: string
  /** The limit that ran out, for timeouts. */
  timeoutMs?: number
  /** How long the provider asked to wait (Retry-After). */
  retryAfterMs?: number
}
