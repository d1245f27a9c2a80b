/**
 * Pure edits of a conversation: each returns a new conversation and leaves its input untouched,
 * so the repository can write a change only once it is complete. Edits of the tree (append, versions,
 * delete) are in conversation-tree.ts.
 */
import type { Conversation, ConversationSummary, Message } from '../../shared/domain'
import { AppError } from '../app-error'
import { titleFromText } from './titles'

export type MessagePatch = Partial<
  Pick<Message, 'content' | 'reasoning' | 'status' | 'error' | 'meta' | 'attachments'>
>

/** `messageCount` counts every kept message, all versions included. */
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

/**
 * An untitled conversation takes its title from its first user message: its text, or for a message of
 * files only, the first file's name (language-neutral, so nothing to translate).
 */
export function withAutoTitle(conversation: Conversation): Conversation {
  if (conversation.title !== '') return conversation
  const first = conversation.messages.find(
    (m) => m.role === 'user' && (m.content.trim() !== '' || (m.attachments?.length ?? 0) > 0),
  )
  if (!first) return conversation
  const text = first.content.trim() !== '' ? first.content : (first.attachments?.[0]?.name ?? '')
  return { ...conversation, title: titleFromText(text) }
}

function indexOfMessage(conversation: Conversation, messageId: string): number {
  const index = conversation.messages.findIndex((m) => m.id === messageId)
  if (index < 0) throw new AppError('not_found', `No message ${messageId} in conversation ${conversation.id}`)
  return index
}

/** Changes one message of the tree (any version, shown or not); its place and links stay. */
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
