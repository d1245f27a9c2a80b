/**
 * Maps Anthropic Messages stream events to the same OpenAI-shaped chunks the rest of the app uses.
 * Synchronous per event, same contract as OpenAIStreamMapper.
 */

import { cutOffReplyError, errorFromStreamPayload, unreadableReplyError } from './http-errors'
import { DONE, parseOrText } from './openai-stream'
import type { Done } from './openai-stream'
import type { SseEvent } from './sse'
import type { ChatCompletionChunk, ChunkDelta, FinishReason } from './types'
import { anthropicUsage, mergeAnthropicCounts, readAnthropicCounts, type AnthropicCounts } from './usage'

type Json = Record<string, unknown>

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null
}

export const STOP_REASONS: Readonly<Record<string, FinishReason>> = {
  end_turn: 'stop',
  stop_sequence: 'stop',
  max_tokens: 'length',
  model_context_window_exceeded: 'length',
  tool_use: 'tool_calls',
  refusal: 'content_filter',
}

export class AnthropicStreamMapper {
  private done = false
  private finished = false
  private id = ''
  private model = ''
  private created = 0
  // message_start's counts (input, cache writes and reads); message_delta adds the output.
  private counts: AnthropicCounts = {}

  /** `now` is injectable for tests; Anthropic sends no timestamp. */
  constructor(
    private readonly provider: string,
    private readonly now: () => number = Date.now,
  ) {}

  /** Returns a chunk to pass on, null for housekeeping, or DONE. Throws ProviderError. */
  map(ev: SseEvent): ChatCompletionChunk | null | Done {
    if (ev.event === 'ping') return null
    if (ev.event === 'error') throw errorFromStreamPayload(this.provider, parseOrText(ev.data))
    let raw: unknown
    try {
      raw = JSON.parse(ev.data)
    } catch {
      throw unreadableReplyError(this.provider, ev.data.length)
    }
    if (!isObject(raw)) throw unreadableReplyError(this.provider)
    // The data's own type is authoritative; the SSE event name is only a fallback.
    const type = typeof raw.type === 'string' ? raw.type : ev.event
    switch (type) {
      case 'content_block_delta':
        return this.blockDelta(raw.delta)
      case 'message_start':
        return this.start(raw.message)
      case 'message_delta':
        return this.messageDelta(raw)
      case 'message_stop':
        this.done = true
        return DONE
      case 'error':
        throw errorFromStreamPayload(this.provider, raw)
      default:
        // ping, content_block_start/stop, and event types added later.
        return null
    }
  }

  /** Call when the stream has ended: throws if the provider never said the reply was complete. */
  finish(): void {
    if (!this.done && !this.finished) throw cutOffReplyError(this.provider)
  }

  private start(message: unknown): ChatCompletionChunk {
    this.created = Math.floor(this.now() / 1000)
    if (isObject(message)) {
      if (typeof message.id === 'string') this.id = message.id
      if (typeof message.model === 'string') this.model = message.model
      this.counts = readAnthropicCounts(message.usage)
    }
    return this.chunk({ role: 'assistant' }, null)
  }

  private blockDelta(delta: unknown): ChatCompletionChunk | null {
    if (!isObject(delta)) return null
    // signature_delta, input_json_delta (tool calls) and future deltas are not shown.
    if (delta.type === 'text_delta') {
      return typeof delta.text === 'string' && delta.text !== ''
        ? this.chunk({ content: delta.text }, null)
        : null
    }
    if (delta.type === 'thinking_delta') {
      const thinking = delta.thinking
      return typeof thinking === 'string' && thinking !== ''
        ? this.chunk({ reasoning: thinking }, null)
        : null
    }
    return null
  }

  private messageDelta(raw: Json): ChatCompletionChunk | null {
    let finishReason: FinishReason | null = null
    const stop = isObject(raw.delta) ? raw.delta.stop_reason : undefined
    if (typeof stop === 'string' && stop !== '' && !this.finished) {
      this.finished = true
      finishReason = STOP_REASONS[stop] ?? stop
    }
    const u = raw.usage
    if (finishReason === null && !isObject(u)) return null
    const chunk = this.chunk({}, finishReason)
    if (isObject(u)) {
      // Counts are cumulative; newer API versions repeat the input counts here, older ones send only the output.
      this.counts = mergeAnthropicCounts(this.counts, readAnthropicCounts(u))
      chunk.usage = anthropicUsage(this.counts)
    }
    return chunk
  }

  private chunk(delta: ChunkDelta, finishReason: FinishReason | null): ChatCompletionChunk {
    return {
      id: this.id,
      object: 'chat.completion.chunk',
      created: this.created,
      model: this.model,
      choices: [{ index: 0, delta, finish_reason: finishReason }],
    }
  }
}
