/**
 * A CONNECT tunnel through an HTTP(S) proxy that answers the proxy's 407 with the strongest scheme it offers
 * (NTLM, Digest, Basic) on the same kept-alive connection, and hands back the connected socket. `tunnelConnector`
 * wraps it as an undici `connect` function, so an undici Agent keeps each authenticated tunnel in its pool:
 * later requests to the same origin reuse it without a new handshake.
 */
import net from 'node:net'
import tls from 'node:tls'
import { buildConnector } from 'undici'
import { redactSecrets, registerSecret } from '../errors'
import type { ProxyAuthFailure, ProxyAuthScheme, NegotiatorOptions, ProxyCredentials } from './negotiator'
import { ProxyAuthMemory, ProxyAuthNegotiator } from './negotiator'
import { ConnectionClosedError, ResponseReader } from './response-reader'

export interface TunnelOptions {
  /** `http://` or `https://` proxy URL; credentials in its userinfo (percent-encoded), as in `proxies`. */
  proxy: string | URL
  /** Credentials given apart from the URL (they win over its userinfo), so no URL has to carry them. */
  credentials?: ProxyCredentials
  /** The origin to reach through the tunnel. */
  host: string
  port: number
  /** TLS options for an `https://` proxy (its CA certificates, for instance). */
  proxyTls?: tls.ConnectionOptions
  /** A connection to the proxy already open (the connection test's probe): the first round goes on it. */
  socket?: net.Socket
  /** For the whole tunnel set-up, handshake included. */
  timeoutMs?: number
  signal?: AbortSignal
  negotiator?: NegotiatorOptions
  /** Starts the set-up timer and returns its cancel function; injectable so tests need no real time. */
  startTimer?: (onTimeout: () => void, ms: number) => () => void
}

const realTimer = (onTimeout: () => void, ms: number): (() => void) => {
  const timer = setTimeout(onTimeout, ms)
  return () => clearTimeout(timer)
}

export interface Tunnel {
  socket: net.Socket
  /** The scheme that authenticated the tunnel; undefined when the proxy asked for none. */
  scheme?: ProxyAuthScheme
  /** Schemes the proxy offered, as it spelled them (for diagnostics). */
  offered: readonly string[]
  /** TCP connections opened to the proxy (more than one when it closed between rounds). */
  connections: number
  /** 407 answers received on the way (0 when a remembered answer was accepted at once). */
  challenges: number
}

/** The proxy refused or could not be authenticated to: always a `proxy_auth` failure for the user. */
export class ProxyAuthError extends Error {
  override readonly name = 'ProxyAuthError'
  readonly kind = 'proxy_auth'
  constructor(
    readonly failure: ProxyAuthFailure,
    readonly offered: readonly string[],
  ) {
    super(`Proxy authentication failed (${failure}); the proxy offered: ${offered.join(', ') || 'nothing'}.`)
  }
}

/** The tunnel could not be set up for another reason: the proxy's answer, the network, a timeout, an abort. */
export class ProxyTunnelError extends Error {
  override readonly name = 'ProxyTunnelError'
  /** The system's code of the connection failure to the proxy (`ECONNREFUSED`), when there was one. */
  readonly code: string | undefined
  /** The proxy closed the connection before the tunnel was up. */
  readonly closed: boolean
  constructor(
    message: string,
    readonly kind: 'proxy' | 'timeout' | 'aborted',
    readonly status?: number,
    detail: { code?: string | undefined; closed?: boolean; cause?: unknown } = {},
  ) {
    super(redactSecrets(message), detail.cause === undefined ? undefined : { cause: detail.cause })
    this.code = detail.code
    this.closed = detail.closed ?? false
  }
}

function codeOf(err: unknown): string | undefined {
  const code = (err as { code?: unknown } | null)?.code
  return typeof code === 'string' ? code : undefined
}

function credentialsOf(proxy: URL): ProxyCredentials | undefined {
  if (proxy.username === '' && proxy.password === '') return undefined
  const username = decodeURIComponent(proxy.username)
  const password = decodeURIComponent(proxy.password)
  registerSecret(password)
  return { username, password }
}

/** Starts a connection to the proxy; `ready` settles on connect, or rejects on error or destruction. */
function dialProxy(proxy: URL, options: TunnelOptions): { socket: net.Socket; ready: Promise<void> } {
  const port = Number(proxy.port) || (proxy.protocol === 'https:' ? 443 : 80)
  const host = proxy.hostname.replace(/^\[(.*)\]$/, '$1')
  const socket =
    proxy.protocol === 'https:'
      ? tls.connect({ host, port, ...(net.isIP(host) ? {} : { servername: host }), ...options.proxyTls })
      : net.connect({ host, port })
  const ready = new Promise<void>((resolve, reject) => {
    const onClose = (): void => reject(new ConnectionClosedError('The connection to the proxy closed.'))
    socket.once(proxy.protocol === 'https:' ? 'secureConnect' : 'connect', () => {
      socket.off('error', reject)
      socket.off('close', onClose)
      resolve()
    })
    socket.once('error', reject)
    socket.once('close', onClose)
  })
  return { socket, ready }
}

/** Opens the tunnel, authenticating as the proxy asks. Rejects with ProxyAuthError or ProxyTunnelError. */
export async function openTunnel(options: TunnelOptions): Promise<Tunnel> {
  const proxy = typeof options.proxy === 'string' ? new URL(options.proxy) : options.proxy
  if (proxy.protocol !== 'http:' && proxy.protocol !== 'https:') {
    throw new ProxyTunnelError(`Not an HTTP proxy: ${proxy.protocol}`, 'proxy')
  }
  if (options.credentials) registerSecret(options.credentials.password)
  const negotiator = new ProxyAuthNegotiator(options.credentials ?? credentialsOf(proxy), options.negotiator)
  const authority =
    options.host.includes(':') && !options.host.startsWith('[') ? `[${options.host}]` : options.host
  const target = `${authority}:${options.port}`
  let socket: net.Socket | undefined = options.socket
  let connections = socket ? 1 : 0
  let challenges = 0

  const stop = (error: ProxyTunnelError): void => {
    failure ??= error
    socket?.destroy()
  }
  let failure: ProxyTunnelError | undefined
  const cancelTimer = (options.startTimer ?? realTimer)(
    () => stop(new ProxyTunnelError('Timed out setting up the tunnel through the proxy.', 'timeout')),
    options.timeoutMs ?? 30_000,
  )
  const onAbort = (): void => stop(new ProxyTunnelError('Aborted.', 'aborted'))
  options.signal?.addEventListener('abort', onAbort, { once: true })
  if (options.signal?.aborted) onAbort()

  try {
    let authorization = negotiator.preemptive('CONNECT', target)
    let sameConnection = false
    let reader: ResponseReader | undefined = socket ? new ResponseReader(socket) : undefined
    // Whether this connection already carried a response: a proxy may close it silently after a 407.
    let reused = false
    for (;;) {
      if (failure) throw failure
      if (!socket || !reader) {
        const dialed = dialProxy(proxy, options)
        socket = dialed.socket
        connections++
        await dialed.ready
        reader = new ResponseReader(socket)
        reused = false
      }
      const lines = [`CONNECT ${target} HTTP/1.1`, `Host: ${target}`, 'Proxy-Connection: keep-alive']
      if (authorization) lines.push(`Proxy-Authorization: ${authorization}`)
      socket.write(lines.join('\r\n') + '\r\n\r\n')
      let response
      try {
        response = await reader.read()
      } catch (err) {
        // Closed without a word after its last answer: ask again on a new connection, as HTTP clients do.
        // Not for NTLM's Authenticate message, which is void on any other connection.
        if (!(err instanceof ConnectionClosedError) || !reused || sameConnection || failure) throw err
        reader.release()
        socket.destroy()
        socket = undefined
        reader = undefined
        continue
      }
      reused = true
      if (response.status >= 200 && response.status < 300) {
        negotiator.succeeded()
        reader.release()
        const tunnel: Tunnel = { socket, offered: negotiator.offeredSchemes, connections, challenges }
        if (negotiator.scheme) tunnel.scheme = negotiator.scheme
        return tunnel
      }
      if (response.status !== 407) {
        throw new ProxyTunnelError(
          `The proxy answered CONNECT with HTTP ${response.status}.`,
          'proxy',
          response.status,
        )
      }
      challenges++
      const offers = response.headers
        .filter(([name]) => name === 'proxy-authenticate')
        .map(([, value]) => value)
      const step = negotiator.respond(offers, 'CONNECT', target)
      if (step.action === 'fail') throw new ProxyAuthError(step.failure, step.offered)
      authorization = step.header
      sameConnection = step.sameConnection
      if (response.closes) {
        if (step.sameConnection)
          throw new ProxyAuthError('proxy_auth_connection_closed', negotiator.offeredSchemes)
        reader.release()
        socket.destroy()
        socket = undefined
        reader = undefined
      }
    }
  } catch (err) {
    socket?.destroy()
    if (failure) throw failure
    if (err instanceof ProxyAuthError || err instanceof ProxyTunnelError) throw err
    if (err instanceof ConnectionClosedError && negotiator.scheme === 'ntlm') {
      throw new ProxyAuthError('proxy_auth_connection_closed', negotiator.offeredSchemes)
    }
    const message = err instanceof Error ? err.message : String(err)
    throw new ProxyTunnelError(`Could not open a tunnel through the proxy: ${message}`, 'proxy', undefined, {
      code: codeOf(err),
      closed: err instanceof ConnectionClosedError,
      cause: err,
    })
  } finally {
    cancelTimer()
    options.signal?.removeEventListener('abort', onAbort)
  }
}

export interface TunnelConnectorOptions extends Omit<TunnelOptions, 'host' | 'port' | 'signal'> {
  /** TLS options for the origin inside the tunnel (its CA certificates, for instance). */
  tls?: buildConnector.BuildOptions
  /** Called with each tunnel opened (for diagnostics and handshake counts). */
  onTunnel?: (tunnel: Tunnel) => void
}

/**
 * An undici `connect` function: `new Agent({ connect: tunnelConnector({ proxy }) })`. `https:` origins get
 * TLS inside the tunnel through undici's own connector (`httpSocket`), `http:` origins the bare tunnel.
 */
export function tunnelConnector(options: TunnelConnectorOptions): buildConnector.connector {
  const { tls: tlsOptions, onTunnel, ...tunnelOptions } = options
  const secure = buildConnector({ ...tlsOptions })
  // One memory per connector, i.e. per proxy: new connections reuse a Basic or Digest answer.
  const memory = options.negotiator?.memory ?? new ProxyAuthMemory()
  tunnelOptions.negotiator = { ...options.negotiator, memory }
  return (opts, callback) => {
    const https = opts.protocol === 'https:'
    openTunnel({ ...tunnelOptions, host: opts.hostname, port: Number(opts.port) || (https ? 443 : 80) }).then(
      (tunnel) => {
        onTunnel?.(tunnel)
        if (https) secure({ ...opts, httpSocket: tunnel.socket }, callback)
        else callback(null, tunnel.socket)
      },
      (err: Error) => callback(err, null),
    )
  }
}
