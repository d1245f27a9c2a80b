import type { ProxyChatApi } from '../../../../shared/contract'
import { Store } from '../../lib/store'

export interface ModelList {
  status: 'loading' | 'ready' | 'failed'
  models: readonly string[]
  /** What the failed request threw: the window words it in its language (app/error-text.ts). */
  failure?: unknown
}

/** Each provider's models, fetched once per session (and again on request). */
export class ModelsStore extends Store<Readonly<Record<string, ModelList>>> {
  readonly #api: ProxyChatApi

  constructor(api: ProxyChatApi) {
    super({})
    this.#api = api
  }

  /** A model to check in "Test connection": the default one when it is this provider's, else the first listed. */
  modelToTest(
    providerId: string,
    defaultModel: { providerId: string; model: string } | null | undefined,
  ): string | undefined {
    if (defaultModel?.providerId === providerId) return defaultModel.model
    const list = this.get()[providerId]
    return list?.status === 'ready' ? list.models[0] : undefined
  }

  ensure(providerId: string): void {
    if (!this.get()[providerId]) void this.load(providerId, false)
  }

  async load(providerId: string, refresh: boolean): Promise<ModelList> {
    const previous = this.get()[providerId]
    this.#put(providerId, { status: 'loading', models: previous?.models ?? [] })
    try {
      const models = await this.#api.providers.models(providerId, refresh)
      const list: ModelList = { status: 'ready', models }
      this.#put(providerId, list)
      return list
    } catch (error) {
      const list: ModelList = { status: 'failed', models: previous?.models ?? [], failure: error }
      this.#put(providerId, list)
      return list
    }
  }

  forget(providerId: string): void {
    const { [providerId]: _forgotten, ...rest } = this.get()
    this.set(() => rest)
  }

  #put(providerId: string, list: ModelList): void {
    this.set((s) => ({ ...s, [providerId]: list }))
  }
}
