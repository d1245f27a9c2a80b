/**
 * Attachments in an export: the files the exported messages refer to, as base64 in a map keyed by their
 * SHA-256 beside the conversations. On import every entry is checked (a hash key, base64 within the size
 * limit, bytes that hash to their key) before it is stored; a reference whose file is neither in the export
 * nor stored already is dropped from its message (a thumbnail that can never load helps nobody).
 */
import { createHash } from 'node:crypto'
import { z } from 'zod'
import { ATTACHMENT_HASH, ATTACHMENT_LIMITS } from '../../shared/attachments'
import type { Conversation } from '../../shared/domain'

/** The attachment store as export and import need it. */
export interface AttachmentFiles {
  read(hash: string): Promise<Uint8Array>
  has(hash: string): Promise<boolean>
  /** Stores bytes and returns their hash. */
  put(bytes: Uint8Array): Promise<string>
}

const MAX_BASE64 = Math.ceil(ATTACHMENT_LIMITS.maxFileBytes / 3) * 4
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/

export const exportedAttachmentsSchema = z
  .record(z.string().regex(ATTACHMENT_HASH), z.string().max(MAX_BASE64).regex(BASE64))
  .refine((map) => Object.keys(map).length <= 100_000, 'too many attachments')
  .optional()

export function hashesOf(conversation: Conversation): string[] {
  return conversation.messages.flatMap((m) => (m.attachments ?? []).map((a) => a.hash))
}

/** Stores the export's files that are what their key says; returns every hash now available. */
export async function importAttachments(
  exported: Readonly<Record<string, string>>,
  wanted: ReadonlySet<string>,
  files: AttachmentFiles,
): Promise<Set<string>> {
  const available = new Set<string>()
  for (const hash of wanted) {
    if (await files.has(hash)) {
      available.add(hash)
      continue
    }
    const base64 = exported[hash]
    if (base64 === undefined) continue
    const bytes = Buffer.from(base64, 'base64')
    if (bytes.length > ATTACHMENT_LIMITS.maxFileBytes) continue
    if (createHash('sha256').update(bytes).digest('hex') !== hash) continue
    available.add(await files.put(bytes))
  }
  return available
}

/** The conversation without references to files that are not available. */
export function keepAvailable(conversation: Conversation, available: ReadonlySet<string>): Conversation {
  if (!conversation.messages.some((m) => m.attachments)) return conversation
  return {
    ...conversation,
    messages: conversation.messages.map((message) => {
      if (!message.attachments) return message
      const { attachments, ...rest } = message
      const kept = attachments.filter((a) => available.has(a.hash))
      return kept.length > 0 ? { ...rest, attachments: kept } : rest
    }),
  }
}

/** A Markdown list of a message's files (the Markdown file stands alone: it names them, it does not link). */
export function attachmentsMarkdown(conversation: Conversation['messages'][number]): string | undefined {
  if (!conversation.attachments?.length) return undefined
  const lines = conversation.attachments.map(
    (a) => `- 📎 ${a.name.replace(/[`*_[\]<>]/g, '\\$&')} (${a.mediaType}, ${formatSize(a.size)})`,
  )
  return `**Attachments:**\n\n${lines.join('\n')}`
}

function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`
}
