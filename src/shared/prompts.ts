/**
 * The prompt library: named system prompts the user keeps, chooses when starting a chat or applies to one.
 * Plain data and pure rules, shared by the window (checks at the field) and main (checks what enters).
 */

export interface SavedPrompt {
  id: string
  name: string
  /** The system prompt itself. */
  text: string
}

export const PROMPT_LIMITS = {
  maxPrompts: 500,
  maxNameLength: 100,
  /** The same as a conversation's system prompt. */
  maxTextLength: 100_000,
} as const

export type PromptNameProblem = 'name_empty' | 'name_too_long' | 'name_taken'
export type PromptTextProblem = 'text_empty' | 'text_too_long'

export interface PromptProblems {
  name?: PromptNameProblem
  text?: PromptTextProblem
}

/** Names are compared as the user reads them: trimmed, case and letter width ignored. */
export function sameName(a: string, b: string): boolean {
  const key = (name: string): string => name.trim().normalize('NFKC').toLocaleLowerCase()
  return key(a) === key(b)
}

/** What is wrong with a prompt being written; `selfId` is the prompt being edited (its own name is not taken). */
export function promptProblems(
  draft: { name: string; text: string },
  library: readonly SavedPrompt[],
  selfId?: string,
): PromptProblems {
  const problems: PromptProblems = {}
  const name = draft.name.trim()
  if (name === '') problems.name = 'name_empty'
  else if (name.length > PROMPT_LIMITS.maxNameLength) problems.name = 'name_too_long'
  else if (library.some((p) => p.id !== selfId && sameName(p.name, name))) problems.name = 'name_taken'
  if (draft.text.trim() === '') problems.text = 'text_empty'
  else if (draft.text.length > PROMPT_LIMITS.maxTextLength) problems.text = 'text_too_long'
  return problems
}

/** `name`, or `name (2)`, `name (3)`… : the first that no prompt of the library has. */
export function freeName(name: string, library: readonly { name: string }[]): string {
  const base = name.trim()
  const taken = (candidate: string): boolean => library.some((p) => sameName(p.name, candidate))
  if (!taken(base)) return base
  for (let n = 2; ; n++) {
    const suffix = ` (${n})`
    const candidate = `${base.slice(0, PROMPT_LIMITS.maxNameLength - suffix.length)}${suffix}`
    if (!taken(candidate)) return candidate
  }
}

/** Whether the names of a library are unique (as `sameName` compares them). */
export function namesAreUnique(library: readonly { name: string }[]): boolean {
  return library.every((p, index) => library.findIndex((other) => sameName(other.name, p.name)) === index)
}
