/**
 * The pure core of a streaming reply: chunks in, the assistant message out. No I/O, no clocks
 * (times are passed in), so every transition is a plain function call in tests.
 */
import type { ChatCompletionChunk } from '../llm/types'
import type { ErrorFacts, ErrorKind, Message, MessageMeta, ProviderFailure, Usage } from '../../shared/domain'

export interface ReplyState {
  message: Message
  /** Text received since the last delta event: what the coalescer sends next. */
  pendingContent: string
  pendingReasoning: string
  /**
   * What the reply had cost before this request: a continued reply counts its earlier part too, so the
   * meta line (tokens, time) is the whole reply's, not only the continuation's.
   */
  earlier: { usage?: Usage; durationMs: number }
}

export function startReply(message: Message): ReplyState {
  const usage = message.meta?.usage
  return {
    message: { ...message, status: 'streaming' },
    pendingContent: '',
    pendingReasoning: '',
    earlier: { ...(usage ? { usage } : {}), durationMs: message.meta?.durationMs ?? 0 },
  }
}

/** Appends one chunk's text and records its finish reason and usage. */
export function applyChunk(state: ReplyState, chunk: ChatCompletionChunk): ReplyState {
  const choice = chunk.choices[0]
  const content = choice.delta.content ?? ''
  const reasoning = choice.delta.reasoning ?? ''
  const meta = metaFromChunk(state.message.meta, chunk, state.earlier.usage)
  if (!content && !reasoning && meta === state.message.meta) return state
  const message: Message = {
    ...state.message,
    content: state.message.content + content,
    ...(reasoning ? { reasoning: (state.message.reasoning ?? '') + reasoning } : {}),
    ...(meta ? { meta } : {}),
  }
  return {
    ...state,
    message,
    pendingContent: state.pendingContent + content,
    pendingReasoning: state.pendingReasoning + reasoning,
  }
}

function metaFromChunk(
  meta: MessageMeta | undefined,
  chunk: ChatCompletionChunk,
  earlier: Usage | undefined,
): MessageMeta | undefined {
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
          // A provider reports this request's usage (cumulatively, so the last report wins), plus the earlier part's.
          usage: addUsage(toUsage(usage), earlier),
        }
      : {}),
  }
}

/** The library's OpenAI-shaped usage as the app stores it; details only when the provider gave them. */
export function toUsage(u: NonNullable<ChatCompletionChunk['usage']>): Usage {
  const cached = u.prompt_tokens_details?.cached_tokens
  const cacheWrite = u.prompt_tokens_details?.cache_write_tokens
  const reasoning = u.completion_tokens_details?.reasoning_tokens
  return {
    promptTokens: u.prompt_tokens,
    completionTokens: u.completion_tokens,
    totalTokens: u.total_tokens,
    ...(cached ? { cachedTokens: cached } : {}),
    ...(cacheWrite ? { cacheWriteTokens: cacheWrite } : {}),
    ...(reasoning ? { reasoningTokens: reasoning } : {}),
  }
}

/** A continued reply's usage: this request's plus the earlier part's, field by field. */
function addUsage(now: Usage, earlier: Usage | undefined): Usage {
  if (!earlier) return now
  const sum = (a: number | undefined, b: number | undefined): number | undefined =>
    a === undefined && b === undefined ? undefined : (a ?? 0) + (b ?? 0)
  const cached = sum(now.cachedTokens, earlier.cachedTokens)
  const cacheWrite = sum(now.cacheWriteTokens, earlier.cacheWriteTokens)
  const reasoning = sum(now.reasoningTokens, earlier.reasoningTokens)
  return {
    promptTokens: now.promptTokens + earlier.promptTokens,
    completionTokens: now.completionTokens + earlier.completionTokens,
    totalTokens: now.totalTokens + earlier.totalTokens,
    ...(cached === undefined ? {} : { cachedTokens: cached }),
    ...(cacheWrite === undefined ? {} : { cacheWriteTokens: cacheWrite }),
    ...(reasoning === undefined ? {} : { reasoningTokens: reasoning }),
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

/** `durationMs` is this request's time; a continued reply adds its earlier part's. */
export function finishReply(state: ReplyState, durationMs: number): ReplyState {
  return {
    ...state,
    message: {
      ...state.message,
      status: 'done',
      meta: { ...state.message.meta, durationMs: state.earlier.durationMs + durationMs },
    },
  }
}

export function stopReply(state: ReplyState, durationMs: number): ReplyState {
  return {
    ...state,
    message: {
      ...state.message,
      status: 'stopped',
      meta: { ...state.message.meta, durationMs: state.earlier.durationMs + durationMs },
    },
  }
}

export function failReply(
  state: ReplyState,
  kind: ErrorKind,
  message: string,
  durationMs: number,
  failures?: ProviderFailure[],
  /** The failure's facts besides its kind (HTTP status, the fact...), for the window to word. */
  facts: Omit<ErrorFacts, 'kind'> = {},
): ReplyState {
  // No provider answered at all: the error lists every one, so there is no fallback to note.
  const { fallbackFrom, ...meta } = state.message.meta ?? {}
  return {
    ...state,
    message: {
      ...state.message,
      status: 'error',
      error: { kind, ...facts, message, ...(failures?.length ? { failures } : {}) },
      meta: {
        ...meta,
        ...(fallbackFrom && state.message.content ? { fallbackFrom } : {}),
        durationMs: state.earlier.durationMs + durationMs,
      },
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
