/**
 * Plain http:// requests through an HTTP(S) proxy in absolute form (`POST http://host/path`), answering the
 * proxy's 407 with the strongest scheme it offers, as tunnels do. Each connection to the proxy is one undici
 * `Client` (one request at a time), so NTLM's Negotiate and Authenticate messages and the request they carry
 * travel on one kept-alive connection. NTLM signs in the connection, not the request: a signed-in
 * connection carries later requests without a header, and a free one is taken first. Basic and Digest
 * answers are remembered per proxy and sent with the first try, as for tunnels.
 *
 * The request body is a string, so it can be sent again after a 407; the final response is handed back
 * untouched, streaming.
 */
import type { Duplex } from 'node:stream'
import { Client, type Dispatcher, type buildConnector } from 'undici'
import { registerSecret } from '../errors'
import {
  ProxyAuthMemory,
  ProxyAuthNegotiator,
  type NegotiatorOptions,
  type ProxyAuthScheme,
  type ProxyCredentials,
} from './negotiator'
import { ProxyAuthError } from './tunnel'

export interface ProxyRequest {
  /** The target's origin (`http://host:port`) and path, as undici's `request` splits a URL. */
  origin: string
  path: string
  method: 'GET' | 'POST'
  headers: Record<string, string>
  body?: string | undefined
  signal?: AbortSignal | undefined
  headersTimeout?: number | undefined
  bodyTimeout?: number | undefined
}

/** What one request's sign-in did (for diagnostics and handshake counts). */
export interface ProxySignIn {
  scheme?: ProxyAuthScheme
  offered: readonly string[]
  /** 407 answers received on the way (0 on a signed-in connection or with a remembered answer). */
  challenges: number
}

export interface AbsoluteFormOptions {
  /** `http://host:port` or `https://host:port` of the proxy, without credentials. */
  proxy: string
  credentials?: ProxyCredentials
  /** Opens a connection to the proxy (TCP, or TLS for an https:// proxy). */
  connect: buildConnector.connector
  negotiator?: NegotiatorOptions
  /** Free connections kept beyond this many are closed when they become free. */
  maxIdle?: number
  onSignIn?: (signIn: ProxySignIn) => void
}

interface Connection {
  client: Client
  /** The socket undici uses now; undefined while disconnected. */
  socket: Duplex | undefined
  /** The socket NTLM signed in, while it lives. */
  signedIn: Duplex | undefined
  busy: boolean
}

const MAX_407_BODY = 64 * 1024

function codeOf(err: unknown): unknown {
  return typeof err === 'object' && err !== null && 'code' in err ? err.code : undefined
}

function headerValues(value: string | string[] | undefined): string[] {
  return value === undefined ? [] : Array.isArray(value) ? value : [value]
}

export class AbsoluteFormAgent {
  private readonly connections: Connection[] = []
  private readonly memory: ProxyAuthMemory

  constructor(private readonly options: AbsoluteFormOptions) {
    this.memory = options.negotiator?.memory ?? new ProxyAuthMemory()
    if (options.credentials) registerSecret(options.credentials.password)
  }

  async request(req: ProxyRequest): Promise<Dispatcher.ResponseData> {
    const conn = this.acquire()
    const uri = `${req.origin}${req.path}`
    const negotiator = new ProxyAuthNegotiator(this.options.credentials, {
      ...this.options.negotiator,
      memory: this.memory,
    })
    const headers: Record<string, string> = {}
    for (const [name, value] of Object.entries(req.headers)) {
      if (name.toLowerCase() !== 'proxy-authorization') headers[name] = value
    }
    headers.host = new URL(req.origin).host
    let challenges = 0
    let signedIn = conn.signedIn !== undefined && conn.signedIn === conn.socket
    let authorization = signedIn ? undefined : negotiator.preemptive(req.method, uri)
    /** The connection that carried NTLM's Challenge, while its Authenticate message is on the way. */
    let sentOn: Duplex | undefined
    try {
      for (;;) {
        const data = await conn.client.request({
          origin: this.options.proxy,
          path: uri,
          method: req.method,
          headers: authorization ? { ...headers, 'proxy-authorization': authorization } : headers,
          ...(req.body === undefined ? {} : { body: req.body }),
          ...(req.signal ? { signal: req.signal } : {}),
          ...(req.headersTimeout === undefined ? {} : { headersTimeout: req.headersTimeout }),
          ...(req.bodyTimeout === undefined ? {} : { bodyTimeout: req.bodyTimeout }),
        })
        if (data.statusCode !== 407) {
          if (challenges > 0 || authorization) negotiator.succeeded()
          if (negotiator.scheme === 'ntlm') conn.signedIn = conn.socket
          if (challenges > 0 || authorization !== undefined) {
            const signIn: ProxySignIn = { offered: negotiator.offeredSchemes, challenges }
            if (negotiator.scheme) signIn.scheme = negotiator.scheme
            this.options.onSignIn?.(signIn)
          }
          // Free at the end of the body, before the caller's next request: that one then takes this
          // connection (undici's Client queues it until the socket is free) rather than opening another.
          const release = (): void => this.release(conn)
          data.body.once('end', release).once('close', release).once('error', release)
          return data
        }
        if (sentOn !== undefined && conn.socket !== sentOn) {
          // The Authenticate message went on a new connection, where it means nothing.
          throw new ProxyAuthError('proxy_auth_connection_closed', negotiator.offeredSchemes)
        }
        challenges++
        signedIn = false
        const socket = conn.socket
        const closes = headerValues(data.headers.connection)
          .concat(headerValues(data.headers['proxy-connection']))
          .some((v) => v.toLowerCase().includes('close'))
        await data.body.dump({ limit: MAX_407_BODY })
        const step = negotiator.respond(headerValues(data.headers['proxy-authenticate']), req.method, uri)
        if (step.action === 'fail') throw new ProxyAuthError(step.failure, step.offered)
        // NTLM's Authenticate message is void on any other connection than the one that got the Challenge.
        if (step.sameConnection && (closes || conn.socket !== socket || socket === undefined)) {
          throw new ProxyAuthError('proxy_auth_connection_closed', negotiator.offeredSchemes)
        }
        authorization = step.header
        sentOn = step.sameConnection ? socket : undefined
      }
    } catch (err) {
      this.release(conn)
      // The proxy closed the connection on NTLM's Authenticate message: it does not keep it alive.
      if (sentOn !== undefined && codeOf(err) === 'UND_ERR_SOCKET') {
        throw new ProxyAuthError('proxy_auth_connection_closed', negotiator.offeredSchemes)
      }
      throw err
    }
  }

  /** Closes every connection once its requests have finished. */
  async close(): Promise<void> {
    await Promise.all(this.connections.splice(0).map((c) => c.client.close()))
  }

  /** Closes every connection at once. */
  async destroy(): Promise<void> {
    await Promise.all(this.connections.splice(0).map((c) => c.client.destroy()))
  }

  /** A free signed-in connection first, then any free live one, then any free one, else a new one. */
  private acquire(): Connection {
    const free = this.connections.filter((c) => !c.busy)
    const conn =
      free.find((c) => c.signedIn !== undefined && c.signedIn === c.socket) ??
      free.find((c) => c.socket !== undefined) ??
      free[0] ??
      this.open()
    conn.busy = true
    return conn
  }

  private open(): Connection {
    const connect = this.options.connect
    // The connector runs later, on dispatch, when `conn` is set: it records which socket carries requests.
    const client = new Client(this.options.proxy, {
      connect: (opts, callback) =>
        connect(opts, (...args: Parameters<buildConnector.Callback>) => {
          const [, socket] = args
          if (socket) {
            conn.socket = socket
            socket.once('close', () => {
              if (conn.socket === socket) conn.socket = undefined
            })
          }
          callback(...args)
        }),
    })
    const conn: Connection = { client, socket: undefined, signedIn: undefined, busy: false }
    this.connections.push(conn)
    return conn
  }

  private release(conn: Connection): void {
    if (!conn.busy) return
    conn.busy = false
    const free = this.connections.filter((c) => !c.busy)
    if (free.length > (this.options.maxIdle ?? 4)) {
      this.connections.splice(this.connections.indexOf(conn), 1)
      void conn.client.close().catch(() => undefined)
    }
  }
}
