import type {
  Conversation,
  ErrorFacts,
  ErrorKind,
  Message,
  ModelParams,
  ModelRef,
} from '../../../../shared/domain'

export interface RetryState {
  providerName: string
  attempt: number
  maxAttempts: number
  /** When the next attempt starts (epoch ms). */
  until: number
  reason: ErrorKind
  facts: ErrorFacts
}

export interface ActiveStream {
  streamId: string
  conversationId: string
  messageId: string
  retry: RetryState | null
}

export type ConversationMeta = Omit<Conversation, 'messages'>

/** What the window renders: components subscribe to slices of it. */
export interface ChatState {
  /** The open conversation; null for a new chat that is not created yet. */
  conversationId: string | null
  conversation: ConversationMeta | null
  messages: readonly Message[]
  /**
   * Messages of the visible branch before `messages[0]` that are not loaded yet: opening a long
   * conversation shows its end first and loads the rest just after (0 once the whole branch is here).
   */
  earlier: number
  /** Why the earlier messages could not be loaded (null: they are loaded, on their way, or none). */
  earlierError: string | null
  loading: boolean
  loadError: string | null
  /** Active streams by conversation id, across all conversations. */
  streams: Readonly<Record<string, ActiveStream>>
  /** Settings of the new chat, until its first message creates it. */
  draft: { model: ModelRef | null; systemPrompt: string; params?: ModelParams }
  /** A message to bring into view (from a search hit). */
  focusMessageId: string | null
}

/** Text of a reply gathered outside the message list. */
export interface StreamText {
  content: string
  reasoning: string
}

/**
 * What the store keeps beside the rendered state. None of it is rendered directly, so changing it
 * costs no React update: that is what lets a fast stream commit once per frame.
 */
export interface StreamBook {
  /** Deltas of the open conversation not yet committed to `messages`, by message id. */
  pending: ReadonlyMap<string, StreamText>
  /** Full text of streaming replies in conversations that are not open, by message id. */
  shadow: ReadonlyMap<string, StreamText>
  /** Streams whose last event has arrived (a request may resolve after its stream is over). */
  ended: ReadonlySet<string>
  /**
   * When each live reply (by message id) last heard from its provider (clock ms). The waiting notice
   * reads it on its own once-a-second tick.
   */
  heardAt: ReadonlyMap<string, number>
}

/** The whole of what the pure stream functions read and return. */
export interface ChatView {
  state: ChatState
  book: StreamBook
}

/**
 * The time of a transition, read twice: `clock` is the window's injectable clock (the waiting notice
 * counts silence on it), `wall` is `Date.now()`, which the retry countdown and message timestamps use.
 */
export interface Moment {
  clock: number
  wall: number
}

export const initialChatState: ChatState = {
  conversationId: null,
  conversation: null,
  messages: [],
  earlier: 0,
  earlierError: null,
  loading: false,
  loadError: null,
  streams: {},
  draft: { model: null, systemPrompt: '' },
  focusMessageId: null,
}

export const emptyBook: StreamBook = {
  pending: new Map(),
  shadow: new Map(),
  ended: new Set(),
  heardAt: new Map(),
}
