import { describe, expect, it } from 'vitest'
import { nativeLanguage, nativeText, nativeTexts } from '../../../src/shared/native-texts'

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
