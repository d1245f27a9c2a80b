/**
 * Anthropic prompt caching, applied automatically: `cache_control: { type: 'ephemeral' }` breakpoints on a long
 * system prompt and on the end of a long history, so the next turn reads that prefix from the cache (billed at a
 * tenth of the input price) instead of paying for it again.
 *
 * Anthropic's rules (docs.anthropic.com, "Prompt caching"): at most 4 breakpoints a request; a breakpoint caches
 * everything before it (system, then messages, in order); a prefix shorter than the model's minimum is simply not
 * cached (no error, nothing written, so nothing billed extra); empty text blocks cannot carry `cache_control`.
 * Writing costs 1.25× the input price, so only prefixes long enough to be cached are marked.
 *
 * Breakpoints used (at most 3): the system prompt, when it alone is long enough; the last message (this turn: the
 * next request reads everything up to it); and the previous user turn (where the previous request put its last
 * breakpoint, so this request reads that cache exactly), each only where the prefix up to it is long enough.
 */
import type { AnthropicBlock, AnthropicMessage } from './anthropic-messages'

export interface CacheControl {
  type: 'ephemeral'
}

export type CachedBlock = AnthropicBlock & { cache_control?: CacheControl }

export interface CachedMessage {
  role: AnthropicMessage['role']
  content: string | CachedBlock[]
}

export type SystemBlock = { type: 'text'; text: string; cache_control?: CacheControl }

export const MAX_BREAKPOINTS = 4

/** Minimum cacheable prompt per model family, in tokens (Anthropic's table; unknown models: the common 1024). */
export function minCacheableTokens(model: string): number {
  const m = model.toLowerCase()
  if (/opus-4[-.][5-9]|haiku-4[-.]5/.test(m)) return 4096
  if (m.includes('haiku')) return 2048
  return 1024
}

/**
 * A cheap estimate: about 4 characters a token for English (Cyrillic and code take more tokens
 * per character, so this errs on the side of not marking), a flat 1,000 for an image or a document.
 */
export function estimateTokens(content: string | readonly AnthropicBlock[]): number {
  if (typeof content === 'string') return Math.ceil(content.length / 4)
  let n = 0
  for (const block of content) n += block.type === 'text' ? Math.ceil(block.text.length / 4) : 1000
  return n
}

const EPHEMERAL: CacheControl = { type: 'ephemeral' }

/** The message with a breakpoint on its last block, or as it was when that block is empty text. */
function marked(message: AnthropicMessage): CachedMessage {
  const blocks: CachedBlock[] =
    typeof message.content === 'string' ? [{ type: 'text', text: message.content }] : [...message.content]
  const last = blocks.at(-1)
  if (!last || (last.type === 'text' && last.text === '')) return message
  blocks[blocks.length - 1] = { ...last, cache_control: EPHEMERAL }
  return { role: message.role, content: blocks }
}

/** Adds the breakpoints to a translated request. Pure: the inputs are not changed. */
export function applyPromptCaching(
  model: string,
  system: string,
  messages: readonly AnthropicMessage[],
): { system: string | SystemBlock[]; messages: CachedMessage[] } {
  const min = minCacheableTokens(model)
  const systemTokens = estimateTokens(system)
  const out: CachedMessage[] = [...messages]
  const outSystem: string | SystemBlock[] =
    system !== '' && systemTokens >= min ? [{ type: 'text', text: system, cache_control: EPHEMERAL }] : system

  // Prefix length up to and including each message.
  const upTo: number[] = []
  let total = systemTokens
  for (const message of messages) {
    total += estimateTokens(message.content)
    upTo.push(total)
  }
  const targets: number[] = []
  const last = messages.length - 1
  if (last >= 0) targets.push(last)
  let previousUser = -1
  for (let i = last - 1; i >= 0; i--) {
    if (messages[i]?.role === 'user') {
      previousUser = i
      break
    }
  }
  if (previousUser >= 0) targets.push(previousUser)

  let used = Array.isArray(outSystem) ? 1 : 0
  for (const i of targets) {
    const message = messages[i]
    if (!message || (upTo[i] ?? 0) < min || used >= MAX_BREAKPOINTS) continue
    const next = marked(message)
    if (next !== message) used++
    out[i] = next
  }
  return { system: outSystem, messages: out }
}
