import type { ChatView } from './chat-state'
import { findFromEnd, withEntry } from './message-list'
import { commitPending } from './stream-reducer'

/** What opening a conversation asks of the store: nothing more, a fresh load, or nothing to load. */
export type Opening =
  | { kind: 'focus'; view: ChatView }
  | { kind: 'new-chat'; view: ChatView }
  | { kind: 'load'; id: string; view: ChatView }

/** Keeps the text of the open conversation's live replies, so that coming back shows it without a gap. */
export function shadowOpenStreams(view: ChatView): ChatView {
  const { state } = view
  let { shadow } = view.book
  for (const stream of Object.values(state.streams)) {
    if (stream.conversationId !== state.conversationId) continue
    const message = state.messages[findFromEnd(state.messages, stream.messageId)]
    if (message)
      shadow = withEntry(shadow, message.id, { content: message.content, reasoning: message.reasoning ?? '' })
  }
  return shadow === view.book.shadow ? view : { ...view, book: { ...view.book, shadow } }
}

/** Opens a conversation (null: a new, empty chat); the conversation already open only takes the focus. */
export function openView(
  view: ChatView,
  id: string | null,
  focusMessageId: string | null,
  wall: number,
): Opening {
  const { state } = view
  if (id !== null && id === state.conversationId && !state.loadError) {
    return { kind: 'focus', view: focusMessageId ? { ...view, state: { ...state, focusMessageId } } : view }
  }
  // Pending text is committed first, so the shadow of a reply we leave has all of it.
  const left = shadowOpenStreams(commitPending(view, wall))
  if (id === null) {
    const draft = { model: state.conversation?.model ?? state.draft.model, systemPrompt: '' }
    const cleared = {
      conversationId: null,
      conversation: null,
      messages: [],
      earlier: 0,
      earlierError: null,
      loading: false,
      focusMessageId: null,
    }
    return {
      kind: 'new-chat',
      view: { ...left, state: { ...left.state, ...cleared, loadError: null, draft } },
    }
  }
  const loading = {
    conversationId: id,
    conversation: null,
    messages: [],
    earlier: 0,
    earlierError: null,
    loading: true,
    loadError: null,
  }
  return { kind: 'load', id, view: { ...left, state: { ...left.state, ...loading, focusMessageId } } }
}

/** The earlier messages of the open conversation could not be read: the list says why, with Try again. */
export function earlierFailed(view: ChatView, message: string): ChatView {
  return { ...view, state: { ...view.state, earlierError: message } }
}

/** The open conversation could not be read: the window says why and offers to try again. */
export function loadFailed(view: ChatView, message: string): ChatView {
  return { ...view, state: { ...view.state, loading: false, loadError: message } }
}
