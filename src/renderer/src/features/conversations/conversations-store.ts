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
  /** Choosing several conversations (to delete or export them together). */
  selecting: boolean
  /** The chosen ones, in the order they were chosen. */
  selected: readonly string[]
  /** Where a Shift-click range starts: the last one chosen or unchosen by itself. */
  anchor: string | null
}

/** The sidebar's list, kept fresh by main's "conversations changed" event. */
export class ConversationsStore extends Store<ConversationsState> {
  readonly #api: ProxyChatApi
  #refreshSeq = 0
  #searchSeq = 0

  constructor(api: ProxyChatApi) {
    super({
      items: [],
      loaded: false,
      error: null,
      query: '',
      hits: null,
      searching: false,
      selecting: false,
      selected: [],
      anchor: null,
    })
    this.#api = api
  }

  async refresh(): Promise<void> {
    const seq = ++this.#refreshSeq
    try {
      const items = await this.#api.conversations.list()
      if (seq !== this.#refreshSeq) return
      const known = new Set(items.map((item) => item.id))
      this.set((s) => ({
        ...s,
        items: [...items].sort((a, b) => b.updatedAt - a.updatedAt),
        loaded: true,
        error: null,
        // Deleted elsewhere (another selection, an import that replaced): no longer chosen.
        selected: s.selected.filter((id) => known.has(id)),
      }))
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

  async pin(id: string, pinned: boolean): Promise<void> {
    const summary = await this.#api.conversations.setPinned(id, pinned)
    this.set((s) => ({ ...s, items: s.items.map((item) => (item.id === id ? summary : item)) }))
  }

  /** Deletes all of `ids` or none (main refuses the whole call if one cannot go). */
  async removeMany(ids: readonly string[]): Promise<void> {
    await this.#api.conversations.deleteMany([...ids])
    const gone = new Set(ids)
    this.set((s) => ({
      ...s,
      items: s.items.filter((item) => !gone.has(item.id)),
      hits: s.hits ? s.hits.filter((hit) => !gone.has(hit.conversationId)) : null,
      selected: s.selected.filter((id) => !gone.has(id)),
    }))
  }

  /* -------------------------------------------------- choosing several */

  startSelecting(first?: string): void {
    this.set({ selecting: true, selected: first ? [first] : [], anchor: first ?? null })
  }

  stopSelecting(): void {
    this.set({ selecting: false, selected: [], anchor: null })
  }

  /** Chooses or unchooses one (a click, Ctrl/⌘-click or Space on its checkbox). */
  toggle(id: string): void {
    this.set((s) => ({
      ...s,
      selecting: true,
      selected: s.selected.includes(id) ? s.selected.filter((x) => x !== id) : [...s.selected, id],
      anchor: id,
    }))
  }

  /** Shift-click: everything from the anchor to `id` in the list's order (`order`) is chosen. */
  selectRange(id: string, order: readonly string[]): void {
    const { anchor, selected } = this.get()
    const from = anchor ? order.indexOf(anchor) : -1
    const to = order.indexOf(id)
    if (from < 0 || to < 0) {
      this.toggle(id)
      return
    }
    const range = order.slice(Math.min(from, to), Math.max(from, to) + 1)
    const chosen = new Set(selected)
    const next = [...selected, ...range.filter((x) => !chosen.has(x))]
    this.set({ selecting: true, selected: next })
  }

  /** Every conversation in the list, or none when all are chosen already. */
  selectAll(order: readonly string[]): void {
    const all = allChosen(order, this.get().selected)
    this.set({ selecting: true, selected: all ? [] : [...order] })
  }
}

/** Whether every id in `order` is chosen (a Set: lists run to 10,000 conversations). */
export function allChosen(order: readonly string[], selected: readonly string[]): boolean {
  const chosen = new Set(selected)
  return order.length > 0 && order.every((id) => chosen.has(id))
}
