/** Exponential back-off with jitter, honouring a server's Retry-After. Pure, for testing. */

export interface BackoffOptions {
  baseMs: number
  maxMs: number
}

export const DEFAULT_BACKOFF: BackoffOptions = { baseMs: 500, maxMs: 8000 }

/** Retry-After beyond this means "not now": waiting that long inside one reply helps nobody. */
export const MAX_RETRY_AFTER_MS = 60_000

/**
 * Delay before retry number `retry` (1 for the first retry). "Equal jitter": half of the exponential
 * step is fixed, half random, so retries spread out without ever collapsing to zero.
 */
export function backoffDelay(
  retry: number,
  options: BackoffOptions,
  random: () => number = Math.random,
): number {
  const exponential = Math.min(options.maxMs, options.baseMs * 2 ** Math.max(0, retry - 1))
  return Math.round(exponential / 2 + (random() * exponential) / 2)
}

/** The wait before the next attempt: the server's Retry-After when it gave one, else the back-off. */
export function retryDelay(
  retry: number,
  retryAfterMs: number | undefined,
  options: BackoffOptions,
  random?: () => number,
): number {
  if (retryAfterMs !== undefined) return Math.max(0, Math.round(retryAfterMs))
  return backoffDelay(retry, options, random)
}

/** Resolves after `ms`, or rejects with the signal's reason as soon as it aborts. */
export function sleep(ms: number, signal: AbortSignal | undefined, onAbort: () => Error): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(onAbort())
      return
    }
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', abort)
      resolve()
    }, ms)
    const abort = (): void => {
      clearTimeout(timer)
      reject(onAbort())
    }
    signal?.addEventListener('abort', abort, { once: true })
  })
}
