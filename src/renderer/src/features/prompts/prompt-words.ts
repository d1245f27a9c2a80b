import type { TFunction } from 'i18next'
import type { ImportResult } from '../../../../shared/contract'
import { PROMPT_LIMITS, type PromptNameProblem, type PromptTextProblem } from '../../../../shared/prompts'

/** A prompt's problem at its field, in the window's language. */
export function problemText(problem: PromptNameProblem | PromptTextProblem, t: TFunction): string {
  switch (problem) {
    case 'name_empty':
      return t('prompts.nameEmpty')
    case 'name_too_long':
      return t('prompts.nameTooLong', { max: PROMPT_LIMITS.maxNameLength })
    case 'name_taken':
      return t('prompts.nameTaken')
    case 'text_empty':
      return t('prompts.textEmpty')
    case 'text_too_long':
      return t('prompts.textTooLong', { max: PROMPT_LIMITS.maxTextLength.toLocaleString() })
  }
}

/** "Added 2 prompts. 1 was already here.": what was added, then what else happened. */
export function importSummary(result: ImportResult, t: TFunction): string {
  const parts = [t('prompts.importAdded', { count: result.added + result.copied })]
  if (result.copied > 0) parts.push(t('prompts.importRenamed', { count: result.copied }))
  if (result.skipped > 0) parts.push(t('prompts.importSkipped', { count: result.skipped }))
  if (result.invalid > 0) parts.push(t('prompts.importInvalid', { count: result.invalid }))
  return parts.join(' ')
}
