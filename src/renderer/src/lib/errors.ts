import { parseAppErrorText, type AppErrorCode, type AttachmentErrorFacts } from '../../../shared/app-error'
import type { ErrorFacts } from '../../../shared/domain'

/** Main's code for a rejected IPC call (the preload writes it in front of the message), if it has one. */
export function errorCode(error: unknown): AppErrorCode | undefined {
  return error instanceof Error ? parseAppErrorText(error.message)?.code : undefined
}

/** A readable message out of whatever a rejected IPC call threw (without main's code in front). */
export function errorMessage(error: unknown): string {
  if (error instanceof Error) return parseAppErrorText(error.message)?.message ?? error.message
  if (typeof error === 'string') return error
  return String(error)
}

/** A chat client failure's facts, when a rejected IPC call carried them (the window words them). */
export function errorFacts(error: unknown): ErrorFacts | undefined {
  return error instanceof Error ? parseAppErrorText(error.message)?.facts : undefined
}

/** An attachment refusal's facts (the file's name, the limit), when a rejected IPC call carried them. */
export function errorAttachmentFacts(error: unknown): AttachmentErrorFacts | undefined {
  return error instanceof Error ? parseAppErrorText(error.message)?.attachment : undefined
}
