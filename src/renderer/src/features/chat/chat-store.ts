import type { ProxyChatApi, StartedStream, StreamEvent } from '../../../../shared/contract'
import type { AttachmentRef, Conversation, ModelParams, ModelRef } from '../../../../shared/domain'
import { realClock, type Clock } from '../../lib/clock'
import { Store } from '../../lib/store'
import {
  emptyBook,
  initialChatState,
  type ActiveStream,
  type ChatState,
  type ChatView,
  type Moment,
} from './chat-state'
import { adoptConversation, applyStarted, reconcileView, type StartEdit } from './merge'
import { earlierFailed, loadFailed, openView } from './navigation'
import { applyStreamEvent, commitPending } from './stream-reducer'
import { errorMessage } from '../../lib/errors'

export type FrameScheduler = (callback: () => void) => void

/**
 * Messages asked for first when a conversation opens: more than a tall window shows, a small fraction of
 * a long conversation. The rest of the branch follows once they are painted.
 */
export const OPEN_TAIL = 60

const defaultScheduler: FrameScheduler = (callback) => {
  requestAnimationFrame(() => callback())
}

/**
 * The open conversation and every live stream. Stream events arrive from main; text deltas are
 * buffered and committed at most once per animation frame, so a fast stream costs one React
 * update per frame, whatever the token rate. What each event or answer from main does to the view
 * is decided by pure functions (stream-reducer, merge, navigation); this class does the I/O, keeps
 * the time and the frame, and holds the book beside the rendered state.
 */
export class ChatStore extends Store<ChatState> {
  readonly #api: ProxyChatApi
  readonly #schedule: FrameScheduler
  readonly #clock: Clock
  /** Kept outside the state: changing it (a delta, say) costs no React update. */
  #book = emptyBook
  #frameRequested = false
  #loadSeq = 0
  /** The opening (`#loadSeq`) whose earlier messages were asked for. */
  #earlierAsked = -1
  #disposed = false

  constructor(api: ProxyChatApi, schedule: FrameScheduler = defaultScheduler, clock: Clock = realClock) {
    super(initialChatState)
    this.#api = api
    this.#schedule = schedule
    this.#clock = clock
  }

  dispose(): void {
    this.#disposed = true
  }

  /** When the live reply `messageId` last received text (or started, or a retry began), if it is live. */
  lastHeardAt(messageId: string): number | undefined {
    return this.#book.heardAt.get(messageId)
  }

  /** The stream of the open conversation, if one is running. */
  activeStream(): ActiveStream | null {
    const { conversationId, streams } = this.get()
    return conversationId ? (streams[conversationId] ?? null) : null
  }

  #view(): ChatView {
    return { state: this.get(), book: this.#book }
  }

  /** Takes a view computed from the current one: listeners hear of it only if the rendered state changed. */
  #commit(view: ChatView): void {
    this.#book = view.book
    this.set(() => view.state)
  }

  #now(): Moment {
    return { clock: this.#clock.now(), wall: Date.now() }
  }

  // ---- stream events ------------------------------------------------------------------------

  readonly handleEvent = (event: StreamEvent): void => {
    if (this.#disposed) return
    this.#commit(applyStreamEvent(this.#view(), event, this.#now()))
    if (this.#book.pending.size > 0) this.#requestFrame()
  }

  #requestFrame(): void {
    if (this.#frameRequested) return
    this.#frameRequested = true
    this.#schedule(() => {
      this.#frameRequested = false
      this.#commit(commitPending(this.#view(), Date.now()))
    })
  }

  // ---- opening conversations ------------------------------------------------------------------

  /** Opens a conversation (null: a new, empty chat). */
  async open(id: string | null, focusMessageId: string | null = null): Promise<void> {
    const opening = openView(this.#view(), id, focusMessageId, Date.now())
    this.#commit(opening.view)
    if (opening.kind === 'focus') return
    const seq = ++this.#loadSeq
    if (opening.kind === 'new-chat') return
    try {
      const { conversation, earlier } = await this.#api.conversations.getTail(opening.id, OPEN_TAIL)
      if (seq !== this.#loadSeq || this.#disposed) return
      this.#commit(adoptConversation(this.#view(), conversation, earlier))
    } catch (error) {
      if (seq !== this.#loadSeq) return
      this.#commit(loadFailed(this.#view(), errorMessage(error)))
      return
    }
  }

  /**
   * Loads the whole visible branch of a conversation opened at its end. The message list asks once it
   * has shown that end (or when the user scrolls to its top): the whole branch is a far bigger answer,
   * and reading it must not delay the first paint. Asked again for the same opening, it does nothing.
   */
  readonly loadEarlier = (): void => {
    if (this.get().earlier === 0 || this.#earlierAsked === this.#loadSeq) return
    this.#earlierAsked = this.#loadSeq
    void this.#reconcile(true)
  }

  /** Asks again for the earlier messages that could not be loaded (the list's Try again). */
  readonly retryEarlier = (): void => {
    if (this.get().earlier === 0) return
    this.#earlierAsked = this.#loadSeq
    void this.#reconcile(true)
  }

  /** Brings the open conversation in line with main, keeping unchanged message objects (and live text). */
  reconcile(): Promise<void> {
    return this.#reconcile(false)
  }

  /**
   * `forEarlier`: the earlier messages of a conversation opened at its end are what is asked for, so a
   * failure is shown (the list lacks them); otherwise what is on screen is whole and stays as it is.
   */
  async #reconcile(forEarlier: boolean): Promise<void> {
    const id = this.get().conversationId
    if (!id) return
    const seq = this.#loadSeq
    let fresh: Conversation
    try {
      fresh = await this.#api.conversations.get(id)
    } catch (error) {
      const stillMissing = seq === this.#loadSeq && this.get().conversationId === id && this.get().earlier > 0
      if (forEarlier && stillMissing) this.#commit(earlierFailed(this.#view(), errorMessage(error)))
      return
    }
    if (seq !== this.#loadSeq || this.get().conversationId !== id) return
    this.#commit(reconcileView(this.#view(), fresh, Date.now()))
  }

  // ---- actions -----------------------------------------------------------------------------

  /** Sends a message; creates the conversation first for a new chat. Resolves to its id. */
  async send(content: string, model: ModelRef | null, attachments: AttachmentRef[] = []): Promise<string> {
    let id = this.get().conversationId
    if (!id) {
      const { draft } = this.get()
      const conversation = await this.#api.conversations.create({
        model: model ?? draft.model,
        ...(draft.systemPrompt ? { systemPrompt: draft.systemPrompt } : {}),
        ...(draft.params ? { params: draft.params } : {}),
      })
      ++this.#loadSeq
      this.#commit(adoptConversation(this.#view(), conversation))
      id = conversation.id
    }
    const started = await this.#api.chat.send({
      conversationId: id,
      content,
      ...(model ? { model } : {}),
      ...(attachments.length > 0 ? { attachments } : {}),
    })
    this.#started(started, null)
    return id
  }

  async stop(): Promise<void> {
    const stream = this.activeStream()
    if (stream) await this.#api.chat.stop(stream.conversationId)
  }

  async regenerate(messageId: string, model: ModelRef | null): Promise<void> {
    const conversationId = this.#requireOpen()
    const started = await this.#api.chat.regenerate({
      conversationId,
      messageId,
      ...(model ? { model } : {}),
    })
    this.#started(started, { replace: messageId })
    void this.reconcile()
  }

  async editAndResend(messageId: string, content: string, model: ModelRef | null): Promise<void> {
    const conversationId = this.#requireOpen()
    const started = await this.#api.chat.editAndResend({
      conversationId,
      messageId,
      content,
      ...(model ? { model } : {}),
    })
    this.#started(started, { after: messageId, content })
    void this.reconcile()
  }

  async continueMessage(messageId: string): Promise<void> {
    const conversationId = this.#requireOpen()
    const started = await this.#api.chat.continue({ conversationId, messageId })
    this.#started(started, null)
    void this.reconcile()
  }

  async deleteMessage(messageId: string): Promise<void> {
    const conversationId = this.#requireOpen()
    await this.#api.conversations.deleteMessage(conversationId, messageId)
    this.set((s) => ({ ...s, messages: s.messages.filter((m) => m.id !== messageId) }))
    // Its neighbours' versions ("2/3") may have changed.
    void this.reconcile()
  }

  /** Shows version `index` (1-based) of a message, and the branch below it; main saves the choice. */
  async selectVersion(messageId: string, index: number): Promise<void> {
    const conversationId = this.#requireOpen()
    const fresh = await this.#api.conversations.selectVersion(conversationId, messageId, index)
    if (this.get().conversationId !== conversationId) return
    this.#commit(reconcileView(this.#view(), fresh, Date.now()))
  }

  async setModel(model: ModelRef | null): Promise<void> {
    const { conversationId, conversation } = this.get()
    if (!conversationId || !conversation) {
      this.set((s) => ({ ...s, draft: { ...s.draft, model } }))
      return
    }
    this.set({ conversation: { ...conversation, model } })
    await this.#api.conversations.setModel(conversationId, model)
  }

  async setSystemPrompt(systemPrompt: string): Promise<void> {
    const { conversationId, conversation } = this.get()
    if (!conversationId || !conversation) {
      this.set((s) => ({ ...s, draft: { ...s.draft, systemPrompt } }))
      return
    }
    if (conversation.systemPrompt === systemPrompt) return
    this.set({ conversation: { ...conversation, systemPrompt } })
    await this.#api.conversations.setSystemPrompt(conversationId, systemPrompt)
  }

  /** The conversation's own model parameters ({} clears them); a new chat keeps them until it is created. */
  async setParams(params: ModelParams): Promise<void> {
    const { conversationId, conversation } = this.get()
    if (!conversationId || !conversation) {
      this.set((s) => ({ ...s, draft: { ...s.draft, params } }))
      return
    }
    const saved = await this.#api.conversations.setParams(conversationId, params)
    const current = this.get().conversation
    if (current?.id !== conversationId) return
    const { params: _old, ...rest } = current
    this.set({ conversation: Object.keys(saved).length ? { ...rest, params: saved } : rest })
  }

  /** Applies a renamed title without reloading. */
  renamed(id: string, title: string): void {
    const { conversation } = this.get()
    if (conversation?.id === id) this.set({ conversation: { ...conversation, title } })
  }

  /** The open conversation was deleted elsewhere (the sidebar). */
  deleted(id: string): void {
    if (this.get().conversationId === id) void this.open(null)
  }

  clearFocus(): void {
    if (this.get().focusMessageId) this.set({ focusMessageId: null })
  }

  #requireOpen(): string {
    const id = this.get().conversationId
    if (!id) throw new Error('No conversation is open')
    return id
  }

  #started(started: StartedStream, edit: StartEdit): void {
    this.#commit(applyStarted(this.#view(), started, edit, this.#now()))
  }
}
