/**
 * The connection test's probes: each opens one piece of the way to a provider (the proxy, the tunnel
 * through it, a direct connection, the TLS handshake) on its own, so that a failure is blamed on its step.
 * Failures are ProviderErrors with the same kinds and facts as a chat request's.
 */
import net from 'node:net'
import tls from 'node:tls'
import { SocksClient } from 'socks'
import { ProviderError, type ErrorFact, type ErrorKind } from './errors'
import type { ProxyConfig } from './proxy'
import { proxyAuthError } from './transport-errors'
import { isCertificateFailure } from './tls-errors'

/** A failed probe: the same error type, kinds and facts as a chat request's. */
export function stepError(
  kind: ErrorKind,
  fact: ErrorFact,
  message: string,
  facts: { host?: string; proxy?: string; code?: string; status?: number; timeoutMs?: number } = {},
): ProviderError {
  return new ProviderError({ provider: 'Test', kind, fact, message, ...facts })
}

/** Fails after `ms`; `onTimeout` then releases what the step holds (a socket still connecting...). */
function withTimeout<T>(
  promise: Promise<T>,
  ms: number,
  what: string,
  [kind, fact, facts]: [ErrorKind, ErrorFact, { host?: string; proxy?: string }],
  onTimeout?: () => void,
): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      onTimeout?.()
      const message = `${what} took longer than ${Math.round(ms / 1000)} s.`
      reject(stepError(kind, fact, message, { ...facts, timeoutMs: ms }))
    }, ms)
  })
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer))
}

export async function connectToProxy(
  proxy: ProxyConfig,
  ca: string[] | undefined,
  timeoutMs: number,
  signal: AbortSignal | undefined,
): Promise<net.Socket | undefined> {
  // SOCKS connects inside its own client (next step); here only the TCP reachability is checked.
  const s =
    proxy.scheme === 'https'
      ? tls.connect({
          host: proxy.hostname,
          port: proxy.port,
          servername: proxy.hostname,
          ...(ca ? { ca } : {}),
        })
      : net.connect({ host: proxy.hostname, port: proxy.port, signal })
  const socket = await withTimeout(
    new Promise<net.Socket>((resolve, reject) => {
      s.once(proxy.scheme === 'https' ? 'secureConnect' : 'connect', () => resolve(s))
      s.once('error', (error) => {
        s.destroy()
        const code = (error as NodeJS.ErrnoException).code
        reject(
          stepError(
            'proxy',
            'proxy_unreachable',
            `Cannot reach the proxy at ${proxy.address} (${code ?? error.message}): check the address and that the proxy is running.`,
            { proxy: proxy.address, ...(code === undefined ? {} : { code }) },
          ),
        )
      })
    }),
    timeoutMs,
    `Reaching the proxy at ${proxy.address}`,
    ['proxy', 'proxy_no_answer', { proxy: proxy.address }],
    () => s.destroy(),
  )
  if (proxy.scheme === 'socks5' || proxy.scheme === 'socks5h') {
    socket.destroy()
    return undefined
  }
  return socket
}

/** A tunnel through a SOCKS5 proxy (HTTP(S) proxies negotiate their sign-in in connection-tunnel.ts). */
export async function openSocksTunnel(
  proxy: ProxyConfig,
  host: string,
  port: number,
  timeoutMs: number,
): Promise<net.Socket> {
  try {
    const destinationHost = proxy.scheme === 'socks5' ? await resolve(host) : host
    const { socket: tunnel } = await SocksClient.createConnection({
      proxy: {
        host: proxy.hostname,
        port: proxy.port,
        type: 5,
        ...(proxy.username !== undefined ? { userId: proxy.username, password: proxy.password ?? '' } : {}),
      },
      command: 'connect',
      destination: { host: destinationHost, port },
      timeout: timeoutMs,
    })
    return tunnel
  } catch (error) {
    const text = error instanceof Error ? error.message : String(error)
    if (/auth/i.test(text)) throw proxyAuthError({ provider: 'Test', proxy: proxy.address })
    throw stepError(
      'proxy',
      'socks_failed',
      `The SOCKS proxy could not open a connection to ${host}:${port} (${text}).`,
      { proxy: proxy.address, host: `${host}:${port}` },
    )
  }
}

export function connectDirect(
  host: string,
  port: number,
  timeoutMs: number,
  signal: AbortSignal | undefined,
): Promise<net.Socket> {
  const socket = net.connect({ host, port, signal })
  return withTimeout(
    new Promise<net.Socket>((resolveSocket, reject) => {
      socket.once('connect', () => resolveSocket(socket))
      socket.once('error', (error) => {
        const code = (error as NodeJS.ErrnoException).code
        const notFound = code === 'ENOTFOUND' || code === 'EAI_AGAIN'
        reject(
          stepError(
            'network',
            notFound ? 'host_not_found' : 'connection_failed',
            `Cannot connect to ${host}:${port} (${code ?? error.message}).`,
            { host: `${host}:${port}`, ...(code === undefined ? {} : { code }) },
          ),
        )
      })
    }),
    timeoutMs,
    `Connecting to ${host}`,
    ['timeout', 'connect_timeout', { host: `${host}:${port}` }],
    () => socket.destroy(),
  )
}

export function tlsHandshake(
  socket: net.Socket,
  servername: string,
  ca: string[] | undefined,
  timeoutMs: number,
): Promise<tls.TLSSocket> {
  const secured = tls.connect({
    socket,
    ...(net.isIP(servername) ? {} : { servername }),
    ...(ca ? { ca } : {}),
  })
  return withTimeout(
    new Promise<tls.TLSSocket>((resolveSocket, reject) => {
      secured.once('secureConnect', () => resolveSocket(secured))
      secured.once('error', (error) => {
        secured.destroy()
        const code = (error as NodeJS.ErrnoException).code ?? ''
        const certificate = isCertificateFailure(code)
        reject(
          stepError(
            'network',
            certificate ? 'certificate_untrusted' : 'tls_failed',
            certificate
              ? `The certificate of ${servername} is not trusted (${code || error.message}). If your network inspects TLS (a corporate proxy), add its CA certificate in the proxy settings.`
              : `The secure connection to ${servername} failed (${code || error.message}).`,
            { host: servername, ...(code ? { code } : {}) },
          ),
        )
      })
    }),
    timeoutMs,
    'The TLS handshake',
    ['timeout', 'connect_timeout', { host: servername }],
    () => secured.destroy(),
  )
}

async function resolve(host: string): Promise<string> {
  if (net.isIP(host)) return host
  const { lookup } = await import('node:dns/promises')
  return (await lookup(host)).address
}
