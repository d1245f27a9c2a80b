import type { StreamEvent } from '../../../src/shared/contract'
import type { Message } from '../../../src/shared/domain'
import {
  emptyBook,
  initialChatState,
  type ChatState,
  type ChatView,
  type Moment,
  type StreamBook,
} from '../../../src/renderer/src/features/chat/chat-state'

/** Fixtures of the pure chat functions: one open conversation, one reply streaming in it. */
export const OPEN = 'conv-open'
export const OTHER = 'conv-other'
export const STREAM = 'stream-1'
export const REPLY = 'reply-1'
export const AT: Moment = { clock: 1_000, wall: 50_000 }

export function message(id: string, patch: Partial<Message> = {}): Message {
  return { id, role: 'assistant', content: '', createdAt: 1, status: 'streaming', ...patch }
}

export const question = message('user-1', { role: 'user', content: 'Hi', status: 'done' })

/** The open conversation, loaded, with `messages` and the reply's stream registered. */
export function view(
  patch: { state?: Partial<ChatState>; book?: Partial<StreamBook> } = {},
  messages: Message[] = [question, message(REPLY)],
): ChatView {
  return {
    state: {
      ...initialChatState,
      conversationId: OPEN,
      conversation: { id: OPEN, title: 'T', createdAt: 1, updatedAt: 1, model: null, systemPrompt: '' },
      messages,
      streams: { [OPEN]: { streamId: STREAM, conversationId: OPEN, messageId: REPLY, retry: null } },
      ...patch.state,
    },
    book: { ...emptyBook, ...patch.book },
  }
}

type Ids = { streamId?: string; conversationId?: string; messageId?: string }

function ids(over: Ids = {}) {
  return { streamId: STREAM, conversationId: OPEN, messageId: REPLY, ...over }
}

export const events = {
  started: (over: Ids = {}): StreamEvent => ({
    type: 'started',
    ...ids(over),
    providerName: 'OpenAI',
    model: 'gpt-4o',
  }),
  delta: (content: string, reasoning = '', over: Ids = {}): StreamEvent => ({
    type: 'delta',
    ...ids(over),
    content,
    reasoning,
  }),
  retry: (over: Ids & { nextProviderName?: string } = {}): StreamEvent => ({
    type: 'retry',
    ...ids(over),
    providerName: 'OpenAI',
    attempt: 2,
    maxAttempts: 5,
    delayMs: 2_000,
    reason: 'rate_limit',
    facts: { kind: 'rate_limit', status: 429 },
    ...(over.nextProviderName ? { nextProviderName: over.nextProviderName } : {}),
  }),
  done: (
    final: Message,
    over: Ids = {},
    usage = { promptTokens: 1, completionTokens: 2, totalTokens: 3 },
  ): StreamEvent => ({
    type: 'done',
    ...ids(over),
    message: final,
    usage,
    durationMs: 900,
  }),
  stopped: (final: Message, over: Ids = {}): StreamEvent => ({
    type: 'stopped',
    ...ids(over),
    message: final,
  }),
  error: (final: Message, over: Ids = {}): StreamEvent => ({
    type: 'error',
    ...ids(over),
    kind: 'network',
    error: 'socket hang up',
    message: final,
  }),
}

export function reply(v: ChatView, id = REPLY): Message | undefined {
  return v.state.messages.find((m) => m.id === id)
}
