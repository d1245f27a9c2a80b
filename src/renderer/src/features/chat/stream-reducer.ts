import type { StreamEvent } from '../../../../shared/contract'
import type { Message } from '../../../../shared/domain'
import type { ActiveStream, ChatState, ChatView, Moment } from './chat-state'
import { addText, appendTexts, placeholder, upsertMessage, withEntry, withoutEntry } from './message-list'

type EventOf<T extends StreamEvent['type']> = Extract<StreamEvent, { type: T }>

/**
 * Applies one stream event to the window's view. Pure: the store supplies the time and does the
 * batching. Text deltas of the open conversation go to `book.pending` (no state change, so no React
 * update); every other event first commits what is pending, so nothing arrives out of order.
 */
export function applyStreamEvent(view: ChatView, event: StreamEvent, at: Moment): ChatView {
  // Main sends nothing after a stream's last event; a repeated or late one must not revive the reply.
  if (view.book.ended.has(event.streamId)) return view
  switch (event.type) {
    case 'started':
      return started(commitPending(view, at.wall), event, at)
    case 'delta':
      return delta(view, event, at)
    case 'retry':
      return retry(commitPending(view, at.wall), event, at)
    case 'done':
    case 'stopped':
    case 'error':
      return ended(commitPending(view, at.wall), event)
  }
}

/** Moves buffered deltas into the message list: one state change for all of them. */
export function commitPending(view: ChatView, wall: number): ChatView {
  const { pending } = view.book
  if (pending.size === 0) return view
  return {
    state: { ...view.state, messages: appendTexts(view.state.messages, pending, wall) },
    book: { ...view.book, pending: new Map() },
  }
}

/** The conversation is the open one and its messages are in the list (not still loading). */
export function isShown(state: ChatState, conversationId: string): boolean {
  return conversationId === state.conversationId && !state.loading
}

export function withStream(state: ChatState, stream: ActiveStream): ChatState {
  return { ...state, streams: { ...state.streams, [stream.conversationId]: stream } }
}

function started(view: ChatView, event: EventOf<'started'>, at: Moment): ChatView {
  const { conversationId, messageId, providerName, model } = event
  let state = withStream(view.state, { streamId: event.streamId, conversationId, messageId, retry: null })
  if (isShown(state, conversationId)) {
    const messages = upsertMessage(state.messages, messageId, (m) => ({
      ...(m ?? placeholder(messageId, at.wall)),
      status: 'streaming',
      meta: { ...m?.meta, providerName, model },
    }))
    state = { ...state, messages }
  }
  return { state, book: { ...view.book, heardAt: withEntry(view.book.heardAt, messageId, at.clock) } }
}

function delta(view: ChatView, event: EventOf<'delta'>, at: Moment): ChatView {
  // Text means the retry is over.
  const stream = view.state.streams[event.conversationId]
  const state = stream?.retry ? withStream(view.state, { ...stream, retry: null }) : view.state
  if (event.content === '' && event.reasoning === '') return state === view.state ? view : { ...view, state }
  const text = { content: event.content, reasoning: event.reasoning }
  const { book } = view
  const heardAt = withEntry(book.heardAt, event.messageId, at.clock)
  if (isShown(state, event.conversationId)) {
    return { state, book: { ...book, heardAt, pending: addText(book.pending, event.messageId, text, true) } }
  }
  // Elsewhere (or still loading), only a reply left while streaming keeps its text: its shadow.
  return { state, book: { ...book, heardAt, shadow: addText(book.shadow, event.messageId, text, false) } }
}

function retry(view: ChatView, event: EventOf<'retry'>, at: Moment): ChatView {
  const current = view.state.streams[event.conversationId]
  const state = withStream(view.state, {
    streamId: event.streamId,
    conversationId: event.conversationId,
    messageId: event.messageId,
    ...current,
    retry: {
      providerName: event.nextProviderName ?? event.providerName,
      attempt: event.attempt,
      maxAttempts: event.maxAttempts,
      until: at.wall + event.delayMs,
      reason: event.reason,
      facts: event.facts,
    },
  })
  // The wait before the next attempt is shown by the retry status: silence counts from the next attempt's start.
  const heardAt = withEntry(view.book.heardAt, event.messageId, at.clock + event.delayMs)
  return { state, book: { ...view.book, heardAt } }
}

/** The message a final event carries, completed with what the event says beside it. */
export function finalMessage(event: EventOf<'done' | 'stopped' | 'error'>): Message {
  const { message } = event
  if (event.type === 'done') {
    return {
      ...message,
      meta: { ...message.meta, usage: event.usage ?? message.meta?.usage, durationMs: event.durationMs },
    }
  }
  if (event.type === 'error' && !message.error) {
    return { ...message, status: 'error', error: { kind: event.kind, message: event.error } }
  }
  return message
}

function ended(view: ChatView, event: EventOf<'done' | 'stopped' | 'error'>): ChatView {
  const message = finalMessage(event)
  let state = view.state
  const current = state.streams[event.conversationId]
  // A newer stream of the same conversation stays.
  if (current?.streamId === event.streamId) {
    const { [event.conversationId]: _ended, ...others } = state.streams
    state = { ...state, streams: others }
  }
  if (isShown(state, event.conversationId)) {
    // Main's events carry the stored message; its place among versions ("2/3") is known only here.
    let messages = upsertMessage(state.messages, message.id, (shown) =>
      shown?.versions ? { ...message, versions: shown.versions } : message,
    )
    // A fallback provider took the question's files another way: its notes say so now.
    const question = event.type === 'done' ? event.question : undefined
    if (question) {
      messages = messages.map((m) => (m.id === question.id ? { ...m, attachments: question.attachments } : m))
    }
    state = { ...state, messages }
  }
  const ended = new Set(view.book.ended)
  ended.add(event.streamId)
  return {
    state,
    book: {
      ...view.book,
      shadow: withoutEntry(view.book.shadow, event.messageId),
      heardAt: withoutEntry(view.book.heardAt, event.messageId),
      ended,
    },
  }
}
