/**
 * "Test connection": checks a provider through a proxy configuration step by step, and says which step
 * failed and how long each took. The proxy and TLS steps are probed directly, so that each one can be
 * timed and blamed on its own; the provider steps then go through the exact code path of a chat request.
 * Steps report data (an outcome, or an error's kind and facts): the window words them.
 */
import net from 'node:net'
import tls from 'node:tls'
import { SocksClient } from 'socks'
import { Client } from './client'
import { ProviderError, RetryProviderError, errorFacts, redactSecrets, type ErrorKind } from './errors'
import type { ErrorFact } from './errors'
import type { Provider } from './provider'
import { proxyOf, Router } from './routing'
import type { ProxyConfig } from './proxy'
import type { TransportOptions } from './transport-types'
import { proxyAuthError } from './transport-errors'
import { isCertificateFailure } from './tls-errors'
import { trustedCa } from './trusted-roots'
import {
  CONNECTION_STEPS,
  type ConnectionFailure,
  type ConnectionStep,
  type ConnectionStepResult,
  type ConnectionTestReport,
  type StepOutcome,
} from '../../shared/connection-test'

export type { ConnectionStep, ConnectionStepResult, ConnectionTestReport }

export interface ConnectionTestOptions {
  provider: Provider
  /** The provider's base URL: where the proxy and TLS steps connect to. */
  baseURL: string
  transport: TransportOptions
  /** Checked with a one-token request when given. */
  model?: string
  signal?: AbortSignal
  /** Per-step limit. */
  stepTimeoutMs?: number
}

/** A failed probe: the same error type, kinds and facts as a chat request's. */
function stepError(
  kind: ErrorKind,
  fact: ErrorFact,
  message: string,
  facts: { host?: string; proxy?: string; code?: string; status?: number; timeoutMs?: number } = {},
): ProviderError {
  return new ProviderError({ provider: 'Test', kind, fact, message, ...facts })
}

function failureOf(error: unknown): ConnectionFailure {
  const last = error instanceof RetryProviderError ? error.errors.at(-1)?.error : error
  if (last instanceof ProviderError) return { ...errorFacts(last), message: last.message }
  const message = redactSecrets(error instanceof Error ? error.message : String(error))
  return { kind: 'network', message }
}

export async function testConnection(options: ConnectionTestOptions): Promise<ConnectionTestReport> {
  const steps: ConnectionStepResult[] = []
  const stepTimeoutMs = options.stepTimeoutMs ?? 15_000
  let target: URL
  try {
    target = new URL(options.baseURL)
  } catch {
    const message = `The base URL "${redactSecrets(options.baseURL)}" is not a URL: it should look like https://api.example.com/v1.`
    return { ok: false, steps, route: 'direct', error: { kind: 'bad_request', fact: 'invalid_url', message } }
  }

  let proxy: ProxyConfig | undefined
  try {
    // The route a chat request would take first (the one place that decides it).
    const [first] = new Router(options.transport).routesFor(target, options.provider.name)
    proxy = first && proxyOf(first)
  } catch (error) {
    return { ok: false, steps, route: 'invalid', error: failureOf(error) }
  }
  const route = proxy ? proxy.redacted : 'direct'
  const ca = trustedCa(options.transport.ca)

  /** Runs one step, timing it; a failure ends the test with the remaining steps skipped. */
  const run = async (
    step: ConnectionStep,
    body: () => Promise<StepOutcome | undefined>,
  ): Promise<boolean> => {
    const started = performance.now()
    try {
      const outcome = await body()
      steps.push({ step, ok: true, durationMs: elapsed(started), ...(outcome ? { outcome } : {}) })
      return true
    } catch (error) {
      failure = failureOf(error)
      steps.push({ step, ok: false, durationMs: elapsed(started), error: failure })
      return false
    }
  }
  let failure: ConnectionFailure | undefined
  const skip = (step: ConnectionStep, outcome: StepOutcome): void => {
    steps.push({ step, ok: true, skipped: true, durationMs: 0, outcome })
  }
  const finish = (): ConnectionTestReport => {
    const done = new Set(steps.map((s) => s.step))
    for (const step of CONNECTION_STEPS) {
      if (!done.has(step))
        steps.push({ step, ok: false, skipped: true, durationMs: 0, outcome: { type: 'not_reached' } })
    }
    return { ok: failure === undefined, steps, route, ...(failure ? { error: failure } : {}) }
  }

  const port = Number(target.port) || (target.protocol === 'https:' ? 443 : 80)
  let tunnel: net.Socket | undefined
  try {
    if (proxy) {
      const p = proxy
      let proxySocket: net.Socket | undefined
      const reached = await run('proxy_connect', async () => {
        proxySocket = await connectToProxy(p, ca, stepTimeoutMs, options.signal)
        return undefined
      })
      if (!reached) return finish()
      const opened = proxySocket
      const authorized = await run('proxy_auth', async () => {
        tunnel = await openTunnel(p, opened, target.hostname, port, stepTimeoutMs)
        return undefined
      })
      if (!authorized) return finish()
    } else {
      skip('proxy_connect', { type: 'no_proxy' })
      skip('proxy_auth', { type: 'no_proxy' })
    }

    if (target.protocol === 'https:') {
      const through = tunnel
      const ok = await run('tls', async () => {
        const socket = through ?? (await connectDirect(target.hostname, port, stepTimeoutMs, options.signal))
        const secured = await tlsHandshake(socket, target.hostname, ca, stepTimeoutMs)
        secured.destroy()
        return undefined
      })
      if (!ok) return finish()
    } else {
      tunnel?.destroy()
      skip('tls', { type: 'plain_http' })
    }
    tunnel = undefined

    const client = new Client({ ...options.transport, provider: options.provider })
    try {
      let regionChecked = false
      const listed = await run('provider_auth', async () => {
        try {
          const models = await client.models.list({ signal: options.signal })
          regionChecked = true
          return { type: 'models_listed', modelsCount: models.length }
        } catch (error) {
          // Some servers have no model list: the chat request below still checks the key.
          if (error instanceof ProviderError && error.kind === 'bad_request' && error.status === 404) {
            return { type: 'no_model_list' }
          }
          throw error
        }
      })
      if (!listed) {
        if (failure?.kind === 'region') moveLastStepTo(steps, 'region')
        return finish()
      }
      if (!options.model) {
        steps.push({
          step: 'region',
          ok: true,
          durationMs: 0,
          ...(regionChecked ? { outcome: { type: 'region_ok' } } : {}),
        })
        skip('model', { type: 'no_model_chosen' })
        return finish()
      }
      const model = options.model
      const modelOk = await run('model', async () => {
        const stream = await client.chat.completions.create(
          { model, messages: [{ role: 'user', content: 'ping' }], stream: true, max_tokens: 1 },
          { signal: options.signal },
        )
        for await (const _chunk of stream) {
          // Reading to the end proves the stream works; the text does not matter.
        }
        return { type: 'model_answered', model }
      })
      if (!modelOk && failure?.kind === 'region') moveLastStepTo(steps, 'region')
      else
        steps.splice(steps.length - 1, 0, {
          step: 'region',
          ok: true,
          durationMs: 0,
          outcome: { type: 'region_ok' },
        })
      return finish()
    } finally {
      await client.close()
    }
  } finally {
    tunnel?.destroy()
  }
}

/** The request itself went through: what failed is the region check, so the failure moves there. */
function moveLastStepTo(steps: ConnectionStepResult[], step: ConnectionStep): void {
  const last = steps.pop()
  if (!last) return
  const { error, outcome: _outcome, ...rest } = last
  steps.push(
    { ...rest, ok: true, outcome: { type: 'request_reached' } },
    { step, ok: false, durationMs: 0, ...(error ? { error } : {}) },
  )
}

function elapsed(started: number): number {
  return Math.round(performance.now() - started)
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

async function connectToProxy(
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

async function openTunnel(
  proxy: ProxyConfig,
  socket: net.Socket | undefined,
  host: string,
  port: number,
  timeoutMs: number,
): Promise<net.Socket> {
  if (proxy.scheme === 'socks5' || proxy.scheme === 'socks5h') {
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
  if (!socket) {
    throw stepError('proxy', 'proxy_unreachable', 'No connection to the proxy.', { proxy: proxy.address })
  }
  const authority = `${host.includes(':') ? `[${host}]` : host}:${port}`
  const auth =
    proxy.username !== undefined
      ? `Proxy-Authorization: Basic ${Buffer.from(`${proxy.username}:${proxy.password ?? ''}`).toString('base64')}\r\n`
      : ''
  socket.write(`CONNECT ${authority} HTTP/1.1\r\nHost: ${authority}\r\n${auth}\r\n`)
  let status: number
  try {
    status = await withTimeout(readStatus(socket, proxy.address), timeoutMs, 'The proxy', [
      'proxy',
      'proxy_no_answer',
      { proxy: proxy.address },
    ])
  } catch (error) {
    // No answer, or the proxy hung up: nothing else will close this socket.
    socket.destroy()
    throw error
  }
  if (status === 200) return socket
  socket.destroy()
  if (status === 407) {
    throw proxyAuthError({
      provider: 'Test',
      proxy: proxy.address,
      status,
      noCredentials: proxy.username === undefined,
    })
  }
  throw stepError(
    'proxy',
    'proxy_refused_target',
    `The proxy refused the connection to ${authority} (HTTP ${status}).`,
    { proxy: proxy.address, host: authority, status },
  )
}

/** Reads the status code of the proxy's answer to CONNECT, leaving the socket ready for the tunnel. */
function readStatus(socket: net.Socket, proxy: string): Promise<number> {
  return new Promise((resolveStatus, reject) => {
    let head = ''
    const onData = (data: Buffer): void => {
      head += data.toString('latin1')
      const end = head.indexOf('\r\n\r\n')
      if (end < 0) return
      socket.off('data', onData)
      socket.off('error', onError)
      socket.pause()
      const match = /^HTTP\/1\.[01] (\d{3})/.exec(head)
      resolveStatus(match ? Number(match[1]) : 0)
    }
    // Hanging up on CONNECT: typically a TLS proxy spoken to as http://, or the reverse.
    const closed = (message: string): ProviderError =>
      stepError('proxy', 'wrong_proxy_scheme', message, { proxy })
    const onError = (error: Error): void =>
      reject(closed(`The proxy closed the connection (${error.message}).`))
    socket.on('data', onData)
    socket.once('error', onError)
    socket.once('end', () => reject(closed('The proxy closed the connection without answering.')))
  })
}

function connectDirect(
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

function tlsHandshake(
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
