/** The model-parameter table, its checks and the effective-value rule. */
import { describe, expect, it } from 'vitest'
import {
  PARAM_LIMITS,
  WIDEST_RANGES,
  compactParams,
  effectiveParams,
  fitParams,
  isOpenAIReasoningModel,
  ownProblems,
  paramProblems,
} from '../../src/shared/model-params'
import { providerKindSchema } from '../../src/shared/schemas'

describe('paramProblems', () => {
  it('takes temperature 0–2 on OpenAI-compatible providers and 0–1 on Anthropic', () => {
    expect(paramProblems('openai', { temperature: 1.5 })).toEqual([])
    expect(paramProblems('anthropic', { temperature: 1.5 })).toEqual([
      { field: 'temperature', reason: 'range', min: 0, max: 1 },
    ])
    expect(paramProblems('groq', { temperature: 2.5 })).toEqual([
      { field: 'temperature', reason: 'range', min: 0, max: 2 },
    ])
    expect(paramProblems('openai', { temperature: Number.NaN })[0]?.reason).toBe('range')
  })

  it('wants whole numbers of tokens', () => {
    expect(paramProblems('openai', { maxTokens: 10.5 })).toEqual([
      { field: 'maxTokens', reason: 'integer', min: 1, max: 1_000_000 },
    ])
    expect(paramProblems('openai', { maxTokens: 0 })[0]?.reason).toBe('range')
  })

  it('refuses fields a provider does not take', () => {
    expect(paramProblems('openai', { thinkingBudget: 2048 })).toEqual([
      { field: 'thinkingBudget', reason: 'unsupported' },
    ])
    expect(paramProblems('deepseek', { reasoningEffort: 'high' })[0]?.reason).toBe('unsupported')
  })

  it('offers each provider kind its own effort levels', () => {
    expect(PARAM_LIMITS.anthropic.reasoningEfforts).toStrictEqual(['low', 'medium', 'high', 'xhigh', 'max'])
    expect(PARAM_LIMITS.openai.reasoningEfforts).toStrictEqual(['low', 'medium', 'high'])
    expect(PARAM_LIMITS.ollama.reasoningEfforts).toStrictEqual([])
    expect(paramProblems('anthropic', { reasoningEffort: 'max' })).toEqual([])
    expect(paramProblems('openai', { reasoningEffort: 'xhigh' })).toEqual([
      { field: 'reasoningEffort', reason: 'effort_level' },
    ])
  })

  it('takes a reasoning effort or a thinking budget on Anthropic, not both', () => {
    expect(paramProblems('anthropic', { reasoningEffort: 'low', thinkingBudget: 2048 })).toEqual([
      { field: 'thinkingBudget', reason: 'effort_and_budget' },
    ])
    // A budget bad on its own is its own problem, not this one.
    expect(paramProblems('anthropic', { reasoningEffort: 'low', thinkingBudget: 10 })).toEqual([
      { field: 'thinkingBudget', reason: 'range', min: 1024, max: 1_000_000 },
    ])
  })

  it('applies thinking’s sampling rules to an effort (adaptive thinking) on Anthropic', () => {
    expect(paramProblems('anthropic', { reasoningEffort: 'high', temperature: 0.5, topP: 0.9 })).toEqual([
      { field: 'temperature', reason: 'thinking_sampling', with: 'reasoningEffort' },
      { field: 'topP', reason: 'thinking_sampling', min: 0.95, max: 1, with: 'reasoningEffort' },
    ])
    expect(paramProblems('anthropic', { reasoningEffort: 'high', topP: 0.95 })).toEqual([])
    expect(paramProblems('openai', { reasoningEffort: 'high', temperature: 0.5 })).toEqual([])
  })

  it('checks Anthropic thinking against max tokens, temperature and top_p', () => {
    expect(paramProblems('anthropic', { thinkingBudget: 2048, maxTokens: 4096 })).toEqual([])
    expect(paramProblems('anthropic', { thinkingBudget: 4096, maxTokens: 4096 })).toEqual([
      { field: 'thinkingBudget', reason: 'budget_not_below_max', max: 4095 },
    ])
    expect(paramProblems('anthropic', { thinkingBudget: 1000 })).toEqual([
      { field: 'thinkingBudget', reason: 'range', min: 1024, max: 1_000_000 },
    ])
    expect(paramProblems('anthropic', { thinkingBudget: 2048, temperature: 0.5, topP: 0.9 })).toEqual([
      { field: 'temperature', reason: 'thinking_sampling', with: 'thinkingBudget' },
      { field: 'topP', reason: 'thinking_sampling', min: 0.95, max: 1, with: 'thinkingBudget' },
    ])
    expect(paramProblems('anthropic', { thinkingBudget: 2048, topP: 0.96 })).toEqual([])
  })

  it('takes temperature or top_p on Anthropic, not both', () => {
    expect(paramProblems('anthropic', { temperature: 0.5, topP: 0.9 })).toEqual([
      { field: 'topP', reason: 'exclusive' },
    ])
    expect(paramProblems('openai', { temperature: 0.5, topP: 0.9 })).toEqual([])
  })
})

describe('the table', () => {
  it('has a row for every provider kind, inside the widest ranges', () => {
    for (const kind of providerKindSchema.options) {
      const limits = PARAM_LIMITS[kind]
      for (const field of ['temperature', 'maxTokens', 'topP', 'thinkingBudget'] as const) {
        const range = limits[field]
        if (!range) continue
        expect(range.min).toBeGreaterThanOrEqual(WIDEST_RANGES[field].min)
        expect(range.max).toBeLessThanOrEqual(WIDEST_RANGES[field].max)
      }
    }
  })
})

describe('effectiveParams', () => {
  it('takes the conversation’s value, else the provider default, else nothing, field by field', () => {
    expect(
      effectiveParams({ temperature: 0.2 }, { temperature: 0.9, maxTokens: 800, reasoningEffort: 'low' }),
    ).toStrictEqual({ temperature: 0.2, maxTokens: 800, reasoningEffort: 'low' })
    expect(effectiveParams(undefined, undefined)).toStrictEqual({})
    expect(effectiveParams({ topP: 0.5 }, undefined)).toStrictEqual({ topP: 0.5 })
  })

  it('takes how to think as one choice: a conversation’s effort replaces a default budget, and the reverse', () => {
    expect(
      effectiveParams({ reasoningEffort: 'max' }, { thinkingBudget: 4096, maxTokens: 8000 }),
    ).toStrictEqual({ maxTokens: 8000, reasoningEffort: 'max' })
    expect(effectiveParams({ thinkingBudget: 2048 }, { reasoningEffort: 'low' })).toStrictEqual({
      thinkingBudget: 2048,
    })
    expect(ownProblems('anthropic', { reasoningEffort: 'max' }, { thinkingBudget: 4096 })).toEqual([])
  })

  it('refuses an own effort with an inherited temperature on Anthropic, and both at one level', () => {
    expect(ownProblems('anthropic', { reasoningEffort: 'low' }, { temperature: 0.7 })).toEqual([
      { field: 'temperature', reason: 'thinking_sampling', with: 'reasoningEffort' },
    ])
    expect(ownProblems('anthropic', { reasoningEffort: 'low', thinkingBudget: 2048 }, undefined)).toEqual([
      { field: 'thinkingBudget', reason: 'effort_and_budget' },
    ])
  })
})

describe('fitParams', () => {
  it('leaves out what another provider cannot take', () => {
    expect(
      fitParams('anthropic', { temperature: 1.5, maxTokens: 300, reasoningEffort: 'low' }),
    ).toStrictEqual({
      maxTokens: 300,
      reasoningEffort: 'low',
    })
    expect(fitParams('openai', { temperature: 0.5, reasoningEffort: 'max' })).toStrictEqual({
      temperature: 0.5,
    })
    // Both ways of thinking: the effort (adaptive thinking, the recommended one) stays.
    expect(fitParams('anthropic', { reasoningEffort: 'high', thinkingBudget: 4096 })).toStrictEqual({
      reasoningEffort: 'high',
    })
    expect(fitParams('openai', { temperature: 1.5, thinkingBudget: 2048 })).toStrictEqual({
      temperature: 1.5,
    })
  })

  it('compacts away unset fields', () => {
    expect(compactParams({ temperature: undefined, maxTokens: 5 })).toStrictEqual({ maxTokens: 5 })
  })
})

describe('isOpenAIReasoningModel', () => {
  it.each([
    ['o1', true],
    ['o3-mini', true],
    ['openai/o4-mini', true],
    ['gpt-5', true],
    ['gpt-5-chat-latest', false],
    ['gpt-4o', false],
    ['omni-model', false],
    ['claude-sonnet-4-5', false],
  ])('%s → %s', (model, expected) => {
    expect(isOpenAIReasoningModel(model)).toBe(expected)
  })
})
