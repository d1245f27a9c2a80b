/**
 * The HTTP transport: undici's `request` API over one dispatcher per route. Which route serves a URL is
 * decided in `routing.ts`, dispatchers are built in `dispatchers.ts`, and failures are classified in
 * `transport-errors.ts`; this file sends the request, fails over between routes, and reads the response.
 */
import type { Dispatcher } from 'undici'
import { connectTags, Dispatchers } from './dispatchers'
import { ProviderError } from './errors'
import { Router, type Route } from './routing'
import { isProxyUnreachable, proxyAuthError, toProviderError, type FailureContext } from './transport-errors'
import { DEFAULT_TIMEOUTS } from './transport-types'
import type { HttpRequest, HttpResponse, Timeouts, Transport, TransportOptions } from './transport-types'

export class HttpTransport implements Transport {
  private readonly timeouts: Timeouts
  private readonly router: Router
  /** One dispatcher per route, created on first use and reused so connections and tunnels stay alive. */
  private readonly dispatchers: Dispatchers
  private closed = false

  constructor(options: TransportOptions) {
    this.timeouts = { ...DEFAULT_TIMEOUTS, ...options.timeouts }
    this.router = new Router(options, options.clock)
    this.dispatchers = new Dispatchers({
      ...(options.ca === undefined ? {} : { ca: options.ca }),
      connectMs: this.timeouts.connectMs,
    })
  }

  async request(req: HttpRequest): Promise<HttpResponse> {
    const { provider } = req
    let target: URL
    try {
      target = new URL(req.url)
    } catch {
      throw new ProviderError({
        provider,
        kind: 'bad_request',
        fact: 'invalid_url',
        message: `'${req.url}' is not a valid URL`,
      })
    }
    if (target.protocol !== 'http:' && target.protocol !== 'https:') {
      throw new ProviderError({
        provider,
        kind: 'bad_request',
        fact: 'unsupported_protocol',
        code: target.protocol,
        message: `Only http:// and https:// addresses are supported, not '${target.protocol}'`,
      })
    }
    if (this.closed) {
      throw new ProviderError({
        provider,
        kind: 'aborted',
        fact: 'closed',
        message: 'The connection was closed.',
      })
    }
    const routes = this.router.routesFor(target, provider)
    for (const [i, route] of routes.entries()) {
      try {
        return await this.send(req, target, route, i < routes.length - 1)
      } catch (err) {
        if (!(err instanceof ProxyUnreachable)) throw err
        // Like a browser with a PAC result: the next entry, and this proxy is tried last for a while.
        this.router.markUnreachable(route)
      }
    }
    throw new ProviderError({
      provider,
      kind: 'proxy',
      fact: 'no_proxy_reachable',
      host: target.host,
      message: 'No proxy could be reached.',
    })
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
      tagsOf: connectTags,
    }
    if (signal?.aborted) throw toProviderError(signal.reason, ctx)

    let data: Dispatcher.ResponseData
    try {
      data = await raceAbort(
        this.dispatchers.for(route, target).request({
          origin: target.origin,
          path: `${target.pathname}${target.search}`,
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
      if (
        canFailOver &&
        !signal?.aborted &&
        !this.closed &&
        isProxyUnreachable(err, route, connectTags(err))
      ) {
        throw new ProxyUnreachable()
      }
      throw toProviderError(err, ctx)
    }

    // Only a proxy answers 407; in absolute form (http:// targets) it arrives as an ordinary response.
    const httpProxy =
      route.kind === 'proxy' && (route.proxy.scheme === 'http' || route.proxy.scheme === 'https')
    if (data.statusCode === 407 && httpProxy) {
      data.body.destroy()
      throw proxyAuthError({ provider, proxy: route.proxy.address, status: 407 })
    }
    return new UndiciResponse(data, ctx)
  }

  /**
   * Lets go of the connections without cutting anything off: requests in flight (a streaming reply)
   * run to their end, then their connections close (undici's graceful `Dispatcher.close()`). A later
   * request opens new connections, which close by themselves once idle.
   */
  async release(): Promise<void> {
    await this.dispatchers.clear((d) => d.close().catch(() => undefined))
  }

  /** Closes every connection at once; requests still running fail with kind 'aborted'. */
  async close(): Promise<void> {
    this.closed = true
    await this.dispatchers.clear((d) => d.destroy())
  }
}

/** Thrown by one attempt when its proxy cannot be reached and another route remains. */
class ProxyUnreachable extends Error {
  override readonly name = 'ProxyUnreachable'
}

/* -------------------------------------------------------------- responses */

/**
 * After a stream's own end marker (`[DONE]`), how long the rest of the body (the chunked terminator, usually
 * already on its way) may take, and how many bytes it may have, before the connection is closed instead.
 */
export const FINISH_GRACE_MS = 500
const FINISH_MAX_BYTES = 64 * 1024

class UndiciResponse implements HttpResponse {
  readonly status: number
  readonly headers: Record<string, string | string[] | undefined>
  readonly body: AsyncIterable<Uint8Array>
  private readonly iterator: AsyncGenerator<Uint8Array, void, undefined>
  private readonly data: Dispatcher.ResponseData
  private readonly ctx: FailureContext
  private closedByConsumer = false
  private ended = false

  constructor(data: Dispatcher.ResponseData, ctx: FailureContext) {
    this.data = data
    this.ctx = ctx
    this.status = data.statusCode
    this.headers = data.headers
    this.iterator = this.read()
    this.body = this.iterator
  }

  private async *read(): AsyncGenerator<Uint8Array, void, undefined> {
    try {
      for await (const chunk of this.data.body) yield chunk as Uint8Array
      // undici frees the connection a macrotask after the body ends; a request sent before that would
      // open a second connection (a second CONNECT through a proxy) instead of reusing this one.
      await new Promise((resolve) => setImmediate(resolve))
      this.ended = true
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

  /**
   * Reads what is left after the stream's end marker, so the connection goes back to the pool before the
   * caller's next request (closing it there would cost a new connection, and a new NTLM handshake through
   * a company proxy). A server that keeps the body open past the grace period gets its connection closed.
   */
  async finish(): Promise<void> {
    let timer: NodeJS.Timeout | undefined
    const late = new Promise<'late'>(
      (resolve) => (timer = setTimeout(() => resolve('late'), FINISH_GRACE_MS)),
    )
    let extra = 0
    try {
      while (!this.ended && extra <= FINISH_MAX_BYTES) {
        const next = this.iterator.next()
        // Settles after close() below when late; its failure is nobody's.
        next.catch(() => undefined)
        const step = await Promise.race([next, late])
        if (step === 'late' || step.done === true) break
        extra += step.value.byteLength
      }
    } catch {
      // The body failed after the end marker: the reply is complete all the same.
    } finally {
      clearTimeout(timer)
    }
    if (!this.ended) this.close()
  }

  close(): void {
    if (this.ended) return
    this.closedByConsumer = true
    // Destroying an unfinished body makes undici drop the socket, so the server sees the close at once.
    this.data.body.destroy()
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
