import { AnthropicStreamMapper } from '../anthropic-stream'
import { readAnthropicMessage } from '../completion'
import { registerSecret } from '../errors'
import { errorFromResponse } from '../http-errors'
import type { Provider, ProviderContext } from '../provider'
import type { HttpResponse } from '../transport-types'
import type { ChatCompletion, ChatCompletionChunk, ChatCompletionCreateParams, Model } from '../types'
import { ANTHROPIC_PRESET, joinUrl } from './presets'
import { anthropicParamFields } from '../request-params'
import { toAnthropicMessages } from './anthropic-messages'
import { applyPromptCaching } from './prompt-caching'
import { readChunks } from './read-stream'
import { readJson } from './read-json'
import { modelsFromList } from './openai'

export interface AnthropicProviderOptions {
  name?: string
  apiKey: string
  /** Default: https://api.anthropic.com */
  baseURL?: string
  /** Mark long system prompts and histories for Anthropic's prompt cache (see prompt-caching.ts). Default true. */
  promptCaching?: boolean
}

const ANTHROPIC_VERSION = '2023-06-01'

/** Anthropic's native Messages API, its events mapped to OpenAI-shaped chunks. */
export class AnthropicProvider implements Provider {
  readonly name: string
  readonly baseURL: string
  readonly #apiKey: string
  readonly #promptCaching: boolean

  constructor(options: AnthropicProviderOptions) {
    this.baseURL = options.baseURL ?? ANTHROPIC_PRESET.baseURL
    this.name = options.name ?? ANTHROPIC_PRESET.name
    this.#apiKey = options.apiKey
    this.#promptCaching = options.promptCaching ?? true
    registerSecret(options.apiKey)
  }

  async streamChat(
    params: ChatCompletionCreateParams,
    ctx: ProviderContext,
  ): Promise<AsyncIterable<ChatCompletionChunk>> {
    const response = await this.#send(params, ctx, true)
    return readChunks(response, new AnthropicStreamMapper(this.name))
  }

  /** A non-streaming Messages request: the whole Message, mapped to an OpenAI-shaped ChatCompletion. */
  async complete(params: ChatCompletionCreateParams, ctx: ProviderContext): Promise<ChatCompletion> {
    const response = await this.#send(params, ctx, false)
    return readAnthropicMessage(this.name, await readJson(this.name, response), Date.now)
  }

  async #send(
    params: ChatCompletionCreateParams,
    ctx: ProviderContext,
    stream: boolean,
  ): Promise<HttpResponse> {
    // Checked and translated before anything is sent.
    const translated = toAnthropicMessages(this.name, params.messages)
    const { system, messages } = this.#promptCaching
      ? applyPromptCaching(params.model, translated.system, translated.messages)
      : translated
    const { max_tokens, ...sampling } = anthropicParamFields(this.name, params)
    const response = await ctx.transport.request({
      provider: this.name,
      url: joinUrl(this.baseURL, 'v1/messages'),
      method: 'POST',
      headers: { ...this.#headers(), accept: stream ? 'text/event-stream' : 'application/json' },
      body: JSON.stringify({
        model: params.model,
        max_tokens,
        messages,
        stream,
        ...(system.length > 0 ? { system } : {}),
        ...sampling,
      }),
      signal: ctx.signal,
    })
    await this.#throwUnlessOk(response)
    return response
  }

  async listModels(ctx: ProviderContext): Promise<Model[]> {
    const response = await ctx.transport.request({
      provider: this.name,
      url: joinUrl(this.baseURL, 'v1/models'),
      method: 'GET',
      headers: this.#headers(),
      signal: ctx.signal,
    })
    await this.#throwUnlessOk(response)
    return modelsFromList(this.name, await readJson(this.name, response))
  }

  #headers(): Record<string, string> {
    return {
      'content-type': 'application/json',
      'x-api-key': this.#apiKey,
      'anthropic-version': ANTHROPIC_VERSION,
    }
  }

  async #throwUnlessOk(response: HttpResponse): Promise<void> {
    if (response.status >= 200 && response.status < 300) return
    const body = await response.text().catch(() => '')
    response.close()
    throw errorFromResponse(this.name, response.status, response.headers, body)
  }
}
