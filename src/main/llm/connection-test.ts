/**
 * "Test connection": checks a provider through a proxy configuration step by step, and says which step
 * failed and how long each took. The proxy and TLS steps are probed directly, so that each one can be
 * timed and blamed on its own; the provider steps then go through the exact code path of a chat request.
 */
import net from 'node:net'
import tls from 'node:tls'
import { SocksClient } from 'socks'
import { Client } from './client'
import { ProviderError, RetryProviderError, redactSecrets, type ErrorKind } from './errors'
import type { Provider } from './provider'
import { parseProxyUrl, selectProxy, type ProxyConfig } from './proxy'
import type { TransportOptions } from './transport-types'
import { isCertificateFailure } from './tls-errors'
import { defaultRoots } from './trusted-roots'
import type { ConnectionStep, ConnectionStepResult, ConnectionTestReport } from '../../shared/connection-test'

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

class StepFailure extends Error {
  constructor(
    readonly kind: ErrorKind,
    message: string,
  ) {
    super(message)
  }
}

export async function testConnection(options: ConnectionTestOptions): Promise<ConnectionTestReport> {
  const steps: ConnectionStepResult[] = []
  const stepTimeoutMs = options.stepTimeoutMs ?? 15_000
  let target: URL
  try {
    target = new URL(options.baseURL)
  } catch {
    const message = `The base URL "${redactSecrets(options.baseURL)}" is not a URL: it should look like https://api.example.com/v1.`
    return { ok: false, steps, route: 'direct', error: { kind: 'bad_request', message } }
  }

  const selected = selectProxy(target, options.transport.proxies, options.transport.noProxy)
  let proxy: ProxyConfig | undefined
  if (selected !== undefined) {
    const parsed = parseProxyUrl(selected)
    if (!parsed.ok)
      return { ok: false, steps, route: 'invalid proxy', error: { kind: 'proxy', message: parsed.message } }
    proxy = parsed.proxy
  }
  const route = proxy ? `via ${proxy.redacted}` : 'direct'
  const ca = extraCa(options.transport.ca)

  /** Runs one step, timing it; a failure ends the test with the remaining steps skipped. */
  const run = async (step: ConnectionStep, body: () => Promise<string | undefined>): Promise<boolean> => {
    const started = performance.now()
    try {
      const note = await body()
      steps.push({ step, ok: true, durationMs: elapsed(started), ...(note ? { message: note } : {}) })
      return true
    } catch (error) {
      const { kind, message } = describe(error, step)
      steps.push({ step, ok: false, durationMs: elapsed(started), message })
      failure = { kind, message }
      return false
    }
  }
  let failure: { kind: ErrorKind; message: string } | undefined
  const skip = (step: ConnectionStep, message: string): void => {
    steps.push({ step, ok: true, skipped: true, durationMs: 0, message })
  }
  const finish = (): ConnectionTestReport => {
    const done = new Set(steps.map((s) => s.step))
    for (const step of ['proxy_connect', 'proxy_auth', 'tls', 'provider_auth', 'region', 'model'] as const) {
      if (!done.has(step))
        steps.push({ step, ok: false, skipped: true, durationMs: 0, message: 'Not reached.' })
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
      skip('proxy_connect', 'No proxy for this address: direct connection.')
      skip('proxy_auth', 'No proxy for this address.')
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
      skip('tls', 'Plain HTTP: no TLS.')
    }
    tunnel = undefined

    const client = new Client({ ...options.transport, provider: options.provider })
    try {
      let regionChecked = false
      const listed = await run('provider_auth', async () => {
        try {
          const models = await client.models.list({ signal: options.signal })
          regionChecked = true
          return `Key accepted; ${models.length} model${models.length === 1 ? '' : 's'} available.`
        } catch (error) {
          // Some servers have no model list: the chat request below still checks the key.
          if (error instanceof ProviderError && error.kind === 'bad_request' && error.status === 404) {
            return 'The provider does not list models; the key is checked with the model below.'
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
          ...(regionChecked ? { message: 'Available from your connection.' } : {}),
        })
        skip('model', 'No model chosen.')
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
        return `"${model}" answered.`
      })
      if (!modelOk && failure?.kind === 'region') moveLastStepTo(steps, 'region')
      else
        steps.splice(steps.length - 1, 0, {
          step: 'region',
          ok: true,
          durationMs: 0,
          message: 'Available from your connection.',
        })
      return finish()
    } finally {
      await client.close()
    }
  } finally {
    tunnel?.destroy()
  }
}

function moveLastStepTo(steps: ConnectionStepResult[], step: ConnectionStep): void {
  const last = steps.pop()
  if (!last) return
  steps.push(
    { ...last, ok: true, message: undefined },
    { step, ok: false, durationMs: 0, message: last.message },
  )
  // The request itself went through: what failed is the region check.
  const request = steps.at(-2)
  if (request) request.message = 'The request reached the provider.'
}

function describe(error: unknown, step: ConnectionStep): { kind: ErrorKind; message: string } {
  if (error instanceof StepFailure) return { kind: error.kind, message: redactSecrets(error.message) }
  if (error instanceof RetryProviderError || error instanceof ProviderError) {
    return { kind: error.kind, message: error.message }
  }
  const text = error instanceof Error ? error.message : String(error)
  const kind: ErrorKind = step === 'proxy_connect' ? 'proxy' : step === 'tls' ? 'network' : 'network'
  return { kind, message: redactSecrets(text) }
}

function elapsed(started: number): number {
  return Math.round(performance.now() - started)
}

function extraCa(ca: string | string[] | undefined): string[] | undefined {
  const extra = ca === undefined ? [] : Array.isArray(ca) ? ca : [ca]
  // Loads the system's roots (once) before the first handshake, with or without extra CAs.
  const roots = defaultRoots()
  return extra.length ? [...roots, ...extra] : undefined
}

/** Fails after `ms`; `onTimeout` then releases what the step holds (a socket still connecting...). */
function withTimeout<T>(
  promise: Promise<T>,
  ms: number,
  what: string,
  kind: ErrorKind,
  onTimeout?: () => void,
): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      onTimeout?.()
      reject(new StepFailure(kind, `${what} took longer than ${Math.round(ms / 1000)} s.`))
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
        reject(
          new StepFailure(
            'proxy',
            `Cannot reach the proxy at ${proxy.address} (${(error as NodeJS.ErrnoException).code ?? error.message}): check the address and that the proxy is running.`,
          ),
        )
      })
    }),
    timeoutMs,
    `Reaching the proxy at ${proxy.address}`,
    'proxy',
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
      if (/auth/i.test(text)) {
        throw new StepFailure(
          'proxy_auth',
          'The SOCKS proxy rejected the username or password: check them in Preferences → Proxy.',
        )
      }
      throw new StepFailure(
        'proxy',
        `The SOCKS proxy could not open a connection to ${host}:${port} (${text}).`,
      )
    }
  }
  if (!socket) throw new StepFailure('proxy', 'No connection to the proxy.')
  const authority = `${host.includes(':') ? `[${host}]` : host}:${port}`
  const auth =
    proxy.username !== undefined
      ? `Proxy-Authorization: Basic ${Buffer.from(`${proxy.username}:${proxy.password ?? ''}`).toString('base64')}\r\n`
      : ''
  socket.write(`CONNECT ${authority} HTTP/1.1\r\nHost: ${authority}\r\n${auth}\r\n`)
  let status: number
  try {
    status = await withTimeout(readStatus(socket), timeoutMs, 'The proxy', 'proxy')
  } catch (error) {
    // No answer, or the proxy hung up: nothing else will close this socket.
    socket.destroy()
    throw error
  }
  if (status === 200) return socket
  socket.destroy()
  if (status === 407) {
    throw new StepFailure(
      'proxy_auth',
      proxy.username === undefined
        ? 'The proxy asks for a username and password (HTTP 407): set them in Preferences → Proxy.'
        : 'The proxy rejected the username or password (HTTP 407): check them in Preferences → Proxy.',
    )
  }
  throw new StepFailure('proxy', `The proxy refused the connection to ${authority} (HTTP ${status}).`)
}

/** Reads the status code of the proxy's answer to CONNECT, leaving the socket ready for the tunnel. */
function readStatus(socket: net.Socket): Promise<number> {
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
    const onError = (error: Error): void =>
      reject(new StepFailure('proxy', `The proxy closed the connection (${error.message}).`))
    socket.on('data', onData)
    socket.once('error', onError)
    socket.once('end', () =>
      reject(new StepFailure('proxy', 'The proxy closed the connection without answering.')),
    )
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
      socket.once('error', (error) =>
        reject(
          new StepFailure(
            'network',
            `Cannot connect to ${host}:${port} (${(error as NodeJS.ErrnoException).code ?? error.message}).`,
          ),
        ),
      )
    }),
    timeoutMs,
    `Connecting to ${host}`,
    'timeout',
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
          new StepFailure(
            'network',
            certificate
              ? `The certificate of ${servername} is not trusted (${code || error.message}). If your network inspects TLS (a corporate proxy), add its CA certificate in Preferences → Proxy.`
              : `The secure connection to ${servername} failed (${code || error.message}).`,
          ),
        )
      })
    }),
    timeoutMs,
    'The TLS handshake',
    'timeout',
    () => secured.destroy(),
  )
}

async function resolve(host: string): Promise<string> {
  if (net.isIP(host)) return host
  const { lookup } = await import('node:dns/promises')
  return (await lookup(host)).address
}
