import type { Message } from '../../../../shared/domain'
import type { StreamText } from './chat-state'

/** A reply the list has not seen yet: an event or a delta may arrive before the request resolves. */
export function placeholder(id: string, createdAt: number): Message {
  return { id, role: 'assistant', content: '', createdAt, status: 'streaming' }
}

/** Live replies sit at the end of the list, so the search starts there. */
export function findFromEnd(messages: readonly Message[], id: string): number {
  for (let i = messages.length - 1; i >= 0; i--) if (messages[i]?.id === id) return i
  return -1
}

/** Replaces (or appends) one message; `update` gets the current one, if any. */
export function upsertMessage(
  messages: readonly Message[],
  id: string,
  update: (message: Message | undefined) => Message,
): Message[] {
  const index = findFromEnd(messages, id)
  const next = [...messages]
  if (index >= 0) next[index] = update(next[index])
  else next.push(update(undefined))
  return next
}

/** Appends buffered text to its messages (a reply not in the list yet starts as a placeholder). */
export function appendTexts(
  messages: readonly Message[],
  texts: ReadonlyMap<string, StreamText>,
  createdAt: number,
): Message[] {
  let next = [...messages]
  for (const [id, text] of texts) {
    next = upsertMessage(next, id, (message) => {
      const current = message ?? placeholder(id, createdAt)
      const reasoning = (current.reasoning ?? '') + text.reasoning
      return { ...current, content: current.content + text.content, ...(reasoning ? { reasoning } : {}) }
    })
  }
  return next
}

/** `texts` with `text` added to the entry of `id` (a new entry when `create`, else only an existing one). */
export function addText(
  texts: ReadonlyMap<string, StreamText>,
  id: string,
  text: StreamText,
  create: boolean,
): ReadonlyMap<string, StreamText> {
  const current = texts.get(id)
  if (!current && !create) return texts
  const next = new Map(texts)
  next.set(id, {
    content: (current?.content ?? '') + text.content,
    reasoning: (current?.reasoning ?? '') + text.reasoning,
  })
  return next
}

export function withEntry<K, V>(map: ReadonlyMap<K, V>, key: K, value: V): ReadonlyMap<K, V> {
  const next = new Map(map)
  next.set(key, value)
  return next
}

export function withoutEntry<K, V>(map: ReadonlyMap<K, V>, key: K): ReadonlyMap<K, V> {
  if (!map.has(key)) return map
  const next = new Map(map)
  next.delete(key)
  return next
}
