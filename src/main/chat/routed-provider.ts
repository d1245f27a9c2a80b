/**
 * A provider that sends through its own client, and so through its own route's transport, whatever
 * transport the caller hands it. This is how a RetryProvider's providers each keep their own route: the
 * library's Client takes transport options per client, and a RetryProvider runs its providers in one
 * client's context; wrapping each provider's client keeps the library untouched.
 */
import type { Client } from '../llm/client'
import type { Provider, ProviderContext } from '../llm/provider'
import type { ChatCompletion, ChatCompletionChunk, ChatCompletionCreateParams, Model } from '../llm/types'

export class RoutedProvider implements Provider {
  constructor(
    private readonly client: Client,
    /** This provider's own take on the request (its model parameters); the request as it is when absent. */
    private readonly prepare: (params: ChatCompletionCreateParams) => ChatCompletionCreateParams = (p) => p,
  ) {}

  get name(): string {
    return this.client.provider.name
  }

  streamChat(
    params: ChatCompletionCreateParams,
    ctx: ProviderContext,
  ): Promise<AsyncIterable<ChatCompletionChunk>> {
    return this.client.chat.completions.create({ ...this.prepare(params), stream: true }, options(ctx))
  }

  complete(params: ChatCompletionCreateParams, ctx: ProviderContext): Promise<ChatCompletion> {
    return this.client.chat.completions.create({ ...this.prepare(params), stream: false }, options(ctx))
  }

  listModels(ctx: ProviderContext): Promise<Model[]> {
    return this.client.models.list(options(ctx))
  }
}

/** The caller's controls, without its transport. */
function options(ctx: ProviderContext): { signal?: AbortSignal; onAttempt?: ProviderContext['onAttempt'] } {
  return {
    ...(ctx.signal ? { signal: ctx.signal } : {}),
    ...(ctx.onAttempt ? { onAttempt: ctx.onAttempt } : {}),
  }
}
