import type { ProviderKind } from '../../../../shared/domain'

export interface Preset {
  kind: ProviderKind
  name: string
  baseURL: string
  /** Local servers need no key. */
  needsKey: boolean
}

/** What "Add a provider" offers; each fills in the name and base URL. */
export const PRESETS: readonly Preset[] = [
  { kind: 'openai', name: 'OpenAI', baseURL: 'https://api.openai.com/v1', needsKey: true },
  { kind: 'anthropic', name: 'Anthropic', baseURL: 'https://api.anthropic.com', needsKey: true },
  { kind: 'openrouter', name: 'OpenRouter', baseURL: 'https://openrouter.ai/api/v1', needsKey: true },
  { kind: 'groq', name: 'Groq', baseURL: 'https://api.groq.com/openai/v1', needsKey: true },
  { kind: 'deepseek', name: 'DeepSeek', baseURL: 'https://api.deepseek.com/v1', needsKey: true },
  {
    kind: 'gemini',
    name: 'Gemini',
    baseURL: 'https://generativelanguage.googleapis.com/v1beta/openai',
    needsKey: true,
  },
  { kind: 'ollama', name: 'Ollama', baseURL: 'http://127.0.0.1:11434/v1', needsKey: false },
  { kind: 'lmstudio', name: 'LM Studio', baseURL: 'http://127.0.0.1:1234/v1', needsKey: false },
  { kind: 'custom', name: '', baseURL: '', needsKey: true },
]

export function presetOf(kind: ProviderKind): Preset {
  return PRESETS.find((preset) => preset.kind === kind) ?? { kind, name: '', baseURL: '', needsKey: true }
}
