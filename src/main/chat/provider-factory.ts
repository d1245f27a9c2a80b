import type { ProviderConfig } from '../../shared/domain'
import { AnthropicProvider } from '../llm/providers/anthropic'
import { OpenAIProvider } from '../llm/providers/openai'
import type { Provider } from '../llm/provider'

/** A chat-client provider for a configured provider. */
export function createProvider(config: ProviderConfig, apiKey: string | undefined): Provider {
  const baseURL = config.baseURL.trim()
  if (config.kind === 'anthropic') {
    return new AnthropicProvider({ name: config.name, apiKey: apiKey ?? '', ...(baseURL ? { baseURL } : {}) })
  }
  return new OpenAIProvider({
    name: config.name,
    ...(apiKey ? { apiKey } : {}),
    ...(baseURL ? { baseURL } : {}),
    // OpenRouter asks apps to identify themselves; harmless elsewhere, so only sent there.
    ...(config.kind === 'openrouter' ? { headers: { 'x-title': 'ProxyChat' } } : {}),
    includeUsage: includeUsageFor(config.kind),
  })
}

/**
 * Whether to ask for usage in the stream (`stream_options.include_usage`). Every known kind documents it (OpenAI,
 * OpenRouter, Groq, DeepSeek, Gemini's OpenAI endpoint, Ollama, LM Studio); an unknown server gets it on trial and
 * loses it if it refuses the field (see OpenAIProvider's `includeUsage`).
 */
export function includeUsageFor(kind: ProviderConfig['kind']): boolean | 'auto' {
  return kind === 'custom' ? 'auto' : true
}
