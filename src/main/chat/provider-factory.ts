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
  })
}
