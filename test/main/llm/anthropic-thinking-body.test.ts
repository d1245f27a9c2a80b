/**
 * How an Anthropic request thinks, per model family: an effort goes as adaptive thinking
 * (`thinking: {type: 'adaptive'}` + `output_config: {effort}`), a budget as extended thinking; what the model
 * cannot take goes as the closest it can (a budget to Opus 4.7 becomes an effort, an effort to Sonnet 4.5 a
 * budget), and an unknown id gets what was asked. Exact bodies, one through the fake provider.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { AnthropicProvider, Client } from '../../../src/main/llm'
import { anthropicParamFields } from '../../../src/main/llm/request-params'
import type { ChatCompletionCreateParams } from '../../../src/main/llm/types'
import { startFakeProvider, type FakeProvider } from '../../fixtures/fake-provider'

const messages = [{ role: 'user' as const, content: 'Объясни, как работает прокси' }]

function fields(model: string, params: Partial<ChatCompletionCreateParams>): Record<string, unknown> {
  return anthropicParamFields('Anthropic', { model, messages, ...params })
}

describe('an effort', () => {
  it.each(['claude-opus-4-7', 'claude-opus-4-8', 'claude-sonnet-5', 'claude-fable-5', 'claude-mythos-5'])(
    'goes to %s as adaptive thinking with output_config.effort',
    (model) => {
      expect(fields(model, { reasoning_effort: 'xhigh', max_tokens: 64_000 })).toStrictEqual({
        max_tokens: 64_000,
        thinking: { type: 'adaptive' },
        output_config: { effort: 'xhigh' },
      })
    },
  )

  it('goes to a 4.6 model as adaptive thinking; xhigh, which it does not take, as high', () => {
    expect(fields('claude-sonnet-4-6', { reasoning_effort: 'max', max_tokens: 32_000 })).toStrictEqual({
      max_tokens: 32_000,
      thinking: { type: 'adaptive' },
      output_config: { effort: 'max' },
    })
    expect(fields('claude-opus-4-6', { reasoning_effort: 'xhigh', max_tokens: 32_000 })).toStrictEqual({
      max_tokens: 32_000,
      thinking: { type: 'adaptive' },
      output_config: { effort: 'high' },
    })
  })

  it('goes to an unknown model as asked', () => {
    expect(fields('my-gateway-model', { reasoning_effort: 'low', max_tokens: 2000 })).toStrictEqual({
      max_tokens: 2000,
      thinking: { type: 'adaptive' },
      output_config: { effort: 'low' },
    })
  })

  it('makes room for the thinking when no max_tokens is set', () => {
    expect(fields('claude-opus-4-7', { reasoning_effort: 'low' })).toStrictEqual({
      max_tokens: 2048 + 4096,
      thinking: { type: 'adaptive' },
      output_config: { effort: 'low' },
    })
    expect(fields('claude-opus-4-7', { thinking: { type: 'adaptive' } })).toStrictEqual({
      max_tokens: 16_384 + 4096,
      thinking: { type: 'adaptive' },
    })
  })

  it('has thinking’s sampling rules: no temperature, top_p only from 0.95', () => {
    const base = { reasoning_effort: 'medium' as const, max_tokens: 9000, temperature: 0.5 }
    expect(fields('claude-opus-4-7', { ...base, top_p: 0.9 })).toStrictEqual({
      max_tokens: 9000,
      thinking: { type: 'adaptive' },
      output_config: { effort: 'medium' },
    })
    expect(fields('claude-opus-4-7', { ...base, top_p: 0.96 })).toMatchObject({ top_p: 0.96 })
    expect(fields('claude-opus-4-7', { ...base, top_p: 0.96 })).not.toHaveProperty('temperature')
  })

  it.each([
    ['claude-sonnet-4-5', 'high', 16_384],
    ['claude-opus-4-1', 'max', 27_904],
    ['claude-3-7-sonnet-20250219', 'xhigh', 24_576],
    ['claude-haiku-4-5', 'low', 2048],
  ] as const)('goes to %s, which takes only budgets, as a budget (%s → %i)', (model, effort, budget) => {
    expect(fields(model, { reasoning_effort: effort })).toStrictEqual({
      max_tokens: budget + 4096,
      thinking: { type: 'enabled', budget_tokens: budget },
    })
  })
})

describe('a thinking budget', () => {
  it.each(['claude-opus-4-7', 'claude-opus-4-8', 'claude-opus-5', 'claude-mythos-preview'])(
    'goes to %s, which takes only adaptive thinking, as the closest effort',
    (model) => {
      expect(
        fields(model, { thinking: { type: 'enabled', budget_tokens: 10_000 }, max_tokens: 20_000 }),
      ).toStrictEqual({
        max_tokens: 20_000,
        thinking: { type: 'adaptive' },
        output_config: { effort: 'medium' },
      })
    },
  )

  it('keeps its room for the answer when it becomes an effort without max_tokens', () => {
    expect(fields('claude-opus-4-8', { thinking: { type: 'enabled', budget_tokens: 30_000 } })).toStrictEqual(
      {
        max_tokens: 30_000 + 4096,
        thinking: { type: 'adaptive' },
        output_config: { effort: 'max' },
      },
    )
  })

  it.each(['claude-opus-4-6', 'claude-sonnet-4-5', 'claude-opus-4-1', 'my-gateway-model'])(
    'goes to %s as a budget',
    (model) => {
      expect(
        fields(model, { thinking: { type: 'enabled', budget_tokens: 10_000 }, max_tokens: 20_000 }),
      ).toStrictEqual({
        max_tokens: 20_000,
        thinking: { type: 'enabled', budget_tokens: 10_000 },
      })
    },
  )
})

describe('through the Messages API', () => {
  let fake: FakeProvider
  beforeAll(async () => {
    fake = await startFakeProvider()
  })
  afterAll(() => fake.close())

  it('sends an effort for Opus 4.8 as adaptive thinking, in a stream', async () => {
    const client = new Client({
      provider: new AnthropicProvider({
        name: 'Anthropic',
        apiKey: 'sk-ant-test-0123456789',
        baseURL: fake.anthropicBaseURL,
      }),
    })
    fake.enqueue({ text: 'Прокси пересылает запросы.' })
    let text = ''
    const stream = await client.chat.completions.create({
      model: 'claude-opus-4-8',
      messages,
      stream: true,
      max_tokens: 8000,
      reasoning_effort: 'max',
    })
    for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? ''
    await client.close()
    expect(text).toBe('Прокси пересылает запросы.')
    expect(fake.requests[0]?.body).toStrictEqual({
      model: 'claude-opus-4-8',
      max_tokens: 8000,
      messages,
      stream: true,
      thinking: { type: 'adaptive' },
      output_config: { effort: 'max' },
    })
  })
})
