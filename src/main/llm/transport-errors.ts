/**
 * Error classification for the transport: anything undici, Node or the SOCKS client throws, plus where it
 * happened (the route, the phase, where the connection was being opened), becomes a `ProviderError` with a
 * kind and facts the window words, and a plain English message for library users. Pure: no I/O, no state;
 * where an error came from is passed in (`ConnectTags`), so every row can be table-tested.
 */
import { ProviderError } from './errors'
import type { ErrorFact, ErrorKind } from './errors'
import type { ProxyConfig } from './proxy'
import { ProxyAuthError, ProxyTunnelError } from './proxy-auth'
import type { Route } from './routing'
import type { Timeouts } from './transport-types'
import { isCertificateFailure } from './tls-errors'

/** Where an error raised while opening a connection came from (the dispatchers tag their errors). */
export interface ConnectTags {
  /** Raised while opening a connection (to the proxy, through it, or directly). */
  duringConnect?: boolean
  /** Raised by the connection to the proxy itself (TCP, and TLS for https:// proxies). */
  atProxy?: boolean
  /** The proxy dropped the connection while the tunnel was being set up. */
  tunnelClosed?: boolean
}

export interface FailureContext {
  provider: string
  target: URL
  route: Route
  timeouts: Timeouts
  signal: AbortSignal | undefined
  /** Whether the transport was closed (which fails its requests on purpose). */
  isClosed: () => boolean
  /** 'body' once the response headers have arrived. */
  phase?: 'body'
  /** Where an error came from; default: nowhere known. */
  tagsOf?: (err: unknown) => ConnectTags
}

/** The other side dropped the connection. */
const RESET_CODES = new Set(['ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET', 'UND_ERR_CLOSED'])

/** Failures to open a TCP connection at all: the host is wrong, down or unreachable. */
const UNREACHABLE_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ETIMEDOUT',
  'EADDRNOTAVAIL',
])

/** What a SOCKS proxy reports when it tried and the target did not answer: a network failure past it. */
const SOCKS_TARGET_FAILURES = ['HostUnreachable', 'NetworkUnreachable', 'ConnectionRefused', 'TTLExpired']

function seconds(ms: number): string {
  return `${Math.round(ms / 100) / 10} s`
}

function codeOf(err: unknown): string | undefined {
  const code = (err as { code?: unknown } | null)?.code
  return typeof code === 'string' ? code : undefined
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err)
}

/** The socks package's SocksClientError: no own name or code, but it carries the SOCKS options. */
function isSocksClientError(err: unknown): err is Error {
  if (!(err instanceof Error)) return false
  const options = (err as { options?: { proxy?: unknown } }).options
  return (
    err.constructor.name === 'SocksClientError' ||
    (typeof options === 'object' && options?.proxy !== undefined)
  )
}

/**
 * Whether opening a connection failed at the proxy itself: refused, unknown host, unreachable, or no
 * answer within the connect timeout. Failures past the proxy (the target, TLS, HTTP errors) are not.
 */
export function isProxyUnreachable(err: unknown, route: Route, tags: ConnectTags): boolean {
  if (route.kind !== 'proxy' || typeof err !== 'object' || err === null) return false
  const code = codeOf(err)
  if (isSocksClientError(err)) {
    return /timed out/i.test(err.message) || [...UNREACHABLE_CODES].some((c) => err.message.includes(c))
  }
  // The proxy did not let a tunnel be set up within the connect timeout (no answer, or no connection).
  if (err instanceof ProxyTunnelError && err.kind === 'timeout') return true
  if (tags.atProxy) {
    return code !== undefined && (UNREACHABLE_CODES.has(code) || code === 'UND_ERR_CONNECT_TIMEOUT')
  }
  // The proxy took the connection but never answered CONNECT.
  return tags.duringConnect === true && code === 'UND_ERR_HEADERS_TIMEOUT'
}

/**
 * The one wording of a proxy refusing to let us through (HTTP 407, or a SOCKS authentication failure),
 * for the transport, the provider-response reader and the connection test alike.
 */
export function proxyAuthError(init: {
  provider: string
  proxy?: string
  status?: number
  /** The proxy asked for credentials and none were set (only the connection test knows). */
  noCredentials?: boolean
  providerMessage?: string
  cause?: unknown
}): ProviderError {
  const at = init.proxy === undefined ? '' : ` at ${init.proxy}`
  const http = init.status === undefined ? '' : ` (HTTP ${init.status})`
  const said = init.providerMessage ? ` The proxy said: "${init.providerMessage}"` : ''
  const message =
    (init.noCredentials
      ? `The proxy${at} asks for a username and password${http}: set them in the proxy settings.`
      : `The proxy${at} rejected the username or password${http}: check them in the proxy settings.`) + said
  return new ProviderError({
    provider: init.provider,
    kind: 'proxy_auth',
    message,
    fact: init.noCredentials ? 'proxy_auth_required' : 'proxy_auth_rejected',
    ...(init.status === undefined ? {} : { status: init.status }),
    ...(init.proxy === undefined ? {} : { proxy: init.proxy }),
    ...(init.providerMessage === undefined ? {} : { providerMessage: init.providerMessage }),
    cause: init.cause,
  })
}

interface Extra {
  status?: number
  retriable?: boolean
  code?: string
  timeoutMs?: number
  /** False for failures that are not about the proxy (the proxy address is left out). */
  withProxy?: boolean
}

function fail(
  ctx: FailureContext,
  kind: ErrorKind,
  fact: ErrorFact | undefined,
  message: string,
  cause: unknown,
  { withProxy = true, ...extra }: Extra = {},
): ProviderError {
  const proxy = ctx.route.kind === 'proxy' && withProxy ? ctx.route.proxy.address : undefined
  return new ProviderError({
    provider: ctx.provider,
    kind,
    message,
    cause,
    host: ctx.target.host,
    ...(fact === undefined ? {} : { fact }),
    ...(proxy === undefined ? {} : { proxy }),
    ...extra,
  })
}

/** Maps anything undici, Node or the SOCKS client throws to a `ProviderError` with its kind and facts. */
export function toProviderError(raw: unknown, ctx: FailureContext): ProviderError {
  if (raw instanceof ProviderError) return raw
  if (ctx.signal?.aborted) return fail(ctx, 'aborted', undefined, 'The request was cancelled.', raw)
  if (ctx.isClosed()) return fail(ctx, 'aborted', 'closed', 'The connection was closed.', raw)

  // undici wraps a proxy certificate that does not match its name.
  let err = raw
  if (codeOf(err) === 'UND_ERR_PRX_TLS' && err instanceof Error && err.cause !== undefined) err = err.cause
  const tags = ctx.tagsOf?.(err) ?? {}
  const proxy = ctx.route.kind === 'proxy' ? ctx.route.proxy : undefined

  if (isCertificateFailure(codeOf(err))) {
    const host = ctx.target.host
    const via = proxy ? ` through the proxy at ${proxy.address}` : ''
    const whose = proxy && tags.atProxy ? `of the proxy at ${proxy.address}` : `on the way to ${host}${via}`
    return fail(
      ctx,
      'network',
      'certificate_untrusted',
      `The TLS certificate ${whose} could not be verified (${messageOf(err)}). ` +
        'If a proxy or antivirus inspects TLS traffic, add its CA certificate in the proxy settings.',
      err,
      { retriable: false, ...codeFact(err) },
    )
  }
  return (proxy && proxyFailure(err, ctx, proxy, tags)) || connectionFailure(err, ctx, tags)
}

function codeFact(err: unknown): { code?: string } {
  const code = codeOf(err)
  return code === undefined ? {} : { code }
}

/** Failures that are the proxy's: undefined when the error is not about the proxy. */
function proxyFailure(
  err: unknown,
  ctx: FailureContext,
  proxy: ProxyConfig,
  tags: ConnectTags,
): ProviderError | undefined {
  const code = codeOf(err)
  const message = messageOf(err)
  const host = ctx.target.host
  // ProxyAgent reports a refused CONNECT as an abort carrying the status; the signal was checked before.
  const connectStatus = /Proxy response \((\d{3})\) !== 200/.exec(message)
  if (connectStatus) {
    const status = Number(connectStatus[1])
    if (status === 407) {
      return proxyAuthError({ provider: ctx.provider, proxy: proxy.address, status, cause: err })
    }
    if (status === 502 || status === 503 || status === 504) {
      const text = `The proxy at ${proxy.address} could not reach ${host} (HTTP ${status})`
      return fail(ctx, 'proxy', 'proxy_target_unreachable', text, err, { status })
    }
    const text =
      `The proxy at ${proxy.address} refused to connect to ${host} (HTTP ${status}): ` +
      'check that the proxy allows this address'
    return fail(ctx, 'proxy', 'proxy_refused_target', text, err, { status })
  }
  if (err instanceof ProxyAuthError) return tunnelAuthError(err, ctx, proxy)
  if (err instanceof ProxyTunnelError) {
    const tunnel = tunnelError(err, ctx, proxy)
    if (tunnel) return tunnel
  }
  if (/Proxy Authentication Required/i.test(message)) {
    return proxyAuthError({ provider: ctx.provider, proxy: proxy.address, status: 407, cause: err })
  }
  if (isSocksClientError(err)) return socksError(err, ctx, proxy)

  const unreachable = `Cannot reach the proxy at ${proxy.address}: check the address and that the proxy is running`
  if (
    tags.atProxy &&
    code !== undefined &&
    (UNREACHABLE_CODES.has(code) || code === 'UND_ERR_CONNECT_TIMEOUT')
  ) {
    return fail(ctx, 'proxy', 'proxy_unreachable', unreachable, err, { code })
  }
  if (tags.duringConnect && code === 'UND_ERR_HEADERS_TIMEOUT') {
    const text =
      `The proxy at ${proxy.address} did not answer within ${seconds(ctx.timeouts.connectMs)}: ` +
      'check the address and that the proxy is running'
    return fail(ctx, 'proxy', 'proxy_no_answer', text, err, { timeoutMs: ctx.timeouts.connectMs })
  }
  // The proxy dropped the connection or botched the TLS handshake: typically http:// written for a TLS
  // proxy or the reverse.
  const handshakeFailed = code?.startsWith('ERR_SSL_') === true || code === 'EPROTO'
  if (tags.tunnelClosed || (tags.atProxy && (handshakeFailed || RESET_CODES.has(code ?? '')))) {
    const text =
      `The connection to the proxy at ${proxy.address} failed (${message}): check that it is running ` +
      'and whether its address should start with http:// or https://'
    return fail(ctx, 'proxy', 'wrong_proxy_scheme', text, err, codeFact(err))
  }
  return undefined
}

/** What the proxy said to our answers to its 407 (the tunnel gave up): never retried. */
function tunnelAuthError(err: ProxyAuthError, ctx: FailureContext, proxy: ProxyConfig): ProviderError {
  const offered = err.offered.length > 0 ? ` (it offers: ${err.offered.join(', ')})` : ''
  switch (err.failure) {
    case 'proxy_auth_credentials_rejected':
      return proxyAuthError({ provider: ctx.provider, proxy: proxy.address, status: 407, cause: err })
    case 'proxy_auth_credentials_required':
      return proxyAuthError({
        provider: ctx.provider,
        proxy: proxy.address,
        status: 407,
        noCredentials: true,
        cause: err,
      })
    case 'proxy_auth_kerberos_only': {
      const text =
        `The proxy at ${proxy.address} only accepts Kerberos (Negotiate) sign-in, which ProxyChat does not ` +
        'support yet: ask your IT department to allow NTLM, Digest or Basic for this proxy, or use another route'
      return fail(ctx, 'proxy_auth', 'proxy_auth_kerberos_only', text, err, { status: 407, retriable: false })
    }
    case 'proxy_auth_scheme_unsupported': {
      const text =
        `The proxy at ${proxy.address} asks for a way of signing in that ProxyChat does not support${offered}: ` +
        'ProxyChat speaks NTLM, Digest and Basic'
      return fail(ctx, 'proxy_auth', 'proxy_auth_scheme_unsupported', text, err, {
        status: 407,
        retriable: false,
      })
    }
    case 'proxy_auth_malformed_challenge':
    case 'proxy_auth_connection_closed': {
      const why =
        err.failure === 'proxy_auth_connection_closed'
          ? 'closed the connection in the middle of the sign-in (NTLM needs a kept-alive connection)'
          : 'sent a sign-in challenge that could not be read'
      const text = `The proxy at ${proxy.address} ${why}${offered}: check the proxy's authentication settings`
      return fail(ctx, 'proxy_auth', 'proxy_auth_scheme', text, err, { status: 407, retriable: false })
    }
  }
}

/** A tunnel that the proxy refused or never set up; undefined when the error is the network's (by code). */
function tunnelError(
  err: ProxyTunnelError,
  ctx: FailureContext,
  proxy: ProxyConfig,
): ProviderError | undefined {
  const host = ctx.target.host
  if (err.kind === 'timeout') {
    const text =
      `The proxy at ${proxy.address} did not answer within ${seconds(ctx.timeouts.connectMs)}: ` +
      'check the address and that the proxy is running'
    return fail(ctx, 'proxy', 'proxy_no_answer', text, err, { timeoutMs: ctx.timeouts.connectMs })
  }
  if (err.kind === 'aborted') return fail(ctx, 'aborted', undefined, 'The request was cancelled.', err)
  const status = err.status
  if (status === undefined) return undefined
  if (status === 502 || status === 503 || status === 504) {
    const text = `The proxy at ${proxy.address} could not reach ${host} (HTTP ${status})`
    return fail(ctx, 'proxy', 'proxy_target_unreachable', text, err, { status })
  }
  const text =
    `The proxy at ${proxy.address} refused to connect to ${host} (HTTP ${status}): ` +
    'check that the proxy allows this address'
  return fail(ctx, 'proxy', 'proxy_refused_target', text, err, { status })
}

/** The socks client reports everything as SocksClientError with a descriptive message and no code. */
function socksError(err: Error, ctx: FailureContext, proxy: ProxyConfig): ProviderError {
  const message = err.message
  const host = ctx.target.host
  if (/Authentication failed/i.test(message)) {
    return proxyAuthError({ provider: ctx.provider, proxy: proxy.address, cause: err })
  }
  if (/no accepted authentication type/i.test(message)) {
    const text =
      `The SOCKS proxy at ${proxy.address} does not accept this way of signing in: ` +
      'check whether it needs a username and password (or none)'
    return fail(ctx, 'proxy_auth', 'proxy_auth_scheme', text, err)
  }
  const rejected = /rejected connection - (\w+)/.exec(message)
  if (rejected) {
    const reason = rejected[1] ?? ''
    // The proxy tried and the target did not answer: the same as a direct network failure.
    if (SOCKS_TARGET_FAILURES.includes(reason)) {
      const text = `The SOCKS proxy at ${proxy.address} could not reach ${host} (${reason})`
      return fail(ctx, 'network', 'proxy_target_unreachable', text, err, { code: reason })
    }
    const text =
      `The SOCKS proxy at ${proxy.address} refused to connect to ${host} (${reason}): ` +
      'check that the proxy allows this address'
    return fail(ctx, 'proxy', 'proxy_refused_target', text, err, { code: reason })
  }
  if (/timed out/i.test(message)) {
    const text =
      `The SOCKS proxy at ${proxy.address} did not answer within ${seconds(ctx.timeouts.connectMs)}: ` +
      'check the address and that the proxy is running'
    return fail(ctx, 'proxy', 'proxy_no_answer', text, err, { timeoutMs: ctx.timeouts.connectMs })
  }
  const unreachableCode = [...UNREACHABLE_CODES].find((c) => message.includes(c))
  if (unreachableCode !== undefined) {
    const text = `Cannot reach the proxy at ${proxy.address}: check the address and that the proxy is running`
    return fail(ctx, 'proxy', 'proxy_unreachable', text, err, { code: unreachableCode })
  }
  const text = `The SOCKS proxy at ${proxy.address} failed (${message}): check the address and that it is a SOCKS5 proxy`
  return fail(ctx, 'proxy', 'socks_failed', text, err)
}

/** Failures of the connection itself (direct, or past the proxy). */
function connectionFailure(err: unknown, ctx: FailureContext, tags: ConnectTags): ProviderError {
  const code = codeOf(err)
  const message = messageOf(err)
  const host = ctx.target.host
  const via = ctx.route.kind === 'proxy' ? ` through the proxy at ${ctx.route.proxy.address}` : ''
  const { connectMs, firstByteMs, idleMs } = ctx.timeouts
  switch (code) {
    case 'UND_ERR_CONNECT_TIMEOUT':
      return fail(
        ctx,
        'timeout',
        'connect_timeout',
        `Could not connect to ${host}${via} within ${seconds(connectMs)}`,
        err,
        {
          timeoutMs: connectMs,
        },
      )
    case 'UND_ERR_HEADERS_TIMEOUT':
      return fail(
        ctx,
        'timeout',
        'first_byte_timeout',
        `No reply from ${ctx.provider} within ${seconds(firstByteMs)}`,
        err,
        {
          timeoutMs: firstByteMs,
        },
      )
    case 'UND_ERR_BODY_TIMEOUT':
      return fail(ctx, 'timeout', 'idle_timeout', `The stream went silent for ${seconds(idleMs)}`, err, {
        timeoutMs: idleMs,
      })
    case 'UND_ERR_INVALID_ARG':
    case 'UND_ERR_NOT_SUPPORTED':
      return fail(ctx, 'bad_request', undefined, `The request to ${host} is invalid: ${message}`, err, {
        retriable: false,
        code,
      })
  }
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
    const text = `Cannot find ${ctx.target.hostname}: check the address and the connection`
    return fail(ctx, 'network', 'host_not_found', text, err, { code })
  }
  if (code !== undefined && UNREACHABLE_CODES.has(code)) {
    const text = `Cannot connect to ${host}${via} (${code}): check the address and the connection`
    return fail(ctx, 'network', 'connection_failed', text, err, { code })
  }
  const handshakeFailed = code?.startsWith('ERR_SSL_') === true || code === 'EPROTO'
  const what =
    ctx.phase === 'body' ? 'broke during the reply' : tags.duringConnect ? 'failed while opening' : 'failed'
  return fail(
    ctx,
    'network',
    handshakeFailed ? 'tls_failed' : 'connection_dropped',
    `The connection to ${host}${via} ${what} (${message})`,
    err,
    codeFact(err),
  )
}
