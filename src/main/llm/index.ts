/** The chat client library. No Electron here: it runs and is tested in plain Node. */
export { Client, collectCompletion, type ClientOptions, type ChatCompletionStream } from './client'
export { RetryProvider, type RetryProviderOptions } from './retry-provider'
export { OpenAIProvider, type OpenAIProviderOptions } from './providers/openai'
export { AnthropicProvider, type AnthropicProviderOptions } from './providers/anthropic'
export { OPENAI_COMPATIBLE_PRESETS, ANTHROPIC_PRESET, type OpenAICompatiblePreset } from './providers/presets'
export {
  ProviderError,
  RetryProviderError,
  redactSecrets,
  registerSecret,
  errorFacts,
  type ErrorKind,
  type ErrorFact,
  type ErrorFacts,
  type AttemptError,
} from './errors'
export type { Provider, ProviderContext } from './provider'
export type { Proxies, Timeouts, TransportOptions } from './transport-types'
export type * from './types'
