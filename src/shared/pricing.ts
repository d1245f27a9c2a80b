/**
 * Prices and costs. The table ships with the providers' list prices on PRICE_TABLE_DATE (USD per 1M tokens, text,
 * standard tier, prompts up to each provider's first price step, DeepSeek at its peak-hour rate); it is never
 * fetched: the user edits it in Preferences → Prices. A model without a row is shown with tokens only. Where each
 * number comes from: docs/prices.md.
 */
import type { Usage } from './domain'
import { matchModel, normalizeModelId } from './model-match'

export interface ModelPrice {
  /** The model id; also matches its dated snapshots and vendor-prefixed ids (see model-match.ts). */
  model: string
  /** USD per 1M uncached input tokens. */
  input: number
  /** USD per 1M input tokens read from the prompt cache; absent: billed as input. */
  cachedInput?: number
  /** USD per 1M input tokens written to the prompt cache (Anthropic: 5-minute cache); absent: billed as input. */
  cacheWrite?: number
  /** USD per 1M output tokens (reasoning included). */
  output: number
}

/** The date of the newest provider page the table was checked against (docs/prices.md). */
export const PRICE_TABLE_DATE = '2026-10-17'
export const PRICE_CURRENCY = 'USD'
/** The largest price a field takes, per 1M tokens: far above any list price, low enough to catch a typo. */
export const MAX_PRICE = 10_000
export const MAX_PRICE_ROWS = 500
export const MAX_MODEL_ID_LENGTH = 200

export function defaultPrices(): ModelPrice[] {
  return [
    // OpenAI (cached input: the automatic prompt cache)
    { model: 'gpt-5', input: 1.25, cachedInput: 0.125, output: 10 },
    { model: 'gpt-5-mini', input: 0.25, cachedInput: 0.025, output: 2 },
    { model: 'gpt-5-nano', input: 0.05, cachedInput: 0.005, output: 0.4 },
    { model: 'gpt-4.1', input: 2, cachedInput: 0.5, output: 8 },
    { model: 'gpt-4.1-mini', input: 0.4, cachedInput: 0.1, output: 1.6 },
    { model: 'gpt-4.1-nano', input: 0.1, cachedInput: 0.025, output: 0.4 },
    { model: 'gpt-4o', input: 2.5, cachedInput: 1.25, output: 10 },
    { model: 'gpt-4o-mini', input: 0.15, cachedInput: 0.075, output: 0.6 },
    { model: 'o3', input: 2, cachedInput: 0.5, output: 8 },
    { model: 'o3-mini', input: 1.1, cachedInput: 0.55, output: 4.4 },
    { model: 'o4-mini', input: 1.1, cachedInput: 0.275, output: 4.4 },
    // Anthropic (cache write: the 5-minute cache; cache reads are 0.1× the input price up to Opus 5 and Sonnet 5,
    // less on later models — each row as its own page lists it)
    { model: 'claude-fable-5-1', input: 10, cachedInput: 0.25, cacheWrite: 12.5, output: 50 },
    { model: 'claude-fable-5', input: 10, cachedInput: 1, cacheWrite: 12.5, output: 50 },
    { model: 'claude-opus-5-5', input: 4, cachedInput: 0.2, cacheWrite: 5, output: 20 },
    { model: 'claude-opus-5', input: 5, cachedInput: 0.5, cacheWrite: 6.25, output: 25 },
    { model: 'claude-sonnet-5-5', input: 2, cachedInput: 0.2, cacheWrite: 2.5, output: 10 },
    { model: 'claude-sonnet-5', input: 2, cachedInput: 0.2, cacheWrite: 2.5, output: 10 },
    { model: 'claude-opus-4-5', input: 5, cachedInput: 0.5, cacheWrite: 6.25, output: 25 },
    { model: 'claude-opus-4-1', input: 15, cachedInput: 1.5, cacheWrite: 18.75, output: 75 },
    { model: 'claude-opus-4', input: 15, cachedInput: 1.5, cacheWrite: 18.75, output: 75 },
    { model: 'claude-sonnet-4-5', input: 3, cachedInput: 0.3, cacheWrite: 3.75, output: 15 },
    { model: 'claude-sonnet-4', input: 3, cachedInput: 0.3, cacheWrite: 3.75, output: 15 },
    { model: 'claude-3-7-sonnet', input: 3, cachedInput: 0.3, cacheWrite: 3.75, output: 15 },
    { model: 'claude-haiku-4-5', input: 1, cachedInput: 0.1, cacheWrite: 1.25, output: 5 },
    { model: 'claude-3-5-haiku', input: 0.8, cachedInput: 0.08, cacheWrite: 1, output: 4 },
    // DeepSeek (cache hit / cache miss; peak-hour rates — off-peak is half, so off-peak costs read high)
    { model: 'deepseek-flash', input: 0.3, cachedInput: 0.006, output: 1.2 },
    { model: 'deepseek-v4-pro', input: 1.32, cachedInput: 0.044, output: 3.96 },
    { model: 'deepseek-chat', input: 0.28, cachedInput: 0.028, output: 0.42 },
    { model: 'deepseek-reasoner', input: 0.28, cachedInput: 0.028, output: 0.42 },
    // Gemini (prompts up to 200k tokens)
    { model: 'gemini-2.5-pro', input: 1.25, cachedInput: 0.125, output: 10 },
    { model: 'gemini-2.5-flash', input: 0.3, cachedInput: 0.03, output: 2.5 },
    { model: 'gemini-2.5-flash-lite', input: 0.1, cachedInput: 0.01, output: 0.4 },
    { model: 'gemini-2.0-flash', input: 0.1, cachedInput: 0.025, output: 0.4 },
    // Groq
    { model: 'llama-3.3-70b-versatile', input: 0.59, output: 0.79 },
    { model: 'llama-3.1-8b-instant', input: 0.05, output: 0.08 },
    { model: 'openai/gpt-oss-120b', input: 0.15, output: 0.75 },
    { model: 'openai/gpt-oss-20b', input: 0.1, output: 0.5 },
  ]
}

/**
 * The shipped rows whose model the user's table has no row for (by normalized id, so `anthropic/claude-opus-5`
 * counts as `claude-opus-5`): what a table saved before the shipped one grew is missing. Rows the user has are never
 * part of it, edited or not; at most as many as fit under MAX_PRICE_ROWS.
 */
export function missingShippedPrices(
  user: readonly Pick<ModelPrice, 'model'>[],
  shipped: readonly ModelPrice[] = defaultPrices(),
): ModelPrice[] {
  const have = new Set(user.map((row) => normalizeModelId(row.model)))
  const room = Math.max(0, MAX_PRICE_ROWS - user.length)
  return shipped.filter((row) => !have.has(normalizeModelId(row.model))).slice(0, room)
}

export function priceFor(prices: readonly ModelPrice[], modelId: string): ModelPrice | undefined {
  return matchModel(prices, modelId)
}

export interface Cost {
  /** USD. */
  total: number
  /** USD the cache reads saved against paying them at the full input price. */
  savedByCache: number
}

const PER_TOKEN = 1 / 1_000_000

/**
 * A reply's cost: uncached input at the input price, cache reads at the cached price, cache writes at the write
 * price, output (reasoning included) at the output price.
 */
export function costOf(usage: Usage, price: ModelPrice): Cost {
  const cached = usage.cachedTokens ?? 0
  const written = usage.cacheWriteTokens ?? 0
  const uncached = Math.max(0, usage.promptTokens - cached - written)
  const cachedRate = price.cachedInput ?? price.input
  const total =
    (uncached * price.input +
      cached * cachedRate +
      written * (price.cacheWrite ?? price.input) +
      usage.completionTokens * price.output) *
    PER_TOKEN
  return { total, savedByCache: Math.max(0, cached * (price.input - cachedRate) * PER_TOKEN) }
}

/** What a field of a price row may say is wrong; the window words it. */
export type PriceProblem = 'model_empty' | 'model_too_long' | 'model_duplicate' | 'price_invalid'

/** A price typed in a field: a number from 0 to MAX_PRICE (comma or dot), or null when it is not one. */
export function parsePrice(text: string): number | null {
  const t = text.trim().replace(',', '.')
  if (!/^\d+(\.\d+)?$|^\.\d+$/.test(t)) return null
  const n = Number(t)
  return Number.isFinite(n) && n <= MAX_PRICE ? n : null
}

/** The problem with a model id in the table (other rows: the rest of the table). */
export function modelIdProblem(model: string, others: readonly ModelPrice[]): PriceProblem | null {
  const id = normalizeModelId(model)
  if (id === '') return 'model_empty'
  if (model.length > MAX_MODEL_ID_LENGTH) return 'model_too_long'
  if (others.some((row) => normalizeModelId(row.model) === id)) return 'model_duplicate'
  return null
}
