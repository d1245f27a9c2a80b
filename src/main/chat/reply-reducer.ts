/**
 * The pure core of a streaming reply: chunks in, the assistant message out. No I/O, no clocks
 * (times are passed in), so every transition is a plain function call in tests.
 */
import type { ChatCompletionChunk } from '../llm/types'
import type { ErrorKind, Message, MessageMeta, ProviderFailure } from '../../shared/domain'

export interface ReplyState {
  message: Message
  /** Text received since the last delta event: what the coalescer sends next. */
  pendingContent: string
  pendingReasoning: string
}

export function startReply(message: Message): ReplyState {
  return { message: { ...message, status: 'streaming' }, pendingContent: '', pendingReasoning: '' }
}

/** Appends one chunk's text and records its finish reason and usage. */
export function applyChunk(state: ReplyState, chunk: ChatCompletionChunk): ReplyState {
  const choice = chunk.choices[0]
  const content = choice.delta.content ?? ''
  const reasoning = choice.delta.reasoning ?? ''
  const meta = metaFromChunk(state.message.meta, chunk)
  if (!content && !reasoning && meta === state.message.meta) return state
  const message: Message = {
    ...state.message,
    content: state.message.content + content,
    ...(reasoning ? { reasoning: (state.message.reasoning ?? '') + reasoning } : {}),
    ...(meta ? { meta } : {}),
  }
  return {
    message,
    pendingContent: state.pendingContent + content,
    pendingReasoning: state.pendingReasoning + reasoning,
  }
}

function metaFromChunk(meta: MessageMeta | undefined, chunk: ChatCompletionChunk): MessageMeta | undefined {
  const finishReason = chunk.choices[0].finish_reason ?? undefined
  const usage = chunk.usage
  const model = chunk.model || undefined
  if (!finishReason && !usage && (!model || model === meta?.model)) return meta
  return {
    ...meta,
    ...(model ? { model } : {}),
    ...(finishReason ? { finishReason } : {}),
    ...(usage
      ? {
          usage: {
            promptTokens: usage.prompt_tokens,
            completionTokens: usage.completion_tokens,
            totalTokens: usage.total_tokens,
          },
        }
      : {}),
  }
}

/** Takes the pending text out for a delta event. */
export function drainPending(state: ReplyState): { state: ReplyState; content: string; reasoning: string } {
  return {
    state: { ...state, pendingContent: '', pendingReasoning: '' },
    content: state.pendingContent,
    reasoning: state.pendingReasoning,
  }
}

export function finishReply(state: ReplyState, durationMs: number): ReplyState {
  return {
    ...state,
    message: { ...state.message, status: 'done', meta: { ...state.message.meta, durationMs } },
  }
}

export function stopReply(state: ReplyState, durationMs: number): ReplyState {
  return {
    ...state,
    message: { ...state.message, status: 'stopped', meta: { ...state.message.meta, durationMs } },
  }
}

export function failReply(
  state: ReplyState,
  kind: ErrorKind,
  message: string,
  durationMs: number,
  failures?: ProviderFailure[],
): ReplyState {
  // No provider answered at all: the error lists every one, so there is no fallback to note.
  const { fallbackFrom, ...meta } = state.message.meta ?? {}
  return {
    ...state,
    message: {
      ...state.message,
      status: 'error',
      error: { kind, message, ...(failures?.length ? { failures } : {}) },
      meta: { ...meta, ...(fallbackFrom && state.message.content ? { fallbackFrom } : {}), durationMs },
    },
  }
}

/** Records the provider answering now (the first, or a fallback after a retry). */
export function withProvider(state: ReplyState, providerName: string): ReplyState {
  if (state.message.meta?.providerName === providerName) return state
  return { ...state, message: { ...state.message, meta: { ...state.message.meta, providerName } } }
}

/** Records which providers failed before the fallback now answering, for the reply's quiet note. */
export function withFallback(state: ReplyState, failed: ProviderFailure[]): ReplyState {
  if (failed.length === 0) return state
  return { ...state, message: { ...state.message, meta: { ...state.message.meta, fallbackFrom: failed } } }
}
