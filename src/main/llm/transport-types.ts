/** The HTTP layer's contract, shared by providers and the transport that implements it. */

/**
 * A proxy URL, or a list to fail over through in order, as browsers do with a PAC result: the next entry is
 * tried when a proxy cannot be reached. `'DIRECT'` in a list means a direct connection.
 */
export type ProxyRoute = string | readonly string[]

export interface Proxies {
  /** Proxy for http:// targets. */
  http?: ProxyRoute
  /** Proxy for https:// targets. */
  https?: ProxyRoute
}

export interface Timeouts {
  /** Longest wait to open a connection (to the proxy when there is one). */
  connectMs: number
  /** Longest wait from sending the request to the response headers. */
  firstByteMs: number
  /** Longest silence allowed between two reads of the response body. */
  idleMs: number
}

export const DEFAULT_TIMEOUTS: Timeouts = { connectMs: 15_000, firstByteMs: 120_000, idleMs: 120_000 }

export interface TransportOptions {
  proxies?: Proxies
  /** Hosts that bypass the proxy. Default: loopback. An empty list sends everything through the proxy. */
  noProxy?: string[]
  /** Extra PEM certificates to trust, for proxies that inspect TLS. */
  ca?: string | string[]
  timeouts?: Partial<Timeouts>
  /** For tests: the clock that times how long an unreachable proxy is tried last. Default `Date.now`. */
  clock?: () => number
}

export interface HttpRequest {
  /** Provider name, for the errors this request may throw. */
  provider: string
  url: string
  method: 'GET' | 'POST'
  headers: Record<string, string>
  body?: string
  signal?: AbortSignal
}

export interface HttpResponse {
  status: number
  headers: Record<string, string | string[] | undefined>
  /** Raw body bytes; iteration throws `ProviderError` (network, timeout, aborted). */
  body: AsyncIterable<Uint8Array>
  /** Reads the whole body as text (for error responses and non-streaming calls). */
  text(): Promise<string>
  /**
   * The stream's own end marker (`[DONE]`) arrived: reads the rest of the body for a short while so the
   * connection can serve the next request, and closes it when the rest does not come.
   */
  finish(): Promise<void>
  /** Closes the connection at once (on abort and when a consumer stops early). */
  close(): void
}

/** Sends HTTP requests, through the configured proxy where one applies. Throws `ProviderError`. */
export interface Transport {
  request(req: HttpRequest): Promise<HttpResponse>
  close(): Promise<void>
}
