/**
 * Model parameters through the real backend against the fake provider (127.0.0.1): a conversation's own
 * values over the provider's defaults, unset fields absent from the body, each fallback provider with its
 * own range and defaults, out-of-range values refused whole, and the values kept across a restart.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { startFakeProvider, type FakeProvider } from '../../fixtures/fake-provider'
import { startTestBackend, type TestBackend } from '../../fixtures/backend'
import type { ProviderConfig } from '../../../src/shared/domain'
import { paramsForProvider } from '../../../src/main/chat/model-params'

vi.mock('electron', () => import('../../mocks/electron'))

let fake: FakeProvider
const dirs: string[] = []
const backends: TestBackend[] = []

beforeAll(async () => {
  fake = await startFakeProvider()
})
afterAll(() => fake.close())
afterEach(async () => {
  await Promise.all(backends.splice(0).map((b) => b.shutdown()))
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
  fake.requests.length = 0
})

function providers(): ProviderConfig[] {
  return [
    { id: 'oa', kind: 'openai', name: 'OpenAI', baseURL: fake.baseURL, enabled: true },
    { id: 'an', kind: 'anthropic', name: 'Anthropic', baseURL: fake.anthropicBaseURL, enabled: true },
  ]
}

async function start(dir?: string): Promise<{ api: TestBackend['backend']; dir: string }> {
  const folder = dir ?? mkdtempSync(join(tmpdir(), 'proxychat-params-'))
  if (!dir) dirs.push(folder)
  const started = await startTestBackend({ userDataDir: join(folder, 'data') })
  backends.push(started)
  return { api: started.backend, dir: folder }
}

async function finished(backend: TestBackend, streamId: string): Promise<void> {
  for (let i = 0; i < 500; i++) {
    if (
      backend
        .streamEvents()
        .some(
          (e) => e.streamId === streamId && e.type !== 'delta' && e.type !== 'started' && e.type !== 'retry',
        )
    )
      return
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
  throw new Error('the stream did not finish')
}

async function refusal(promise: Promise<unknown>): Promise<string> {
  return promise.then(
    () => 'resolved',
    (error: unknown) =>
      error instanceof Error ? `${(error as { code?: string }).code}: ${error.message}` : '',
  )
}

describe('model parameters per conversation', () => {
  it('sends the conversation’s values over the provider’s defaults, and leaves unset fields out', async () => {
    const { api } = await start()
    await api.settings.update({
      providers: providers(),
      modelParams: { oa: { temperature: 0.9, maxTokens: 800 } },
    })
    const conversation = await api.conversations.create({ model: { providerId: 'oa', model: 'gpt-4o' } })
    await api.conversations.setParams(conversation.id, { temperature: 1.6, topP: 0.8 })

    fake.enqueue({ text: 'ok' })
    const backend = backends[0] as TestBackend
    const started = await api.chat.send({ conversationId: conversation.id, content: 'Привет' })
    await finished(backend, started.streamId)
    const body = fake.requests.at(-1)?.body as Record<string, unknown>
    expect(body).toMatchObject({ model: 'gpt-4o', temperature: 1.6, top_p: 0.8, max_tokens: 800 })
    expect(body).not.toHaveProperty('reasoning_effort')
    expect(body).not.toHaveProperty('thinking')

    // Cleared: the defaults alone.
    await api.conversations.setParams(conversation.id, {})
    fake.enqueue({ text: 'ok' })
    const again = await api.chat.send({ conversationId: conversation.id, content: 'Ещё' })
    await finished(backend, again.streamId)
    const second = fake.requests.at(-1)?.body as Record<string, unknown>
    expect(second).toMatchObject({ temperature: 0.9, max_tokens: 800 })
    expect(second).not.toHaveProperty('top_p')
  })

  it('refuses a value out of the provider’s range whole, saving nothing, and keeps saved values after a restart', async () => {
    const { api, dir } = await start()
    await api.settings.update({ providers: providers() })
    const conversation = await api.conversations.create({ model: { providerId: 'an', model: 'claude' } })
    await api.conversations.setParams(conversation.id, { temperature: 0.4, maxTokens: 2000 })

    expect(
      await refusal(api.conversations.setParams(conversation.id, { temperature: 1.5, maxTokens: 10 })),
    ).toMatch(/^invalid_input: .*temperature: range \(0–1\)/)
    expect(
      await refusal(api.conversations.setParams(conversation.id, { thinkingBudget: 4000, maxTokens: 3000 })),
    ).toMatch(/^invalid_input: .*thinkingBudget: budget not below max/)
    expect(
      await refusal(
        api.conversations.setParams(conversation.id, { thinkingBudget: 4000, reasoningEffort: 'max' }),
      ),
    ).toMatch(/^invalid_input: .*thinkingBudget: effort and budget/)
    expect(
      await refusal(
        api.conversations.setParams(conversation.id, { reasoningEffort: 'low', temperature: 0.4 }),
      ),
    ).toMatch(/^invalid_input: .*temperature: thinking sampling/)
    expect((await api.conversations.get(conversation.id)).params).toStrictEqual({
      temperature: 0.4,
      maxTokens: 2000,
    })

    await (backends.pop() as TestBackend).shutdown()
    const { api: reopened } = await start(dir)
    expect((await reopened.conversations.get(conversation.id)).params).toStrictEqual({
      temperature: 0.4,
      maxTokens: 2000,
    })
  })

  it('refuses provider defaults out of that provider’s range', async () => {
    const { api } = await start()
    await api.settings.update({ providers: providers() })
    expect(await refusal(api.settings.update({ modelParams: { an: { temperature: 1.2 } } }))).toMatch(
      /^invalid_input: .*Anthropic/,
    )
    expect(await refusal(api.settings.update({ modelParams: { oa: { thinkingBudget: 2048 } } }))).toMatch(
      /^invalid_input: .*thinkingBudget: unsupported/,
    )
    await api.settings.update({ modelParams: { an: { temperature: 0.3 } } })
    expect((await api.settings.get()).modelParams).toStrictEqual({ an: { temperature: 0.3 } })
  })
})

describe('model parameters on a fallback provider', () => {
  it('sends a fallback of another kind only what it takes, with its own defaults', async () => {
    const { api } = await start()
    await api.settings.update({
      providers: providers(),
      retry: { maxRetries: 1, fallbackProviderIds: ['an'] },
      modelParams: { an: { maxTokens: 300 } },
    })
    const conversation = await api.conversations.create({ model: { providerId: 'oa', model: 'gpt-4o' } })
    await api.conversations.setParams(conversation.id, { temperature: 1.6, reasoningEffort: 'high' })
    // A wrong key on OpenAI moves on to Anthropic at once.
    fake.enqueue({ status: 401 }, { text: 'ok' })
    const started = await api.chat.send({ conversationId: conversation.id, content: 'Привет' })
    await finished(backends[0] as TestBackend, started.streamId)
    expect(fake.requests.map((r) => r.path)).toEqual(['/v1/chat/completions', '/v1/messages'])
    expect(fake.requests[0]?.body).toMatchObject({ temperature: 1.6, reasoning_effort: 'high' })
    // 1.6 is outside Anthropic's 0–1; the effort is one Anthropic takes (adaptive thinking: gpt-4o is no
    // Claude id it knows, so sent as set).
    expect(fake.requests[1]?.body).toStrictEqual({
      model: 'gpt-4o',
      max_tokens: 300,
      messages: [{ role: 'user', content: 'Привет' }],
      stream: true,
      thinking: { type: 'adaptive' },
      output_config: { effort: 'high' },
    })
  })
})

describe('reasoning effort on Anthropic', () => {
  it('sends an effort as adaptive thinking, and a default budget to a model that takes only effort as the closest effort', async () => {
    const { api } = await start()
    await api.settings.update({ providers: providers(), modelParams: { an: { thinkingBudget: 2048 } } })
    const opus = await api.conversations.create({ model: { providerId: 'an', model: 'claude-opus-4-8' } })
    const backend = backends[0] as TestBackend
    fake.enqueue({ text: 'ok' }, { text: 'ok' }, { text: 'ok' })
    const first = await api.chat.send({ conversationId: opus.id, content: 'Разбери этот стек вызовов' })
    await finished(backend, first.streamId)
    expect(fake.requests.at(-1)?.body).toMatchObject({
      model: 'claude-opus-4-8',
      max_tokens: 2048 + 4096,
      thinking: { type: 'adaptive' },
      output_config: { effort: 'low' },
    })

    // The conversation's effort replaces the default budget.
    await api.conversations.setParams(opus.id, { reasoningEffort: 'xhigh', maxTokens: 64_000 })
    const second = await api.chat.send({ conversationId: opus.id, content: 'Глубже' })
    await finished(backend, second.streamId)
    expect(fake.requests.at(-1)?.body).toMatchObject({
      max_tokens: 64_000,
      thinking: { type: 'adaptive' },
      output_config: { effort: 'xhigh' },
    })

    // Sonnet 4.5 takes only budgets: the default budget as it is.
    const sonnet = await api.conversations.create({ model: { providerId: 'an', model: 'claude-sonnet-4-5' } })
    const third = await api.chat.send({ conversationId: sonnet.id, content: 'Привет' })
    await finished(backend, third.streamId)
    expect(fake.requests.at(-1)?.body).toMatchObject({ thinking: { type: 'enabled', budget_tokens: 2048 } })
    expect(fake.requests.at(-1)?.body).not.toHaveProperty('output_config')
  })
})

describe('paramsForProvider', () => {
  const request = {
    model: 'm',
    messages: [],
    temperature: 1.5,
    max_tokens: 500,
    reasoning_effort: 'low' as const,
  }

  it('gives a fallback of another kind only what it takes, with its own defaults for the rest', () => {
    expect(paramsForProvider(request, 'anthropic', { temperature: 0.2, thinkingBudget: 5000 })).toStrictEqual(
      {
        model: 'm',
        messages: [],
        // 1.5 is outside Anthropic's 0–1, and the default temperature does not go with thinking (the
        // conversation's effort, which replaces the default budget).
        max_tokens: 500,
        reasoning_effort: 'low',
      },
    )
    expect(paramsForProvider(request, 'openai', undefined)).toStrictEqual(request)
    expect(paramsForProvider({ model: 'm', messages: [] }, 'groq', undefined)).toStrictEqual({
      model: 'm',
      messages: [],
    })
  })
})
