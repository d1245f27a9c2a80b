/**
 * Context windows (input + output tokens a request may hold) of well-known models, from the providers' model
 * pages, for the context gauge. A model not listed gets no gauge: a wrong window would mislead more than none.
 */
import { matchModel } from './model-match'

/** The date of the newest provider page the windows were checked against (docs/prices.md). */
export const CONTEXT_WINDOWS_DATE = '2026-10-17'

export const CONTEXT_WINDOWS: readonly { model: string; tokens: number }[] = [
  // OpenAI
  { model: 'gpt-5.5', tokens: 1_000_000 },
  { model: 'gpt-5.4', tokens: 1_000_000 },
  { model: 'gpt-5.4-mini', tokens: 400_000 },
  { model: 'gpt-5', tokens: 400_000 },
  { model: 'gpt-5-mini', tokens: 400_000 },
  { model: 'gpt-5-nano', tokens: 400_000 },
  { model: 'gpt-4.1', tokens: 1_047_576 },
  { model: 'gpt-4.1-mini', tokens: 1_047_576 },
  { model: 'gpt-4.1-nano', tokens: 1_047_576 },
  { model: 'gpt-4o', tokens: 128_000 },
  { model: 'gpt-4o-mini', tokens: 128_000 },
  { model: 'o3', tokens: 200_000 },
  { model: 'o3-mini', tokens: 200_000 },
  { model: 'o4-mini', tokens: 200_000 },
  // Anthropic
  { model: 'claude-fable-5-1', tokens: 1_000_000 },
  { model: 'claude-fable-5', tokens: 1_000_000 },
  { model: 'claude-opus-5-5', tokens: 1_000_000 },
  { model: 'claude-opus-5', tokens: 1_000_000 },
  { model: 'claude-sonnet-5-5', tokens: 1_000_000 },
  { model: 'claude-sonnet-5', tokens: 1_000_000 },
  { model: 'claude-haiku-5-5', tokens: 1_000_000 },
  { model: 'claude-opus-4-5', tokens: 200_000 },
  { model: 'claude-opus-4-1', tokens: 200_000 },
  { model: 'claude-opus-4', tokens: 200_000 },
  { model: 'claude-sonnet-4-5', tokens: 200_000 },
  { model: 'claude-sonnet-4', tokens: 200_000 },
  { model: 'claude-haiku-4-5', tokens: 200_000 },
  { model: 'claude-3-7-sonnet', tokens: 200_000 },
  { model: 'claude-3-5-haiku', tokens: 200_000 },
  // DeepSeek
  { model: 'deepseek-flash', tokens: 1_000_000 },
  { model: 'deepseek-v4-pro', tokens: 1_000_000 },
  { model: 'deepseek-chat', tokens: 128_000 },
  { model: 'deepseek-reasoner', tokens: 128_000 },
  // Gemini
  { model: 'gemini-2.5-pro', tokens: 1_048_576 },
  { model: 'gemini-2.5-flash', tokens: 1_048_576 },
  { model: 'gemini-2.5-flash-lite', tokens: 1_048_576 },
  { model: 'gemini-2.0-flash', tokens: 1_048_576 },
  // Groq
  { model: 'llama-3.3-70b-versatile', tokens: 131_072 },
  { model: 'llama-3.1-8b-instant', tokens: 131_072 },
  { model: 'openai/gpt-oss-120b', tokens: 131_072 },
  { model: 'openai/gpt-oss-20b', tokens: 131_072 },
]

/** The model's window in tokens, or undefined when it is not known. */
export function contextWindowOf(modelId: string): number | undefined {
  return matchModel(CONTEXT_WINDOWS, modelId)?.tokens
}
