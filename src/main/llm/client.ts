import type { Provider, ProviderContext } from './provider'
import { abortedError } from './retry-provider'
import { HttpTransport } from './transport'
import type { TransportOptions } from './transport-types'
import type {
  ChatCompletion,
  ChatCompletionChunk,
  ChatCompletionCreateParams,
  FinishReason,
  Model,
  RequestOptions,
  Usage,
} from './types'

export interface ClientOptions extends TransportOptions {
  provider: Provider
}

export type ChatCompletionStream = AsyncIterable<ChatCompletionChunk>

/**
 * The chat client: `client.chat.completions.create(...)` in OpenAI's shape, over any provider
 * (a RetryProvider included), with every request going through the configured proxy.
 */
export class Client {
  readonly provider: Provider
  readonly #transport: HttpTransport

  readonly chat: {
    completions: {
      create(
        params: ChatCompletionCreateParams & { stream: true },
        options?: RequestOptions,
      ): Promise<ChatCompletionStream>
      create(
        params: ChatCompletionCreateParams & { stream?: false },
        options?: RequestOptions,
      ): Promise<ChatCompletion>
      create(
        params: ChatCompletionCreateParams,
        options?: RequestOptions,
      ): Promise<ChatCompletionStream | ChatCompletion>
    }
  }

  readonly models: { list(options?: RequestOptions): Promise<Model[]> }

  constructor(options: ClientOptions) {
    const { provider, ...transportOptions } = options
    this.provider = provider
    this.#transport = new HttpTransport(transportOptions)
    this.chat = {
      completions: {
        create: ((params: ChatCompletionCreateParams, requestOptions?: RequestOptions) =>
          params.stream === true
            ? this.#stream(params, requestOptions)
            : this.#complete(params, requestOptions)) as Client['chat']['completions']['create'],
      },
    }
    this.models = { list: (requestOptions) => this.provider.listModels(this.#context(requestOptions)) }
  }

  /** Closes the proxy connections this client holds; requests still running fail with kind 'aborted'. */
  close(): Promise<void> {
    return this.#transport.close()
  }

  /** Closes the connections once the requests in flight have finished (e.g. a reply still streaming). */
  release(): Promise<void> {
    return this.#transport.release()
  }

  async #stream(
    params: ChatCompletionCreateParams,
    options: RequestOptions = {},
  ): Promise<ChatCompletionStream> {
    const ctx = this.#context(options)
    if (ctx.signal?.aborted) throw abortedError(this.provider.name)
    return this.provider.streamChat(params, ctx)
  }

  /** A non-streaming call is a stream read to its end: one code path, the same retry rules. */
  async #complete(params: ChatCompletionCreateParams, options: RequestOptions = {}): Promise<ChatCompletion> {
    const stream = await this.#stream({ ...params, stream: true }, options)
    return collectCompletion(stream)
  }

  #context(options: RequestOptions = {}): ProviderContext {
    return { transport: this.#transport, signal: options.signal, onAttempt: options.onAttempt }
  }
}

/** Joins a stream's chunks into one ChatCompletion. */
export async function collectCompletion(stream: ChatCompletionStream): Promise<ChatCompletion> {
  let id = ''
  let model = ''
  let created = 0
  let content = ''
  let reasoning = ''
  let finishReason: FinishReason | null = null
  let usage: Usage | undefined
  for await (const chunk of stream) {
    id ||= chunk.id
    model ||= chunk.model
    created ||= chunk.created
    const choice = chunk.choices[0]
    content += choice.delta.content ?? ''
    reasoning += choice.delta.reasoning ?? ''
    finishReason = choice.finish_reason ?? finishReason
    usage = chunk.usage ?? usage
  }
  return {
    id,
    object: 'chat.completion',
    created,
    model,
    choices: [
      {
        index: 0,
        message: { role: 'assistant', content, ...(reasoning ? { reasoning } : {}) },
        finish_reason: finishReason,
      },
    ],
    ...(usage ? { usage } : {}),
  }
}
