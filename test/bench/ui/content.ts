/**
 * Realistic chat content for the UI benchmark: long conversations whose replies mix paragraphs, lists,
 * code blocks and tables, and a 20,000-token reply cut into word pieces.
 */
import type { Conversation, Message } from '../../../src/shared/domain'

const WORDS = (
  'proxy connection provider request stream token model server tunnel header socket timeout retry ' +
  'certificate region password username bypass network route latency answer message window render ' +
  'the a of to and in that is for it with as on be at by this from or an are was but not'
).split(' ')

/** A deterministic pseudo-random sequence, so every run measures the same content. */
export function random(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0
    return state / 2 ** 32
  }
}

function sentence(next: () => number, words: number): string {
  const out: string[] = []
  for (let i = 0; i < words; i++) out.push(WORDS[Math.floor(next() * WORDS.length)] ?? 'proxy')
  const text = out.join(' ')
  return text.charAt(0).toUpperCase() + text.slice(1) + '.'
}

function paragraph(next: () => number): string {
  const count = 2 + Math.floor(next() * 3)
  return Array.from({ length: count }, () => sentence(next, 6 + Math.floor(next() * 10))).join(' ')
}

const CODE = `\`\`\`ts
const agent = new ProxyAgent({ uri: 'http://127.0.0.1:8080', token: basic(user, password) })
const response = await fetch(url, { dispatcher: agent, signal: AbortSignal.timeout(30_000) })
if (!response.ok) throw new Error(\`HTTP \${response.status}\`)
\`\`\``

const TABLE = `| Setting | Value | Note |
|---|---|---|
| Mode | manual | HTTP and SOCKS5 |
| Bypass | localhost | local models |
| Retries | 3 | rate limits only |`

/** An assistant reply in markdown, 80–300 words, with a list, code or a table now and then. */
export function reply(next: () => number, index: number): string {
  const parts = [paragraph(next)]
  if (index % 3 === 0) {
    parts.push(['- ' + sentence(next, 6), '- ' + sentence(next, 8), '- ' + sentence(next, 5)].join('\n'))
  }
  if (index % 5 === 0) parts.push(CODE)
  if (index % 7 === 0) parts.push(TABLE)
  parts.push(paragraph(next))
  return parts.join('\n\n')
}

/** A conversation of `count` messages, user and assistant in turn, the last one marked by `marker`. */
export function longConversation(id: string, count: number, marker: string, at = Date.now()): Conversation {
  const next = random(count)
  const messages: Message[] = []
  for (let i = 0; i < count; i++) {
    const user = i % 2 === 0
    const content = user ? `${sentence(next, 8 + Math.floor(next() * 12))} (#${i})` : reply(next, i)
    messages.push({
      id: `${id}-m${i}`,
      role: user ? 'user' : 'assistant',
      content: i === count - 1 ? `${content}\n\n${marker}` : content,
      createdAt: at - (count - i) * 1000,
      status: 'done',
      ...(user
        ? {}
        : { meta: { model: 'gpt-4o', usage: { promptTokens: 1, completionTokens: 200, totalTokens: 201 } } }),
    })
  }
  return {
    id,
    title: `Long conversation (${count} messages)`,
    createdAt: at - count * 1000,
    updatedAt: at,
    model: null,
    systemPrompt: '',
    messages,
  }
}

/**
 * Exactly `tokens` word pieces of markdown: paragraphs, with a code block and a list every so often,
 * as a long model answer looks.
 */
export function replyPieces(tokens: number): string[] {
  const next = random(tokens)
  const pieces: string[] = []
  let inParagraph = 0
  let block = 0
  while (pieces.length < tokens) {
    if (inParagraph > 60 + next() * 60) {
      inParagraph = 0
      block++
      if (block % 6 === 0) {
        pieces.push('\n\n```ts\n')
        for (let line = 0; line < 8 && pieces.length < tokens; line++) {
          pieces.push(`const value${line} = await connect(proxy, { retries: ${line} })\n`)
        }
        pieces.push('```')
      } else if (block % 4 === 0) {
        for (let item = 0; item < 4 && pieces.length < tokens; item++)
          pieces.push(`\n- item`, ' number', ` ${item}`)
      }
      pieces.push('\n\n')
      continue
    }
    const word = WORDS[Math.floor(next() * WORDS.length)] ?? 'proxy'
    pieces.push(inParagraph === 0 ? word.charAt(0).toUpperCase() + word.slice(1) : ` ${word}`)
    inParagraph++
  }
  return pieces.slice(0, tokens)
}

/**
 * `count` messages in all, `branches` of them places where a reply was regenerated: the visible branch is a
 * long conversation ending in `marker`; each regenerated reply is a newer version with `branchLength - 1`
 * messages after it, and the user went back to the original (so `selected` is set, as after ‹ 1/2 ›).
 */
export function branchedConversation(
  id: string,
  count: number,
  branches: number,
  marker: string,
  branchLength = 20,
  at = Date.now(),
): Conversation {
  const visible = longConversation(id, count - branches * branchLength, marker, at)
  const main = visible.messages.map((m, i) => ({ ...m, parentId: visible.messages[i - 1]?.id ?? null }))
  const extra: Message[] = []
  const selected: Record<string, string> = {}
  for (let b = 0; b < branches; b++) {
    // An assistant reply (odd index) spread over the conversation.
    const k = Math.floor(((b + 1) * main.length) / (branches + 1)) | 1
    const parent = main[k - 1]
    const original = main[k]
    if (!parent || !original) continue
    selected[parent.id] = original.id
    const alternative = longConversation(`${id}-b${b}`, branchLength + 1, '', at).messages.slice(1)
    let parentId = parent.id
    for (const m of alternative) {
      extra.push({ ...m, parentId })
      parentId = m.id
    }
  }
  return {
    ...visible,
    title: `Branched conversation (${count} messages, ${branches} branches)`,
    messages: [...main, ...extra],
    selected,
  }
}
