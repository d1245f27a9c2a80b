/**
 * What makes an import idempotent: when an imported conversation is the one already here, and the stable id
 * and title a changed one gets as a copy. Pure.
 */
import { createHash } from 'node:crypto'
import type { Conversation } from '../../shared/domain'
import { MAX_TITLE_LENGTH } from './conversation-schemas'

/** JSON with object keys sorted, so that the same data always gives the same text. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) return v
    const record = v as Record<string, unknown>
    return Object.fromEntries(
      Object.keys(record)
        .sort()
        .map((k) => [k, record[k]]),
    )
  })
}

/** Same id and the same content, whatever the order of keys in the file. */
export function sameConversation(a: Conversation, b: Conversation): boolean {
  return canonicalJson(a) === canonicalJson(b)
}

/**
 * The id a copy gets: derived from the imported conversation (id and content), UUID-shaped, so importing the
 * same file twice finds the copy made the first time instead of making another.
 */
export function derivedId(conversation: Conversation): string {
  const hex = createHash('sha256').update(canonicalJson(conversation)).digest('hex')
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`
}

/** "Title (imported copy)": the suffix always fits, the title gives way. */
export function copyTitle(title: string, suffix: string): string {
  const room = Math.max(0, MAX_TITLE_LENGTH - suffix.length)
  return `${title.slice(0, room).trimEnd()}${suffix}`.trim()
}
