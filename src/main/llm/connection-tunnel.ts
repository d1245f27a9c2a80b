/**
 * The connection test's tunnel through an HTTP(S) proxy: the same negotiation as a chat request's
 * (`proxy-auth/tunnel.ts`: NTLM, Digest or Basic, whichever the proxy's challenge calls for), with the
 * same classification of failures, and the scheme that signed in for the report.
 */
import type net from 'node:net'
import type { ProviderError } from './errors'
import { ProxyAuthError, ProxyTunnelError, openTunnel, type ProxyAuthScheme } from './proxy-auth'
import type { ProxyConfig } from './proxy'
import { toProviderError } from './transport-errors'
import { DEFAULT_TIMEOUTS } from './transport-types'

export interface AuthenticatedTunnel {
  socket: net.Socket
  /** The scheme that signed in; undefined when the proxy asked for none. */
  scheme?: ProxyAuthScheme
}

export async function authenticatedTunnel(init: {
  provider: string
  proxy: ProxyConfig
  target: URL
  port: number
  ca: readonly string[] | undefined
  timeoutMs: number
  signal?: AbortSignal | undefined
  /** The probe's connection to the proxy: the first round goes on it. */
  socket?: net.Socket | undefined
  /** The schemes the proxy offered in its challenge, whether the sign-in then worked or not. */
  onOffered?: (offered: readonly string[]) => void
}): Promise<AuthenticatedTunnel> {
  const { proxy, target } = init
  try {
    const tunnel = await openTunnel({
      proxy: `${proxy.scheme}://${proxy.address}`,
      ...(proxy.username === undefined && proxy.password === undefined
        ? {}
        : { credentials: { username: proxy.username ?? '', password: proxy.password ?? '' } }),
      host: target.hostname.replace(/^\[(.*)\]$/, '$1'),
      port: init.port,
      ...(init.ca ? { proxyTls: { ca: [...init.ca] } } : {}),
      timeoutMs: init.timeoutMs,
      ...(init.signal ? { signal: init.signal } : {}),
      ...(init.socket ? { socket: init.socket } : {}),
    })
    init.onOffered?.(tunnel.offered)
    return { socket: tunnel.socket, ...(tunnel.scheme ? { scheme: tunnel.scheme } : {}) }
  } catch (err) {
    if (err instanceof ProxyAuthError) init.onOffered?.(err.offered)
    throw classify(err, init)
  }
}

function classify(
  err: unknown,
  init: {
    provider: string
    proxy: ProxyConfig
    target: URL
    timeoutMs: number
    signal?: AbortSignal | undefined
  },
): ProviderError {
  // Every failure here happened while opening the tunnel, at the proxy.
  const closed = err instanceof ProxyTunnelError && err.closed
  return toProviderError(err, {
    provider: init.provider,
    target: init.target,
    route: { kind: 'proxy', proxy: init.proxy },
    timeouts: { ...DEFAULT_TIMEOUTS, connectMs: init.timeoutMs },
    signal: init.signal,
    isClosed: () => false,
    tagsOf: () => ({ duringConnect: true, atProxy: true, ...(closed ? { tunnelClosed: true } : {}) }),
  })
}
