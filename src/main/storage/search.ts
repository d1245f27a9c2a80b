/** Matching and snippets for search over titles and message text. Pure: the repository does the reading. */
import type { Conversation, ConversationSummary, SearchHit } from '../../shared/domain'

export interface SearchLimits {
  /** Conversations found, at most. */
  maxHits: number
}

export const DEFAULT_SEARCH_LIMITS: SearchLimits = { maxHits: 100 }

/** Case-insensitive; the needle is normalised once. */
export function normalizeQuery(query: string): string {
  return query.trim().replace(/\s+/g, ' ').toLowerCase()
}

const BEFORE = 30
const AFTER = 70

/** About a hundred characters around the match, on one line. */
export function snippetAround(text: string, at: number, length: number): string {
  const start = Math.max(0, at - BEFORE)
  const end = Math.min(text.length, at + length + AFTER)
  const body = text.slice(start, end).replace(/\s+/g, ' ').trim()
  return `${start > 0 ? '…' : ''}${body}${end < text.length ? '…' : ''}`
}

/** How many times `needle` (already lower case) occurs in `text`, without overlaps. */
export function countMatches(text: string, needle: string): number {
  const lower = text.toLowerCase()
  let count = 0
  for (let at = lower.indexOf(needle); at >= 0; at = lower.indexOf(needle, at + needle.length)) count++
  return count
}

/**
 * One hit per conversation: every match in its title and messages counted, the snippet taken from the
 * message with the most matches (the first of equals; the title when no message matches). `conversation`
 * is undefined when its file cannot be read now: its title is still searched.
 */
export function matchConversation(
  summary: ConversationSummary,
  conversation: Conversation | undefined,
  needle: string,
): SearchHit | undefined {
  let matches = countMatches(summary.title, needle)
  let best: { id: string; content: string; count: number } | undefined
  for (const message of conversation?.messages ?? []) {
    const count = countMatches(message.content, needle)
    if (count === 0) continue
    matches += count
    if (!best || count > best.count) best = { id: message.id, content: message.content, count }
  }
  if (matches === 0) return undefined
  const title = conversation?.title ?? summary.title
  if (!best) return { conversationId: summary.id, title, snippet: title, matches }
  const at = best.content.toLowerCase().indexOf(needle)
  return {
    conversationId: summary.id,
    title,
    snippet: snippetAround(best.content, at, needle.length),
    messageId: best.id,
    matches,
  }
}
