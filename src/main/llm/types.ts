/** OpenAI-shaped request and response types shared by every provider. */

export type ChatRole = 'system' | 'user' | 'assistant'

/** OpenAI's content parts. `image_url` takes an https or a data URL; `file` takes a PDF as base64 (data URL or bare). */
export type ContentPart =
  | { type: 'text'; text: string }
  | { type: 'image_url'; image_url: { url: string; detail?: 'auto' | 'low' | 'high' } }
  | { type: 'file'; file: { file_data: string; filename: string } }

export interface ChatMessage {
  role: ChatRole
  /** Plain text, or parts in order (text, images and PDFs). */
  content: string | ContentPart[]
}

export interface ChatCompletionCreateParams {
  model: string
  messages: ChatMessage[]
  stream?: boolean
  temperature?: number
  max_tokens?: number
  /** Sent to OpenAI's reasoning models as given, and in place of max_tokens. */
  max_completion_tokens?: number
  top_p?: number
  /**
   * OpenAI-style reasoning models (passed as is); Anthropic sends it as adaptive thinking
   * (`output_config.effort`), or as a thinking budget to a model that takes only budgets.
   */
  reasoning_effort?: 'low' | 'medium' | 'high' | 'xhigh' | 'max'
  /**
   * Anthropic thinking (other providers leave it out): a budget (extended thinking), or adaptive thinking
   * whose depth `reasoning_effort` sets. What the model cannot take is sent as the closest it can.
   */
  thinking?: { type: 'enabled'; budget_tokens: number } | { type: 'adaptive' }
}

export interface Usage {
  prompt_tokens: number
  completion_tokens: number
  total_tokens: number
  /** Part of `prompt_tokens`: read from the provider's prompt cache, and written to it (Anthropic, OpenRouter). */
  prompt_tokens_details?: { cached_tokens?: number; cache_write_tokens?: number }
  /** Part of `completion_tokens`: the model's thinking. */
  completion_tokens_details?: { reasoning_tokens?: number }
}

export type FinishReason = 'stop' | 'length' | 'content_filter' | 'tool_calls' | 'error' | (string & {})

export interface ChunkDelta {
  role?: 'assistant'
  content?: string | null
  reasoning?: string | null
}

export interface ChatCompletionChunk {
  id: string
  object: 'chat.completion.chunk'
  created: number
  model: string
  choices: [{ index: number; delta: ChunkDelta; finish_reason: FinishReason | null }]
  usage?: Usage
}

export interface ChatCompletion {
  id: string
  object: 'chat.completion'
  created: number
  model: string
  choices: [
    {
      index: number
      message: { role: 'assistant'; content: string; reasoning?: string }
      finish_reason: FinishReason | null
    },
  ]
  usage?: Usage
}

export interface Model {
  id: string
  object: 'model'
  owned_by?: string
}

/** What a caller learns about each failed attempt, before the next one starts. */
export interface AttemptInfo {
  provider: string
  /** 1-based number of the attempt that failed, counted per provider. */
  attempt: number
  /** Attempts this provider gets in all. */
  maxAttempts: number
  error: import('./errors').ProviderError
  /** Wait before the next attempt; 0 when the next provider starts at once. */
  delayMs: number
  /** The provider the next attempt goes to, or undefined when none is left. */
  nextProvider?: string
}

export interface RequestOptions {
  signal?: AbortSignal
  onAttempt?: (info: AttemptInfo) => void
}
