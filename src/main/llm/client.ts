import { collectCompletion } from './completion'
import type { Provider, ProviderContext } from './provider'
import { abortedError } from './retry-provider'
import { HttpTransport } from './transport'
import type { TransportOptions } from './transport-types'
import type {
  ChatCompletion,
  ChatCompletionChunk,
  ChatCompletionCreateParams,
  Model,
  RequestOptions,
} from './types'

export { collectCompletion }

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

  /** A real non-streaming request where the provider has one; otherwise its stream read to the end. */
  async #complete(params: ChatCompletionCreateParams, options: RequestOptions = {}): Promise<ChatCompletion> {
    const ctx = this.#context(options)
    if (ctx.signal?.aborted) throw abortedError(this.provider.name)
    const request = { ...params, stream: false }
    if (this.provider.complete) return this.provider.complete(request, ctx)
    return collectCompletion(await this.provider.streamChat({ ...params, stream: true }, ctx))
  }

  #context(options: RequestOptions = {}): ProviderContext {
    return { transport: this.#transport, signal: options.signal, onAttempt: options.onAttempt }
  }
}
