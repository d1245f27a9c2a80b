// @vitest-environment jsdom
import './setup'
import { act, screen, waitFor } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import type { Conversation, Message } from '../../src/shared/domain'
import { readyApi, renderApp } from './render-app'

async function startChat(text = 'Привет') {
  const rendered = renderApp(readyApi())
  const box = await screen.findByRole('textbox', { name: 'Message' })
  await rendered.user.type(box, `${text}{Enter}`)
  await waitFor(() => expect(rendered.api.live).not.toBeNull())
  return rendered
}

const reply = (id: string, model: string, prompt: number, completion: number, extra = {}): Message => ({
  id,
  role: 'assistant',
  content: `Ответ ${id}`,
  createdAt: 2,
  status: 'done',
  meta: {
    providerName: 'OpenAI',
    model,
    usage: { promptTokens: prompt, completionTokens: completion, totalTokens: prompt + completion, ...extra },
  },
})

const conversation = (messages: Message[], model = 'gpt-4o'): Conversation => ({
  id: 'c1',
  title: 'Разговор о коде',
  createdAt: 1,
  updatedAt: 1,
  model: { providerId: 'p1', model },
  systemPrompt: '',
  messages: [{ id: 'u1', role: 'user', content: 'Привет', createdAt: 1, status: 'done' }, ...messages],
})

describe('usage and cost', () => {
  it('a reply shows its tokens with the cached ones apart, its cost and what the cache saved', async () => {
    const { api } = await startChat()
    act(() => {
      api.stream.started('OpenAI', 'gpt-4o-2024-08-06')
      api.stream.delta('Готово')
      api.stream.done(
        { promptTokens: 10_000, completionTokens: 500, totalTokens: 10_500, cachedTokens: 8_000 },
        3200,
      )
    })
    const article = await screen.findByRole('article', { name: 'Assistant' })
    // 2,000 × $2.50 + 8,000 × $1.25 + 500 × $10 per 1M = $0.02; the 8,000 at full price would be $0.02 more… saved $0.01.
    await waitFor(() =>
      expect(article.textContent).toContain(
        'OpenAI · gpt-4o-2024-08-06 · 10,000 → 500 tokens (8,000 cached) · 3.2 s · $0.02 · cache saved $0.01',
      ),
    )
  })

  it('a model without a price shows tokens only; reasoning and cache writes are named', async () => {
    const { api } = await startChat()
    act(() => {
      api.stream.started('Local', 'my-local-model')
      api.stream.delta('Готово')
      api.stream.done(
        { promptTokens: 40, completionTokens: 1, totalTokens: 41, cacheWriteTokens: 30, reasoningTokens: 1 },
        900,
      )
    })
    const article = await screen.findByRole('article', { name: 'Assistant' })
    await waitFor(() =>
      expect(article.querySelector('.message__meta')?.textContent).toBe(
        'Local · my-local-model · 40 → 1 token (30 written to cache, 1 thinking) · 0.9 s',
      ),
    )
  })

  it('the conversation shows its totals and a context gauge for a model with a known window', async () => {
    const api = readyApi({
      conversations: [
        conversation([
          reply('a1', 'gpt-4o', 1_000, 200, { cachedTokens: 0 }),
          reply('a2', 'gpt-4o', 60_000, 4_000, { cachedTokens: 50_000 }),
        ]),
      ],
    })
    const { user } = renderApp(api)
    await user.click(await screen.findByText('Разговор о коде'))
    const group = await screen.findByRole('group', { name: 'Tokens and cost of this conversation' })
    // 65,200 tokens; cost: a1 1000×2.5 + 200×10 = 4,500; a2 10,000×2.5 + 50,000×1.25 + 4,000×10 = 127,500 → $0.132.
    expect(group.textContent).toContain('65,200 tokens in all · 50,000 cached · $0.132 · cache saved $0.0625')
    const meter = screen.getByRole('meter', { name: 'Context used' })
    expect(meter.getAttribute('aria-valuenow')).toBe('64000')
    expect(meter.getAttribute('aria-valuemax')).toBe('128000')
    expect(meter.getAttribute('aria-valuetext')).toBe('64,000 of 128,000 tokens (50%)')
    expect(group.textContent).toContain('64K / 128K')
  })

  it('no gauge for a model whose window is unknown; a reply without a price is left out of the cost', async () => {
    const api = readyApi({
      conversations: [
        conversation(
          [reply('a1', 'gpt-4o-mini', 1_000_000, 0), reply('a2', 'my-local-model', 10, 10)],
          'my-local-model',
        ),
      ],
    })
    const { user } = renderApp(api)
    await user.click(await screen.findByText('Разговор о коде'))
    const group = await screen.findByRole('group', { name: 'Tokens and cost of this conversation' })
    expect(group.textContent).toContain('$0.15 (not counting 1 unpriced reply)')
    expect(screen.queryByRole('meter')).toBeNull()
  })

  it('a conversation with no usage shows no totals', async () => {
    const api = readyApi({ conversations: [conversation([])] })
    const { user } = renderApp(api)
    await user.click(await screen.findByText('Разговор о коде'))
    await screen.findByRole('article', { name: 'You' })
    expect(screen.queryByRole('group', { name: 'Tokens and cost of this conversation' })).toBeNull()
  })
})
