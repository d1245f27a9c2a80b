/** The prompt library's export and import: a save dialog and a file out, a file's text in. */
import { randomUUID } from 'node:crypto'
import { writeFile } from 'node:fs/promises'
import type { ExportResult, ImportResult } from '../shared/contract'
import type { SavedPrompt } from '../shared/prompts'
import type { SettingsPatch } from '../shared/schemas'
import { AppError } from './app-error'
import { mergePrompts, parsePromptFile, promptFileOf } from './storage/prompt-file'

export interface PromptLibraryDeps {
  prompts: () => readonly SavedPrompt[]
  update: (patch: SettingsPatch) => unknown
  /** Asks where to save; undefined when the user cancels. */
  saveTo: (defaultPath: string) => Promise<string | undefined>
  now?: () => Date
  newId?: () => string
}

export function promptLibrary(deps: PromptLibraryDeps) {
  const now = deps.now ?? (() => new Date())
  return {
    export: async (): Promise<ExportResult> => {
      const date = now()
      const path = await deps.saveTo(`proxychat-prompts-${date.toISOString().slice(0, 10)}.json`)
      if (!path) return { saved: false }
      await writeFile(path, promptFileOf(deps.prompts(), date), 'utf8')
      return { saved: true, path }
    },
    import: async ({ json }: { json: string }): Promise<ImportResult> => {
      const parsed = parsePromptFile(json)
      if (!parsed.ok) {
        throw new AppError(
          'invalid_input',
          parsed.problem === 'not_json'
            ? 'The file is not JSON: choose a prompt library file (.json).'
            : 'The file holds no prompts: choose a file exported with Export prompts, or a JSON list of { name, text }.',
        )
      }
      const { prompts, result } = mergePrompts(deps.prompts(), parsed.entries, deps.newId ?? randomUUID)
      if (result.added + result.copied > 0) deps.update({ prompts })
      return { ...result, invalid: result.invalid + parsed.invalid }
    },
  }
}
