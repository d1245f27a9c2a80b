/**
 * What main throws when it refuses a request from the window: a code from the shared vocabulary and a
 * message. The IPC envelope passes both on; anything else that reaches it is `internal` (and logged).
 */
import type { AppErrorCode, AttachmentErrorFacts } from '../shared/app-error'

export class AppError extends Error {
  override readonly name = 'AppError'
  constructor(
    readonly code: Exclude<AppErrorCode, 'provider' | 'internal'>,
    message: string,
    options?: { cause?: unknown; attachment?: AttachmentErrorFacts },
  ) {
    super(message, options)
    if (options?.attachment) this.attachment = options.attachment
  }

  /** What the window needs to word an attachment refusal (the file's name, the limit). */
  readonly attachment?: AttachmentErrorFacts
}
