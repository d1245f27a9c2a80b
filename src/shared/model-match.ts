/**
 * Finds a model's row in a table keyed by model id, as providers write ids: vendor-prefixed on OpenRouter and Groq
 * (`openai/gpt-4o`), `models/…` on Gemini, with dots or dashes in versions (`claude-sonnet-4.5`), and dated
 * snapshots (`gpt-4o-mini-2024-07-18`, `claude-3-5-sonnet-20241022`, `…-latest`, `gemini-2.0-flash-001`).
 * A row never matches another model of the same family (`gpt-4o` is not `gpt-4o-mini`, `claude-opus-4` is not
 * `claude-opus-4-6`): only an exact id or that id plus a date, a build number or `latest`.
 */

/** Lower case, no vendor prefix, versions with dashes, no `:tag` (OpenRouter's `:free`, Ollama's `:8b`). */
export function normalizeModelId(id: string): string {
  const bare = id.trim().toLowerCase().split(':')[0] ?? ''
  const name = bare.slice(bare.lastIndexOf('/') + 1)
  return name.replace(/(\d)\.(\d)/g, '$1-$2')
}

const SNAPSHOT = /^(\d{3,8}|\d{4}-\d{2}-\d{2}|latest)$/

/** The row for a model id: the exact one, else the longest whose id plus a snapshot suffix is this one. */
export function matchModel<T extends { model: string }>(rows: readonly T[], modelId: string): T | undefined {
  const id = normalizeModelId(modelId)
  if (id === '') return undefined
  let best: T | undefined
  let bestLength = -1
  for (const row of rows) {
    const key = normalizeModelId(row.model)
    if (key === id) return row
    if (key.length > bestLength && id.startsWith(`${key}-`) && SNAPSHOT.test(id.slice(key.length + 1))) {
      best = row
      bestLength = key.length
    }
  }
  return best
}
