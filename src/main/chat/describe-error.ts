import type { ErrorFacts } from '../../shared/domain'
import { AppError } from '../app-error'
import { ProviderError, RetryProviderError, errorFacts, redactSecrets } from '../llm/errors'

/**
 * Any failure, as a kind and facts the window words, and an English message. The message is sent with the
 * event and saved with the reply, so it is redacted whatever threw it (not only the chat client's errors,
 * which are redacted already).
 */
export function describeError(error: unknown): ErrorFacts & { message: string } {
  if (error instanceof ProviderError || error instanceof RetryProviderError) {
    return { ...errorFacts(error), message: error.message }
  }
  if (typeof error === 'object' && error !== null && 'kind' in error && 'message' in error) {
    const { kind, message } = error as { kind: ErrorFacts['kind']; message: unknown }
    return { kind, message: redactSecrets(String(message)) }
  }
  if (error instanceof AppError) return { kind: 'bad_request', message: error.message }
  return { kind: 'network', message: redactSecrets(error instanceof Error ? error.message : String(error)) }
}
