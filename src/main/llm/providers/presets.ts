/** Known OpenAI-compatible endpoints. Names are what errors and retry notices show. */
export const OPENAI_COMPATIBLE_PRESETS = {
  openai: { name: 'OpenAI', baseURL: 'https://api.openai.com/v1' },
  openrouter: { name: 'OpenRouter', baseURL: 'https://openrouter.ai/api/v1' },
  groq: { name: 'Groq', baseURL: 'https://api.groq.com/openai/v1' },
  deepseek: { name: 'DeepSeek', baseURL: 'https://api.deepseek.com/v1' },
  gemini: { name: 'Gemini', baseURL: 'https://generativelanguage.googleapis.com/v1beta/openai' },
  ollama: { name: 'Ollama', baseURL: 'http://127.0.0.1:11434/v1' },
  lmstudio: { name: 'LM Studio', baseURL: 'http://127.0.0.1:1234/v1' },
} as const

export type OpenAICompatiblePreset = keyof typeof OPENAI_COMPATIBLE_PRESETS

export const ANTHROPIC_PRESET = { name: 'Anthropic', baseURL: 'https://api.anthropic.com' } as const

/** A readable default name for a base URL: the preset's name, or the host. */
export function defaultProviderName(baseURL: string): string {
  const normalized = baseURL.replace(/\/+$/, '')
  for (const preset of Object.values(OPENAI_COMPATIBLE_PRESETS)) {
    if (preset.baseURL === normalized) return preset.name
  }
  try {
    return new URL(baseURL).host
  } catch {
    return 'OpenAI-compatible'
  }
}

export function joinUrl(baseURL: string, path: string): string {
  return `${baseURL.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}`
}
