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
import type { CertificateName } from '../../shared/connection-test'
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

/**
 * The TLS handshake with the provider's address, and the chain it presented (`onCertificates`, leaf first).
 * The chain is read before the verdict, so an untrusted one (a TLS-inspecting proxy's) is reported too:
 * Node only keeps the peer's certificates on a socket it has not destroyed, so verification is not left to
 * `rejectUnauthorized` but done here from Node's own verdict (`authorized`, `authorizationError`, which
 * include the host name check). Nothing is ever sent on this socket: the probe closes it either way.
 */
export function tlsHandshake(
  socket: net.Socket,
  servername: string,
  ca: string[] | undefined,
  timeoutMs: number,
  onCertificates?: (chain: CertificateName[]) => void,
): Promise<tls.TLSSocket> {
  const secured = tls.connect({
    socket,
    ...(net.isIP(servername) ? {} : { servername }),
    ...(ca ? { ca } : {}),
    rejectUnauthorized: false,
  })
  const failed = (code: string, detail: string): ProviderError => {
    const certificate = isCertificateFailure(code)
    return stepError(
      'network',
      certificate ? 'certificate_untrusted' : 'tls_failed',
      certificate
        ? `The certificate of ${servername} is not trusted (${code || detail}). If your network inspects TLS (a corporate proxy), add its CA certificate in the proxy settings.`
        : `The secure connection to ${servername} failed (${code || detail}).`,
      { host: servername, ...(code ? { code } : {}) },
    )
  }
  return withTimeout(
    new Promise<tls.TLSSocket>((resolveSocket, reject) => {
      secured.once('secureConnect', () => {
        onCertificates?.(certificateChain(secured.getPeerCertificate(true)))
        if (secured.authorized) return resolveSocket(secured)
        secured.destroy()
        const verdict = secured.authorizationError
        const code = typeof verdict === 'string' ? verdict : (verdict?.message ?? '')
        reject(failed(code, 'not trusted'))
      })
      secured.once('error', (error) => {
        secured.destroy()
        reject(failed((error as NodeJS.ErrnoException).code ?? '', error.message))
      })
    }),
    timeoutMs,
    'The TLS handshake',
    ['timeout', 'connect_timeout', { host: servername }],
    () => secured.destroy(),
  )
}

/** At most this many certificates are listed: real chains have 2 to 4. */
const MAX_CHAIN = 8

/** Subject and issuer of each certificate in a peer's chain, leaf first, up to the self-signed root. */
export function certificateChain(leaf: tls.DetailedPeerCertificate | undefined): CertificateName[] {
  const chain: CertificateName[] = []
  const seen = new Set<tls.DetailedPeerCertificate>()
  let cert = leaf
  // An empty object stands for "no certificate" (Node's getPeerCertificate on a socket without one).
  while (cert && cert.subject && !seen.has(cert) && chain.length < MAX_CHAIN) {
    seen.add(cert)
    chain.push({ subject: distinguishedName(cert.subject), issuer: distinguishedName(cert.issuer) })
    cert = cert.issuerCertificate
  }
  return chain
}

/** `CN=…, O=…` from Node's parsed name, most specific first; control characters dropped, length capped. */
function distinguishedName(name: tls.Certificate | undefined): string {
  if (!name) return ''
  const order = ['CN', 'OU', 'O', 'L', 'ST', 'C']
  // Node gives a repeated attribute (two OUs) as an array, whatever its types say.
  const entries: [string, unknown][] = Object.entries(name)
  const text = entries
    .sort(([a], [b]) => rank(order, a) - rank(order, b))
    .flatMap(([key, value]) => {
      const values: unknown[] = Array.isArray(value) ? value : [value]
      return values.filter((v): v is string => typeof v === 'string').map((v) => `${key}=${v}`)
    })
    .join(', ')
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f]/g, '').slice(0, 200)
}

function rank(order: readonly string[], key: string): number {
  const i = order.indexOf(key)
  return i < 0 ? order.length : i
}

async function resolve(host: string): Promise<string> {
  if (net.isIP(host)) return host
  const { lookup } = await import('node:dns/promises')
  return (await lookup(host)).address
}
