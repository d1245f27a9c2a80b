/**
 * What a model is asked for a conversation's title, and how its answer becomes one. Pure: the request is
 * sent by title-writer.ts.
 */
import type { Conversation, Language } from '../../shared/domain'
import { conversationLanguage } from '../../shared/native-texts'
import type { ChatMessage } from '../llm/types'
import { titleFromText } from '../storage/titles'

/** Enough for six words in Russian (longer tokens than English), and little to pay for. */
export const TITLE_MAX_TOKENS = 40
/** How much of the first question and answer the model sees: a title needs the gist, not the whole text. */
const EXCERPT_CHARS = 1500

const PROMPTS: Record<Language, { ask: string; user: string; assistant: string }> = {
  en: {
    ask: 'Write a short title (at most six words) for the conversation below. Reply with the title only: no quotes, no period at the end.',
    user: 'User',
    assistant: 'Assistant',
  },
  ru: {
    ask: 'Придумай короткое название (не больше шести слов) для разговора ниже. Ответь только названием: без кавычек и без точки в конце.',
    user: 'Пользователь',
    assistant: 'Ассистент',
  },
}

function excerpt(text: string): string {
  const chars = Array.from(text.trim())
  return chars.length <= EXCERPT_CHARS ? chars.join('') : `${chars.slice(0, EXCERPT_CHARS).join('')}…`
}

/**
 * The one user message asking for a title, in the conversation's language (of its first question), or
 * undefined when there is no question and answer to name it by.
 */
export function titleRequest(conversation: Conversation): ChatMessage[] | undefined {
  const question = conversation.messages.find((m) => m.role === 'user' && m.content.trim() !== '')
  const answer = conversation.messages.find((m) => m.role === 'assistant' && m.status === 'done')
  if (!question || !answer || answer.content.trim() === '') return undefined
  const words = PROMPTS[conversationLanguage([question.content])]
  const content = [
    words.ask,
    '',
    `${words.user}: ${excerpt(question.content)}`,
    '',
    `${words.assistant}: ${excerpt(answer.content)}`,
  ].join('\n')
  // One user message: every provider takes it, whether or not the model takes a system prompt.
  return [{ role: 'user', content }]
}

/**
 * The model's answer as a title: its first line without quotes, a "Title:" label, Markdown or a final
 * period, cut like a local title. Empty when nothing usable is left.
 */
export function cleanTitle(answer: string): string {
  const line =
    answer
      .split(/\r?\n/)
      .map((l) => l.trim())
      .find((l) => l !== '') ?? ''
  const bare = line
    .replace(/^(title|название|заголовок)\s*:\s*/iu, '')
    .replace(/^[*_#\s]+|[*_\s]+$/g, '')
    .replace(/^["'«“„`]+|["'»”“`]+$/g, '')
    .replace(/[.。]+$/u, '')
    .trim()
  return titleFromText(bare)
}
