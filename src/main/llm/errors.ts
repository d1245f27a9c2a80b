/**
 * Errors travel to the window, so everything they carry is safe to show and never a secret: a kind the UI
 * can act on and facts it words (`errorFacts`), plus a plain English message for library users.
 */

import type { ErrorFact, ErrorFacts, ErrorKind } from '../../shared/error-kind'

export type { ErrorFact, ErrorFacts, ErrorKind }

/** Kinds that can heal by themselves, so trying the same provider again makes sense. */
const RETRIABLE_KINDS: ReadonlySet<ErrorKind> = new Set(['rate_limit', 'server', 'network', 'timeout'])

export function isRetriableKind(kind: ErrorKind): boolean {
  return RETRIABLE_KINDS.has(kind)
}

export interface ProviderErrorInit {
  provider: string
  kind: ErrorKind
  message: string
  status?: number
  /** Overrides the kind's default (e.g. a TLS certificate error is `network` but will not heal). */
  retriable?: boolean
  /** Server-requested wait (Retry-After), in milliseconds. */
  retryAfterMs?: number
  /** Provider's own error code (`unsupported_country_region_territory`), or the system's (`ECONNREFUSED`). */
  code?: string
  /** What the provider itself said (its error body's message), clipped; also quoted in `message`. */
  providerMessage?: string
  /** The low-level error, already redacted; kept as a plain `{ name, message, code }`. */
  cause?: unknown
  fact?: ErrorFact
  /** The target (`host:port`) the request went to. */
  host?: string
  /** The proxy's `host:port` (never credentials). */
  proxy?: string
  /** The limit that ran out, for timeouts. */
  timeoutMs?: number
}

export class ProviderError extends Error {
  override readonly name = 'ProviderError'
  readonly provider: string
  readonly kind: ErrorKind
  readonly status?: number
  readonly retriable: boolean
  readonly retryAfterMs?: number
  readonly code?: string
  readonly providerMessage?: string
  readonly fact?: ErrorFact
  readonly host?: string
  readonly proxy?: string
  readonly timeoutMs?: number

  constructor(init: ProviderErrorInit) {
    super(
      redactSecrets(init.message),
      init.cause === undefined ? undefined : { cause: sanitizeCause(init.cause) },
    )
    this.provider = init.provider
    this.kind = init.kind
    this.status = init.status
    this.retriable = init.retriable ?? isRetriableKind(init.kind)
    this.retryAfterMs = init.retryAfterMs
    this.code = init.code
    if (init.providerMessage) this.providerMessage = redactSecrets(init.providerMessage)
    if (init.fact !== undefined) this.fact = init.fact
    if (init.host !== undefined) this.host = init.host
    if (init.proxy !== undefined) this.proxy = init.proxy
    if (init.timeoutMs !== undefined) this.timeoutMs = init.timeoutMs
    this.stack = redactSecrets(this.stack ?? '')
  }
}

/**
 * What the window needs to word an error, without its English message. A RetryProviderError's facts are its
 * last attempt's, under its own kind.
 */
export function errorFacts(error: ProviderError | RetryProviderError): ErrorFacts {
  if (error instanceof RetryProviderError) {
    const last = error.errors.at(-1)?.error
    return last ? { ...errorFacts(last), kind: error.kind } : { kind: error.kind }
  }
  const facts: ErrorFacts = { kind: error.kind }
  if (error.fact !== undefined) facts.fact = error.fact
  if (error.status !== undefined) facts.status = error.status
  if (error.code !== undefined) facts.code = error.code
  if (error.providerMessage) facts.said = error.providerMessage
  if (error.host !== undefined) facts.host = error.host
  if (error.proxy !== undefined) facts.proxy = error.proxy
  if (error.timeoutMs !== undefined) facts.timeoutMs = error.timeoutMs
  if (error.retryAfterMs !== undefined) facts.retryAfterMs = error.retryAfterMs
  return facts
}

export interface AttemptError {
  provider: string
  attempt: number
  error: ProviderError
}

export class RetryProviderError extends Error {
  override readonly name = 'RetryProviderError'
  readonly errors: readonly AttemptError[]
  /** The kind of the last error: what the window should act on. */
  readonly kind: ErrorKind
  /** The last error's fact, if it has one. */
  readonly fact?: ErrorFact

  constructor(errors: readonly AttemptError[]) {
    super(describeFailures(errors))
    this.errors = errors
    this.kind = errors.at(-1)?.error.kind ?? 'network'
    const fact = errors.at(-1)?.error.fact
    if (fact !== undefined) this.fact = fact
  }
}

function describeFailures(errors: readonly AttemptError[]): string {
  if (errors.length === 0) return 'No provider is configured.'
  const lastByProvider = new Map<string, AttemptError>()
  const attemptsByProvider = new Map<string, number>()
  for (const e of errors) {
    lastByProvider.set(e.provider, e)
    attemptsByProvider.set(e.provider, (attemptsByProvider.get(e.provider) ?? 0) + 1)
  }
  const lines = [...lastByProvider.values()].map((e) => {
    const n = attemptsByProvider.get(e.provider) ?? 1
    return `- ${e.provider} (${n} attempt${n === 1 ? '' : 's'}): ${e.error.message}`
  })
  return `All providers failed.\n${lines.join('\n')}`
}

/* ---------------------------------------------------------------- redaction */

// user:pass@ in any URL (scheme://user:pass@host), and the bare form user:pass@host:port.
const URL_CREDENTIALS = /\b([a-z][a-z0-9+.-]*:\/\/)[^\s/@]*@/gi
// API-key shaped tokens: sk-..., sk-ant-..., gsk_..., AIza..., Bearer tokens, x-api-key values.
const BEARER = /\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/g
const KEY_LIKE =
  /\b(sk-[A-Za-z0-9_-]{8,}|sk-ant-[A-Za-z0-9_-]{8,}|gsk_[A-Za-z0-9]{8,}|AIza[0-9A-Za-z_-]{20,})\b/g
const HEADER_SECRET = /("?(?:authorization|x-api-key|api-key|proxy-authorization)"?\s*[:=]\s*"?)[^",}\s]+/gi

/** Secrets registered at run time (the keys and passwords in use), removed verbatim from any text. */
const knownSecrets = new Set<string>()

/** Registers a secret so that it is scrubbed from every error message and stack. */
export function registerSecret(secret: string | undefined): void {
  if (!secret || secret.length < 3) return
  knownSecrets.add(secret)
  // Percent-encoded forms appear in URLs.
  const encoded = encodeURIComponent(secret)
  if (encoded !== secret) knownSecrets.add(encoded)
}

export function redactSecrets(text: string): string {
  let out = text
    .replace(URL_CREDENTIALS, '$1***@')
    .replace(BEARER, '$1 ***')
    .replace(KEY_LIKE, '***')
    .replace(HEADER_SECRET, '$1***')
  for (const secret of knownSecrets) {
    if (out.includes(secret)) out = out.split(secret).join('***')
  }
  return out
}

/** Reduces any thrown value to a plain, redacted object: no sockets, requests or headers ride along. */
export function sanitizeCause(cause: unknown): { name: string; message: string; code?: string } {
  if (cause instanceof Error) {
    const code = (cause as { code?: unknown }).code
    return {
      name: cause.name,
      message: redactSecrets(cause.message),
      ...(typeof code === 'string' ? { code } : {}),
    }
  }
  return { name: 'Error', message: redactSecrets(String(cause)) }
}
