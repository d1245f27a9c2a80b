import { describe, expect, it } from 'vitest'
import { toChatMessages } from '../../../src/main/chat/chat-messages'
import type { Message } from '../../../src/shared/domain'
import {
  conversationLanguage,
  nativeLanguage,
  nativeText,
  nativeTexts,
  pageGoneReason,
} from '../../../src/shared/native-texts'

const placeholders = (text: string): string[] =>
  [...text.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1] ?? '').sort()

describe('native texts (menu, dialogs)', () => {
  it('English and Russian have the same keys, none empty, with the same placeholders', () => {
    const en: Record<string, string> = nativeTexts.en
    const ru: Record<string, string> = nativeTexts.ru
    expect(Object.keys(ru).sort()).toEqual(Object.keys(en).sort())
    for (const key of Object.keys(en)) {
      expect(en[key]?.trim(), key).not.toBe('')
      expect(ru[key]?.trim(), key).not.toBe('')
      expect(placeholders(ru[key] ?? ''), key).toEqual(placeholders(en[key] ?? ''))
    }
  })

  it('fills placeholders and picks the language like the window does', () => {
    expect(nativeText('ru', 'about', { app: 'ProxyChat' })).toBe('О программе ProxyChat')
    expect(nativeLanguage(null, 'ru-RU')).toBe('ru')
    expect(nativeLanguage(null, 'de-DE')).toBe('en')
    expect(nativeLanguage('en', 'ru-RU')).toBe('en')
  })
})

describe('why the page is gone, in the crash dialog', () => {
  // RenderProcessGoneDetails.reason, from Electron's docs (api/structures/render-process-gone-details.md).
  const reasons = [
    'clean-exit',
    'abnormal-exit',
    'killed',
    'crashed',
    'oom',
    'launch-failed',
    'integrity-failure',
    'memory-eviction',
  ]

  it("words each of Electron's reasons in the dialog's language, not as its English token", () => {
    const worded = reasons.map((reason) => pageGoneReason('ru', reason))
    for (const [i, text] of worded.entries()) {
      expect(text, reasons[i]).toMatch(/^[^A-Za-z]*(Windows[^A-Za-z]*)?$/)
      expect(pageGoneReason('en', reasons[i] ?? ''), reasons[i]).not.toBe(reasons[i])
    }
    expect(new Set(worded).size).toBe(reasons.length)
    expect(nativeText('ru', 'crashedDetail', { reason: pageGoneReason('ru', 'oom') })).toContain(
      'не хватило памяти',
    )
  })

  it('shows a reason a newer Electron adds as it comes', () => {
    expect(pageGoneReason('ru', 'some-new-reason')).toBe('some-new-reason')
    expect(pageGoneReason('ru', 'constructor')).toBe('constructor')
  })
})

describe('the Continue instruction sent to the model', () => {
  it("is in the conversation's language, judged by the user's letters", () => {
    expect(conversationLanguage(['Привет! Расскажи про TCP и UDP'])).toBe('ru')
    expect(conversationLanguage(['Explain TCP vs UDP', 'а по-русски?'])).toBe('en')
    expect(conversationLanguage(['Explain', 'Объясни подробнее, пожалуйста'])).toBe('ru')
    expect(conversationLanguage(['1 + 1 = ?'])).toBe('en')
    expect(conversationLanguage([])).toBe('en')
  })

  it('goes at the end of a continued reply, in Russian for a Russian conversation', () => {
    const user = (content: string): Message => ({
      id: content,
      role: 'user',
      content,
      createdAt: 0,
      status: 'done',
    })
    const partial: Message = { id: 'a', role: 'assistant', content: 'Начало', createdAt: 0, status: 'error' }
    const ru = toChatMessages('', [user('Напиши стихотворение')], partial)
    expect(ru.at(-1)).toEqual({ role: 'user', content: nativeTexts.ru.continuePrompt })
    const en = toChatMessages('', [user('Write a poem')], partial)
    expect(en.at(-1)).toEqual({ role: 'user', content: nativeTexts.en.continuePrompt })
  })
})
