/**
 * The IpcResult envelope: every invoke answers with data, never a thrown error, so the page gets
 * a code it can act on and a message with no stack and no secret in it.
 */
import type { IpcResult } from '../../shared/contract'
import { redactSecrets } from '../llm/errors'

/** Error codes set by this layer (backend errors bring their own). */
export const IpcErrorCodes = {
  invalidPayload: 'invalid-payload',
  forbiddenSender: 'forbidden-sender',
  internal: 'internal',
} as const

const SAFE_CODE = /^[A-Za-z0-9_.:-]{1,64}$/
const MAX_MESSAGE_LENGTH = 2_000

export function success<T>(value: T): IpcResult<T> {
  return { ok: true, value }
}

export function failure(code: string, message: string): IpcResult<never> {
  return { ok: false, error: { code, message } }
}

function stringProperty(value: unknown, key: string): string | undefined {
  if (typeof value !== 'object' || value === null) return undefined
  const property = (value as Record<string, unknown>)[key]
  return typeof property === 'string' && SAFE_CODE.test(property) ? property : undefined
}

/**
 * Reduces anything a backend threw to `{ code, message }`. The code is the error's `kind` (the
 * chat client's ErrorKind) or its `code`; the message is redacted and bounded.
 */
export function describeThrown(thrown: unknown): { code: string; message: string } {
  const code = stringProperty(thrown, 'kind') ?? stringProperty(thrown, 'code') ?? IpcErrorCodes.internal
  const raw = thrown instanceof Error ? thrown.message : ''
  let message = redactSecrets(raw).trim()
  if (message.length > MAX_MESSAGE_LENGTH) message = `${message.slice(0, MAX_MESSAGE_LENGTH)}…`
  return { code, message: message === '' ? 'Something went wrong in the app.' : message }
}
