/**
 * The HTTP transport: undici's `request` API over one dispatcher per route (direct, or one per proxy),
 * with every failure turned into a `ProviderError` that says what to do.
 *
 * Routes:
 * - direct: an undici `Agent`.
 * - `http://` / `https://` proxies: undici `ProxyAgent`. https:// targets go through a CONNECT tunnel;
 *   http:// targets through an http:// proxy are sent in absolute form (`GET http://host/path`), like curl,
 *   because many proxies only allow CONNECT to port 443. An https:// proxy is reached over TLS.
 * - `socks5h://`: fetch-socks; the proxy resolves the target hostname.
 * - `socks5://`: fetch-socks after resolving the hostname here, so the proxy only sees an address.
 */
import { lookup } from 'node:dns'
import { isIP } from 'node:net'
import { Agent, Pool, ProxyAgent, buildConnector, request as undiciRequest } from 'undici'
import type { Dispatcher } from 'undici'
import { socksConnector } from 'fetch-socks'
import { ProviderError } from './errors'
import type { ErrorFact, ErrorKind } from './errors'
import { DIRECT, parseProxyUrl, redactProxyUrl, selectProxy, selectRoutes } from './proxy'
import type { ProxyConfig, ProxyParseResult, ProxyScheme } from './proxy'
import { DEFAULT_TIMEOUTS } from './transport-types'
import type { HttpRequest, HttpResponse, Timeouts, Transport, TransportOptions } from './transport-types'
import { isCertificateFailure } from './tls-errors'
import { defaultRoots, ensureSystemRoots } from './trusted-roots'

/** Which way a request to some URL would go, for display (e.g. a "Test connection" button). */
export type RouteDescription =
  | { kind: 'direct'; description: string }
  | { kind: 'proxy'; scheme: ProxyScheme; proxy: string; description: string }
  | { kind: 'invalid'; description: string }

export type Route = { kind: 'direct' } | { kind: 'proxy'; proxy: ProxyConfig }

const SCHEME_NAMES: Record<ProxyScheme, string> = {
  http: 'HTTP proxy',
  https: 'HTTPS proxy',
  socks5: 'SOCKS5 proxy',
  socks5h: 'SOCKS5 proxy (DNS at the proxy)',
}

/** Says which proxy, if any, a request to `targetUrl` would use under `options`. Never shows a password. */
export function describeRoute(targetUrl: string, options: TransportOptions = {}): RouteDescription {
  let target: URL
  try {
    target = new URL(targetUrl)
  } catch {
    return { kind: 'invalid', description: `'${redactProxyUrl(targetUrl)}' is not a URL` }
  }
  const selected = selectProxy(target, options.proxies, options.noProxy)
  if (selected === undefined) return { kind: 'direct', description: `Direct connection to ${target.host}` }
  const parsed = parseProxyUrl(selected)
  if (!parsed.ok) return { kind: 'invalid', description: parsed.message }
  const { scheme, redacted } = parsed.proxy
  return {
    kind: 'proxy',
    scheme,
    proxy: redacted,
    description: `Through the ${SCHEME_NAMES[scheme]} at ${redacted}`,
  }
}

export class HttpTransport implements Transport {
  private readonly options: TransportOptions
  private readonly timeouts: Timeouts
  /** Extra CAs from the settings, added to the default roots when the first connection is set up. */
  private readonly extraCa: string[]
  /** Trusted roots when extra CAs are configured; undefined keeps Node's defaults. Built on first use. */
  private ca: string[] | undefined
  /** One dispatcher per route, created on first use and reused so connections and tunnels stay alive. */
  private readonly dispatchers = new Map<string, Dispatcher>()
  private readonly parsedProxies = new Map<string, ProxyParseResult>()
  /** Proxies that could not be reached, by route key, and until when they are tried last. */
  private readonly unreachableUntil = new Map<string, number>()
  private readonly clock: () => number
  private closed = false

  constructor(options: TransportOptions) {
    this.options = options
    this.timeouts = { ...DEFAULT_TIMEOUTS, ...options.timeouts }
    this.clock = options.clock ?? Date.now
    this.extraCa = options.ca === undefined ? [] : Array.isArray(options.ca) ? options.ca : [options.ca]
  }

  describeRoute(targetUrl: string): RouteDescription {
    return describeRoute(targetUrl, this.options)
  }

  /** Number of dispatchers created so far (one per route used). */
  get dispatcherCount(): number {
    return this.dispatchers.size
  }

  async request(req: HttpRequest): Promise<HttpResponse> {
    const { provider } = req
    let target: URL
    try {
      target = new URL(req.url)
    } catch {
      throw new ProviderError({ provider, kind: 'bad_request', message: `'${req.url}' is not a valid URL` })
    }
    if (target.protocol !== 'http:' && target.protocol !== 'https:') {
      throw new ProviderError({
        provider,
        kind: 'bad_request',
        message: `Only http:// and https:// addresses are supported, not '${target.protocol}'`,
      })
    }
    if (this.closed) {
      throw new ProviderError({ provider, kind: 'aborted', message: 'The connection was closed.' })
    }
    const routes = this.routes(target, provider)
    for (const [i, route] of routes.entries()) {
      try {
        return await this.send(req, target, route, i < routes.length - 1)
      } catch (err) {
        if (!(err instanceof ProxyUnreachable)) throw err
        // Like a browser with a PAC result: the next entry, and this proxy is tried last for a while.
        this.unreachableUntil.set(routeKey(route), this.clock() + UNREACHABLE_PROXY_MS)
      }
    }
    throw new ProviderError({ provider, kind: 'proxy', message: 'No proxy could be reached.' })
  }

  /**
   * One attempt over one route. With `canFailOver`, a proxy that cannot be reached (refused, unknown host,
   * no answer in time) is reported as `ProxyUnreachable` so the caller tries the next route.
   */
  private async send(
    req: HttpRequest,
    target: URL,
    route: Route,
    canFailOver: boolean,
  ): Promise<HttpResponse> {
    const { provider, signal } = req
    const ctx: FailureContext = {
      provider,
      target,
      route,
      timeouts: this.timeouts,
      signal,
      isClosed: () => this.closed,
    }
    if (signal?.aborted) throw toProviderError(signal.reason, ctx)

    let data: Dispatcher.ResponseData
    try {
      data = await raceAbort(
        undiciRequest(target, {
          dispatcher: this.dispatcher(route),
          method: req.method,
          headers: req.headers,
          body: req.body,
          signal,
          headersTimeout: this.timeouts.firstByteMs,
          bodyTimeout: this.timeouts.idleMs,
        }),
        signal,
      )
    } catch (err) {
      if (canFailOver && !signal?.aborted && !this.closed && isProxyUnreachable(err, route)) {
        throw new ProxyUnreachable()
      }
      throw toProviderError(err, ctx)
    }

    // Only a proxy answers 407; in absolute form (http:// targets) it arrives as an ordinary response.
    const httpProxy =
      route.kind === 'proxy' && (route.proxy.scheme === 'http' || route.proxy.scheme === 'https')
    if (data.statusCode === 407 && httpProxy) {
      data.body.destroy()
      throw proxyAuthError(ctx, 407)
    }
    return new UndiciResponse(data, ctx)
  }

  /**
   * Lets go of the connections without cutting anything off: requests in flight (a streaming reply)
   * run to their end, then their connections close (undici's graceful `Dispatcher.close()`). A later
   * request opens new connections, which close by themselves once idle.
   */
  async release(): Promise<void> {
    const all = [...this.dispatchers.values()]
    this.dispatchers.clear()
    await Promise.all(all.map((d) => d.close().catch(() => undefined)))
  }

  /** Closes every connection at once; requests still running fail with kind 'aborted'. */
  async close(): Promise<void> {
    this.closed = true
    const all = [...this.dispatchers.values()]
    this.dispatchers.clear()
    await Promise.all(all.map((d) => d.destroy()))
  }

  /** The routes to try in order; proxies found unreachable lately go last, as browsers do. */
  private routes(target: URL, provider: string): Route[] {
    const selected = selectRoutes(target, this.options.proxies, this.options.noProxy)
    const routes = selected.length === 0 ? [DIRECT] : selected
    const all = routes.map((entry): Route =>
      entry === DIRECT ? { kind: 'direct' } : this.route(entry, provider),
    )
    const now = this.clock()
    const isDown = (route: Route): boolean => (this.unreachableUntil.get(routeKey(route)) ?? 0) > now
    return [...all.filter((r) => !isDown(r)), ...all.filter(isDown)]
  }

  private route(selected: string, provider: string): Route {
    let parsed = this.parsedProxies.get(selected)
    if (!parsed) {
      parsed = parseProxyUrl(selected)
      this.parsedProxies.set(selected, parsed)
    }
    if (!parsed.ok) throw new ProviderError({ provider, kind: 'proxy', message: parsed.message })
    return { kind: 'proxy', proxy: parsed.proxy }
  }

  private dispatcher(route: Route): Dispatcher {
    const key = routeKey(route)
    let dispatcher = this.dispatchers.get(key)
    if (!dispatcher) {
      dispatcher = route.kind === 'direct' ? this.directAgent() : this.proxyAgent(route.proxy)
      this.dispatchers.set(key, dispatcher)
    }
    return dispatcher
  }

  private tlsOptions(): buildConnector.BuildOptions {
    // The system's roots are read here, when the first connection is set up, never at start-up.
    ensureSystemRoots()
    if (this.ca === undefined && this.extraCa.length > 0) this.ca = [...defaultRoots(), ...this.extraCa]
    return { timeout: this.timeouts.connectMs, ...(this.ca ? { ca: this.ca } : {}) }
  }

  private directAgent(): Dispatcher {
    return new Agent({ connect: tagConnectErrors(buildConnector(this.tlsOptions())) })
  }

  private proxyAgent(proxy: ProxyConfig): Dispatcher {
    if (proxy.scheme === 'socks5' || proxy.scheme === 'socks5h') {
      const connector = socksConnector(
        {
          host: proxy.hostname,
          port: proxy.port,
          type: 5,
          ...(proxy.username === undefined ? {} : { userId: proxy.username }),
          ...(proxy.password === undefined ? {} : { password: proxy.password }),
        },
        this.tlsOptions(),
      )
      // fetch-socks hands the hostname to the proxy as is (which is socks5h); for socks5 resolve it here.
      return new Agent({
        connect: tagConnectErrors(proxy.scheme === 'socks5' ? resolveLocally(connector) : connector),
      })
    }

    const credentials =
      proxy.username === undefined && proxy.password === undefined
        ? undefined
        : Buffer.from(`${proxy.username ?? ''}:${proxy.password ?? ''}`).toString('base64')
    const headersTimeout = this.timeouts.connectMs
    return new ProxyAgent({
      // Credentials travel in `token`, never in the URI: undici keeps the URI around and may print it.
      uri: `${proxy.scheme}://${proxy.address}`,
      ...(credentials === undefined ? {} : { token: `Basic ${credentials}` }),
      proxyTls: this.tlsOptions(),
      requestTls: this.tlsOptions(),
      // Explicit, so a change of undici's default cannot silently switch http:// targets to CONNECT.
      proxyTunnel: false,
      // The client that sends CONNECT: a proxy that accepts the connection but never answers it counts
      // against the connect timeout, not undici's 300 s default.
      clientFactory: (origin, opts) => {
        const connect = (opts as Pool.Options).connect
        return new Pool(origin, {
          ...opts,
          headersTimeout,
          ...(typeof connect === 'function'
            ? { connect: tagConnectErrors(withoutIpServername(connect), { toProxy: true }) }
            : {}),
        })
      },
      // Connections to targets (tunnels) and, for absolute-form requests, to the proxy itself.
      factory: (origin, opts) => {
        const options = opts as Pool.Options
        const connect = options.connect
        const toProxy = isProxyOrigin(origin, proxy)
        return new Pool(origin, {
          ...options,
          ...(typeof connect === 'function' ? { connect: tagConnectErrors(connect, { toProxy }) } : {}),
        })
      },
    })
  }
}

/* -------------------------------------------------------------- responses */

class UndiciResponse implements HttpResponse {
  readonly status: number
  readonly headers: Record<string, string | string[] | undefined>
  readonly body: AsyncIterable<Uint8Array>
  private readonly data: Dispatcher.ResponseData
  private readonly ctx: FailureContext
  private closedByConsumer = false

  constructor(data: Dispatcher.ResponseData, ctx: FailureContext) {
    this.data = data
    this.ctx = ctx
    this.status = data.statusCode
    this.headers = data.headers
    this.body = this.read()
  }

  private async *read(): AsyncGenerator<Uint8Array, void, undefined> {
    try {
      for await (const chunk of this.data.body) yield chunk as Uint8Array
      // undici frees the connection a macrotask after the body ends; a request sent before that would
      // open a second connection (a second CONNECT through a proxy) instead of reusing this one.
      await new Promise((resolve) => setImmediate(resolve))
    } catch (err) {
      // The consumer stopped reading on purpose: the body simply ends.
      if (this.closedByConsumer && !this.ctx.signal?.aborted) return
      throw toProviderError(err, { ...this.ctx, phase: 'body' })
    }
  }

  async text(): Promise<string> {
    const decoder = new TextDecoder()
    let out = ''
    for await (const chunk of this.body) out += decoder.decode(chunk, { stream: true })
    return out + decoder.decode()
  }

  close(): void {
    this.closedByConsumer = true
    // Destroying an unfinished body makes undici drop the socket, so the server sees the close at once.
    this.data.body.destroy()
  }
}

/* --------------------------------------------------------------- helpers */

/** Errors raised while opening a connection (to the proxy, through it, or directly). */
const connectErrors = new WeakSet<object>()
/** The subset raised by the connection to the proxy itself (TCP, and TLS for https:// proxies). */
const proxyEndpointErrors = new WeakSet<object>()

/** Chromium keeps a proxy that failed at the back of the list for 5 minutes (net/proxy_resolution). */
const UNREACHABLE_PROXY_MS = 5 * 60_000

/** Thrown by one attempt when its proxy cannot be reached and another route remains. */
class ProxyUnreachable extends Error {
  override readonly name = 'ProxyUnreachable'
}

function routeKey(route: Route): string {
  return route.kind === 'direct' ? 'direct' : route.proxy.key
}

/**
 * Whether opening a connection failed at the proxy itself: refused, unknown host, unreachable, or no
 * answer within the connect timeout. Failures past the proxy (the target, TLS, HTTP errors) are not.
 */
function isProxyUnreachable(err: unknown, route: Route): boolean {
  if (route.kind !== 'proxy' || typeof err !== 'object' || err === null) return false
  const code = codeOf(err)
  if (isSocksClientError(err)) {
    return /timed out/i.test(err.message) || [...UNREACHABLE_CODES].some((c) => err.message.includes(c))
  }
  if (proxyEndpointErrors.has(err)) {
    return code !== undefined && (UNREACHABLE_CODES.has(code) || code === 'UND_ERR_CONNECT_TIMEOUT')
  }
  // The proxy took the connection but never answered CONNECT.
  return connectErrors.has(err) && code === 'UND_ERR_HEADERS_TIMEOUT'
}

/** The proxy dropped the connection while the tunnel was being set up. */
class TunnelClosedError extends Error {
  override readonly name = 'TunnelClosedError'
  readonly code = 'ECONNRESET'
}

/** Wraps a connector to remember which errors came from opening connections, and where. */
function tagConnectErrors(
  connect: buildConnector.connector,
  { toProxy = false }: { toProxy?: boolean } = {},
): buildConnector.connector {
  return (options, callback) =>
    connect(options, (...args: Parameters<buildConnector.Callback>) => {
      let [err] = args
      if (!err) return callback(...args)
      // undici 7 treats a socket error while connecting as recoverable and reconnects in a tight loop,
      // forever, when a proxy closes the connection during CONNECT (nodejs/undici#3897): make it final.
      const code = codeOf(err)
      if (code === 'UND_ERR_SOCKET' || code === 'UND_ERR_INFO') err = new TunnelClosedError(err.message)
      connectErrors.add(err)
      if (toProxy) proxyEndpointErrors.add(err)
      callback(err, null)
    })
}

/** Whether a dispatcher origin is the proxy itself (absolute-form requests) rather than a target. */
function isProxyOrigin(origin: string | URL, proxy: ProxyConfig): boolean {
  const url = new URL(String(origin))
  const hostname = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname
  const port = url.port === '' ? (url.protocol === 'https:' ? 443 : 80) : Number(url.port)
  return url.protocol === `${proxy.scheme}:` && hostname === proxy.hostname && port === proxy.port
}

/** Drops an IP address as TLS server name: ProxyAgent sets one for the proxy, which Node warns about. */
function withoutIpServername(connect: buildConnector.connector): buildConnector.connector {
  return (options, callback) => {
    const { servername, ...rest } = options
    connect(servername !== undefined && isIP(servername) !== 0 ? rest : options, callback)
  }
}

/** For socks5: resolve the target here and give the proxy an address; TLS still checks the hostname. */
function resolveLocally(connect: buildConnector.connector): buildConnector.connector {
  return (options, callback) => {
    const hostname = options.hostname
    if (isIP(hostname) !== 0) return connect(options, callback)
    lookup(hostname, (err, address) => {
      if (err) return callback(err, null)
      connect({ ...options, hostname: address, servername: options.servername || hostname }, callback)
    })
  }
}

/** Rejects as soon as `signal` aborts, even while undici still waits for a connection. */
function raceAbort(
  promise: Promise<Dispatcher.ResponseData>,
  signal: AbortSignal | undefined,
): Promise<Dispatcher.ResponseData> {
  if (!signal) return promise
  return new Promise((resolve, reject) => {
    const onAbort = (): void => {
      reject(signal.reason)
      // A response that still arrives is nobody's: drop its connection.
      promise.then(
        (data) => data.body.destroy(),
        () => undefined,
      )
    }
    signal.addEventListener('abort', onAbort, { once: true })
    promise.then(
      (data) => {
        signal.removeEventListener('abort', onAbort)
        resolve(data)
      },
      (err: unknown) => {
        signal.removeEventListener('abort', onAbort)
        reject(err)
      },
    )
  })
}

/* ---------------------------------------------------------------- errors */

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

function proxyAuthError(ctx: FailureContext, status: number | undefined, cause?: unknown): ProviderError {
  const address = ctx.route.kind === 'proxy' ? ` at ${ctx.route.proxy.address}` : ''
  return new ProviderError({
    provider: ctx.provider,
    kind: 'proxy_auth',
    message: `The proxy${address} rejected the username or password: check the credentials in the proxy settings`,
    ...(status === undefined ? {} : { status }),
    cause,
  })
}

function fail(
  ctx: FailureContext,
  kind: ErrorKind,
  message: string,
  cause: unknown,
  extra: { status?: number; retriable?: boolean; fact?: ErrorFact } = {},
): ProviderError {
  return new ProviderError({ provider: ctx.provider, kind, message, cause, ...extra })
}

/** Maps anything undici, Node or the SOCKS client throws to a `ProviderError` that says what to do. */
export function toProviderError(raw: unknown, ctx: FailureContext): ProviderError {
  if (raw instanceof ProviderError) return raw
  const host = ctx.target.host
  if (ctx.signal?.aborted) return fail(ctx, 'aborted', 'The request was cancelled.', raw)
  if (ctx.isClosed()) return fail(ctx, 'aborted', 'The connection was closed.', raw)

  // undici wraps a proxy certificate that does not match its name.
  let err = raw
  if (codeOf(err) === 'UND_ERR_PRX_TLS' && err instanceof Error && err.cause !== undefined) err = err.cause
  const code = codeOf(err)
  const message = messageOf(err)
  const proxy = ctx.route.kind === 'proxy' ? ctx.route.proxy : undefined
  const via = proxy ? ` through the proxy at ${proxy.address}` : ''
  const isObject = typeof err === 'object' && err !== null
  const duringConnect = isObject && connectErrors.has(err as object)
  const atProxy = isObject && proxyEndpointErrors.has(err as object)

  if (isCertificateFailure(code)) {
    const whose = proxy && atProxy ? `of the proxy at ${proxy.address}` : `on the way to ${host}${via}`
    return fail(
      ctx,
      'network',
      `The TLS certificate ${whose} could not be verified (${message}). ` +
        'If a proxy or antivirus inspects TLS traffic, add its CA certificate in the proxy settings.',
      err,
      { retriable: false, fact: 'certificate_untrusted' },
    )
  }

  if (proxy) {
    // ProxyAgent reports a refused CONNECT as an abort carrying the status; the signal was checked above.
    const connectStatus = /Proxy response \((\d{3})\) !== 200/.exec(message)
    if (connectStatus) {
      const status = Number(connectStatus[1])
      if (status === 407) return proxyAuthError(ctx, status, err)
      const text =
        status === 502 || status === 503 || status === 504
          ? `The proxy at ${proxy.address} could not reach ${host} (HTTP ${status})`
          : `The proxy at ${proxy.address} refused to connect to ${host} (HTTP ${status}): ` +
            'check that the proxy allows this address'
      return fail(ctx, 'proxy', text, err, { status })
    }
    if (/Proxy Authentication Required/i.test(message)) return proxyAuthError(ctx, 407, err)
    if (isSocksClientError(err)) return socksError(err, ctx, proxy)

    if (
      atProxy &&
      code !== undefined &&
      (UNREACHABLE_CODES.has(code) || code === 'UND_ERR_CONNECT_TIMEOUT')
    ) {
      return fail(
        ctx,
        'proxy',
        `Cannot reach the proxy at ${proxy.address}: check the address and that the proxy is running`,
        err,
      )
    }
    if (duringConnect && code === 'UND_ERR_HEADERS_TIMEOUT') {
      return fail(
        ctx,
        'proxy',
        `The proxy at ${proxy.address} did not answer within ${seconds(ctx.timeouts.connectMs)}: ` +
          'check the address and that the proxy is running',
        err,
      )
    }
    // The proxy dropped the connection or botched the TLS handshake: typically http:// written for a TLS
    // proxy or the reverse.
    const handshakeFailed = code?.startsWith('ERR_SSL_') === true || code === 'EPROTO'
    if (err instanceof TunnelClosedError || (atProxy && (handshakeFailed || RESET_CODES.has(code ?? '')))) {
      return fail(
        ctx,
        'proxy',
        `The connection to the proxy at ${proxy.address} failed (${message}): check that it is running ` +
          'and whether its address should start with http:// or https://',
        err,
      )
    }
  }

  switch (code) {
    case 'UND_ERR_CONNECT_TIMEOUT':
      return fail(
        ctx,
        'timeout',
        `Could not connect to ${host}${via} within ${seconds(ctx.timeouts.connectMs)}`,
        err,
      )
    case 'UND_ERR_HEADERS_TIMEOUT':
      return fail(
        ctx,
        'timeout',
        `No reply from ${ctx.provider} within ${seconds(ctx.timeouts.firstByteMs)}`,
        err,
      )
    case 'UND_ERR_BODY_TIMEOUT':
      return fail(ctx, 'timeout', `The stream went silent for ${seconds(ctx.timeouts.idleMs)}`, err)
    case 'UND_ERR_INVALID_ARG':
    case 'UND_ERR_NOT_SUPPORTED':
      return fail(ctx, 'bad_request', `The request to ${host} is invalid: ${message}`, err, {
        retriable: false,
      })
  }
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
    return fail(
      ctx,
      'network',
      `Cannot find ${ctx.target.hostname}: check the address and the connection`,
      err,
    )
  }
  if (code !== undefined && UNREACHABLE_CODES.has(code)) {
    return fail(
      ctx,
      'network',
      `Cannot connect to ${host}${via} (${code}): check the address and the connection`,
      err,
    )
  }
  const what =
    ctx.phase === 'body' ? 'broke during the reply' : duringConnect ? 'failed while opening' : 'failed'
  return fail(ctx, 'network', `The connection to ${host}${via} ${what} (${message})`, err)
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

/** The socks client reports everything as SocksClientError with a descriptive message and no code. */
function socksError(err: Error, ctx: FailureContext, proxy: ProxyConfig): ProviderError {
  const message = err.message
  const host = ctx.target.host
  if (/Authentication failed/i.test(message)) return proxyAuthError(ctx, undefined, err)
  if (/no accepted authentication type/i.test(message)) {
    return fail(
      ctx,
      'proxy_auth',
      `The SOCKS proxy at ${proxy.address} does not accept this way of signing in: ` +
        'check whether it needs a username and password (or none)',
      err,
    )
  }
  const rejected = /rejected connection - (\w+)/.exec(message)
  if (rejected) {
    const reason = rejected[1] ?? ''
    // The proxy tried and the target did not answer: the same as a direct network failure.
    if (['HostUnreachable', 'NetworkUnreachable', 'ConnectionRefused', 'TTLExpired'].includes(reason)) {
      return fail(
        ctx,
        'network',
        `The SOCKS proxy at ${proxy.address} could not reach ${host} (${reason})`,
        err,
      )
    }
    return fail(
      ctx,
      'proxy',
      `The SOCKS proxy at ${proxy.address} refused to connect to ${host} (${reason}): ` +
        'check that the proxy allows this address',
      err,
    )
  }
  if (/timed out/i.test(message)) {
    return fail(
      ctx,
      'proxy',
      `The SOCKS proxy at ${proxy.address} did not answer within ${seconds(ctx.timeouts.connectMs)}: ` +
        'check the address and that the proxy is running',
      err,
    )
  }
  if ([...UNREACHABLE_CODES].some((c) => message.includes(c))) {
    return fail(
      ctx,
      'proxy',
      `Cannot reach the proxy at ${proxy.address}: check the address and that the proxy is running`,
      err,
    )
  }
  return fail(
    ctx,
    'proxy',
    `The SOCKS proxy at ${proxy.address} failed (${message}): check the address and that it is a SOCKS5 proxy`,
    err,
  )
}
