import type {
  AttemptInfo,
  ChatCompletion,
  ChatCompletionChunk,
  ChatCompletionCreateParams,
  Model,
} from './types'
import type { Transport } from './transport-types'

/** What a provider gets for one call: the HTTP layer (with the proxy) and the caller's controls. */
export interface ProviderContext {
  transport: Transport
  signal?: AbortSignal
  onAttempt?: (info: AttemptInfo) => void
}

/**
 * A chat provider. `streamChat` resolves once the provider has accepted the request (HTTP 2xx), so
 * failures before any reply are thrown from it; failures later are thrown from the iterator.
 */
export interface Provider {
  readonly name: string
  streamChat(
    params: ChatCompletionCreateParams,
    ctx: ProviderContext,
  ): Promise<AsyncIterable<ChatCompletionChunk>>
  /**
   * One whole reply from a non-streaming request (some models and gateways refuse to stream). Providers
   * without it are read as a stream to its end.
   */
  complete?(params: ChatCompletionCreateParams, ctx: ProviderContext): Promise<ChatCompletion>
  listModels(ctx: ProviderContext): Promise<Model[]>
}

/** A chunk that carries text the user will see: after one of these is delivered, nothing may be retried. */
export function hasContent(chunk: ChatCompletionChunk): boolean {
  const delta = chunk.choices[0].delta
  return Boolean(delta.content) || Boolean(delta.reasoning)
}
