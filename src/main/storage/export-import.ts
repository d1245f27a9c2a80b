/**
 * Export (all conversations as a versioned JSON envelope, one as Markdown) and import (JSON, validated,
 * adding only). Secrets live in their own store, so no export can contain one.
 */
import { createWriteStream } from 'node:fs'
import { rename, rm } from 'node:fs/promises'
import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { z } from 'zod'
import type { Conversation, Message } from '../../shared/domain'
import type { ImportResult } from '../../shared/contract'
import { AppError } from '../app-error'
import { conversationSchema } from './conversation-schemas'
import { linkLinear } from './conversation-tree'
import type { ConversationRepository } from './conversation-repository'
import {
  attachmentsMarkdown,
  exportedAttachmentsSchema,
  hashesOf,
  importAttachments,
  keepAvailable,
  type AttachmentFiles,
} from './export-attachments'

export const EXPORT_FORMAT = 'proxychat-export'
/** 2: conversations are whole trees (reply versions, see conversation-tree.ts). Version 1 files still import. */
export const EXPORT_VERSION = 2

export interface ExportEnvelope {
  format: typeof EXPORT_FORMAT
  version: typeof EXPORT_VERSION
  /** ISO 8601. */
  exportedAt: string
  conversations: Conversation[]
  /** The files the messages refer to, base64 by SHA-256 (absent in exports without any). */
  attachments?: Record<string, string>
}

export async function exportAll(
  repository: ConversationRepository,
  now = new Date(),
): Promise<ExportEnvelope> {
  const conversations: Conversation[] = []
  for await (const conversation of repository.readAll()) conversations.push(conversation)
  return { format: EXPORT_FORMAT, version: EXPORT_VERSION, exportedAt: now.toISOString(), conversations }
}

/**
 * Writes the same envelope to a file one conversation at a time (no 100 MB string in memory), to a
 * temporary name first so a failed export never leaves a half file under the chosen name.
 */
export async function exportAllToFile(
  repository: ConversationRepository,
  filePath: string,
  now = new Date(),
  files?: Pick<AttachmentFiles, 'read'>,
  /** Only these conversations (the sidebar's selection); all when absent. */
  only?: readonly string[],
): Promise<number> {
  const chosen = only ? new Set(only) : undefined
  const partial = `${filePath}.partial`
  let count = 0
  const hashes = new Set<string>()
  async function* chunks(): AsyncGenerator<string> {
    const head = { format: EXPORT_FORMAT, version: EXPORT_VERSION, exportedAt: now.toISOString() }
    yield `${JSON.stringify(head).slice(0, -1)},"conversations":[`
    for await (const conversation of repository.readAll(undefined, chosen)) {
      yield `${count === 0 ? '\n' : ',\n'}${JSON.stringify(conversation)}`
      for (const hash of hashesOf(conversation)) hashes.add(hash)
      count++
    }
    yield '\n]'
    if (files && hashes.size > 0) {
      // One file at a time: an export of many photos never holds them all in memory.
      let first = true
      yield ',"attachments":{'
      for (const hash of hashes) {
        const bytes = await files.read(hash).catch(() => undefined)
        if (!bytes) continue
        yield `${first ? '\n' : ',\n'}"${hash}":"${Buffer.from(bytes).toString('base64')}"`
        first = false
      }
      yield '\n}'
    }
    yield '}\n'
  }
  try {
    // pipeline handles back-pressure and errors on both sides.
    await pipeline(Readable.from(chunks()), createWriteStream(partial, { encoding: 'utf8' }))
    await rename(partial, filePath)
    return count
  } catch (error) {
    await rm(partial, { force: true })
    throw error
  }
}

/* ------------------------------------------------------------- Markdown */

const ROLE_HEADINGS: Record<Message['role'], string> = {
  user: 'User',
  assistant: 'Assistant',
  system: 'System',
}
const STATUS_NOTES: Partial<Record<Message['status'], string>> = {
  streaming: 'still being written',
  stopped: 'stopped',
  interrupted: 'interrupted',
  error: 'failed',
}

/** Quotes text as a Markdown block quote, line by line (code fences inside stay intact). */
function quote(text: string): string {
  return text
    .split('\n')
    .map((line) => (line === '' ? '>' : `> ${line}`))
    .join('\n')
}

/** A provider's display name by id (today's settings), for replies saved without one. */
export type ProviderNames = (providerId: string) => string | undefined

/**
 * The name to write for the conversation's provider: today's, else (a provider since removed) the one the
 * latest reply recorded. Never the internal id: it means nothing to a reader.
 */
function providerName(
  conversation: Conversation,
  providerId: string,
  names: ProviderNames,
): string | undefined {
  const current = names(providerId)
  if (current) return current
  for (let i = conversation.messages.length - 1; i >= 0; i--) {
    const meta = conversation.messages[i]?.meta
    if (meta?.providerId === providerId && meta.providerName) return meta.providerName
  }
  return undefined
}

/** Writes the messages it is given: pass the visible branch (ConversationRepository.get). */
export function conversationToMarkdown(
  conversation: Conversation,
  names: ProviderNames = () => undefined,
): string {
  const parts: string[] = [`# ${conversation.title.trim() || 'Untitled conversation'}`]
  const ref = conversation.model
  const provider = ref ? providerName(conversation, ref.providerId, names) : undefined
  const model = ref ? (provider ? `${provider} / ${ref.model}` : ref.model) : undefined
  parts.push(
    [`Created: ${new Date(conversation.createdAt).toISOString()}`, model && `Model: ${model}`]
      .filter(Boolean)
      .join('  \n'),
  )
  if (conversation.systemPrompt.trim() !== '')
    parts.push(`## System prompt\n\n${quote(conversation.systemPrompt)}`)
  for (const message of conversation.messages) {
    const section: string[] = [`## ${ROLE_HEADINGS[message.role]}`]
    const sender = message.meta?.providerId ? names(message.meta.providerId) : undefined
    const meta = message.meta?.model
      ? `${message.meta.providerName ?? sender ?? ''} ${message.meta.model}`
      : ''
    const note = STATUS_NOTES[message.status]
    if (meta.trim() || note) section.push(`_${[meta.trim(), note].filter(Boolean).join(' · ')}_`)
    if (message.reasoning && message.reasoning.trim() !== '') {
      // Blank lines around the body let Markdown inside <details> render.
      section.push(`<details>\n<summary>Reasoning</summary>\n\n${message.reasoning}\n\n</details>`)
    }
    // Content is already Markdown: kept verbatim, code blocks included.
    if (message.content !== '') section.push(message.content)
    const files = attachmentsMarkdown(message)
    if (files) section.push(files)
    if (message.error) section.push(quote(`**Error (${message.error.kind}):** ${message.error.message}`))
    parts.push(section.join('\n\n'))
  }
  return `${parts.join('\n\n')}\n`
}

/* --------------------------------------------------------------- import */

const MAX_IMPORTED_CONVERSATIONS = 100_000

const envelopeSchema = z.object({
  format: z.literal(EXPORT_FORMAT),
  version: z.union([z.literal(1), z.literal(EXPORT_VERSION)]),
  exportedAt: z.string().max(100).optional(),
  // Each conversation is checked on its own, so one bad conversation is skipped, not the whole file.
  conversations: z.array(z.unknown()).max(MAX_IMPORTED_CONVERSATIONS),
  attachments: exportedAttachmentsSchema,
})

export interface ParsedImport {
  conversations: Conversation[]
  skipped: number
  /** Files by hash, as base64 (checked against their hash when stored). */
  attachments: Record<string, string>
}

/** Throws AppError('invalid_input') when the text is not an export at all. */
export function parseImport(json: string): ParsedImport {
  let raw: unknown
  try {
    raw = JSON.parse(json)
  } catch {
    throw new AppError('invalid_input', 'This file is not JSON.')
  }
  const envelope = envelopeSchema.safeParse(raw)
  if (!envelope.success) {
    throw new AppError(
      'invalid_input',
      `This file is not a ProxyChat export (format ${EXPORT_FORMAT}, version 1 or ${EXPORT_VERSION}).`,
    )
  }
  const conversations: Conversation[] = []
  let skipped = 0
  for (const candidate of envelope.data.conversations) {
    const parsed = conversationSchema.safeParse(candidate)
    // Version 1 exports are flat lists: each message follows the one before it.
    if (parsed.success) conversations.push({ ...parsed.data, messages: linkLinear(parsed.data.messages) })
    else skipped++
  }
  return { conversations, skipped, attachments: envelope.data.attachments ?? {} }
}

/**
 * Adds every valid conversation of an export; never overwrites one already here, skips those already here
 * unchanged, adds changed ones as copies whose titles end with `copySuffix` (worded by the window).
 */
export async function importJson(
  repository: ConversationRepository,
  json: string,
  copySuffix?: string,
  files?: AttachmentFiles,
): Promise<ImportResult> {
  const parsed = parseImport(json)
  const wanted = new Set(parsed.conversations.flatMap(hashesOf))
  const available = files ? await importAttachments(parsed.attachments, wanted, files) : new Set<string>()
  const conversations = parsed.conversations.map((c) => keepAvailable(c, available))
  const invalid = parsed.skipped
  const { added, skipped, copied } = await repository.add(conversations, copySuffix)
  return { added, skipped, copied, invalid }
}
