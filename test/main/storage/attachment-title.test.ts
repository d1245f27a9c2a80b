import { describe, expect, it } from 'vitest'
import { withAutoTitle } from '../../../src/main/storage/conversation-edits'
import { appendToBranch } from '../../../src/main/storage/conversation-tree'
import type { AttachmentRef, Conversation, Message } from '../../../src/shared/domain'

/** What the repository does when a message is sent: append it to the visible branch, then title. */
const appendMessage = (conversation: Conversation, message: Message, now: number): Conversation =>
  withAutoTitle({ ...appendToBranch(conversation, message), updatedAt: now })

const ref = (name: string, n: number): AttachmentRef => ({
  id: `00000000-0000-4000-8000-00000000000${n}`,
  name,
  mediaType: 'application/pdf',
  size: 1000,
  hash: String(n).repeat(64),
})

const conversation = (): Conversation => ({
  id: 'c1',
  title: '',
  createdAt: 1,
  updatedAt: 1,
  model: null,
  systemPrompt: '',
  messages: [],
})

const user = (id: string, content: string, attachments?: AttachmentRef[]): Message => ({
  id,
  role: 'user',
  content,
  createdAt: 2,
  status: 'done',
  ...(attachments ? { attachments } : {}),
})

describe('a message with only attachments titles the conversation', () => {
  it('takes the first file name when there is no text', () => {
    const titled = appendMessage(
      conversation(),
      user('m1', '', [ref('report.pdf', 1), ref('фото.png', 2)]),
      3,
    )
    expect(titled.title).toBe('report.pdf')
  })

  it('takes a Russian file name as it is, and blank text counts as none', () => {
    const titled = appendMessage(conversation(), user('m1', '  \n ', [ref('Отчёт за квартал.pdf', 1)]), 3)
    expect(titled.title).toBe('Отчёт за квартал.pdf')
  })

  it('prefers the text when the message has some', () => {
    const titled = appendMessage(conversation(), user('m1', 'Summarize this', [ref('report.pdf', 1)]), 3)
    expect(titled.title).toBe('Summarize this')
  })

  it('cuts a very long file name like a long line', () => {
    const long = `${'quarterly report '.repeat(6)}final.pdf`
    const titled = withAutoTitle({ ...conversation(), messages: [user('m1', '', [ref(long, 1)])] })
    expect(Array.from(titled.title).length).toBeLessThanOrEqual(61)
    expect(titled.title.startsWith('quarterly report')).toBe(true)
  })

  it('leaves a conversation untitled while its first message has neither text nor files', () => {
    expect(withAutoTitle({ ...conversation(), messages: [user('m1', '')] }).title).toBe('')
  })
})
