import { checkOpenAIParts } from '../content-parts'
import { readOpenAICompletion } from '../completion'
import { registerSecret } from '../errors'
import { errorFromResponse } from '../http-errors'
import { OpenAIStreamMapper } from '../openai-stream'
import type { Provider, ProviderContext } from '../provider'
import type { HttpResponse } from '../transport-types'
import type { ChatCompletion, ChatCompletionChunk, ChatCompletionCreateParams, Model } from '../types'
import {
  OPENAI_COMPATIBLE_PRESETS,
  defaultProviderName,
  joinUrl,
  type OpenAICompatiblePreset,
} from './presets'
import { openAIParamFields } from '../request-params'
import { readChunks } from './read-stream'
import { readJson } from './read-json'

export interface OpenAIProviderOptions {
  name?: string
  apiKey?: string
  /** Default: OpenAI's API. */
  baseURL?: string
  headers?: Record<string, string>
  /**
   * Ask for usage in the stream (`stream_options: { include_usage: true }`). `true` (default) for servers known to
   * take it; `'auto'` for unknown servers: sent, and if the server refuses the request naming `stream_options`
   * (some older local servers validate strictly), sent again without it, and left out from then on.
   */
  includeUsage?: boolean | 'auto'
}

/** Any OpenAI-compatible Chat Completions API: OpenAI, OpenRouter, Groq, DeepSeek, Gemini, Ollama, LM Studio... */
export class OpenAIProvider implements Provider {
  static readonly presets = OPENAI_COMPATIBLE_PRESETS

  /** A provider for a known service: `OpenAIProvider.fromPreset('groq', { apiKey })`. */
  static fromPreset(preset: OpenAICompatiblePreset, options: Omit<OpenAIProviderOptions, 'baseURL'> = {}) {
    const { name, baseURL } = OPENAI_COMPATIBLE_PRESETS[preset]
    return new OpenAIProvider({ name, baseURL, ...options })
  }

  readonly name: string
  readonly baseURL: string
  readonly #apiKey: string | undefined
  readonly #headers: Record<string, string>
  #includeUsage: boolean | 'auto'

  constructor(options: OpenAIProviderOptions = {}) {
    this.baseURL = options.baseURL ?? OPENAI_COMPATIBLE_PRESETS.openai.baseURL
    this.name = options.name ?? defaultProviderName(this.baseURL)
    this.#apiKey = options.apiKey
    this.#headers = options.headers ?? {}
    this.#includeUsage = options.includeUsage ?? true
    registerSecret(options.apiKey)
  }

  async streamChat(
    params: ChatCompletionCreateParams,
    ctx: ProviderContext,
  ): Promise<AsyncIterable<ChatCompletionChunk>> {
    checkOpenAIParts(this.name, params.messages)
    const send = (withUsage: boolean): Promise<HttpResponse> =>
      ctx.transport.request({
        provider: this.name,
        url: joinUrl(this.baseURL, 'chat/completions'),
        method: 'POST',
        headers: { ...this.#requestHeaders(), accept: 'text/event-stream' },
        body: JSON.stringify({
          model: params.model,
          messages: params.messages,
          stream: true,
          ...(withUsage ? { stream_options: { include_usage: true } } : {}),
          ...openAIParamFields(params),
        }),
        signal: ctx.signal,
      })
    let response = await send(this.#includeUsage !== false)
    if (this.#includeUsage === 'auto' && refusesStreamOptions(response.status)) {
      const body = await response.text().catch(() => '')
      response.close()
      if (!body.includes('stream_options'))
        throw errorFromResponse(this.name, response.status, response.headers, body)
      this.#includeUsage = false
      response = await send(false)
    } else if (this.#includeUsage === 'auto' && response.status >= 200 && response.status < 300) {
      this.#includeUsage = true
    }
    await this.#throwUnlessOk(response)
    return readChunks(response, new OpenAIStreamMapper(this.name))
  }

  /** A non-streaming request (`stream: false`): the whole ChatCompletion, usage included, in one body. */
  async complete(params: ChatCompletionCreateParams, ctx: ProviderContext): Promise<ChatCompletion> {
    checkOpenAIParts(this.name, params.messages)
    const response = await ctx.transport.request({
      provider: this.name,
      url: joinUrl(this.baseURL, 'chat/completions'),
      method: 'POST',
      headers: { ...this.#requestHeaders(), accept: 'application/json' },
      body: JSON.stringify({
        model: params.model,
        messages: params.messages,
        stream: false,
        ...openAIParamFields(params),
      }),
      signal: ctx.signal,
    })
    await this.#throwUnlessOk(response)
    return readOpenAICompletion(this.name, await readJson(this.name, response))
  }

  async listModels(ctx: ProviderContext): Promise<Model[]> {
    const response = await ctx.transport.request({
      provider: this.name,
      url: joinUrl(this.baseURL, 'models'),
      method: 'GET',
      headers: this.#requestHeaders(),
      signal: ctx.signal,
    })
    await this.#throwUnlessOk(response)
    return modelsFromList(this.name, await readJson(this.name, response))
  }

  #requestHeaders(): Record<string, string> {
    return {
      'content-type': 'application/json',
      ...this.#headers,
      ...(this.#apiKey ? { authorization: `Bearer ${this.#apiKey}` } : {}),
    }
  }

  async #throwUnlessOk(response: HttpResponse): Promise<void> {
    if (response.status >= 200 && response.status < 300) return
    const body = await response.text().catch(() => '')
    response.close()
    throw errorFromResponse(this.name, response.status, response.headers, body)
  }
}

/** The statuses a strict server answers an unknown field with. */
function refusesStreamOptions(status: number): boolean {
  return status === 400 || status === 422
}

/** `{ data: [{ id }] }` (OpenAI) or `{ models: [{ name }] }` (some local servers). */
export function modelsFromList(provider: string, json: unknown): Model[] {
  const list = isRecord(json) ? (Array.isArray(json.data) ? json.data : json.models) : undefined
  if (!Array.isArray(list)) return []
  const models: Model[] = []
  for (const item of list) {
    if (!isRecord(item)) continue
    const id = typeof item.id === 'string' ? item.id : typeof item.name === 'string' ? item.name : undefined
    if (!id) continue
    models.push({
      id,
      object: 'model',
      owned_by: typeof item.owned_by === 'string' ? item.owned_by : provider,
    })
  }
  return models
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
