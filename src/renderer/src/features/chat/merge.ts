import type { StartedStream } from '../../../../shared/contract'
import type { Conversation, Message } from '../../../../shared/domain'
import type { ChatView, Moment, StreamText } from './chat-state'
import { withEntry, withoutEntry } from './message-list'
import { commitPending, withStream } from './stream-reducer'

/*
 * How what main returns (a conversation, a reply just started) meets what this window already shows.
 * Main's copy lags the stream: it is checkpointed at most once a second, while events arrive up to
 * 60 times a second. So each rule below decides which side has seen more, and keeps unchanged
 * message objects, so memoized rows do not re-render.
 */

/** Rule *shadow text*: a reply left while streaming keeps the text this window saw, unless main's is longer. */
export function withShadowText(message: Message, shadow: StreamText): Message {
  if (shadow.content.length < message.content.length) return message
  return { ...message, content: shadow.content, ...(shadow.reasoning ? { reasoning: shadow.reasoning } : {}) }
}

/**
 * A conversation loaded from main becomes the open one; its live replies take their shadow text.
 * `earlier`: messages of its branch before the ones given, still to load (see `conversations.getTail`).
 */
export function adoptConversation(view: ChatView, conversation: Conversation, earlier = 0): ChatView {
  const { messages, ...meta } = conversation
  let { shadow } = view.book
  const merged = messages.map((m) => {
    const text = shadow.get(m.id)
    if (!text || m.status !== 'streaming') return m
    shadow = withoutEntry(shadow, m.id)
    return withShadowText(m, text)
  })
  return {
    state: {
      ...view.state,
      conversationId: meta.id,
      conversation: meta,
      messages: merged,
      earlier,
      earlierError: null,
      loading: false,
      loadError: null,
    },
    book: { ...view.book, shadow },
  }
}

/** Rule *same message*: equal in everything shown, so the local object (and its rendered row) stays. */
export function sameMessage(a: Message, b: Message): boolean {
  return (
    a.content === b.content &&
    a.status === b.status &&
    a.reasoning === b.reasoning &&
    a.error?.kind === b.error?.kind &&
    a.error?.message === b.error?.message &&
    a.versions?.index === b.versions?.index &&
    a.versions?.count === b.versions?.count &&
    JSON.stringify(a.meta) === JSON.stringify(b.meta)
  )
}

/**
 * One message of the open conversation when main's copy arrives. Rule *live text*: while both sides
 * stream, the local text wins if it extends main's checkpoint; otherwise main's copy is the truth,
 * and rule *same message* keeps the local object when nothing differs.
 */
export function reconcileMessage(mine: Message | undefined, fromMain: Message): Message {
  if (!mine) return fromMain
  if (mine.status === 'streaming' && fromMain.status === 'streaming') {
    if (!mine.content.startsWith(fromMain.content)) return fromMain
    // A reply regenerated a moment ago learns its place among versions ("3/3") from main's copy.
    const same =
      mine.versions?.index === fromMain.versions?.index && mine.versions?.count === fromMain.versions?.count
    return same ? mine : { ...mine, versions: fromMain.versions }
  }
  return sameMessage(mine, fromMain) ? mine : fromMain
}

/** Main's list, message by message; rule *late start*: a reply that started after main answered stays. */
export function reconcileMessages(local: readonly Message[], fresh: readonly Message[]): Message[] {
  const mine = new Map(local.map((m) => [m.id, m]))
  const messages = fresh.map((m) => reconcileMessage(mine.get(m.id), m))
  const known = new Set(fresh.map((m) => m.id))
  for (const m of local) if (m.status === 'streaming' && !known.has(m.id)) messages.push(m)
  return messages
}

/**
 * Brings the open conversation in line with main's copy (its whole visible branch, so nothing is left to
 * load before it), keeping live text and unchanged objects.
 */
export function reconcileView(view: ChatView, fresh: Conversation, wall: number): ChatView {
  const flushed = commitPending(view, wall)
  const { messages, ...conversation } = fresh
  return {
    ...flushed,
    state: {
      ...flushed.state,
      conversation,
      messages: reconcileMessages(flushed.state.messages, messages),
      earlier: 0,
      earlierError: null,
    },
  }
}

/** Rule *early text*: what main returned for a reply, plus what the stream has shown of it already. */
export function mergeReply(fromMain: Message, local: Message): Message {
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

/** How the request that started a stream changes the messages before its reply. */
export type StartEdit = { replace: string } | { after: string; content: string } | null

/** Rule *cut*: regenerating drops the old reply and what follows it; an edit also drops the edited message. */
export function cutForEdit(messages: readonly Message[], edit: StartEdit): Message[] {
  if (!edit) return [...messages]
  if ('replace' in edit) {
    const index = messages.findIndex((m) => m.id === edit.replace)
    return index >= 0 ? messages.slice(0, index) : [...messages]
  }
  const index = messages.findIndex((m) => m.id === edit.after)
  // The edited message stays in main as an earlier version; its new version (main's user message) follows.
  return index >= 0 ? messages.slice(0, index) : [...messages]
}

/**
 * The reply as main returned it on start, against what events have already put in the list.
 * Rule *ended first*: a stream already over (a fast failure) has its final message from the last event.
 */
export function startedReply(fromMain: Message, early: Message | undefined, ended: boolean): Message {
  if (early && ended) return early
  if (early?.status === 'streaming') return mergeReply(fromMain, early)
  return fromMain
}

/** Puts the messages of a stream just started into the list (its events may have come first). */
export function applyStarted(view: ChatView, started: StartedStream, edit: StartEdit, at: Moment): ChatView {
  if (started.conversationId !== view.state.conversationId) return view
  const { state, book } = commitPending(view, at.wall)
  const { assistantMessage, userMessage, streamId, conversationId } = started
  const ended = book.ended.has(streamId)
  const heardAt =
    ended || book.heardAt.has(assistantMessage.id)
      ? book.heardAt
      : withEntry(book.heardAt, assistantMessage.id, at.clock)
  const live =
    ended || state.streams[conversationId]
      ? state
      : withStream(state, { streamId, conversationId, messageId: assistantMessage.id, retry: null })
  const early = state.messages.find((m) => m.id === assistantMessage.id)
  const messages = cutForEdit(state.messages, edit).filter((m) => m.id !== assistantMessage.id)
  if (userMessage && !messages.some((m) => m.id === userMessage.id)) messages.push(userMessage)
  messages.push(startedReply(assistantMessage, early, ended))
  return { state: { ...live, messages }, book: { ...book, heardAt } }
}
