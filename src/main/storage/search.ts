/** Matching and snippets for search over titles and message text. Pure: the repository does the reading. */
import type { Conversation, ConversationSummary, SearchHit } from '../../shared/domain'

export interface SearchLimits {
  /** Hits in all. */
  maxHits: number
  /** Hits from the messages of one conversation. */
  maxHitsPerConversation: number
}

export const DEFAULT_SEARCH_LIMITS: SearchLimits = { maxHits: 100, maxHitsPerConversation: 3 }

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

export function matchTitle(summary: ConversationSummary, needle: string): SearchHit | undefined {
  const at = summary.title.toLowerCase().indexOf(needle)
  if (at < 0) return undefined
  return { conversationId: summary.id, title: summary.title, snippet: summary.title }
}

export function matchMessages(conversation: Conversation, needle: string, max: number): SearchHit[] {
  const hits: SearchHit[] = []
  for (const message of conversation.messages) {
    if (hits.length >= max) break
    const at = message.content.toLowerCase().indexOf(needle)
    if (at < 0) continue
    hits.push({
      conversationId: conversation.id,
      title: conversation.title,
      snippet: snippetAround(message.content, at, needle.length),
      messageId: message.id,
    })
  }
  return hits
}
