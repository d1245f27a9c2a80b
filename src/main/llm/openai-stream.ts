/**
 * Maps the SSE events of OpenAI-compatible servers (OpenAI, OpenRouter, Groq, DeepSeek, Ollama, Azure…)
 * to lean ChatCompletionChunks, absorbing each server's housekeeping and quirks. Synchronous per event.
 */

import { cutOffReplyError, errorFromStreamPayload, unreadableReplyError } from './http-errors'
import type { SseEvent } from './sse'
import type { ChatCompletionChunk, ChunkDelta, FinishReason } from './types'
import { readUsage } from './usage'

/** Returned by a mapper when the provider says the reply is complete: close the connection at once. */
export const DONE: unique symbol = Symbol('DONE')
export type Done = typeof DONE

type Json = Record<string, unknown>

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null
}

export class OpenAIStreamMapper {
  private done = false
  private finished = false
  // Remembered so that housekeeping chunks with blank ids (Azure) still carry the reply's.
  private id = ''
  private model = ''
  private created = 0

  constructor(private readonly provider: string) {}

  /** Returns a chunk to pass on, null for housekeeping, or DONE. Throws ProviderError. */
  map(ev: SseEvent): ChatCompletionChunk | null | Done {
    const data = ev.data
    if (data === '[DONE]') {
      this.done = true
      return DONE
    }
    // An empty `data:` is a keep-alive some proxies send.
    if (data === '') return null
    if (ev.event === 'error') throw errorFromStreamPayload(this.provider, parseOrText(data))
    let raw: unknown
    try {
      raw = JSON.parse(data)
    } catch {
      throw unreadableReplyError(this.provider, data.length)
    }
    if (!isObject(raw) || Array.isArray(raw)) throw unreadableReplyError(this.provider)
    // OpenRouter sends errors with HTTP 200, sometimes beside a `finish_reason: "error"` choice.
    if (raw.error !== undefined && raw.error !== null) throw errorFromStreamPayload(this.provider, raw.error)

    const choices = raw.choices
    const choice: unknown = Array.isArray(choices) ? choices[0] : undefined
    let usage = readUsage(raw.usage)
    if (usage === undefined && isObject(raw.x_groq)) usage = readUsage(raw.x_groq.usage)

    let delta: ChunkDelta = {}
    let finishReason: FinishReason | null = null
    let empty = true
    if (isObject(choice)) {
      if (isObject(choice.delta)) {
        delta = readDelta(choice.delta)
        empty = delta.role === undefined && delta.content === undefined && delta.reasoning === undefined
      }
      const reason = choice.finish_reason
      // Some servers (OpenRouter) repeat the finish chunk: only the first one counts.
      if (typeof reason === 'string' && reason !== '' && !this.finished) {
        this.finished = true
        finishReason = reason
      }
    }
    if (empty && finishReason === null && usage === undefined) return null

    if (typeof raw.id === 'string' && raw.id !== '') this.id = raw.id
    if (typeof raw.model === 'string' && raw.model !== '') this.model = raw.model
    if (typeof raw.created === 'number' && raw.created > 0) this.created = raw.created
    const chunk: ChatCompletionChunk = {
      id: this.id,
      object: 'chat.completion.chunk',
      created: this.created,
      model: this.model,
      choices: [{ index: 0, delta, finish_reason: finishReason }],
    }
    if (usage !== undefined) chunk.usage = usage
    return chunk
  }

  /** Call when the stream has ended: throws if the provider never said the reply was complete. */
  finish(): void {
    if (!this.done && !this.finished) throw cutOffReplyError(this.provider)
  }
}

/** An `event: error` payload may be plain text. */
export function parseOrText(data: string): unknown {
  try {
    return JSON.parse(data)
  } catch {
    return data
  }
}

/** Keeps only what the app shows: `null` and "" are not text, refusals are shown as text, tool calls are skipped. */
export function readDelta(d: Json): ChunkDelta {
  const delta: ChunkDelta = {}
  if (d.role === 'assistant') delta.role = 'assistant'
  let content = readText(d.content)
  const refusal = d.refusal
  if (typeof refusal === 'string' && refusal !== '')
    content = content === undefined ? refusal : content + refusal
  if (content !== undefined) delta.content = content
  // DeepSeek and vLLM say reasoning_content; OpenRouter, Ollama and LM Studio say reasoning. Never both counted.
  const reasoning = readText(d.reasoning_content) ?? readText(d.reasoning)
  if (reasoning !== undefined) delta.reasoning = reasoning
  return delta
}

/** A string, or the text parts of a content array (Mistral); undefined when there is no text. */
function readText(value: unknown): string | undefined {
  if (typeof value === 'string') return value === '' ? undefined : value
  if (!Array.isArray(value)) return undefined
  let text = ''
  for (const part of value)
    if (isObject(part) && part.type === 'text' && typeof part.text === 'string') text += part.text
  return text === '' ? undefined : text
}
