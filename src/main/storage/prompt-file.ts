/**
 * Prompt library files: what *Export prompts* writes, and what *Import prompts* reads — our own file, or a plain
 * JSON list of `{ name, text }` (also `title`/`act` for the name and `prompt`/`content` for the text, as other
 * apps and prompt collections write them). Pure functions: the backend does the dialog and the file.
 */
import type { ImportResult } from '../../shared/contract'
import { PROMPT_LIMITS, freeName, sameName, type SavedPrompt } from '../../shared/prompts'

export const PROMPT_FILE_FORMAT = 'proxychat-prompts'

export interface PromptFile {
  format: typeof PROMPT_FILE_FORMAT
  version: 1
  exportedAt: string
  prompts: { name: string; text: string }[]
}

export function promptFileOf(prompts: readonly SavedPrompt[], now: Date): string {
  const file: PromptFile = {
    format: PROMPT_FILE_FORMAT,
    version: 1,
    exportedAt: now.toISOString(),
    prompts: prompts.map(({ name, text }) => ({ name, text })),
  }
  return `${JSON.stringify(file, null, 2)}\n`
}

export type PromptFileProblem = 'not_json' | 'not_prompts'

export type ParsedPromptFile =
  | { ok: true; entries: { name: string; text: string }[]; invalid: number }
  | { ok: false; problem: PromptFileProblem }

const NAME_KEYS = ['name', 'title', 'act'] as const
const TEXT_KEYS = ['text', 'prompt', 'content'] as const

function firstString(entry: Record<string, unknown>, keys: readonly string[]): string | undefined {
  for (const key of keys) {
    const value = entry[key]
    if (typeof value === 'string') return value
  }
  return undefined
}

function entryOf(value: unknown): { name: string; text: string } | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return null
  const entry = value as Record<string, unknown>
  const name = firstString(entry, NAME_KEYS)?.trim()
  const text = firstString(entry, TEXT_KEYS)
  if (!name || name.length > PROMPT_LIMITS.maxNameLength) return null
  if (text === undefined || text.trim() === '' || text.length > PROMPT_LIMITS.maxTextLength) return null
  return { name, text }
}

export function parsePromptFile(json: string): ParsedPromptFile {
  let data: unknown
  try {
    data = JSON.parse(json)
  } catch {
    return { ok: false, problem: 'not_json' }
  }
  const list: unknown =
    typeof data === 'object' && data !== null && !Array.isArray(data) && 'prompts' in data
      ? (data as { prompts: unknown }).prompts
      : data
  if (!Array.isArray(list)) return { ok: false, problem: 'not_prompts' }
  const entries: { name: string; text: string }[] = []
  let invalid = 0
  for (const item of list) {
    const entry = entryOf(item)
    if (entry) entries.push(entry)
    else invalid++
  }
  // A list of which nothing is a prompt is some other file (a conversations export, say).
  if (entries.length === 0 && invalid > 0) return { ok: false, problem: 'not_prompts' }
  return { ok: true, entries, invalid }
}

function isNameOrNumbered(name: string, base: string): boolean {
  if (sameName(name, base)) return true
  const numbered = / \((\d+)\)$/.exec(name)
  if (!numbered) return false
  const stem = name.slice(0, numbered.index)
  // freeName may have shortened a long name to fit the number in.
  return (
    sameName(stem, base) ||
    (stem.length > 0 && base.trim().startsWith(stem) && name.length >= PROMPT_LIMITS.maxNameLength)
  )
}

/**
 * Adds imported prompts to the library without overwriting: the same name and text is skipped, a taken name with
 * another text is added under a free name ("Name (2)"), and what would pass the library's size is left out.
 */
export function mergePrompts(
  library: readonly SavedPrompt[],
  entries: readonly { name: string; text: string }[],
  newId: () => string,
): { prompts: SavedPrompt[]; result: ImportResult } {
  const prompts = [...library]
  const result: ImportResult = { added: 0, skipped: 0, copied: 0, invalid: 0 }
  for (const entry of entries) {
    // The same text under the same name, or under the numbered name an earlier import gave it.
    if (prompts.some((p) => p.text === entry.text && isNameOrNumbered(p.name, entry.name))) {
      result.skipped++
      continue
    }
    if (prompts.length >= PROMPT_LIMITS.maxPrompts) {
      result.invalid++
      continue
    }
    const name = freeName(entry.name, prompts)
    if (name !== entry.name) result.copied++
    else result.added++
    prompts.push({ id: newId(), name, text: entry.text })
  }
  return { prompts, result }
}
