import type { LocalServer } from '../../shared/domain'
import { HttpTransport } from '../llm/transport'
import { OpenAIProvider } from '../llm/providers/openai'
import { OPENAI_COMPATIBLE_PRESETS } from '../llm/providers/presets'
import type { ProviderConnector } from '../chat/connector'

/** Models are cached for this long unless the user asks for a refresh. */
const MODELS_TTL_MS = 60 * 60 * 1000
/** Local servers answer at once or not at all. */
const LOCAL_PROBE_TIMEOUT_MS = 1500

/** Models per provider (cached, refreshable) and the search for local model servers. */
export class ProviderService {
  readonly #models = new Map<string, { at: number; ids: string[] }>()

  constructor(
    private readonly connector: ProviderConnector,
    private readonly now: () => number = Date.now,
    /** Where local servers are looked for (tests point these at fakes). */
    private readonly localServers: readonly { kind: LocalServer['kind']; baseURL: string }[] = [
      { kind: 'ollama', baseURL: OPENAI_COMPATIBLE_PRESETS.ollama.baseURL },
      { kind: 'lmstudio', baseURL: OPENAI_COMPATIBLE_PRESETS.lmstudio.baseURL },
    ],
  ) {}

  async models(providerId: string, refresh: boolean): Promise<string[]> {
    const cached = this.#models.get(providerId)
    if (cached && !refresh && this.now() - cached.at < MODELS_TTL_MS) return cached.ids
    const client = await this.connector.clientFor(providerId, false)
    const ids = (await client.models.list()).map((m) => m.id).sort((a, b) => a.localeCompare(b))
    this.#models.set(providerId, { at: this.now(), ids })
    return ids
  }

  /** Forgets cached models, e.g. after a provider's URL or key changed. */
  invalidate(providerId?: string): void {
    if (providerId === undefined) this.#models.clear()
    else this.#models.delete(providerId)
  }

  /** Ollama and LM Studio on this machine, when they answer. Loopback only, never through a proxy. */
  async detectLocal(): Promise<LocalServer[]> {
    const transport = new HttpTransport({
      timeouts: { connectMs: LOCAL_PROBE_TIMEOUT_MS, firstByteMs: LOCAL_PROBE_TIMEOUT_MS },
    })
    try {
      const probes = this.localServers.map(async ({ kind, baseURL }): Promise<LocalServer | undefined> => {
        try {
          const models = await new OpenAIProvider({ baseURL }).listModels({
            transport,
            signal: AbortSignal.timeout(LOCAL_PROBE_TIMEOUT_MS),
          })
          return { kind, baseURL, models: models.map((m) => m.id) }
        } catch {
          return undefined
        }
      })
      return (await Promise.all(probes)).filter((s): s is LocalServer => s !== undefined)
    } finally {
      await transport.close()
    }
  }
}
