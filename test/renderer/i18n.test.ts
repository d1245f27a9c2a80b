// @vitest-environment jsdom
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import en from '../../src/renderer/src/locales/en.json'
import ru from '../../src/renderer/src/locales/ru.json'
import { ERROR_FACTS, ERROR_KINDS } from '../../src/shared/error-kind'
import { CONNECTION_STEPS, STEP_OUTCOMES } from '../../src/shared/connection-test'
import { nativeTexts } from '../../src/shared/native-texts'
import { i18n } from '../../src/renderer/src/app/i18n'

const PLURAL_SUFFIXES = ['zero', 'one', 'two', 'few', 'many', 'other'] as const
/** The plural forms each language needs (Intl.PluralRules categories). */
const REQUIRED_FORMS: Record<string, readonly string[]> = {
  en: ['one', 'other'],
  ru: ['one', 'few', 'many', 'other'],
}

function flatten(value: unknown, prefix = ''): string[] {
  if (typeof value === 'string') return [prefix]
  if (value && typeof value === 'object') {
    return Object.entries(value).flatMap(([key, child]) => flatten(child, prefix ? `${prefix}.${key}` : key))
  }
  throw new Error(`Unexpected value at ${prefix}`)
}

/** "message.tokens_few" → "message.tokens": plural forms are compared by their base key. */
function base(key: string): string {
  const match = /^(.*)_(zero|one|two|few|many|other)$/.exec(key)
  return match?.[1] ?? key
}

function keysOf(locale: unknown): Set<string> {
  return new Set(flatten(locale).map(base))
}

/** Every text of a locale, plural forms included. */
function texts(value: unknown): string[] {
  if (typeof value === 'string') return [value]
  if (value && typeof value === 'object') return Object.values(value).flatMap(texts)
  return []
}

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    if (statSync(path).isDirectory()) return sources(path)
    return /\.(tsx?|jsx?)$/.test(name) ? [path] : []
  })
}

describe('i18n', () => {
  const locales = { en, ru }

  it('English and Russian have the same keys', () => {
    const enKeys = keysOf(en)
    const ruKeys = keysOf(ru)
    expect(
      [...enKeys].filter((key) => !ruKeys.has(key)),
      'missing in ru.json',
    ).toEqual([])
    expect(
      [...ruKeys].filter((key) => !enKeys.has(key)),
      'missing in en.json',
    ).toEqual([])
  })

  it('every plural key has the forms its language needs', () => {
    for (const [language, locale] of Object.entries(locales)) {
      const all = new Set(flatten(locale))
      const plurals = new Set(
        [...all].filter((key) => PLURAL_SUFFIXES.some((suffix) => key.endsWith(`_${suffix}`))).map(base),
      )
      for (const key of plurals) {
        for (const form of REQUIRED_FORMS[language] ?? []) {
          expect(all.has(`${key}_${form}`), `${language}: ${key}_${form}`).toBe(true)
        }
      }
    }
  })

  it('no translation is empty', () => {
    for (const [language, locale] of Object.entries(locales)) {
      const empty = flatten(locale).filter((key) => {
        const value = key
          .split('.')
          .reduce<unknown>((node, part) => (node as Record<string, unknown>)[part], locale)
        return typeof value !== 'string' || value.trim() === ''
      })
      expect(empty, language).toEqual([])
    }
  })

  it("every key the sources use (t('…') and tk('…')) exists in en.json", () => {
    const root = resolve(import.meta.dirname, '../../src/renderer')
    const enKeys = keysOf(en)
    const used = new Set<string>()
    for (const file of sources(root)) {
      const text = readFileSync(file, 'utf8')
      for (const match of text.matchAll(/\bt[k]?\(\s*(['"`])([^'"`$]+?)\1/g)) {
        if (match[2]) used.add(match[2])
      }
    }
    expect(used.size).toBeGreaterThan(100)
    expect([...used].filter((key) => !enKeys.has(key)).sort()).toEqual([])
  })

  it('the same interpolations appear in both languages', () => {
    const values = (locale: unknown): Map<string, string> =>
      new Map(
        flatten(locale).map((key) => [
          key,
          key
            .split('.')
            .reduce<unknown>((node, part) => (node as Record<string, unknown>)[part], locale) as string,
        ]),
      )
    const names = (text: string): string[] =>
      [...text.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1] ?? '').sort()
    const enValues = values(en)
    for (const [key, text] of values(ru)) {
      const english = enValues.get(key) ?? enValues.get(`${base(key)}_other`)
      if (english === undefined) continue
      expect(names(text), key).toEqual(names(english))
    }
  })

  it('words every error kind, fact, connection step and step outcome in both languages', () => {
    const wanted = [
      ...ERROR_KINDS.flatMap((kind) => [`errorKind.${kind}`, `error.${kind}`]),
      ...ERROR_FACTS.map((fact) => `errorFact.${fact}`),
      ...CONNECTION_STEPS.map((step) => `test.steps.${step}`),
      ...STEP_OUTCOMES.map((outcome) => `test.outcome.${outcome}`),
    ]
    for (const [language, locale] of Object.entries(locales)) {
      const keys = keysOf(locale)
      expect(
        wanted.filter((key) => !keys.has(key)),
        language,
      ).toEqual([])
    }
  })

  it('Russian calls a conversation «беседа» everywhere, the window and the menu alike, never «разговор»', () => {
    const all = [...texts(ru), ...Object.values(nativeTexts.ru)]
    expect(all.filter((text) => /бесед/i.test(text)).length).toBeGreaterThan(40)
    expect(all.filter((text) => /разговор/i.test(text))).toEqual([])
  })

  it('a cost that leaves out unpriced replies says so in natural words, with the right plural', () => {
    const cost = (language: string, count: number): string =>
      i18n.getFixedT(language)('usage.partialCost', { value: '$0.12', count })
    expect(cost('ru', 1)).toBe('$0.12 (не считая 1 ответа без цены)')
    expect(cost('ru', 2)).toBe('$0.12 (не считая 2 ответов без цены)')
    expect(cost('ru', 5)).toBe('$0.12 (не считая 5 ответов без цены)')
    expect(cost('ru', 21)).toBe('$0.12 (не считая 21 ответа без цены)')
    expect(cost('en', 1)).toBe('$0.12 (not counting 1 unpriced reply)')
    expect(cost('en', 3)).toBe('$0.12 (not counting 3 unpriced replies)')
  })
})
