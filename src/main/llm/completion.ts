/**
 * Whole (non-streaming) replies: an OpenAI ChatCompletion or an Anthropic Message body read into the lean
 * `ChatCompletion` the app uses, and a stream joined into one for providers that can only stream.
 */
import { STOP_REASONS } from './anthropic-stream'
import { errorFromStreamPayload } from './http-errors'
import { readDelta } from './openai-stream'
import { anthropicUsage, readAnthropicCounts, readUsage } from './usage'
import { ProviderError } from './errors'
import type { ChatCompletion, ChatCompletionChunk, FinishReason, Usage } from './types'

type Json = Record<string, unknown>

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** A 2xx body that is JSON but not a reply. Says nothing of what the body held. */
function notAReply(provider: string): ProviderError {
  return new ProviderError({
    provider,
    kind: 'protocol',
    message: `${provider} answered with something that is not a chat reply: check the base URL and the model.`,
  })
}

/** An OpenAI-compatible `chat.completion` body. Throws ProviderError for an error body or a non-reply. */
export function readOpenAICompletion(provider: string, json: unknown): ChatCompletion {
  if (!isObject(json)) throw notAReply(provider)
  // OpenRouter and some gateways answer HTTP 200 with an error object.
  if (json.error !== undefined && json.error !== null) throw errorFromStreamPayload(provider, json.error)
  const choice: unknown = Array.isArray(json.choices) ? json.choices[0] : undefined
  if (!isObject(choice) || !isObject(choice.message)) throw notAReply(provider)
  // The message has the same fields as a stream delta (content, refusal, reasoning_content / reasoning).
  const { content, reasoning } = readDelta(choice.message)
  const reason = choice.finish_reason
  let usage = readUsage(json.usage)
  if (usage === undefined && isObject(json.x_groq)) usage = readUsage(json.x_groq.usage)
  return completion({
    id: typeof json.id === 'string' ? json.id : '',
    created: typeof json.created === 'number' ? json.created : 0,
    model: typeof json.model === 'string' ? json.model : '',
    content: content ?? '',
    reasoning: reasoning ?? '',
    finishReason: typeof reason === 'string' && reason !== '' ? reason : null,
    usage,
  })
}

/** An Anthropic Messages body (`type: "message"`), mapped to OpenAI's shape. `now` stamps `created`. */
export function readAnthropicMessage(provider: string, json: unknown, now: () => number): ChatCompletion {
  if (!isObject(json)) throw notAReply(provider)
  if (json.type === 'error' || isObject(json.error)) throw errorFromStreamPayload(provider, json)
  if (!Array.isArray(json.content)) throw notAReply(provider)
  let content = ''
  let reasoning = ''
  // Text and thinking blocks are shown; tool use and redacted thinking are not.
  for (const block of json.content) {
    if (!isObject(block)) continue
    if (block.type === 'text' && typeof block.text === 'string') content += block.text
    if (block.type === 'thinking' && typeof block.thinking === 'string') reasoning += block.thinking
  }
  const stop = json.stop_reason
  const usage = isObject(json.usage) ? anthropicUsage(readAnthropicCounts(json.usage)) : undefined
  return completion({
    id: typeof json.id === 'string' ? json.id : '',
    created: Math.floor(now() / 1000),
    model: typeof json.model === 'string' ? json.model : '',
    content,
    reasoning,
    finishReason: typeof stop === 'string' && stop !== '' ? (STOP_REASONS[stop] ?? stop) : null,
    usage,
  })
}

/** Joins a stream's chunks into one ChatCompletion. */
export async function collectCompletion(stream: AsyncIterable<ChatCompletionChunk>): Promise<ChatCompletion> {
  let id = ''
  let model = ''
  let created = 0
  let content = ''
  let reasoning = ''
  let finishReason: FinishReason | null = null
  let usage: Usage | undefined
  for await (const chunk of stream) {
    id ||= chunk.id
    model ||= chunk.model
    created ||= chunk.created
    const choice = chunk.choices[0]
    content += choice.delta.content ?? ''
    reasoning += choice.delta.reasoning ?? ''
    finishReason = choice.finish_reason ?? finishReason
    usage = chunk.usage ?? usage
  }
  return completion({ id, created, model, content, reasoning, finishReason, usage })
}

function completion(parts: {
  id: string
  created: number
  model: string
  content: string
  reasoning: string
  finishReason: FinishReason | null
  usage: Usage | undefined
}): ChatCompletion {
  const { id, created, model, content, reasoning, finishReason, usage } = parts
  return {
    id,
    object: 'chat.completion',
    created,
    model,
    choices: [
      {
        index: 0,
        message: { role: 'assistant', content, ...(reasoning ? { reasoning } : {}) },
        finish_reason: finishReason,
      },
    ],
    ...(usage ? { usage } : {}),
  }
}
