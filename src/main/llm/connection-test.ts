/**
 * "Test connection": checks a provider through a proxy configuration step by step, and says which step
 * failed and how long each took. The proxy and TLS steps are probed directly, so that each one can be
 * timed and blamed on its own; the provider steps then go through the exact code path of a chat request.
 * Steps report data (an outcome, or an error's kind and facts): the window words them.
 */
import type net from 'node:net'
import { Client } from './client'
import { connectDirect, connectToProxy, openSocksTunnel, tlsHandshake } from './connection-probes'
import { authenticatedTunnel } from './connection-tunnel'
import { ProviderError, RetryProviderError, errorFacts, redactSecrets } from './errors'
import type { Provider } from './provider'
import { proxyOf, Router } from './routing'
import type { ProxyConfig } from './proxy'
import type { TransportOptions } from './transport-types'
import { trustedCa } from './trusted-roots'
import {
  CONNECTION_STEPS,
  type ConnectionFailure,
  type ConnectionStep,
  type ConnectionStepResult,
  type ConnectionTestReport,
  type StepOutcome,
} from '../../shared/connection-test'

/** What a step saw besides its outcome, kept whether it passed or failed (for the report and diagnostics). */
type StepFindings = Pick<ConnectionStepResult, 'offeredSchemes' | 'certificates'>

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

  /**
   * Runs one step, timing it; a failure ends the test with the remaining steps skipped. The body records
   * what it saw in `findings` as it goes, so a failed step keeps it too.
   */
  const run = async (
    step: ConnectionStep,
    body: (findings: StepFindings) => Promise<StepOutcome | undefined>,
  ): Promise<boolean> => {
    const started = performance.now()
    const findings: StepFindings = {}
    try {
      const outcome = await body(findings)
      steps.push({
        step,
        ok: true,
        durationMs: elapsed(started),
        ...(outcome ? { outcome } : {}),
        ...findings,
      })
      return true
    } catch (error) {
      failure = failureOf(error)
      steps.push({ step, ok: false, durationMs: elapsed(started), error: failure, ...findings })
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
      const authorized = await run('proxy_auth', async (findings) => {
        if (p.scheme === 'socks5' || p.scheme === 'socks5h') {
          tunnel = await openSocksTunnel(p, target.hostname, port, stepTimeoutMs)
          return undefined
        }
        // The sign-in is negotiated as for a chat request, starting on the probe's connection.
        const signedIn = await authenticatedTunnel({
          provider: options.provider.name,
          proxy: p,
          target,
          port,
          ca,
          timeoutMs: stepTimeoutMs,
          signal: options.signal,
          socket: opened,
          onOffered: (offered) => {
            if (offered.length) findings.offeredSchemes = [...offered]
          },
        })
        tunnel = signedIn.socket
        return signedIn.scheme
          ? { type: 'proxy_signed_in', scheme: SCHEME_NAMES[signedIn.scheme] }
          : { type: 'proxy_open' }
      })
      if (!authorized) return finish()
    } else {
      skip('proxy_connect', { type: 'no_proxy' })
      skip('proxy_auth', { type: 'no_proxy' })
    }

    if (target.protocol === 'https:') {
      const through = tunnel
      const ok = await run('tls', async (findings) => {
        const socket = through ?? (await connectDirect(target.hostname, port, stepTimeoutMs, options.signal))
        const secured = await tlsHandshake(socket, target.hostname, ca, stepTimeoutMs, (chain) => {
          findings.certificates = chain
        })
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

const SCHEME_NAMES = { ntlm: 'NTLM', digest: 'Digest', basic: 'Basic' } as const

function elapsed(started: number): number {
  return Math.round(performance.now() - started)
}
