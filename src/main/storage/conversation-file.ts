/** The on-disk form of one conversation (`conversations/<id>.json`): the conversation plus `schemaVersion`. */
import type { Conversation } from '../../shared/domain'
import { conversationSchema } from './conversation-schemas'
import { linkLinear } from './conversation-tree'
import { isPlainObject, runMigrations, type FileData, type Migration, type MigrationPlan } from './migrations'

export const CONVERSATIONS_DIR = 'conversations'
export const CONVERSATION_VERSION = 2

/**
 * 1 → 2, reply versions and branches: the flat list becomes a tree with one branch, each message
 * following the one before it (see conversation-tree.ts). Anything not a message is left for validation.
 */
export const linkMessages: Migration = (data) => {
  const messages = data['messages']
  if (!Array.isArray(messages)) return data
  let previous: unknown = null
  return {
    ...data,
    messages: messages.map((message: unknown) => {
      if (!isPlainObject(message)) return message
      const linked = 'parentId' in message ? message : { ...message, parentId: previous }
      previous = message['id']
      return linked
    }),
  }
}

/** `conversationMigrations[i]` turns a version i + 1 file into version i + 2. */
export const conversationMigrations: readonly Migration[] = [linkMessages]
const plan: MigrationPlan = { current: CONVERSATION_VERSION, migrations: conversationMigrations }

/**
 * Ids name files, so only these are accepted: lower case (Windows and macOS ignore case), no dots or
 * separators (no path tricks), at least 8 characters (no CON, NUL, COM1...). randomUUID() fits.
 */
const SAFE_ID = /^[a-z0-9][a-z0-9_-]{7,99}$/
export function isSafeId(id: string): boolean {
  return SAFE_ID.test(id)
}

export function toConversationFile(conversation: Conversation): FileData {
  return { schemaVersion: CONVERSATION_VERSION, ...conversation }
}

export type ParsedConversation =
  | { ok: true; conversation: Conversation; migratedFrom?: number; newerVersion?: number }
  | { ok: false; reason: string }

/** `id` is the file's name: it wins over the id inside, so a copied file cannot shadow another. */
export function parseConversationFile(raw: unknown, id: string): ParsedConversation {
  const migrated = runMigrations(raw, plan)
  if (migrated.kind === 'invalid') return { ok: false, reason: migrated.reason }
  const parsed = conversationSchema.safeParse({ ...migrated.data, id })
  if (!parsed.success) return { ok: false, reason: parsed.error.message }
  return {
    ok: true,
    conversation: { ...parsed.data, messages: linkLinear(parsed.data.messages) },
    ...(migrated.kind === 'migrated' ? { migratedFrom: migrated.from } : {}),
    ...(migrated.kind === 'newer' ? { newerVersion: migrated.from } : {}),
  }
}
