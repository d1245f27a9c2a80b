import type { ProxyChatApi, StartedStream, StreamEvent } from '../../../../shared/contract'
import type { Conversation, ErrorKind, Message, ModelRef } from '../../../../shared/domain'
import { realClock, type Clock } from '../../lib/clock'
import { Store } from '../../lib/store'
import { errorMessage } from '../../lib/errors'

export interface RetryState {
  providerName: string
  attempt: number
  maxAttempts: number
  /** When the next attempt starts (epoch ms). */
  until: number
  reason: ErrorKind
  message: string
}

export interface ActiveStream {
  streamId: string
  conversationId: string
  messageId: string
  retry: RetryState | null
}

export type ConversationMeta = Omit<Conversation, 'messages'>

export interface ChatState {
  /** The open conversation; null for a new chat that is not created yet. */
  conversationId: string | null
  conversation: ConversationMeta | null
  messages: readonly Message[]
  loading: boolean
  loadError: string | null
  /** Active streams by conversation id, across all conversations. */
  streams: Readonly<Record<string, ActiveStream>>
  /** Settings of the new chat, until its first message creates it. */
  draft: { model: ModelRef | null; systemPrompt: string }
  /** A message to bring into view (from a search hit). */
  focusMessageId: string | null
}

export type FrameScheduler = (callback: () => void) => void

interface Pending {
  content: string
  reasoning: string
}

const defaultScheduler: FrameScheduler = (callback) => {
  requestAnimationFrame(() => callback())
}

/**
 * The open conversation and every live stream. Stream events arrive from main; text deltas are
 * buffered and committed at most once per animation frame, so a fast stream costs one React
 * update per frame, whatever the token rate.
 */
export class ChatStore extends Store<ChatState> {
  readonly #api: ProxyChatApi
  readonly #schedule: FrameScheduler
  readonly #clock: Clock
  /** Deltas of the open conversation not yet committed, by message id. */
  readonly #pending = new Map<string, Pending>()
  #frameRequested = false
  /** Full text of streaming messages in conversations that are not open, by message id. */
  readonly #shadow = new Map<string, Pending>()
  /** Streams whose last event has arrived (a request may resolve after its stream is over). */
  readonly #ended = new Set<string>()
  /**
   * When each live reply (by message id) last heard from its provider (epoch ms). Kept outside the state:
   * the waiting notice reads it on its own once-a-second tick, so deltas do not cost a state update each.
   */
  readonly #heardAt = new Map<string, number>()
  #loadSeq = 0
  #disposed = false

  constructor(api: ProxyChatApi, schedule: FrameScheduler = defaultScheduler, clock: Clock = realClock) {
    super({
      conversationId: null,
      conversation: null,
      messages: [],
      loading: false,
      loadError: null,
      streams: {},
      draft: { model: null, systemPrompt: '' },
      focusMessageId: null,
    })
    this.#api = api
    this.#schedule = schedule
    this.#clock = clock
  }

  dispose(): void {
    this.#disposed = true
  }

  /** When the live reply `messageId` last received text (or started, or a retry began), if it is live. */
  lastHeardAt(messageId: string): number | undefined {
    return this.#heardAt.get(messageId)
  }

  /** The stream of the open conversation, if one is running. */
  activeStream(): ActiveStream | null {
    const { conversationId, streams } = this.get()
    return conversationId ? (streams[conversationId] ?? null) : null
  }

  // ---- stream events ------------------------------------------------------------------------

  readonly handleEvent = (event: StreamEvent): void => {
    if (this.#disposed) return
    const isOpen = event.conversationId === this.get().conversationId
    switch (event.type) {
      case 'started': {
        this.#flush()
        this.#heardAt.set(event.messageId, this.#clock.now())
        this.#setStream(event.conversationId, {
          streamId: event.streamId,
          conversationId: event.conversationId,
          messageId: event.messageId,
          retry: null,
        })
        if (isOpen && !this.get().loading) {
          this.#upsert(event.messageId, (m) => ({
            ...(m ?? placeholder(event.messageId)),
            status: 'streaming',
            meta: { ...m?.meta, providerName: event.providerName, model: event.model },
          }))
        }
        return
      }
      case 'delta': {
        this.#clearRetry(event.conversationId)
        if (event.content === '' && event.reasoning === '') return
        this.#heardAt.set(event.messageId, this.#clock.now())
        if (isOpen && !this.get().loading) {
          const pending = this.#pending.get(event.messageId)
          if (pending) {
            pending.content += event.content
            pending.reasoning += event.reasoning
          } else {
            this.#pending.set(event.messageId, { content: event.content, reasoning: event.reasoning })
          }
          this.#requestFrame()
        } else {
          const shadow = this.#shadow.get(event.messageId)
          if (shadow) {
            shadow.content += event.content
            shadow.reasoning += event.reasoning
          }
        }
        return
      }
      case 'retry': {
        this.#flush()
        // The wait before the next attempt is shown by the retry status: silence counts from its start.
        this.#heardAt.set(event.messageId, this.#clock.now() + event.delayMs)
        const current = this.get().streams[event.conversationId]
        this.#setStream(event.conversationId, {
          streamId: event.streamId,
          conversationId: event.conversationId,
          messageId: event.messageId,
          ...current,
          retry: {
            providerName: event.nextProviderName ?? event.providerName,
            attempt: event.attempt,
            maxAttempts: event.maxAttempts,
            until: Date.now() + event.delayMs,
            reason: event.reason,
            message: event.message,
          },
        })
        return
      }
      case 'done':
      case 'stopped':
      case 'error': {
        this.#flush()
        let message = event.message
        if (event.type === 'done') {
          message = {
            ...message,
            meta: {
              ...message.meta,
              usage: event.usage ?? message.meta?.usage,
              durationMs: event.durationMs,
            },
          }
        }
        if (event.type === 'error' && !message.error) {
          message = { ...message, status: 'error', error: { kind: event.kind, message: event.error } }
        }
        this.#shadow.delete(event.messageId)
        this.#heardAt.delete(event.messageId)
        this.#ended.add(event.streamId)
        const { [event.conversationId]: current, ...others } = this.get().streams
        // A newer stream of the same conversation stays.
        if (!current || current.streamId === event.streamId) this.set({ streams: others })
        if (isOpen && !this.get().loading) this.#upsert(message.id, () => message)
        return
      }
    }
  }

  #setStream(conversationId: string, stream: ActiveStream): void {
    this.set((s) => ({ ...s, streams: { ...s.streams, [conversationId]: stream } }))
  }

  #clearRetry(conversationId: string): void {
    const stream = this.get().streams[conversationId]
    if (stream?.retry) this.#setStream(conversationId, { ...stream, retry: null })
  }

  #requestFrame(): void {
    if (this.#frameRequested) return
    this.#frameRequested = true
    this.#schedule(() => {
      this.#frameRequested = false
      this.#flush()
    })
  }

  /** Commits buffered deltas: one state update for all of them. */
  #flush(): void {
    if (this.#pending.size === 0) return
    const pending = [...this.#pending]
    this.#pending.clear()
    this.set((s) => {
      const messages = [...s.messages]
      for (const [id, delta] of pending) {
        const index = findFromEnd(messages, id)
        const base = index >= 0 ? messages[index] : undefined
        const current = base ?? placeholder(id)
        const reasoning = (current.reasoning ?? '') + delta.reasoning
        const next: Message = {
          ...current,
          content: current.content + delta.content,
          ...(reasoning ? { reasoning } : {}),
        }
        if (index >= 0) messages[index] = next
        else messages.push(next)
      }
      return { ...s, messages }
    })
  }

  /** Replaces (or appends) one message of the open conversation. */
  #upsert(id: string, update: (message: Message | undefined) => Message): void {
    this.set((s) => {
      const index = findFromEnd(s.messages, id)
      const messages = [...s.messages]
      if (index >= 0) messages[index] = update(messages[index])
      else messages.push(update(undefined))
      return { ...s, messages }
    })
  }

  // ---- opening conversations ------------------------------------------------------------------

  /** Opens a conversation (null: a new, empty chat). */
  async open(id: string | null, focusMessageId: string | null = null): Promise<void> {
    const state = this.get()
    if (id !== null && id === state.conversationId && !state.loadError) {
      if (focusMessageId) this.set({ focusMessageId })
      return
    }
    this.#flush()
    // Keep the text of streams we leave, so that coming back shows it without a gap.
    for (const stream of Object.values(state.streams)) {
      if (stream.conversationId !== state.conversationId) continue
      const message = state.messages[findFromEnd(state.messages, stream.messageId)]
      if (message) {
        this.#shadow.set(message.id, { content: message.content, reasoning: message.reasoning ?? '' })
      }
    }
    const seq = ++this.#loadSeq
    if (id === null) {
      this.set({
        conversationId: null,
        conversation: null,
        messages: [],
        loading: false,
        loadError: null,
        focusMessageId: null,
        draft: { model: state.conversation?.model ?? state.draft.model, systemPrompt: '' },
      })
      return
    }
    this.set({
      conversationId: id,
      conversation: null,
      messages: [],
      loading: true,
      loadError: null,
      focusMessageId,
    })
    try {
      const conversation = await this.#api.conversations.get(id)
      if (seq !== this.#loadSeq || this.#disposed) return
      this.#adopt(conversation)
    } catch (error) {
      if (seq !== this.#loadSeq) return
      this.set({ loading: false, loadError: errorMessage(error) })
    }
  }

  #adopt(conversation: Conversation): void {
    const { messages, ...meta } = conversation
    const merged = messages.map((m) => {
      const shadow = this.#shadow.get(m.id)
      if (!shadow || m.status !== 'streaming') return m
      this.#shadow.delete(m.id)
      if (shadow.content.length < m.content.length) return m
      return { ...m, content: shadow.content, ...(shadow.reasoning ? { reasoning: shadow.reasoning } : {}) }
    })
    this.set({
      conversationId: meta.id,
      conversation: meta,
      messages: merged,
      loading: false,
      loadError: null,
    })
  }

  /** Brings the open conversation in line with main, keeping unchanged message objects (and live text). */
  async reconcile(): Promise<void> {
    const id = this.get().conversationId
    if (!id) return
    const seq = this.#loadSeq
    let fresh: Conversation
    try {
      fresh = await this.#api.conversations.get(id)
    } catch {
      return
    }
    if (seq !== this.#loadSeq || this.get().conversationId !== id) return
    this.#flush()
    this.set((s) => {
      const local = new Map(s.messages.map((m) => [m.id, m]))
      const messages = fresh.messages.map((m) => {
        const mine = local.get(m.id)
        if (!mine) return m
        if (mine.status === 'streaming' && m.status === 'streaming') {
          return mine.content.startsWith(m.content) ? mine : m
        }
        return sameMessage(mine, m) ? mine : m
      })
      // A reply that started after main answered is still ours to show.
      for (const m of s.messages) {
        if (m.status === 'streaming' && !fresh.messages.some((f) => f.id === m.id)) messages.push(m)
      }
      const { messages: _ignored, ...meta } = fresh
      return { ...s, conversation: meta, messages }
    })
  }

  // ---- actions -----------------------------------------------------------------------------

  /** Sends a message; creates the conversation first for a new chat. Resolves to its id. */
  async send(content: string, model: ModelRef | null): Promise<string> {
    let id = this.get().conversationId
    if (!id) {
      const { draft } = this.get()
      const conversation = await this.#api.conversations.create({
        model: model ?? draft.model,
        ...(draft.systemPrompt ? { systemPrompt: draft.systemPrompt } : {}),
      })
      ++this.#loadSeq
      this.#adopt(conversation)
      id = conversation.id
    }
    const started = await this.#api.chat.send({
      conversationId: id,
      content,
      ...(model ? { model } : {}),
    })
    this.#applyStarted(started, null)
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
    this.#applyStarted(started, { replace: messageId })
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
    this.#applyStarted(started, { after: messageId, content })
    void this.reconcile()
  }

  async continueMessage(messageId: string): Promise<void> {
    const conversationId = this.#requireOpen()
    const started = await this.#api.chat.continue({ conversationId, messageId })
    this.#applyStarted(started, null)
    void this.reconcile()
  }

  async deleteMessage(messageId: string): Promise<void> {
    const conversationId = this.#requireOpen()
    await this.#api.conversations.deleteMessage(conversationId, messageId)
    this.set((s) => ({ ...s, messages: s.messages.filter((m) => m.id !== messageId) }))
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

  /** Puts the messages of a stream just started into the list (events may have come first). */
  #applyStarted(
    started: StartedStream,
    edit: { replace: string } | { after: string; content: string } | null,
  ): void {
    if (started.conversationId !== this.get().conversationId) return
    this.#flush()
    const { assistantMessage, userMessage } = started
    // The stream may already be over (a fast failure): then its last event has the final message.
    const ended = this.#ended.has(started.streamId)
    if (!ended && !this.#heardAt.has(assistantMessage.id))
      this.#heardAt.set(assistantMessage.id, this.#clock.now())
    if (!ended && !this.get().streams[started.conversationId]) {
      this.#setStream(started.conversationId, {
        streamId: started.streamId,
        conversationId: started.conversationId,
        messageId: assistantMessage.id,
        retry: null,
      })
    }
    this.set((s) => {
      let messages = [...s.messages]
      if (edit && 'replace' in edit) {
        const index = messages.findIndex((m) => m.id === edit.replace)
        if (index >= 0) messages = messages.slice(0, index)
      } else if (edit) {
        const index = messages.findIndex((m) => m.id === edit.after)
        if (index >= 0) {
          const edited = messages[index]
          messages = messages.slice(0, index + 1)
          if (edited) messages[index] = { ...edited, content: edit.content }
        }
      }
      // Events may have already put the reply in (with text): keep that text.
      const early = s.messages.find((m) => m.id === assistantMessage.id)
      let reply = assistantMessage
      if (early && ended) reply = early
      else if (early?.status === 'streaming') reply = mergeReply(assistantMessage, early)
      messages = messages.filter((m) => m.id !== assistantMessage.id)
      if (userMessage && !messages.some((m) => m.id === userMessage.id)) messages.push(userMessage)
      messages.push(reply)
      return { ...s, messages }
    })
  }
}

function placeholder(id: string): Message {
  return { id, role: 'assistant', content: '', createdAt: Date.now(), status: 'streaming' }
}

function findFromEnd(messages: readonly Message[], id: string): number {
  for (let i = messages.length - 1; i >= 0; i--) if (messages[i]?.id === id) return i
  return -1
}

/** What main returned for a reply, plus what the stream has shown of it already. */
function mergeReply(fromMain: Message, local: Message): Message {
  const content = local.content.startsWith(fromMain.content)
    ? local.content
    : fromMain.content + local.content
  return {
    ...fromMain,
    content,
    ...(local.reasoning ? { reasoning: local.reasoning } : {}),
    meta: { ...fromMain.meta, ...local.meta },
  }
}

function sameMessage(a: Message, b: Message): boolean {
  return (
    a.content === b.content &&
    a.status === b.status &&
    a.reasoning === b.reasoning &&
    a.error?.kind === b.error?.kind &&
    a.error?.message === b.error?.message &&
    JSON.stringify(a.meta) === JSON.stringify(b.meta)
  )
}
