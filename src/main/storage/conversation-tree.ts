/**
 * Reply versions and branches. A stored conversation holds every message ever kept, in the order written,
 * each linked to the one it follows by `parentId` (null: a first message). Messages with the same parent
 * are versions of each other (a regenerated reply, an edited question). `selected` names the chosen
 * version under a parent (key '' for first messages); without an entry the newest one is shown. The
 * visible branch starts at the chosen first message and follows the chosen child down to a leaf.
 *
 * All functions are pure: each returns a new conversation and leaves its input untouched.
 */
import type { Conversation, Message } from '../../shared/domain'
import { AppError } from '../app-error'

/** The `selected` key of first messages. */
export const ROOT_KEY = ''

function keyOf(message: Message): string {
  return message.parentId ?? ROOT_KEY
}

/**
 * Links messages that have no `parentId` field to the message before them (a flat, pre-branches list):
 * applied to every file read and every import, so a message without a link never becomes a first
 * message by accident. Links already present (null included) are kept.
 */
export function linkLinear(messages: readonly Message[]): Message[] {
  let previous: string | null = null
  return messages.map((message) => {
    const linked = message.parentId === undefined ? { ...message, parentId: previous } : message
    previous = message.id
    return linked
  })
}

/** Children ids by parent key, each list in the order written. */
export function childrenByParent(messages: readonly Message[]): Map<string, string[]> {
  const children = new Map<string, string[]>()
  for (const message of messages) {
    const key = keyOf(message)
    const list = children.get(key)
    if (list) list.push(message.id)
    else children.set(key, [message.id])
  }
  return children
}

/**
 * A tree problem that would make the visible branch wrong or endless: a parent that is not an earlier
 * message (also rules out cycles). Undefined when the messages form a valid forest.
 */
export function treeProblem(messages: readonly Message[]): string | undefined {
  const seen = new Set<string>()
  for (const message of messages) {
    if (message.parentId && !seen.has(message.parentId)) {
      return `message ${message.id} follows ${message.parentId}, which is not an earlier message`
    }
    seen.add(message.id)
  }
  return undefined
}

/** The visible branch without links, each message carrying `versions` when it has siblings. O(n). */
export function visibleBranch(conversation: Conversation): Message[] {
  const { messages, selected = {} } = conversation
  const children = childrenByParent(messages)
  const byId = new Map(messages.map((m) => [m.id, m]))
  const branch: Message[] = []
  let key = ROOT_KEY
  for (;;) {
    const siblings = children.get(key)
    if (!siblings) return branch
    const chosen = selected[key]
    const at =
      chosen !== undefined && siblings.includes(chosen) ? siblings.indexOf(chosen) : siblings.length - 1
    const id = siblings[at] as string
    // The window needs no links: the branch is in order.
    const { parentId: _link, ...shown } = byId.get(id) as Message
    branch.push(
      siblings.length > 1 ? { ...shown, versions: { index: at + 1, count: siblings.length } } : shown,
    )
    key = id
  }
}

/** The conversation as the window and the chat service see it: the visible branch, no tree fields. */
export function visibleConversation(conversation: Conversation): Conversation {
  const { selected: _selected, ...rest } = conversation
  return { ...rest, messages: visibleBranch(conversation) }
}

function withSelected(conversation: Conversation, key: string, id: string | undefined): Conversation {
  const selected = Object.fromEntries(Object.entries(conversation.selected ?? {}).filter(([k]) => k !== key))
  if (id !== undefined) selected[key] = id
  const { selected: _old, ...rest } = conversation
  return Object.keys(selected).length > 0 ? { ...rest, selected } : rest
}

function find(conversation: Conversation, messageId: string): Message {
  const message = conversation.messages.find((m) => m.id === messageId)
  if (!message) throw new AppError('not_found', `No message ${messageId} in conversation ${conversation.id}`)
  return message
}

function assertNew(conversation: Conversation, message: Message): void {
  if (conversation.messages.some((m) => m.id === message.id)) {
    throw new AppError('conflict', `Message ${message.id} already exists`)
  }
}

/** Adds `message` after the last message of the visible branch (a new turn). */
export function appendToBranch(conversation: Conversation, message: Message): Conversation {
  assertNew(conversation, message)
  const leaf = visibleBranch(conversation).at(-1)
  const parentId = leaf?.id ?? null
  const { versions: _v, ...stored } = message
  const next = { ...conversation, messages: [...conversation.messages, { ...stored, parentId }] }
  // The newest child is shown: a stale choice under the same parent must not hide it.
  return withSelected(next, parentId ?? ROOT_KEY, undefined)
}

/** Adds `message` as a new version of `of` (same parent) and shows it; `of` and its branch are kept. */
export function addVersion(conversation: Conversation, of: string, message: Message): Conversation {
  assertNew(conversation, message)
  const sibling = find(conversation, of)
  const parentId = sibling.parentId ?? null
  const { versions: _v, ...stored } = message
  const next = { ...conversation, messages: [...conversation.messages, { ...stored, parentId }] }
  return withSelected(next, parentId ?? ROOT_KEY, undefined)
}

/** Shows version `index` (1-based) of `messageId`'s versions, and the branch chosen below it. */
export function selectVersion(conversation: Conversation, messageId: string, index: number): Conversation {
  const message = find(conversation, messageId)
  const key = keyOf(message)
  const siblings = childrenByParent(conversation.messages).get(key) ?? []
  const chosen = siblings[index - 1]
  if (chosen === undefined) {
    throw new AppError(
      'invalid_input',
      `Message ${messageId} has no version ${index} (of ${siblings.length})`,
    )
  }
  // The newest needs no entry: it is the default.
  return withSelected(conversation, key, chosen === siblings.at(-1) ? undefined : chosen)
}

/**
 * Removes one message; the messages that followed it follow its parent instead, so the visible branch
 * loses only that message.
 */
export function removeFromTree(conversation: Conversation, messageId: string): Conversation {
  const message = find(conversation, messageId)
  const parentId = message.parentId ?? null
  const branch = visibleBranch(conversation)
  const at = branch.findIndex((m) => m.id === messageId)
  const messages = conversation.messages
    .filter((m) => m.id !== messageId)
    .map((m) => (m.parentId === messageId ? { ...m, parentId } : m))
  const next = withSelected({ ...conversation, messages }, messageId, undefined)
  // On the visible branch: the message shown after it takes its place, so nothing else moves.
  return at < 0 ? next : withSelected(next, keyOf(message), branch[at + 1]?.id)
}
