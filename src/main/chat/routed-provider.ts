/**
 * A provider that sends through its own client, and so through its own route's transport, whatever
 * transport the caller hands it. This is how a RetryProvider's providers each keep their own route: the
 * library's Client takes transport options per client, and a RetryProvider runs its providers in one
 * client's context; wrapping each provider's client keeps the library untouched.
 */
import type { Client } from '../llm/client'
import type { Provider, ProviderContext } from '../llm/provider'
import type {
  ChatCompletion,
  ChatCompletionChunk,
  ChatCompletionCreateParams,
  ChatMessage,
  Model,
} from '../llm/types'
import type { ProviderKind } from '../../shared/domain'

/**
 * A request's messages as a provider of `kind` takes them: its attachments built for that provider (its
 * image limits, PDFs as documents or as text). Throws a `bad_request` ProviderError when the provider
 * cannot take them, so the retry moves on to the next provider before any byte is sent.
 */
export type MessagesFor = (kind: ProviderKind, providerName: string) => Promise<ChatMessage[]>

export class RoutedProvider implements Provider {
  constructor(
    private readonly client: Client,
    private readonly routed: {
      /** This provider's own take on the request (its model parameters); the request as it is when absent. */
      prepare?: (params: ChatCompletionCreateParams) => ChatCompletionCreateParams
      /** For one request: each attempt sends the messages built for this provider's kind. */
      own?: { kind: ProviderKind; messagesFor: MessagesFor }
    } = {},
  ) {}

  get name(): string {
    return this.client.provider.name
  }

  async streamChat(
    params: ChatCompletionCreateParams,
    ctx: ProviderContext,
  ): Promise<AsyncIterable<ChatCompletionChunk>> {
    const messages = await this.#messages(params)
    return this.client.chat.completions.create(
      { ...this.#prepare(params), messages, stream: true },
      options(ctx),
    )
  }

  async complete(params: ChatCompletionCreateParams, ctx: ProviderContext): Promise<ChatCompletion> {
    const messages = await this.#messages(params)
    return this.client.chat.completions.create(
      { ...this.#prepare(params), messages, stream: false },
      options(ctx),
    )
  }

  #prepare(params: ChatCompletionCreateParams): ChatCompletionCreateParams {
    return this.routed.prepare ? this.routed.prepare(params) : params
  }

  #messages(params: ChatCompletionCreateParams): Promise<ChatMessage[]> {
    const own = this.routed.own
    if (!own) return Promise.resolve(params.messages)
    return own.messagesFor(own.kind, this.name)
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
