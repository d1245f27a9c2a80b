import { DEFAULT_BACKOFF, MAX_RETRY_AFTER_MS, retryDelay, sleep, type BackoffOptions } from './backoff'
import { ProviderError, RetryProviderError, sanitizeCause, type AttemptError } from './errors'
import { hasContent, type Provider, type ProviderContext } from './provider'
import { collectCompletion } from './completion'
import type { ChatCompletion, ChatCompletionChunk, ChatCompletionCreateParams, Model } from './types'
import { startEagerly } from './eager'

export interface RetryProviderOptions {
  /** Try the providers in random order (g4f's default). */
  shuffle?: boolean
  /** Give each provider up to `maxRetries` attempts in all before moving on; otherwise one each. */
  singleProviderRetry?: boolean
  maxRetries?: number
  backoff?: Partial<BackoffOptions>
  /** For tests: the random source of shuffling and jitter. */
  random?: () => number
}

/**
 * Tries providers in order until one answers. Only failures that can heal (network, timeout, 408, 429,
 * 5xx) are retried on the same provider, after an exponential back-off or the server's Retry-After;
 * failures that will not heal (auth, bad request, region, proxy) move straight on to the next provider.
 * Once text has been delivered nothing is retried: a later failure is thrown after that text.
 */
export class RetryProvider implements Provider {
  readonly name: string
  readonly providers: readonly Provider[]
  readonly #shuffle: boolean
  readonly #singleProviderRetry: boolean
  readonly #maxRetries: number
  readonly #backoff: BackoffOptions
  readonly #random: () => number

  constructor(providers: readonly Provider[], options: RetryProviderOptions = {}) {
    if (providers.length === 0) throw new TypeError('RetryProvider needs at least one provider')
    this.providers = [...providers]
    this.#shuffle = options.shuffle ?? true
    this.#singleProviderRetry = options.singleProviderRetry ?? false
    this.#maxRetries = Math.max(1, Math.floor(options.maxRetries ?? 3))
    this.#backoff = { ...DEFAULT_BACKOFF, ...options.backoff }
    this.#random = options.random ?? Math.random
    this.name = `RetryProvider(${providers.map((p) => p.name).join(', ')})`
  }

  streamChat(
    params: ChatCompletionCreateParams,
    ctx: ProviderContext,
  ): Promise<AsyncIterable<ChatCompletionChunk>> {
    return startEagerly(this.#run(params, ctx))
  }

  async *#run(
    params: ChatCompletionCreateParams,
    ctx: ProviderContext,
  ): AsyncGenerator<ChatCompletionChunk, void> {
    const order = this.#order()
    const attemptsPerProvider = this.#singleProviderRetry ? this.#maxRetries : 1
    const errors: AttemptError[] = []
    for (const [index, provider] of order.entries()) {
      for (let attempt = 1; attempt <= attemptsPerProvider; attempt++) {
        if (ctx.signal?.aborted) throw abortedError(provider.name)
        let delivered = false
        // Chunks without text (the role chunk) wait for the first text, so a retry never repeats them.
        const held: ChatCompletionChunk[] = []
        try {
          const stream = await provider.streamChat(params, ctx)
          for await (const chunk of stream) {
            if (delivered) {
              yield chunk
            } else if (hasContent(chunk)) {
              delivered = true
              yield* held
              held.length = 0
              yield chunk
            } else {
              held.push(chunk)
            }
          }
          yield* held
          return
        } catch (thrown) {
          const error = toProviderError(provider.name, thrown)
          // After text was shown, or when the user stopped, nothing is tried again.
          if (delivered || error.kind === 'aborted') throw error
          const at = { provider, following: order[index + 1], attempt, attemptsPerProvider }
          if (!(await this.#afterFailure(error, at, errors, ctx))) break
        }
      }
    }
    throw new RetryProviderError(errors)
  }

  /** A non-streaming call, with the same retry and fallback rules as a stream that failed before text. */
  async complete(params: ChatCompletionCreateParams, ctx: ProviderContext): Promise<ChatCompletion> {
    const order = this.#order()
    const attemptsPerProvider = this.#singleProviderRetry ? this.#maxRetries : 1
    const errors: AttemptError[] = []
    for (const [index, provider] of order.entries()) {
      for (let attempt = 1; attempt <= attemptsPerProvider; attempt++) {
        if (ctx.signal?.aborted) throw abortedError(provider.name)
        try {
          if (provider.complete) return await provider.complete(params, ctx)
          return await collectCompletion(await provider.streamChat({ ...params, stream: true }, ctx))
        } catch (thrown) {
          const error = toProviderError(provider.name, thrown)
          if (error.kind === 'aborted') throw error
          const at = { provider, following: order[index + 1], attempt, attemptsPerProvider }
          if (!(await this.#afterFailure(error, at, errors, ctx))) break
        }
      }
    }
    throw new RetryProviderError(errors)
  }

  /**
   * Records a failed attempt, tells the caller, and waits before retrying the same provider. Returns
   * whether to retry it (false: move on to the next provider).
   */
  async #afterFailure(
    error: ProviderError,
    at: { provider: Provider; following: Provider | undefined; attempt: number; attemptsPerProvider: number },
    errors: AttemptError[],
    ctx: ProviderContext,
  ): Promise<boolean> {
    const { provider, following, attempt, attemptsPerProvider } = at
    errors.push({ provider: provider.name, attempt, error })
    const retrySame =
      error.retriable &&
      attempt < attemptsPerProvider &&
      (error.retryAfterMs === undefined || error.retryAfterMs <= MAX_RETRY_AFTER_MS)
    const next = retrySame ? provider : following
    const delayMs = retrySame ? retryDelay(attempt, error.retryAfterMs, this.#backoff, this.#random) : 0
    ctx.onAttempt?.({
      provider: provider.name,
      attempt,
      maxAttempts: attemptsPerProvider,
      error,
      delayMs,
      nextProvider: next?.name,
    })
    if (retrySame) await sleep(delayMs, ctx.signal, () => abortedError(provider.name))
    return retrySame
  }

  async listModels(ctx: ProviderContext): Promise<Model[]> {
    const errors: AttemptError[] = []
    for (const provider of this.providers) {
      try {
        return await provider.listModels(ctx)
      } catch (error) {
        const providerError = toProviderError(provider.name, error)
        if (providerError.kind === 'aborted') throw providerError
        errors.push({ provider: provider.name, attempt: 1, error: providerError })
      }
    }
    throw new RetryProviderError(errors)
  }

  /** Provider order for one call. */
  #order(): Provider[] {
    const order = [...this.providers]
    if (!this.#shuffle) return order
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(this.#random() * (i + 1))
      ;[order[i], order[j]] = [order[j] as Provider, order[i] as Provider]
    }
    return order
  }
}

/** Anything thrown below the providers becomes a ProviderError; unknown errors are network-like. */
export function toProviderError(provider: string, error: unknown): ProviderError {
  if (error instanceof ProviderError) return error
  return new ProviderError({
    provider,
    kind: 'network',
    message: `${provider} failed: ${error instanceof Error ? error.message : String(error)}`,
    cause: sanitizeCause(error),
  })
}

export function abortedError(provider: string): ProviderError {
  return new ProviderError({ provider, kind: 'aborted', message: 'Stopped.' })
}
