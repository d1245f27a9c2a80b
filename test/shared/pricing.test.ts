import { describe, expect, it } from 'vitest'
import { CONTEXT_WINDOWS, contextWindowOf } from '../../src/shared/context-windows'
import type { Message } from '../../src/shared/domain'
import { matchModel, normalizeModelId } from '../../src/shared/model-match'
import {
  costOf,
  defaultPrices,
  MAX_PRICE_ROWS,
  missingShippedPrices,
  modelIdProblem,
  parsePrice,
  priceFor,
  type ModelPrice,
} from '../../src/shared/pricing'
import { contextUse, replyCost, usageTotals } from '../../src/shared/usage-totals'

const prices = defaultPrices()

describe('model ids', () => {
  it('normalizes vendor prefixes, tags and dotted versions', () => {
    expect(normalizeModelId('anthropic/claude-sonnet-4.5')).toBe('claude-sonnet-4-5')
    expect(normalizeModelId('models/gemini-2.5-flash')).toBe('gemini-2-5-flash')
    expect(normalizeModelId(' GPT-4o ')).toBe('gpt-4o')
    expect(normalizeModelId('deepseek/deepseek-chat:free')).toBe('deepseek-chat')
  })

  it('matches dated snapshots, never another model of the family', () => {
    expect(priceFor(prices, 'gpt-4o-mini-2024-07-18')?.model).toBe('gpt-4o-mini')
    expect(priceFor(prices, 'gpt-4o-2024-08-06')?.model).toBe('gpt-4o')
    expect(priceFor(prices, 'claude-sonnet-4-5-20250929')?.model).toBe('claude-sonnet-4-5')
    expect(priceFor(prices, 'claude-3-7-sonnet-latest')?.model).toBe('claude-3-7-sonnet')
    expect(priceFor(prices, 'claude-opus-4-20250514')?.model).toBe('claude-opus-4')
    expect(priceFor(prices, 'openai/gpt-oss-120b')?.model).toBe('openai/gpt-oss-120b')
    expect(priceFor(prices, 'gemini-2.0-flash-001')?.model).toBe('gemini-2.0-flash')
    // Another model of the same family is unknown, not priced as its neighbour.
    expect(priceFor(prices, 'claude-opus-4-6')).toBeUndefined()
    expect(priceFor(prices, 'o3-pro')).toBeUndefined()
    expect(priceFor(prices, 'gpt-4o-audio-preview')).toBeUndefined()
    expect(priceFor(prices, 'llama3.2:3b')).toBeUndefined()
    expect(matchModel(prices, '')).toBeUndefined()
  })

  it('every shipped row has a context window, and the table has no duplicates', () => {
    const ids = prices.map((p) => normalizeModelId(p.model))
    expect(new Set(ids).size).toBe(ids.length)
    for (const p of prices) expect(contextWindowOf(p.model), p.model).toBeGreaterThan(0)
    expect(contextWindowOf('gpt-4o-mini-2024-07-18')).toBe(128_000)
    expect(contextWindowOf('my-local-model')).toBeUndefined()
    expect(CONTEXT_WINDOWS.length).toBeGreaterThanOrEqual(prices.length)
  })
})

describe('cost', () => {
  const sonnet: ModelPrice = {
    model: 'claude-sonnet-4-5',
    input: 3,
    cachedInput: 0.3,
    cacheWrite: 3.75,
    output: 15,
  }

  it('prices uncached input, cache reads, cache writes and output apart', () => {
    // 1,000 uncached + 8,000 read + 1,000 written; 500 out.
    const cost = costOf(
      {
        promptTokens: 10_000,
        completionTokens: 500,
        totalTokens: 10_500,
        cachedTokens: 8_000,
        cacheWriteTokens: 1_000,
      },
      sonnet,
    )
    // 1000×3 + 8000×0.3 + 1000×3.75 + 500×15 = 3000 + 2400 + 3750 + 7500 = 16,650 per 1M → $0.01665
    expect(cost.total).toBeCloseTo(0.01665, 10)
    // The reads at the full price would have cost 8000×3 = 24,000; they cost 2,400: saved $0.0216.
    expect(cost.savedByCache).toBeCloseTo(0.0216, 10)
  })

  it('without cached or write prices, cached tokens cost the input price and nothing is saved', () => {
    const cost = costOf(
      { promptTokens: 1_000_000, completionTokens: 1_000_000, totalTokens: 2_000_000, cachedTokens: 500_000 },
      { model: 'x', input: 0.59, output: 0.79 },
    )
    expect(cost.total).toBeCloseTo(1.38, 10)
    expect(cost.savedByCache).toBe(0)
  })

  it('totals per conversation: only assistant replies with usage; unpriced replies count tokens only', () => {
    const reply = (model: string, prompt: number, completion: number, cached = 0): Message => ({
      id: model + prompt,
      role: 'assistant',
      content: 'x',
      createdAt: 0,
      status: 'done',
      meta: {
        model,
        usage: {
          promptTokens: prompt,
          completionTokens: completion,
          totalTokens: prompt + completion,
          ...(cached ? { cachedTokens: cached } : {}),
        },
      },
    })
    const messages: Message[] = [
      { id: 'u', role: 'user', content: 'Привет', createdAt: 0, status: 'done' },
      reply('gpt-4o-mini-2024-07-18', 1_000_000, 0),
      reply('gpt-4o-mini', 1_000_000, 1_000_000, 1_000_000),
      reply('my-local-model', 10, 20),
    ]
    const totals = usageTotals(messages, prices)
    expect(totals).toMatchObject({
      replies: 3,
      promptTokens: 2_000_010,
      completionTokens: 1_000_020,
      cachedTokens: 1_000_000,
      pricedReplies: 2,
    })
    // 0.15 + (0.075 + 0.6)
    expect(totals.cost).toBeCloseTo(0.825, 10)
    expect(totals.savedByCache).toBeCloseTo(0.075, 10)
    expect(replyCost(messages[3] as Message, prices)).toBeUndefined()
    expect(replyCost(messages[1] as Message, prices)?.total).toBeCloseTo(0.15, 10)
  })

  it('context use: the latest reply against the window of the conversation model', () => {
    const messages: Message[] = [
      {
        id: 'a',
        role: 'assistant',
        content: 'x',
        createdAt: 0,
        status: 'done',
        meta: { usage: { promptTokens: 10, completionTokens: 5, totalTokens: 15 } },
      },
      {
        id: 'b',
        role: 'assistant',
        content: 'y',
        createdAt: 0,
        status: 'done',
        meta: { usage: { promptTokens: 100_000, completionTokens: 2_000, totalTokens: 102_000 } },
      },
      { id: 'c', role: 'user', content: 'z', createdAt: 0, status: 'done' },
    ]
    expect(contextUse(messages, 'gpt-4o')).toStrictEqual({ used: 102_000, window: 128_000 })
    expect(contextUse(messages, 'my-local-model')).toBeUndefined()
    expect(contextUse([], 'gpt-4o')).toBeUndefined()
  })
})

describe('price fields', () => {
  it('parses prices with a dot or a comma, refuses the rest', () => {
    expect(parsePrice('2.5')).toBe(2.5)
    expect(parsePrice('0,075')).toBe(0.075)
    expect(parsePrice(' 10 ')).toBe(10)
    expect(parsePrice('.5')).toBe(0.5)
    for (const bad of ['', '-1', 'abc', '1e3', '10001', '1.2.3', 'NaN', 'Infinity'])
      expect(parsePrice(bad), bad).toBeNull()
  })

  it('refuses an empty, overlong or duplicate model id', () => {
    expect(modelIdProblem('  ', prices)).toBe('model_empty')
    expect(modelIdProblem('x'.repeat(201), prices)).toBe('model_too_long')
    expect(modelIdProblem('GPT-4o', prices)).toBe('model_duplicate')
    expect(modelIdProblem('gpt-4.1', prices)).toBe('model_duplicate')
    expect(modelIdProblem('my-model', prices)).toBeNull()
  })
})

describe('the shipped table of 2026-10-17', () => {
  it('prices the new models from their official pages, snapshots and vendor prefixes included', () => {
    expect(priceFor(prices, 'claude-opus-5-5')).toStrictEqual({
      model: 'claude-opus-5-5',
      input: 4,
      cachedInput: 0.2,
      cacheWrite: 5,
      output: 20,
    })
    expect(priceFor(prices, 'anthropic/claude-opus-5.5')?.model).toBe('claude-opus-5-5')
    expect(priceFor(prices, 'anthropic/claude-sonnet-5')?.model).toBe('claude-sonnet-5')
    expect(priceFor(prices, 'claude-sonnet-5-5-20260928')?.model).toBe('claude-sonnet-5-5')
    expect(priceFor(prices, 'claude-fable-5-1')?.cachedInput).toBe(0.25)
    expect(priceFor(prices, 'claude-fable-5')?.cachedInput).toBe(1)
    expect(priceFor(prices, 'deepseek-v4-pro-0813')?.model).toBe('deepseek-v4-pro')
    expect(priceFor(prices, 'deepseek/deepseek-flash')?.output).toBe(1.2)
    // A newer model of a family is never priced as the older one next to it.
    expect(priceFor(prices, 'claude-opus-5-5')?.model).not.toBe('claude-opus-5')
    expect(priceFor(prices, 'claude-sonnet-5-5')?.input).toBe(2)
    expect(priceFor(prices, 'claude-fable-5-2')).toBeUndefined()
    expect(priceFor(prices, 'claude-haiku-5-5')).toBeUndefined()
    expect(priceFor(prices, 'gpt-5.5')).toBeUndefined()
  })

  it('knows the 1M windows of the new models, with or without a price row', () => {
    expect(contextWindowOf('anthropic/claude-opus-5.5')).toBe(1_000_000)
    expect(contextWindowOf('claude-haiku-5-5')).toBe(1_000_000)
    expect(contextWindowOf('claude-haiku-4-5-20251001')).toBe(200_000)
    expect(contextWindowOf('openai/gpt-5.5')).toBe(1_000_000)
    expect(contextWindowOf('gpt-5.4-mini')).toBe(400_000)
    expect(contextWindowOf('gpt-5.4-nano')).toBeUndefined()
    expect(contextWindowOf('deepseek-flash')).toBe(1_000_000)
  })
})

describe('shipped prices missing from a saved table', () => {
  const old: ModelPrice[] = [
    { model: 'gpt-4o', input: 3.75, cachedInput: 1.25, output: 12 },
    { model: 'anthropic/claude-opus-5', input: 1, output: 2 },
    { model: 'qwen-max', input: 1.6, output: 6.4 },
  ]

  it('are the shipped rows whose model the table lacks, by normalized id, never a row the user has', () => {
    const missing = missingShippedPrices(old)
    const ids = missing.map((p) => p.model)
    expect(ids).toContain('claude-opus-5-5')
    expect(ids).toContain('gpt-4.1')
    expect(ids).not.toContain('gpt-4o')
    expect(ids).not.toContain('claude-opus-5')
    expect(missing).toHaveLength(prices.length - 2)
    expect(missingShippedPrices(prices)).toStrictEqual([])
  })

  it('never takes the table past its row limit', () => {
    const full = Array.from({ length: MAX_PRICE_ROWS - 2 }, (_, i) => ({
      model: `m-${i}`,
      input: 1,
      output: 1,
    }))
    expect(missingShippedPrices(full)).toHaveLength(2)
    expect(missingShippedPrices([...full, ...full.slice(0, 2)])).toStrictEqual([])
  })
})
