import type { ProxyChatApi } from '../../../../shared/contract'
import type { ConversationSummary, SearchHit } from '../../../../shared/domain'
import { Store } from '../../lib/store'

export interface ConversationsState {
  items: readonly ConversationSummary[]
  loaded: boolean
  error: string | null
  query: string
  /** Search results for `query`; null when not searching. */
  hits: readonly SearchHit[] | null
  searching: boolean
}

/** The sidebar's list, kept fresh by main's "conversations changed" event. */
export class ConversationsStore extends Store<ConversationsState> {
  readonly #api: ProxyChatApi
  #refreshSeq = 0
  #searchSeq = 0

  constructor(api: ProxyChatApi) {
    super({ items: [], loaded: false, error: null, query: '', hits: null, searching: false })
    this.#api = api
  }

  async refresh(): Promise<void> {
    const seq = ++this.#refreshSeq
    try {
      const items = await this.#api.conversations.list()
      if (seq !== this.#refreshSeq) return
      this.set({ items: [...items].sort((a, b) => b.updatedAt - a.updatedAt), loaded: true, error: null })
    } catch (error) {
      if (seq === this.#refreshSeq) this.set({ loaded: true, error: String(error) })
    }
    const { query } = this.get()
    if (query.trim()) void this.search(query)
  }

  async search(query: string): Promise<void> {
    const seq = ++this.#searchSeq
    if (!query.trim()) {
      this.set({ query, hits: null, searching: false })
      return
    }
    this.set({ query, searching: true })
    try {
      const hits = await this.#api.conversations.search(query.trim())
      if (seq === this.#searchSeq) this.set({ hits, searching: false })
    } catch {
      if (seq === this.#searchSeq) this.set({ hits: [], searching: false })
    }
  }

  setQuery(query: string): void {
    this.set({ query })
    if (!query.trim()) this.set({ hits: null, searching: false })
  }

  async rename(id: string, title: string): Promise<ConversationSummary> {
    const summary = await this.#api.conversations.rename(id, title)
    this.set((s) => ({ ...s, items: s.items.map((item) => (item.id === id ? summary : item)) }))
    return summary
  }

  async remove(id: string): Promise<void> {
    await this.#api.conversations.delete(id)
    this.set((s) => ({
      ...s,
      items: s.items.filter((item) => item.id !== id),
      hits: s.hits ? s.hits.filter((hit) => hit.conversationId !== id) : null,
    }))
  }
}
