/**
 * A refused request in the user's language: main's error codes that the window can say better than main's
 * English message are worded here; for the rest the message is shown as main wrote it.
 */
import type { TFunction } from 'i18next'
import type { AppErrorCode } from '../../../shared/app-error'
import { errorCode, errorMessage } from '../lib/errors'
import { tk } from './i18n'

const WORDED: Partial<Record<AppErrorCode, string>> = {
  busy: tk('appError.busy'),
  not_found: tk('appError.not_found'),
  no_provider: tk('composer.blocked.no-provider'),
  no_model: tk('composer.blocked.no-model'),
  provider_removed: tk('composer.blocked.provider-removed'),
  provider_disabled: tk('composer.blocked.provider-disabled'),
}

export function errorText(error: unknown, t: TFunction): string {
  const code = errorCode(error)
  const key = code === undefined ? undefined : WORDED[code]
  return key === undefined ? errorMessage(error) : t(key)
}
