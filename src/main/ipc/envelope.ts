/**
 * The IpcResult envelope: every invoke answers with data, never a thrown error, so the page gets
 * a code from the app's one vocabulary (src/shared/app-error.ts) and a message with no stack and no
 * secret in it.
 */
import type { AppErrorCode, AppErrorData } from '../../shared/app-error'
import type { IpcResult } from '../../shared/contract'
import { AppError } from '../app-error'
import { ProviderError, RetryProviderError, errorFacts, redactSecrets } from '../llm/errors'

/** Error codes set by this layer (backend errors bring their own). */
export const IpcErrorCodes = {
  invalidPayload: 'invalid_payload',
  forbiddenSender: 'forbidden_sender',
  internal: 'internal',
} as const satisfies Record<string, AppErrorCode>

const MAX_MESSAGE_LENGTH = 2_000

export function success<T>(value: T): IpcResult<T> {
  return { ok: true, value }
}

export function failure(code: AppErrorCode, message: string): IpcResult<never> {
  return { ok: false, error: { code, message } }
}

function boundedMessage(thrown: unknown): string {
  const raw = thrown instanceof Error ? thrown.message : ''
  let message = redactSecrets(raw).trim()
  if (message.length > MAX_MESSAGE_LENGTH) message = `${message.slice(0, MAX_MESSAGE_LENGTH)}…`
  return message === '' ? 'Something went wrong in the app.' : message
}

/**
 * Reduces anything a backend threw to `{ code, message }`: an AppError keeps its code, a chat client
 * failure is `provider` with its ErrorKind, anything else is `internal` (a bug: the caller logs it).
 * The message is redacted and bounded.
 */
export function describeThrown(thrown: unknown): AppErrorData {
  const message = boundedMessage(thrown)
  if (thrown instanceof AppError) {
    return { code: thrown.code, message, ...(thrown.attachment ? { attachment: thrown.attachment } : {}) }
  }
  if (thrown instanceof ProviderError || thrown instanceof RetryProviderError) {
    return { code: 'provider', kind: thrown.kind, message, facts: errorFacts(thrown) }
  }
  return { code: IpcErrorCodes.internal, message }
}
