/**
 * Token usage as each provider reports it → OpenAI's `usage` shape, with the details every cost figure needs:
 * `prompt_tokens_details.cached_tokens` (read from a prompt cache, billed at the cached rate),
 * `prompt_tokens_details.cache_write_tokens` (written to it, billed at the cache-write rate) and
 * `completion_tokens_details.reasoning_tokens` (thinking, billed as output). Cached and written tokens are part of
 * `prompt_tokens`, reasoning tokens part of `completion_tokens`, as in OpenAI's own reports.
 */
import type { Usage } from './types'

type Json = Record<string, unknown>

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function num(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : undefined
}

/** Adds the detail objects only for counts above zero, so a plain report stays plain. */
function withDetails(
  usage: Usage,
  cached: number | undefined,
  cacheWrite: number | undefined,
  reasoning: number | undefined,
): Usage {
  const prompt: NonNullable<Usage['prompt_tokens_details']> = {}
  if (cached) prompt.cached_tokens = cached
  if (cacheWrite) prompt.cache_write_tokens = cacheWrite
  if (prompt.cached_tokens !== undefined || prompt.cache_write_tokens !== undefined)
    usage.prompt_tokens_details = prompt
  if (reasoning) usage.completion_tokens_details = { reasoning_tokens: reasoning }
  return usage
}

/**
 * OpenAI-compatible usage: OpenAI, OpenRouter and Gemini put cached tokens in `prompt_tokens_details.cached_tokens`
 * (OpenRouter its cache writes in `cache_write_tokens`), DeepSeek in `prompt_cache_hit_tokens`; reasoning in
 * `completion_tokens_details.reasoning_tokens`. Undefined when there are no counts at all.
 */
export function readUsage(value: unknown): Usage | undefined {
  if (!isObject(value)) return undefined
  const prompt = num(value.prompt_tokens)
  const completion = num(value.completion_tokens)
  if (prompt === undefined && completion === undefined) return undefined
  const p = prompt ?? 0
  const c = completion ?? 0
  const usage: Usage = {
    prompt_tokens: p,
    completion_tokens: c,
    total_tokens: num(value.total_tokens) ?? p + c,
  }
  const details = isObject(value.prompt_tokens_details) ? value.prompt_tokens_details : {}
  const out = isObject(value.completion_tokens_details) ? value.completion_tokens_details : {}
  return withDetails(
    usage,
    num(details.cached_tokens) ?? num(value.prompt_cache_hit_tokens),
    num(details.cache_write_tokens),
    num(out.reasoning_tokens),
  )
}

/** Anthropic's counts, as far as one event carries them. */
export interface AnthropicCounts {
  input?: number
  cacheWrite?: number
  cacheRead?: number
  output?: number
  thinking?: number
}

/** Reads an Anthropic `usage` object (message_start's, message_delta's or a whole Message's). */
export function readAnthropicCounts(u: unknown): AnthropicCounts {
  if (!isObject(u)) return {}
  const counts: AnthropicCounts = {}
  const set = (key: keyof AnthropicCounts, value: unknown): void => {
    const n = num(value)
    if (n !== undefined) counts[key] = n
  }
  set('input', u.input_tokens)
  set('cacheWrite', u.cache_creation_input_tokens)
  set('cacheRead', u.cache_read_input_tokens)
  set('output', u.output_tokens)
  if (isObject(u.output_tokens_details)) set('thinking', u.output_tokens_details.thinking_tokens)
  return counts
}

/** Later counts replace earlier ones field by field (message_delta's are cumulative; it may omit the input). */
export function mergeAnthropicCounts(earlier: AnthropicCounts, later: AnthropicCounts): AnthropicCounts {
  return { ...earlier, ...later }
}

/**
 * Anthropic counts the uncached input, the cache writes and the cache reads apart; the prompt is all three.
 */
export function anthropicUsage(counts: AnthropicCounts): Usage {
  const read = counts.cacheRead ?? 0
  const write = counts.cacheWrite ?? 0
  const prompt = (counts.input ?? 0) + write + read
  const output = counts.output ?? 0
  return withDetails(
    { prompt_tokens: prompt, completion_tokens: output, total_tokens: prompt + output },
    read,
    write,
    counts.thinking,
  )
}
