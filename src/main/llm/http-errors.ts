/**
 * Turns what providers report as errors (non-2xx responses, error objects inside a stream) into
 * ProviderErrors whose message says what happened, what to do, and what the provider itself said.
 */

import { ProviderError } from './errors'
import type { ErrorFact, ErrorKind } from './errors'
import { proxyAuthError } from './transport-errors'

type Headers = Record<string, string | string[] | undefined>

/** Kinds a provider's own report can lead to. */
type ReportedKind = Extract<
  ErrorKind,
  'auth' | 'rate_limit' | 'server' | 'timeout' | 'region' | 'bad_request'
>

interface ErrorDetails {
  message?: string
  /** `error.type` (OpenAI, Anthropic) or `error.status` (Google). */
  type?: string
  /** `error.code` when it is a name. */
  code?: string
  /** `error.code` when it is a number (OpenRouter, Google put the HTTP status there). */
  status?: number
}

const MAX_DETAIL = 300

// The library's messages are for library users; the window words the kind and facts instead.
const PROVIDERS_PREFS = 'the provider settings'
const PROXY_PREFS = 'the proxy settings'

export function errorFromResponse(
  provider: string,
  status: number,
  headers: Headers,
  bodyText: string,
  now = Date.now(),
): ProviderError {
  const details = readErrorBody(bodyText)
  const region = status === 451 || (status >= 400 && status < 500 && status !== 407 && isRegionBlock(details))
  const kind: ErrorKind = region ? 'region' : kindFromStatus(status)
  if (kind === 'proxy_auth') return proxyAuthError({ provider, status, providerMessage: details.message })
  const noCredit = status === 402 || isOutOfCredit(details)
  const retryAfterMs = readRetryAfter(headers, now)
  const thinking = thinkingFact(kind, details)
  const what =
    thinking === undefined
      ? describeResponse(provider, kind, status, noCredit, retryAfterMs)
      : describeThinking(provider, thinking, status)
  const fact = noCredit ? 'no_credit' : (thinking ?? responseFact(kind, status))
  return new ProviderError({
    provider,
    kind,
    status,
    message: what + quote(provider, details.message),
    ...(fact === undefined ? {} : { fact }),
    providerMessage: details.message,
    code: details.code ?? details.type,
    retryAfterMs,
    // Running out of credit does not heal by waiting: move on to the next provider.
    retriable: noCredit ? false : undefined,
  })
}

/** For an error object sent inside an HTTP 200 stream (OpenAI, OpenRouter, Anthropic shapes). */
export function errorFromStreamPayload(provider: string, error: unknown): ProviderError {
  const details = readErrorObject(error)
  const kind = kindFromDetails(details) ?? 'server'
  const noCredit = isOutOfCredit(details)
  const fact = noCredit ? 'no_credit' : kind === 'timeout' ? 'provider_timeout' : undefined
  return new ProviderError({
    provider,
    kind,
    ...(fact === undefined ? {} : { fact }),
    message: describeStreamError(provider, kind, noCredit) + quote(provider, details.message),
    providerMessage: details.message,
    code: details.code ?? details.type ?? (details.status === undefined ? undefined : String(details.status)),
    retriable: noCredit ? false : undefined,
  })
}

/**
 * A stream event that is not valid JSON. The cause says only how long the payload was: V8's JSON.parse
 * message quotes the payload's first bytes, which may carry anything the provider sent.
 */
export function unreadableReplyError(provider: string, payloadLength?: number): ProviderError {
  return new ProviderError({
    provider,
    kind: 'protocol',
    fact: 'unreadable_reply',
    message: `${provider} sent a reply that could not be read (the reply was cut off or corrupted): try again, or use another provider.`,
    ...(payloadLength === undefined
      ? {}
      : { cause: new SyntaxError(`A stream event of ${payloadLength} characters is not valid JSON`) }),
  })
}

/** The stream closed before the provider said it had finished. */
export function cutOffReplyError(provider: string): ProviderError {
  return new ProviderError({
    provider,
    kind: 'protocol',
    fact: 'reply_cut_off',
    message: `The reply from ${provider} was cut off before it finished. The text received so far is kept.`,
  })
}

/* ------------------------------------------------------------ classification */

/** What a response's status says beyond its kind. */
function responseFact(kind: ErrorKind, status: number): ErrorFact | undefined {
  if (kind === 'server') return status === 503 || status === 529 ? 'overloaded' : undefined
  if (kind === 'timeout') return 'provider_timeout'
  if (kind !== 'bad_request') return undefined
  if (status === 404) return 'model_not_found'
  if (status === 413) return 'request_too_large'
  return status < 400 ? 'unexpected_status' : undefined
}

/**
 * Anthropic's 400 for a kind of thinking the model does not take. Its words (docs, 2026):
 * `"thinking.type.enabled" is not supported for this model. Use "thinking.type.adaptive" and
 * "output_config.effort" to control thinking behavior.` and `adaptive thinking is not supported on this model`.
 */
const ADAPTIVE_REQUIRED = /thinking\.type\.enabled"? is not supported/i
const ADAPTIVE_UNSUPPORTED = /adaptive thinking is not supported|thinking\.type\.adaptive"? is not supported/i

function thinkingFact(kind: ErrorKind, d: ErrorDetails): ErrorFact | undefined {
  if (kind !== 'bad_request' || d.message === undefined) return undefined
  if (ADAPTIVE_REQUIRED.test(d.message)) return 'adaptive_thinking_required'
  if (ADAPTIVE_UNSUPPORTED.test(d.message)) return 'adaptive_thinking_unsupported'
  return undefined
}

function kindFromStatus(status: number): ErrorKind {
  if (status === 401 || status === 403) return 'auth'
  if (status === 407) return 'proxy_auth'
  if (status === 408) return 'timeout'
  if (status === 429) return 'rate_limit'
  if (status >= 500) return 'server'
  return 'bad_request'
}

// Matched against `code` and `type` names, in this order (`invalid_api_key` is auth, not a bad request).
const NAME_KINDS: readonly (readonly [RegExp, ReportedKind])[] = [
  [/rate_?limit|too_many_requests|resource_exhausted|insufficient_quota/, 'rate_limit'],
  [/overloaded|server_error|api_error|internal|unavailable|bad_gateway/, 'server'],
  [/timeout|deadline_exceeded/, 'timeout'],
  [/auth|permission|api_key|forbidden/, 'auth'],
  [/invalid|not_found|too_large|context_length|precondition|bad_request/, 'bad_request'],
]

function kindFromDetails(d: ErrorDetails): ReportedKind | undefined {
  if (isRegionBlock(d)) return 'region'
  for (const name of [d.code, d.type]) {
    if (name === undefined) continue
    const lower = name.toLowerCase()
    for (const [pattern, kind] of NAME_KINDS) if (pattern.test(lower)) return kind
  }
  if (d.status === undefined) return undefined
  const kind = kindFromStatus(d.status)
  return kind === 'proxy_auth' ? 'auth' : (kind as ReportedKind)
}

const REGION_NAME = /unsupported_country|country_region|region_not_supported|location_not_supported/i
// OpenAI: "Country, region, or territory not supported"; Google: "User location is not supported for the API use."
const REGION_TEXT =
  /\b(country|region|territory|location)\b[^.]{0,40}\bnot (supported|available)\b|\bnot (available|supported) in your (country|region|location)\b/i

function isRegionBlock(d: ErrorDetails): boolean {
  return (
    (d.code !== undefined && REGION_NAME.test(d.code)) ||
    (d.type !== undefined && REGION_NAME.test(d.type)) ||
    (d.message !== undefined && REGION_TEXT.test(d.message))
  )
}

/** OpenAI's insufficient_quota comes as a 429, OpenRouter's as a 402, Anthropic's as billing_error. */
function isOutOfCredit(d: ErrorDetails): boolean {
  return (
    d.code === 'insufficient_quota' ||
    d.type === 'insufficient_quota' ||
    d.type === 'billing_error' ||
    d.status === 402
  )
}

/* ------------------------------------------------------------------ messages */

function describeResponse(
  provider: string,
  kind: ErrorKind,
  status: number,
  noCredit: boolean,
  retryAfterMs: number | undefined,
): string {
  const http = `(HTTP ${status})`
  if (noCredit) {
    return `${provider} says the account has no credit or quota left ${http}: check the plan and billing with ${provider}, or use another provider.`
  }
  switch (kind) {
    case 'auth':
      return `${provider} rejected the API key ${http}: check the key in ${PROVIDERS_PREFS}.`
    case 'region':
      return regionMessage(provider, http)
    case 'timeout':
      return `${provider} gave up waiting for the request ${http}: try again.`
    case 'rate_limit':
      return `${provider} is limiting how often requests can be sent ${http}: wait ${formatWait(retryAfterMs)} and try again, or use another provider.`
    case 'server':
      return status === 503 || status === 529
        ? `${provider} is overloaded ${http}: try again in a moment, or use another provider.`
        : `${provider} had a server error ${http}: try again later, or use another provider.`
  }
  if (status === 404) {
    return `${provider} could not find the model or the address ${http}: check the model name and the base URL in ${PROVIDERS_PREFS}.`
  }
  if (status === 413) {
    return `${provider} refused the request as too large ${http}: shorten the conversation or start a new one.`
  }
  if (status < 400) {
    return `${provider} answered with an unexpected redirect or status ${http}: check the base URL in ${PROVIDERS_PREFS}.`
  }
  return `${provider} refused the request ${http}: check the model name and settings in ${PROVIDERS_PREFS}.`
}

function describeThinking(provider: string, fact: ErrorFact, status: number): string {
  return fact === 'adaptive_thinking_required'
    ? `${provider} says this model takes only adaptive thinking (HTTP ${status}): set a reasoning effort instead of a thinking budget.`
    : `${provider} says this model does not take adaptive thinking (HTTP ${status}): set a thinking budget instead of a reasoning effort.`
}

function describeStreamError(provider: string, kind: ReportedKind, noCredit: boolean): string {
  if (noCredit) {
    return `${provider} stopped replying because the account has no credit or quota left: check the plan and billing with ${provider}, or use another provider.`
  }
  switch (kind) {
    case 'server':
      return `${provider} stopped replying because of an error on its side: try again, or use another provider.`
    case 'rate_limit':
      return `${provider} stopped replying because of a rate limit: wait a moment and try again, or use another provider.`
    case 'auth':
      return `${provider} rejected the API key while replying: check the key in ${PROVIDERS_PREFS}.`
    case 'region':
      return regionMessage(provider, '')
    case 'timeout':
      return `${provider} timed out while replying: try again.`
    case 'bad_request':
      return `${provider} refused the request while replying: check the model name and settings in ${PROVIDERS_PREFS}.`
  }
}

function regionMessage(provider: string, http: string): string {
  const status = http === '' ? '' : `; ${http.slice(1, -1)}`
  return `${provider} is not available in the country your connection comes from: use a proxy in a supported country (set it in ${PROXY_PREFS}${status}).`
}

function quote(who: string, message: string | undefined): string {
  return message === undefined || message === '' ? '' : ` ${who} said: "${message}"`
}

function formatWait(ms: number | undefined): string {
  if (ms === undefined) return 'a moment'
  if (ms <= 1000) return 'a second'
  if (ms < 90_000) return `${Math.ceil(ms / 1000)} seconds`
  return `${Math.ceil(ms / 60_000)} minutes`
}

/* --------------------------------------------------------------- body reading */

function readErrorBody(text: string): ErrorDetails {
  const trimmed = text.trim()
  if (trimmed === '') return {}
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    try {
      const parsed: unknown = JSON.parse(trimmed)
      // Google's streaming endpoint wraps its error in an array.
      return readErrorObject(Array.isArray(parsed) ? parsed[0] : parsed)
    } catch {
      // Not JSON after all: fall through and show the text.
    }
  }
  // HTML error pages (often from a proxy): keep the words, drop the markup.
  const plain = trimmed.startsWith('<') ? trimmed.replace(/<[^>]*>/g, ' ') : trimmed
  return { message: clip(plain) }
}

/** Reads `{error: {...}}`, `{error: "..."}`, or the error object itself. */
function readErrorObject(value: unknown): ErrorDetails {
  if (typeof value === 'string') return { message: clip(value) }
  if (!isRecord(value)) return {}
  const inner = value.error
  if (typeof inner === 'string') return { message: clip(inner) }
  const src = isRecord(inner) ? inner : value
  const details: ErrorDetails = {}
  const message = firstString(src.message, src.detail, value.message, value.detail)
  if (message !== undefined) details.message = clip(message)
  const type = firstString(src.type, src.status)
  // `type: "error"` is Anthropic's envelope and says nothing about the error.
  if (type !== undefined && type !== 'error') details.type = type
  const code = src.code
  if (typeof code === 'string' && code !== '') details.code = code
  else if (typeof code === 'number' && code >= 100 && code < 600) details.status = code
  return details
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function firstString(...values: unknown[]): string | undefined {
  for (const v of values) if (typeof v === 'string' && v !== '') return v
  return undefined
}

function clip(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim()
  return flat.length > MAX_DETAIL ? `${flat.slice(0, MAX_DETAIL)}…` : flat
}

/* ---------------------------------------------------------------- Retry-After */

const SECONDS = /^\d+(\.\d+)?$/

function readRetryAfter(headers: Headers, now: number): number | undefined {
  // OpenAI also sends the wait in milliseconds, which is more precise.
  const ms = header(headers, 'retry-after-ms')
  if (ms !== undefined && SECONDS.test(ms)) return Math.round(Number(ms))
  const value = header(headers, 'retry-after')
  if (value === undefined) return undefined
  if (SECONDS.test(value)) return Math.round(Number(value) * 1000)
  // HTTP dates start with the day name; Date.parse accepts too much else ("5" is a year).
  if (/^[a-z]{3},? /i.test(value)) {
    const at = Date.parse(value)
    if (!Number.isNaN(at)) return Math.max(0, at - now)
  }
  return undefined
}

function header(headers: Headers, name: string): string | undefined {
  let value = headers[name]
  if (value === undefined) {
    for (const key of Object.keys(headers)) {
      if (key.toLowerCase() === name) {
        value = headers[key]
        break
      }
    }
  }
  const first = Array.isArray(value) ? value[0] : value
  return first?.trim()
}
