/**
 * A refused request in the user's language: main's error codes that the window can say better than main's
 * English message are worded here; for the rest the message is shown as main wrote it.
 */
import type { TFunction } from 'i18next'
import type { AppErrorCode } from '../../../shared/app-error'
import type { ErrorFacts } from '../../../shared/domain'
import { errorAttachmentFacts, errorCode, errorFacts, errorMessage } from '../lib/errors'
import { attachmentErrorText } from './attachment-error-text'
import { wordFacts } from '../features/chat/error-facts'
import { ERROR_REASONS } from '../features/chat/error-kinds'
import { tk } from './i18n'

const WORDED: Partial<Record<AppErrorCode, string>> = {
  busy: tk('appError.busy'),
  not_found: tk('appError.not_found'),
  no_provider: tk('composer.blocked.no-provider'),
  no_model: tk('composer.blocked.no-model'),
  provider_removed: tk('composer.blocked.provider-removed'),
  provider_disabled: tk('composer.blocked.provider-disabled'),
}

/** A chat client failure worded from its facts: "invalid API key: …" (never the library's English). */
export function failureText(facts: ErrorFacts, t: TFunction): string {
  const reason = t(ERROR_REASONS[facts.kind])
  const detail = wordFacts(t, facts)
  return detail ? `${reason}: ${detail}` : reason
}

export function errorText(error: unknown, t: TFunction): string {
  const facts = errorFacts(error)
  if (facts) return failureText(facts, t)
  const code = errorCode(error)
  const attachment = code === undefined ? null : attachmentErrorText(code, errorAttachmentFacts(error), t)
  if (attachment !== null) return attachment
  const key = code === undefined ? undefined : WORDED[code]
  return key === undefined ? errorMessage(error) : t(key)
}
