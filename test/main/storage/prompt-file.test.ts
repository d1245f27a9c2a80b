import { describe, expect, it } from 'vitest'
import { mergePrompts, parsePromptFile, promptFileOf } from '../../../src/main/storage/prompt-file'
import { PROMPT_LIMITS, freeName, promptProblems, type SavedPrompt } from '../../../src/shared/prompts'

const library: SavedPrompt[] = [
  { id: 'p1', name: 'Translator', text: 'Translate into English.' },
  { id: 'p2', name: 'Редактор', text: 'Исправь ошибки, не меняя смысла.' },
]

function ids(): () => string {
  let n = 0
  return () => `new-${++n}`
}

describe('prompt files', () => {
  it('reads back what it writes, without the ids', () => {
    const json = promptFileOf(library, new Date('2026-11-28T10:00:00Z'))
    expect(JSON.parse(json)).toMatchObject({
      format: 'proxychat-prompts',
      version: 1,
      exportedAt: '2026-11-28T10:00:00.000Z',
    })
    expect(json).not.toContain('"p1"')
    expect(parsePromptFile(json)).toEqual({
      ok: true,
      entries: library.map(({ name, text }) => ({ name, text })),
      invalid: 0,
    })
  })

  it('reads a plain list in the shapes other apps write', () => {
    const json = JSON.stringify([
      { name: ' Reviewer ', text: 'Review this code.' },
      { title: 'Summariser', prompt: 'Summarise in three lines.' },
      { act: 'Linux Terminal', prompt: 'Act as a Linux terminal.' },
      { title: 'Short', content: 'Be brief.' },
      { name: 'No text' },
      { name: '', text: 'No name' },
      { name: 'x'.repeat(PROMPT_LIMITS.maxNameLength + 1), text: 'Name too long' },
      'just a string',
    ])
    const parsed = parsePromptFile(json)
    expect(parsed).toEqual({
      ok: true,
      entries: [
        { name: 'Reviewer', text: 'Review this code.' },
        { name: 'Summariser', text: 'Summarise in three lines.' },
        { name: 'Linux Terminal', text: 'Act as a Linux terminal.' },
        { name: 'Short', text: 'Be brief.' },
      ],
      invalid: 4,
    })
  })

  it('refuses a file that is not JSON, or holds no prompts', () => {
    expect(parsePromptFile('name,text\nA,B')).toEqual({ ok: false, problem: 'not_json' })
    expect(parsePromptFile('{"conversations":[]}')).toEqual({ ok: false, problem: 'not_prompts' })
    expect(
      parsePromptFile('{"format":"proxychat-export","conversations":[{"id":"c1","messages":[]}]}'),
    ).toEqual({
      ok: false,
      problem: 'not_prompts',
    })
    expect(parsePromptFile('[{"id":"c1","messages":[]}]')).toEqual({ ok: false, problem: 'not_prompts' })
    // An empty library file is a prompt file: nothing to add.
    expect(parsePromptFile('{"format":"proxychat-prompts","version":1,"prompts":[]}')).toEqual({
      ok: true,
      entries: [],
      invalid: 0,
    })
  })
})

describe('mergePrompts', () => {
  it('adds new prompts, skips the same ones, and never overwrites a taken name', () => {
    const { prompts, result } = mergePrompts(
      library,
      [
        { name: 'translator', text: 'Translate into English.' },
        { name: 'Translator', text: 'Translate into German.' },
        { name: 'Reviewer', text: 'Review this code.' },
        { name: 'Translator', text: 'Translate into French.' },
      ],
      ids(),
    )
    expect(result).toEqual({ added: 1, skipped: 1, copied: 2, invalid: 0 })
    expect(prompts.map((p) => [p.id, p.name, p.text])).toEqual([
      ['p1', 'Translator', 'Translate into English.'],
      ['p2', 'Редактор', 'Исправь ошибки, не меняя смысла.'],
      ['new-1', 'Translator (2)', 'Translate into German.'],
      ['new-2', 'Reviewer', 'Review this code.'],
      ['new-3', 'Translator (3)', 'Translate into French.'],
    ])
  })

  it('stops at the size of the library', () => {
    const full = Array.from({ length: PROMPT_LIMITS.maxPrompts - 1 }, (_, i) => ({
      id: `p${i}`,
      name: `Prompt ${i}`,
      text: 'x',
    }))
    const { prompts, result } = mergePrompts(
      full,
      [
        { name: 'One more', text: 'a' },
        { name: 'Too many', text: 'b' },
      ],
      ids(),
    )
    expect(prompts).toHaveLength(PROMPT_LIMITS.maxPrompts)
    expect(result).toEqual({ added: 1, skipped: 0, copied: 0, invalid: 1 })
  })
})

describe('prompt rules', () => {
  it('names the problem of each field', () => {
    expect(promptProblems({ name: '  ', text: '' }, library)).toEqual({
      name: 'name_empty',
      text: 'text_empty',
    })
    expect(promptProblems({ name: ' TRANSLATOR ', text: 'x' }, library)).toEqual({ name: 'name_taken' })
    // Its own name is not taken while it is edited.
    expect(promptProblems({ name: 'Translator', text: 'x' }, library, 'p1')).toEqual({})
    expect(promptProblems({ name: 'редактор', text: 'x' }, library)).toEqual({ name: 'name_taken' })
    expect(
      promptProblems({ name: 'y'.repeat(101), text: 'z'.repeat(PROMPT_LIMITS.maxTextLength + 1) }, library),
    ).toEqual({ name: 'name_too_long', text: 'text_too_long' })
  })

  it('finds a free name within the length limit', () => {
    expect(freeName('Reviewer', library)).toBe('Reviewer')
    expect(freeName('Translator', [...library, { name: 'Translator (2)' }])).toBe('Translator (3)')
    const long = 'n'.repeat(PROMPT_LIMITS.maxNameLength)
    const free = freeName(long, [{ name: long }])
    expect(free).toHaveLength(PROMPT_LIMITS.maxNameLength)
    expect(free.endsWith(' (2)')).toBe(true)
  })
})
