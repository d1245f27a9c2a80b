/**
 * Provider failures as facts for the window (who, how many attempts, what kind, what the provider said):
 * the window words them and gives its advice once, instead of repeating each error's own advice.
 */
import { ProviderError, RetryProviderError, errorFacts, type AttemptError } from '../llm/errors'
import type { AttemptInfo } from '../llm/types'
import type { ProviderFailure } from '../../shared/domain'

function toFailure(provider: string, attempts: number, error: ProviderError): ProviderFailure {
  return { provider, attempts, ...errorFacts(error), message: error.message }
}

/** One entry per provider, in the order they were first tried, each with its last error. */
export function failuresOf(errors: readonly AttemptError[]): ProviderFailure[] {
  const byProvider = new Map<string, ProviderFailure>()
  for (const { provider, error } of errors) {
    const attempts = (byProvider.get(provider)?.attempts ?? 0) + 1
    // A Map keeps each key where it was first set: providers stay in the order they were tried.
    byProvider.set(provider, toFailure(provider, attempts, error))
  }
  return [...byProvider.values()]
}

/**
 * The failed attempts of one request, as reported by the retry provider while it runs: what made a
 * fallback answer, and how many attempts the provider that finally failed had used.
 */
export class AttemptLog {
  readonly #errors: AttemptError[] = []

  record(info: AttemptInfo): void {
    this.#errors.push({ provider: info.provider, attempt: info.attempt, error: info.error })
  }

  /** Providers that failed, other than `answering`: the fallback note's facts. */
  failedBefore(answering: string): ProviderFailure[] {
    return failuresOf(this.#errors).filter((f) => f.provider !== answering)
  }

  /** The request's failure as one line per provider tried; undefined for failures that are not a provider's. */
  failuresFor(thrown: unknown): ProviderFailure[] | undefined {
    if (thrown instanceof RetryProviderError) return failuresOf(thrown.errors)
    if (thrown instanceof ProviderError && thrown.kind !== 'aborted') {
      // Thrown after text had arrived: this provider's earlier (retried) attempts count too.
      const earlier = this.#errors.filter((e) => e.provider === thrown.provider).length
      return [toFailure(thrown.provider, earlier + 1, thrown)]
    }
    return undefined
  }
}
