/**
 * Pure edits of a conversation: each returns a new conversation and leaves its input untouched,
 * so the repository can write a change only once it is complete.
 */
import type { Conversation, ConversationSummary, Message } from '../../shared/domain'
import { AppError } from '../app-error'
import { titleFromText } from './titles'

export type MessagePatch = Partial<
  Pick<Message, 'content' | 'reasoning' | 'status' | 'error' | 'meta' | 'attachments'>
>

export function summarize(conversation: Conversation): ConversationSummary {
  const { id, title, createdAt, updatedAt, model, pinnedAt } = conversation
  return {
    id,
    title,
    createdAt,
    updatedAt,
    model,
    messageCount: conversation.messages.length,
    ...(pinnedAt === undefined ? {} : { pinnedAt }),
  }
}

export function sameSummary(a: ConversationSummary, b: ConversationSummary): boolean {
  return (
    a.id === b.id &&
    a.title === b.title &&
    a.createdAt === b.createdAt &&
    a.updatedAt === b.updatedAt &&
    a.messageCount === b.messageCount &&
    a.pinnedAt === b.pinnedAt &&
    a.model?.providerId === b.model?.providerId &&
    a.model?.model === b.model?.model
  )
}

/** An untitled conversation takes its title from its first user message. */
export function withAutoTitle(conversation: Conversation): Conversation {
  if (conversation.title !== '') return conversation
  const first = conversation.messages.find((m) => m.role === 'user' && m.content.trim() !== '')
  if (!first) return conversation
  return { ...conversation, title: titleFromText(first.content) }
}

function indexOfMessage(conversation: Conversation, messageId: string): number {
  const index = conversation.messages.findIndex((m) => m.id === messageId)
  if (index < 0) throw new AppError('not_found', `No message ${messageId} in conversation ${conversation.id}`)
  return index
}

export function appendMessage(conversation: Conversation, message: Message, now: number): Conversation {
  if (conversation.messages.some((m) => m.id === message.id)) {
    throw new AppError('conflict', `Message ${message.id} already exists`)
  }
  return withAutoTitle({ ...conversation, messages: [...conversation.messages, message], updatedAt: now })
}

export function updateMessage(
  conversation: Conversation,
  messageId: string,
  patch: MessagePatch,
  now: number,
): Conversation {
  const index = indexOfMessage(conversation, messageId)
  const messages = conversation.messages.slice()
  const current = messages[index] as Message
  messages[index] = { ...current, ...patch, id: current.id, role: current.role, createdAt: current.createdAt }
  return withAutoTitle({ ...conversation, messages, updatedAt: now })
}

/** Drops the message `messageId` and everything after it, then appends `replacements` (edit-and-resend). */
export function replaceMessagesFrom(
  conversation: Conversation,
  messageId: string,
  replacements: readonly Message[],
  now: number,
): Conversation {
  const index = indexOfMessage(conversation, messageId)
  const kept = conversation.messages.slice(0, index)
  const ids = new Set(kept.map((m) => m.id))
  for (const m of replacements) {
    if (ids.has(m.id)) throw new AppError('conflict', `Message ${m.id} already exists`)
    ids.add(m.id)
  }
  return withAutoTitle({ ...conversation, messages: [...kept, ...replacements], updatedAt: now })
}

export function deleteMessage(conversation: Conversation, messageId: string, now: number): Conversation {
  const index = indexOfMessage(conversation, messageId)
  return { ...conversation, messages: conversation.messages.filter((_, i) => i !== index), updatedAt: now }
}

/**
 * A message still 'streaming' in a file just read from disk was being written when the app stopped:
 * it becomes 'interrupted' and keeps its text. Returns the same object when nothing changed.
 */
export function recoverInterrupted(conversation: Conversation): Conversation {
  if (!conversation.messages.some((m) => m.status === 'streaming')) return conversation
  return {
    ...conversation,
    messages: conversation.messages.map((m) =>
      m.status === 'streaming' ? { ...m, status: 'interrupted' as const } : m,
    ),
  }
}
