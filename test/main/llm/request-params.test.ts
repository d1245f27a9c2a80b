/**
 * Model parameters in the request bodies the providers send: passed through to OpenAI-compatible APIs
 * (max_completion_tokens and no sampling fields for OpenAI's reasoning models), mapped for Anthropic
 * (max_tokens, temperature, top_p, thinking), absent when unset. Exact bodies, against the fake provider.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { AnthropicProvider, Client, OpenAIProvider, type ProviderError } from '../../../src/main/llm'
import type { ChatCompletionCreateParams } from '../../../src/main/llm/types'
import { anthropicParamFields, openAIParamFields } from '../../../src/main/llm/request-params'
import { startFakeProvider, type FakeProvider } from '../../fixtures/fake-provider'

const API_KEY = 'sk-test-params-0123456789'
const messages = [{ role: 'user' as const, content: 'Привет' }]

let fake: FakeProvider
const clients: Client[] = []

beforeAll(async () => {
  fake = await startFakeProvider()
})
afterAll(() => fake.close())
afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()))
  fake.requests.length = 0
})

function openai(): Client {
  const c = new Client({ provider: new OpenAIProvider({ apiKey: API_KEY, baseURL: fake.baseURL }) })
  clients.push(c)
  return c
}

function anthropic(): Client {
  const c = new Client({
    provider: new AnthropicProvider({ name: 'Anthropic', apiKey: API_KEY, baseURL: fake.anthropicBaseURL }),
  })
  clients.push(c)
  return c
}

async function drain(stream: AsyncIterable<unknown>): Promise<void> {
  for await (const _ of stream) void _
}

describe('OpenAI-compatible request bodies', () => {
  it('passes temperature, max_tokens, top_p and reasoning_effort through, in a stream', async () => {
    fake.enqueue({ text: 'ok' })
    await drain(
      await openai().chat.completions.create({
        model: 'gpt-4o',
        messages,
        stream: true,
        temperature: 1.4,
        max_tokens: 512,
        top_p: 0.9,
        reasoning_effort: 'low',
      }),
    )
    expect(fake.requests[0]?.body).toStrictEqual({
      model: 'gpt-4o',
      messages,
      stream: true,
      stream_options: { include_usage: true },
      temperature: 1.4,
      top_p: 0.9,
      max_tokens: 512,
      reasoning_effort: 'low',
    })
  })

  it('sends no parameter field at all when none is set', async () => {
    fake.enqueue({ text: 'ok' })
    await openai().chat.completions.create({ model: 'gpt-4o', messages })
    expect(fake.requests[0]?.body).toStrictEqual({ model: 'gpt-4o', messages, stream: false })
  })

  it('gives a reasoning model max_completion_tokens and leaves out temperature and top_p', async () => {
    fake.enqueue({ text: 'ok' })
    await openai().chat.completions.create({
      model: 'o3-mini',
      messages,
      temperature: 0.2,
      top_p: 0.5,
      max_tokens: 2000,
      reasoning_effort: 'high',
    })
    expect(fake.requests[0]?.body).toStrictEqual({
      model: 'o3-mini',
      messages,
      stream: false,
      max_completion_tokens: 2000,
      reasoning_effort: 'high',
    })
  })

  it('knows reasoning models behind a gateway, and not chat models', () => {
    const base = { messages, temperature: 0.3, max_tokens: 10 }
    expect(openAIParamFields({ ...base, model: 'openai/o4-mini' })).toStrictEqual({
      max_completion_tokens: 10,
    })
    expect(openAIParamFields({ ...base, model: 'gpt-5-mini' })).toStrictEqual({ max_completion_tokens: 10 })
    expect(openAIParamFields({ ...base, model: 'gpt-4.1' })).toStrictEqual({
      temperature: 0.3,
      max_tokens: 10,
    })
    expect(openAIParamFields({ ...base, model: 'llama3.1:8b' })).toStrictEqual({
      temperature: 0.3,
      max_tokens: 10,
    })
  })
})

describe('Anthropic request bodies', () => {
  it('maps max_tokens, temperature and top_p', async () => {
    fake.enqueue({ text: 'ok' })
    await drain(
      await anthropic().chat.completions.create({
        model: 'claude-sonnet-4-5',
        messages,
        stream: true,
        temperature: 0.3,
        max_tokens: 1000,
      }),
    )
    expect(fake.requests[0]?.path).toBe('/v1/messages')
    expect(fake.requests[0]?.body).toStrictEqual({
      model: 'claude-sonnet-4-5',
      max_tokens: 1000,
      messages,
      stream: true,
      temperature: 0.3,
    })
  })

  it('sends thinking with its budget, and leaves out temperature and a top_p under 0.95', async () => {
    fake.enqueue({ text: 'ok' })
    await anthropic().chat.completions.create({
      model: 'claude-sonnet-4-5',
      messages,
      temperature: 0.7,
      top_p: 0.5,
      max_tokens: 16000,
      thinking: { type: 'enabled', budget_tokens: 10000 },
    })
    expect(fake.requests[0]?.body).toStrictEqual({
      model: 'claude-sonnet-4-5',
      max_tokens: 16000,
      messages,
      stream: false,
      thinking: { type: 'enabled', budget_tokens: 10000 },
    })
  })

  it('keeps a top_p of 0.95 or more with thinking, and makes room for the answer without max_tokens', () => {
    const fields = anthropicParamFields('Anthropic', {
      model: 'claude',
      messages,
      top_p: 0.97,
      thinking: { type: 'enabled', budget_tokens: 2048 },
    })
    expect(fields).toStrictEqual({
      max_tokens: 2048 + 4096,
      thinking: { type: 'enabled', budget_tokens: 2048 },
      top_p: 0.97,
    })
  })

  it('turns reasoning_effort into a thinking budget for a model that takes only budgets', () => {
    const params = { model: 'claude-sonnet-4-5', messages, reasoning_effort: 'medium' as const }
    expect(anthropicParamFields('A', params)).toStrictEqual({
      max_tokens: 8192 + 4096,
      thinking: { type: 'enabled', budget_tokens: 8192 },
    })
  })

  it.each<[string, Partial<ChatCompletionCreateParams>]>([
    [
      'a budget not below max_tokens',
      { max_tokens: 4000, thinking: { type: 'enabled', budget_tokens: 4000 } },
    ],
    ['a budget under 1,024', { thinking: { type: 'enabled', budget_tokens: 500 } }],
  ])('refuses %s before sending anything', async (_, params) => {
    const error = await anthropic()
      .chat.completions.create({ model: 'claude', messages, ...params })
      .then(
        () => undefined,
        (e: unknown) => e as ProviderError,
      )
    expect(error).toMatchObject({ kind: 'bad_request', fact: 'invalid_params' })
    expect(error?.message).toContain('Nothing was sent')
    expect(fake.requests).toHaveLength(0)
  })

  it('sends the default max_tokens and nothing else when no parameter is set', () => {
    expect(anthropicParamFields('A', { model: 'c', messages })).toStrictEqual({ max_tokens: 4096 })
  })
})
