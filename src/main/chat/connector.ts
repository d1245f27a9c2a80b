import { createHash } from 'node:crypto'
import type { ModelParams, ModelRef, ProviderConfig, RouteProfile, Settings } from '../../shared/domain'
import { Client } from '../llm/client'
import { ProviderError } from '../llm/errors'
import { RetryProvider, type RetryProviderOptions } from '../llm/retry-provider'
import type { Timeouts, TransportOptions } from '../llm/transport-types'
import type { ChatCompletionCreateParams } from '../llm/types'
import { paramsForProvider, toRequestParams } from './model-params'
import type { ChatConnection, ChatConnector } from './chat-service'
import { createProvider } from './provider-factory'
import { RoutedProvider, type MessagesFor } from './routed-provider'
import { resolveRoute, routeFor, routeTransport, type RouteSecrets } from './routes'

export { pemCertificates } from './routes'

/** Where the connector reads the user's configuration; secrets are read only when a client is built. */
export interface ConnectorSources {
  settings(): Settings
  apiKey(providerId: string): string | undefined
  /** The saved password of a route ('' when none). */
  routePassword(routeId: string): string
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

/** Per-provider clients kept alive, so that their proxy connections are reused across messages. */
const MAX_CLIENTS = 8

/**
 * Builds chat clients from the settings: the conversation's provider first, then the fallback providers,
 * wrapped in a RetryProvider with the user's retry policy. Each provider has its own client, and so its own
 * transport, built from its own route: a fallback never borrows the first provider's proxy.
 */
export class ProviderConnector implements ChatConnector {
  /** One client per provider, configuration and route (by fingerprint), least recently used first. */
  readonly #clients = new Map<string, Client>()
  /** Clients for a provider and its fallbacks, by the fingerprints of their providers' clients and policy. */
  readonly #chains = new Map<
    string,
    {
      client: Client
      parts: readonly Client[]
      configs: readonly ProviderConfig[]
      retry: RetryProviderOptions
    }
  >()

  constructor(
    private readonly sources: ConnectorSources,
    /** For tests: the chat clients' first-byte and idle limits. */
    private readonly chatTimeouts: Partial<Timeouts> = CHAT_TIMEOUTS,
  ) {}

  /** `params`: the conversation's own model parameters; each provider adds its defaults (see model-params.ts). */
  async connect(model: ModelRef, params: ModelParams = {}): Promise<ChatConnection> {
    const client = await this.clientFor(model.providerId)
    const primary = this.#provider(model.providerId)
    const chain = [...this.#chains.values()].find((c) => c.client === client)
    const own = toRequestParams(params)
    return {
      providerName: primary.name,
      create: (messages, { messagesFor, ...options }) => {
        const request = { model: model.model, messages, stream: true as const, ...own }
        if (!messagesFor || !chain) return client.chat.completions.create(request, options)
        // For this request only: each provider sends the messages built for its own kind (a fallback's
        // image limits and PDF handling), through its own cached client and route.
        const perRequest = new Client({
          provider: new RetryProvider(
            chain.parts.map((part, i) => this.#routed(part, chain.configs[i] ?? primary, messagesFor)),
            chain.retry,
          ),
        })
        return perRequest.chat.completions.create(request, options)
      },
    }
  }

  /**
   * A client for one provider (model lists: `withFallbacks` false), or for a provider and its fallbacks,
   * each through its own route.
   */
  async clientFor(providerId: string, withFallbacks = true): Promise<Client> {
    const settings = this.sources.settings()
    const primary = this.#provider(providerId)
    // Model lists keep the library's shorter limits: only replies may think for minutes.
    if (!withFallbacks) return this.#providerClient(settings, primary, {})
    const fallbacks = settings.retry.fallbackProviderIds
      .filter((id) => id !== providerId)
      .map((id) => settings.providers.find((p) => p.id === id))
      .filter((p): p is ProviderConfig => p !== undefined && p.enabled)
    const configs = [primary, ...fallbacks]
    const parts = await Promise.all(configs.map((c) => this.#providerClient(settings, c, this.chatTimeouts)))
    const chainKey = fingerprint({ parts: parts.map((p) => this.#keyOf(p)), retry: settings.retry })
    const cached = this.#chains.get(chainKey)
    if (cached) return cached.client
    // The outer client only sequences the providers: each RoutedProvider sends through its own client, so
    // this client's transport (no options: nothing is opened until used) is never used.
    const retry: RetryProviderOptions = {
      shuffle: settings.retry.shuffle,
      singleProviderRetry: settings.retry.singleProviderRetry,
      maxRetries: settings.retry.maxRetries,
    }
    const client = new Client({
      provider: new RetryProvider(
        parts.map((part, i) => this.#routed(part, configs[i] ?? primary)),
        retry,
      ),
    })
    this.#chains.set(chainKey, { client, parts, configs, retry })
    return client
  }

  /** A provider of a chain: its own model parameters, and for one request its own messages. */
  #routed(part: Client, config: ProviderConfig, messagesFor?: MessagesFor): RoutedProvider {
    return new RoutedProvider(part, {
      prepare: (request) => this.#withParams(request, config),
      ...(messagesFor ? { own: { kind: config.kind, messagesFor } } : {}),
    })
  }

  /** Read at each request: defaults changed in Preferences apply to the next message. */
  #withParams(request: ChatCompletionCreateParams, config: ProviderConfig): ChatCompletionCreateParams {
    return paramsForProvider(request, config.kind, this.sources.settings().modelParams[config.id])
  }

  #keyOf(client: Client): string | undefined {
    for (const [key, value] of this.#clients) if (value === client) return key
    return undefined
  }

  /** The transport options of `providerId`'s route for `url` (the one decision: see routes.ts). */
  routeFor(providerId: string, url: string): Promise<TransportOptions> {
    return routeFor(this.sources.settings(), providerId, url, this.#secrets())
  }

  /**
   * The transport options of `route` (default: the default route) for requests to `targetUrl`, with a
   * password typed but not saved yet, or the route's saved one. Throws a `proxy` error the window can act on.
   */
  transportOptions(targetUrl: string, route?: RouteProfile, password?: string): Promise<TransportOptions> {
    const chosen = route ?? resolveRoute(this.sources.settings(), '').route
    const secret = password ?? this.sources.routePassword(chosen.id)
    return routeTransport(chosen, targetUrl, secret, this.sources.resolveSystemProxy?.bind(this.sources))
  }

  async #providerClient(
    settings: Settings,
    config: ProviderConfig,
    timeouts: Partial<Timeouts>,
  ): Promise<Client> {
    const transport = await routeFor(settings, config.id, config.baseURL, this.#secrets())
    const key = this.sources.apiKey(config.id) ?? ''
    const cacheKey = fingerprint({ config, key, transport, timeouts })
    const cached = this.#clients.get(cacheKey)
    if (cached) {
      // Most recently used last.
      this.#clients.delete(cacheKey)
      this.#clients.set(cacheKey, cached)
      return cached
    }
    const client = new Client({
      ...transport,
      ...(Object.keys(timeouts).length ? { timeouts: { ...transport.timeouts, ...timeouts } } : {}),
      provider: createProvider(config, key || undefined),
    })
    this.#clients.set(cacheKey, client)
    if (this.#clients.size > MAX_CLIENTS) {
      const [oldestKey, oldest] = this.#clients.entries().next().value as [string, Client]
      this.#clients.delete(oldestKey)
      // Chains through it are dropped with it: they would send through a released client.
      for (const [key, chain] of this.#chains) if (chain.parts.includes(oldest)) this.#chains.delete(key)
      // It may still be streaming a reply (or listing models): release() lets requests in flight finish,
      // where close() would cut them off, and the reply would end as if the user had stopped it.
      void oldest.release()
    }
    return client
  }

  #secrets(): RouteSecrets {
    return {
      password: (routeId) => this.sources.routePassword(routeId),
      ...(this.sources.resolveSystemProxy ? { resolveSystemProxy: this.sources.resolveSystemProxy } : {}),
    }
  }

  async close(): Promise<void> {
    const clients = [...this.#clients.values()]
    this.#clients.clear()
    this.#chains.clear()
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

/** A cache key that does not keep secrets in memory in readable form. */
function fingerprint(value: unknown): string {
  return createHash('sha256').update(JSON.stringify(value)).digest('hex')
}
