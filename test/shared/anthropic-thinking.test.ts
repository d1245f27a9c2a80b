/**
 * What an Anthropic model takes for thinking, by its id (Anthropic's docs, 2026), and the one table between
 * efforts and budgets.
 */
import { describe, expect, it } from 'vitest'
import {
  EFFORT_BUDGETS,
  anthropicThinking,
  effortForBudget,
  effortForModel,
} from '../../src/shared/anthropic-thinking'

describe('anthropicThinking', () => {
  it.each([
    'claude-opus-4-7',
    'claude-opus-4-8',
    'claude-opus-5',
    'claude-sonnet-5',
    'claude-fable-5',
    'claude-mythos-5',
    'claude-haiku-5-5',
    'claude-opus-5-5',
    'claude-mythos-preview',
    'anthropic.claude-opus-4-7',
    'anthropic/claude-opus-4.8',
    'us.anthropic.claude-sonnet-5-20260901-v1:0',
    'CLAUDE-OPUS-4-7',
  ])('%s takes only adaptive thinking', (model) => {
    expect(anthropicThinking(model).mode).toBe('adaptive')
  })

  it.each(['claude-opus-4-6', 'claude-sonnet-4-6', 'anthropic.claude-opus-4-6-v1'])(
    '%s takes both (budgets deprecated)',
    (model) => {
      expect(anthropicThinking(model).mode).toBe('both')
    },
  )

  it.each([
    'claude-3-7-sonnet-20250219',
    'claude-3-7-sonnet-latest',
    'claude-sonnet-4-20250514',
    'claude-sonnet-4-0',
    'claude-sonnet-4-5',
    'claude-sonnet-4-5-20250929',
    'claude-opus-4-20250514',
    'claude-opus-4-1',
    'claude-opus-4-1-20250805',
    'claude-opus-4-5',
    'claude-haiku-4-5',
    'anthropic/claude-sonnet-4.5',
  ])('%s takes only a thinking budget', (model) => {
    expect(anthropicThinking(model)).toStrictEqual({ mode: 'budget', efforts: [] })
  })

  it.each([
    'my-claude-proxy',
    'claude-3-5-sonnet-20241022',
    'claude-3-haiku-20240307',
    'claude-2.1',
    'gpt-4o',
    '',
  ])('%s is unknown: sent as set', (model) => {
    expect(anthropicThinking(model)).toStrictEqual({
      mode: 'unknown',
      efforts: ['low', 'medium', 'high', 'xhigh', 'max'],
    })
  })

  it('lists xhigh for Opus 4.7+ and Claude 5 models only, max for every adaptive model', () => {
    expect(anthropicThinking('claude-opus-4-7').efforts).toContain('xhigh')
    expect(anthropicThinking('claude-sonnet-5').efforts).toContain('xhigh')
    expect(anthropicThinking('claude-opus-4-6').efforts).toStrictEqual(['low', 'medium', 'high', 'max'])
    expect(anthropicThinking('claude-mythos-preview').efforts).toStrictEqual(['low', 'medium', 'high', 'max'])
  })
})

describe('efforts and budgets', () => {
  it('keeps every budget with the answer room within 32,000 tokens, rising with the effort', () => {
    const budgets = Object.values(EFFORT_BUDGETS)
    expect(budgets).toStrictEqual([...budgets].sort((a, b) => a - b))
    expect(Math.max(...budgets) + 4096).toBeLessThanOrEqual(32_000)
  })

  it.each([
    [1024, 'low'],
    [4000, 'low'],
    [6000, 'medium'],
    [10_000, 'medium'],
    [16_000, 'high'],
    [22_000, 'xhigh'],
    [32_000, 'max'],
    [200_000, 'max'],
  ] as const)('a budget of %i is closest to %s', (budget, effort) => {
    expect(effortForBudget(budget)).toBe(effort)
  })

  it('picks only among the levels the model takes', () => {
    expect(effortForBudget(24_000, ['low', 'medium', 'high', 'max'])).toBe('max')
    expect(effortForBudget(20_000, ['low', 'medium', 'high', 'max'])).toBe('high')
  })

  it('turns a level the model does not take into the nearest lower one', () => {
    expect(effortForModel('xhigh', ['low', 'medium', 'high', 'max'])).toBe('high')
    expect(effortForModel('max', ['low', 'medium', 'high', 'max'])).toBe('max')
    expect(effortForModel('xhigh', [])).toBe('xhigh')
  })
})
