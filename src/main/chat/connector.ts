import { createHash } from 'node:crypto'
import type { ModelRef, ProviderConfig, Settings } from '../../shared/domain'
import { Client } from '../llm/client'
import { ProviderError } from '../llm/errors'
import { RetryProvider } from '../llm/retry-provider'
import type { Timeouts, TransportOptions } from '../llm/transport-types'
import type { ChatConnection, ChatConnector } from './chat-service'
import { createProvider } from './provider-factory'
import { manualProxies, proxiesFromPacResult } from './proxy-config'

/** Where the connector reads the user's configuration; secrets are read only when a client is built. */
export interface ConnectorSources {
  settings(): Settings
  apiKey(providerId: string): string | undefined
  proxyPassword(): string
  /** Electron's session.resolveProxy: a PAC result such as "PROXY host:port; DIRECT". */
  resolveSystemProxy?(url: string): Promise<string>
}

/**
 * Chat replies wait long for the first byte and through silences: reasoning models (o1/o3, DeepSeek R1
 * behind some gateways) can think for minutes before sending anything, and not every provider sends
 * keep-alives meanwhile. The window shows the wait after a few seconds, with Stop, so a long limit costs
 * the user nothing; it only ends connections that died without the system noticing.
 */
export const CHAT_TIMEOUTS: Pick<Timeouts, 'firstByteMs' | 'idleMs'> = {
  firstByteMs: 10 * 60_000,
  idleMs: 10 * 60_000,
}

/** Clients kept alive, so that their proxy connections are reused across messages. */
const MAX_CLIENTS = 4

/**
 * Builds chat clients from the settings: the conversation's provider first, then the fallback providers,
 * wrapped in a RetryProvider with the user's retry policy, all through the configured proxy.
 */
export class ProviderConnector implements ChatConnector {
  readonly #clients = new Map<string, Client>()

  constructor(
    private readonly sources: ConnectorSources,
    /** For tests: the chat clients' first-byte and idle limits. */
    private readonly chatTimeouts: Partial<Timeouts> = CHAT_TIMEOUTS,
  ) {}

  async connect(model: ModelRef): Promise<ChatConnection> {
    const client = await this.clientFor(model.providerId)
    const primary = this.#provider(model.providerId)
    return {
      providerName: primary.name,
      create: (messages, options) =>
        client.chat.completions.create({ model: model.model, messages, stream: true }, options),
    }
  }

  /** A client for one provider and its fallbacks, reused while the configuration stays the same. */
  async clientFor(providerId: string, withFallbacks = true): Promise<Client> {
    const settings = this.sources.settings()
    const primary = this.#provider(providerId)
    const fallbacks = withFallbacks
      ? settings.retry.fallbackProviderIds
          .filter((id) => id !== providerId)
          .map((id) => settings.providers.find((p) => p.id === id))
          .filter((p): p is ProviderConfig => p !== undefined && p.enabled)
      : []
    const configs = [primary, ...fallbacks]
    const transport = await this.transportOptions(primary.baseURL)
    const keys = configs.map((c) => this.sources.apiKey(c.id) ?? '')
    const cacheKey = fingerprint({ configs, keys, transport, retry: settings.retry, withFallbacks })
    const cached = this.#clients.get(cacheKey)
    if (cached) {
      // Most recently used last.
      this.#clients.delete(cacheKey)
      this.#clients.set(cacheKey, cached)
      return cached
    }
    const providers = configs.map((config, i) => createProvider(config, keys[i] || undefined))
    const client = new Client({
      ...transport,
      // Model lists keep the library's shorter limits: only replies may think for minutes.
      ...(withFallbacks ? { timeouts: { ...transport.timeouts, ...this.chatTimeouts } } : {}),
      provider: new RetryProvider(providers, {
        shuffle: settings.retry.shuffle,
        singleProviderRetry: settings.retry.singleProviderRetry,
        maxRetries: settings.retry.maxRetries,
      }),
    })
    this.#clients.set(cacheKey, client)
    if (this.#clients.size > MAX_CLIENTS) {
      const [oldestKey, oldest] = this.#clients.entries().next().value as [string, Client]
      this.#clients.delete(oldestKey)
      // It may still be streaming a reply (or listing models): release() lets requests in flight finish,
      // where close() would cut them off, and the reply would end as if the user had stopped it.
      void oldest.release()
    }
    return client
  }

  /** The proxy configuration for requests to `targetUrl`. Throws a `proxy` error the window can act on. */
  async transportOptions(
    targetUrl: string,
    proxy = this.sources.settings().proxy,
    password?: string,
  ): Promise<TransportOptions> {
    const secret = password ?? this.sources.proxyPassword()
    const noProxy = proxy.bypass
    // A TLS-inspecting network needs its CA whether or not a proxy is configured here.
    const ca = pemCertificates(proxy.caCertificates)
    const base: TransportOptions = ca.length ? { ca } : {}
    if (proxy.mode === 'none') return base
    if (proxy.mode === 'manual') {
      const result = manualProxies(proxy, secret)
      if (!result.ok) {
        throw new ProviderError({
          provider: 'Proxy',
          kind: 'proxy',
          fact: 'invalid_proxy',
          message: result.message,
        })
      }
      return { ...base, proxies: result.proxies, noProxy }
    }
    // System mode: ask the system (through Electron) which proxy serves this URL.
    const pac = (await this.sources.resolveSystemProxy?.(targetUrl)) ?? 'DIRECT'
    const result = proxiesFromPacResult(pac, { username: proxy.username, password: secret })
    if (!result.ok) {
      throw new ProviderError({
        provider: 'Proxy',
        kind: 'proxy',
        message: result.message,
        fact: 'unsupported_pac_entry',
      })
    }
    if (result.routes.length === 0) return base
    // The whole list, so that a proxy that cannot be reached hands over to the next one.
    const scheme = new URL(targetUrl).protocol === 'http:' ? 'http' : 'https'
    return { ...base, proxies: { [scheme]: result.routes }, noProxy }
  }

  async close(): Promise<void> {
    const clients = [...this.#clients.values()]
    this.#clients.clear()
    await Promise.all(clients.map((c) => c.close()))
  }

  #provider(providerId: string): ProviderConfig {
    const config = this.sources.settings().providers.find((p) => p.id === providerId)
    if (!config) {
      throw new ProviderError({
        provider: 'ProxyChat',
        kind: 'bad_request',
        fact: 'provider_missing',
        message: 'The provider of this conversation no longer exists: choose another model.',
      })
    }
    return config
  }
}

/** Each PEM certificate block in a pasted text. */
export function pemCertificates(text: string): string[] {
  return text.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? []
}

/** A cache key that does not keep secrets in memory in readable form. */
function fingerprint(value: unknown): string {
  return createHash('sha256').update(JSON.stringify(value)).digest('hex')
}
