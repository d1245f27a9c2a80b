/**
 * Dispatcher construction: one undici dispatcher per route, created on first use and reused so that
 * connections and tunnels stay alive.
 * - direct: an undici `Agent`.
 * - `http://` / `https://` proxies, https:// targets: an `Agent` whose connections are CONNECT tunnels
 *   opened by `tunnelConnector`, which answers the proxy's 407 with NTLM, Digest or Basic, whichever is the
 *   strongest it offers (undici's ProxyAgent can only send a fixed Basic header).
 * - `http://` / `https://` proxies, http:// targets: `AbsoluteFormAgent`, which sends them in absolute form
 *   (`GET http://host/path`), like curl, because many proxies only allow CONNECT to port 443, and answers
 *   the proxy's 407 the same way on one kept-alive connection per request. An https:// proxy is reached
 *   over TLS.
 * - `socks5h://`: fetch-socks; the proxy resolves the target hostname.
 * - `socks5://`: fetch-socks after resolving the hostname here, so the proxy only sees an address.
 *
 * Errors raised while opening connections are tagged (where they came from) for the error classifier.
 */
import { lookup } from 'node:dns'
import { isIP } from 'node:net'
import { Agent, buildConnector } from 'undici'
import type { Dispatcher } from 'undici'
import { socksConnector } from 'fetch-socks'
import {
  AbsoluteFormAgent,
  ProxyAuthMemory,
  ProxyTunnelError,
  tunnelConnector,
  type ProxyRequest,
  type ProxySignIn,
  type Tunnel,
} from './proxy-auth'
import type { ProxyConfig } from './proxy'
import { routeKey, type Route } from './routing'
import type { ConnectTags } from './transport-errors'
import { trustedCa } from './trusted-roots'

export interface DispatcherOptions {
  /** Extra CAs from the settings, added to the default roots when the first connection is set up. */
  ca?: string | string[]
  /** Longest wait to open a connection (and for a proxy's answer to CONNECT). */
  connectMs: number
  /** Called with each tunnel opened through an HTTP(S) proxy: its auth scheme, for diagnostics. */
  onTunnel?: (tunnel: Tunnel, proxy: ProxyConfig) => void
  /** Called when a plain http:// request signed in to its HTTP(S) proxy (for diagnostics). */
  onSignIn?: (signIn: ProxySignIn, proxy: ProxyConfig) => void
}

/** What the transport sends a request through: an undici dispatcher, or the absolute-form agent. */
export interface Sender {
  request(req: ProxyRequest): Promise<Dispatcher.ResponseData>
  /** Closes the connections once the requests in flight have finished. */
  close(): Promise<void>
  /** Closes every connection at once. */
  destroy(): Promise<void>
}

export class Dispatchers {
  private readonly options: DispatcherOptions
  private readonly byRoute = new Map<string, Sender>()
  /** Per proxy, shared by its tunnels and its absolute-form requests: a Basic or Digest answer that worked. */
  private readonly memories = new Map<string, ProxyAuthMemory>()
  /** Trusted roots when extra CAs are configured; undefined keeps Node's defaults. Built on first use. */
  private ca: readonly string[] | undefined
  private caBuilt = false

  constructor(options: DispatcherOptions) {
    this.options = options
  }

  /** The dispatcher for `route` and the target's protocol, created on first use. */
  for(route: Route, target: URL): Sender {
    // Through an HTTP(S) proxy, https:// targets take authenticated tunnels, http:// ones absolute form.
    const httpProxy =
      route.kind === 'proxy' && (route.proxy.scheme === 'http' || route.proxy.scheme === 'https')
    const tunnel = httpProxy && target.protocol === 'https:'
    const key = `${routeKey(route)}${tunnel ? ' tunnel' : ''}`
    let sender = this.byRoute.get(key)
    if (!sender) {
      const memory = this.memoryFor(routeKey(route))
      sender =
        route.kind === 'direct'
          ? senderOf(this.directAgent())
          : tunnel
            ? senderOf(this.tunnelAgent(route.proxy, memory))
            : httpProxy
              ? this.absoluteFormAgent(route.proxy, memory)
              : senderOf(this.socksAgent(route.proxy))
      this.byRoute.set(key, sender)
    }
    return sender
  }

  private memoryFor(key: string): ProxyAuthMemory {
    let memory = this.memories.get(key)
    if (!memory) {
      memory = new ProxyAuthMemory()
      this.memories.set(key, memory)
    }
    return memory
  }

  /** Forgets every dispatcher; `end` closes each (gracefully or at once). */
  async clear(end: (sender: Sender) => Promise<void>): Promise<void> {
    const all = [...this.byRoute.values()]
    this.byRoute.clear()
    this.memories.clear()
    await Promise.all(all.map(end))
  }

  private tlsOptions(): buildConnector.BuildOptions {
    // The system's roots are read here, when the first connection is set up, never at start-up.
    if (!this.caBuilt) {
      this.ca = trustedCa(this.options.ca)
      this.caBuilt = true
    }
    return { timeout: this.options.connectMs, ...(this.ca ? { ca: [...this.ca] } : {}) }
  }

  private directAgent(): Dispatcher {
    return new Agent({ connect: tagConnectErrors(buildConnector(this.tlsOptions())) })
  }

  /**
   * CONNECT tunnels authenticated by the proxy's challenge. A Basic or Digest answer that worked goes with
   * the next tunnel's first CONNECT (the memory is the proxy's); an NTLM-authenticated tunnel stays in
   * the Agent's pool and later requests reuse it without a new handshake.
   */
  private tunnelAgent(proxy: ProxyConfig, memory: ProxyAuthMemory): Dispatcher {
    const { timeout: _timeout, ...roots } = this.tlsOptions()
    const onTunnel = this.options.onTunnel
    const connector = tunnelConnector({
      // Credentials apart from the URL, decoded (ProxyConfig holds them so): no URL carries them.
      proxy: `${proxy.scheme}://${proxy.address}`,
      ...(proxy.username === undefined && proxy.password === undefined
        ? {}
        : { credentials: { username: proxy.username ?? '', password: proxy.password ?? '' } }),
      proxyTls: roots,
      tls: this.tlsOptions(),
      timeoutMs: this.options.connectMs,
      negotiator: { memory },
      ...(onTunnel ? { onTunnel: (tunnel: Tunnel) => onTunnel(tunnel, proxy) } : {}),
    })
    return new Agent({ connect: tagConnectErrors(connector, { tunnelErrorsAtProxy: true }) })
  }

  private socksAgent(proxy: ProxyConfig): Dispatcher {
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

  /**
   * http:// targets through an HTTP(S) proxy: absolute-form requests (`GET http://host/path`), like curl,
   * because many proxies only allow CONNECT to port 443; the proxy's 407 is answered as for tunnels.
   */
  private absoluteFormAgent(proxy: ProxyConfig, memory: ProxyAuthMemory): Sender {
    const onSignIn = this.options.onSignIn
    return new AbsoluteFormAgent({
      proxy: `${proxy.scheme}://${proxy.address}`,
      ...(proxy.username === undefined && proxy.password === undefined
        ? {}
        : { credentials: { username: proxy.username ?? '', password: proxy.password ?? '' } }),
      connect: tagConnectErrors(buildConnector(this.tlsOptions()), { toProxy: true }),
      negotiator: { memory },
      ...(onSignIn ? { onSignIn: (signIn: ProxySignIn) => onSignIn(signIn, proxy) } : {}),
    })
  }
}

/** An undici dispatcher as a Sender: the request API, which is what undici's `request(url)` calls. */
function senderOf(dispatcher: Dispatcher): Sender {
  return {
    request: (req) => dispatcher.request(req),
    close: () => dispatcher.close(),
    destroy: () => dispatcher.destroy(),
  }
}

/* ------------------------------------------------------------ error tags */

/** Errors raised while opening a connection (to the proxy, through it, or directly). */
const connectErrors = new WeakSet<object>()
/** The subset raised by the connection to the proxy itself (TCP, and TLS for https:// proxies). */
const proxyEndpointErrors = new WeakSet<object>()
/** The proxy dropped the connection while the tunnel was being set up. */
const tunnelClosedErrors = new WeakSet<object>()

/** Where an error raised while opening a connection came from: what the classifier needs to know. */
export function connectTags(err: unknown): ConnectTags {
  if (typeof err !== 'object' || err === null) return {}
  return {
    ...(connectErrors.has(err) ? { duringConnect: true } : {}),
    ...(proxyEndpointErrors.has(err) ? { atProxy: true } : {}),
    ...(tunnelClosedErrors.has(err) ? { tunnelClosed: true } : {}),
  }
}

function codeOf(err: unknown): string | undefined {
  const code = (err as { code?: unknown } | null)?.code
  return typeof code === 'string' ? code : undefined
}

/** Wraps a connector to remember which errors came from opening connections, and where. */
function tagConnectErrors(
  connect: buildConnector.connector,
  { toProxy = false, tunnelErrorsAtProxy = false }: { toProxy?: boolean; tunnelErrorsAtProxy?: boolean } = {},
): buildConnector.connector {
  return (options, callback) =>
    connect(options, (...args: Parameters<buildConnector.Callback>) => {
      let [err] = args
      if (!err) return callback(...args)
      // undici 7 treats a socket error while connecting as recoverable and reconnects in a tight loop,
      // forever, when a proxy closes the connection during CONNECT (nodejs/undici#3897): make it final.
      const code = codeOf(err)
      if (code === 'UND_ERR_SOCKET' || code === 'UND_ERR_INFO') {
        err = Object.assign(new Error(err.message), { name: 'TunnelClosedError', code: 'ECONNRESET' })
        tunnelClosedErrors.add(err)
      }
      connectErrors.add(err)
      // A tunnel that failed before it was up failed at the proxy; TLS to the target inside it did not.
      if (toProxy || (tunnelErrorsAtProxy && err instanceof ProxyTunnelError)) proxyEndpointErrors.add(err)
      if (err instanceof ProxyTunnelError && err.closed) tunnelClosedErrors.add(err)
      callback(err, null)
    })
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
