/**
 * Anthropic prompt caching: where `cache_control` goes, checked in the exact request body the provider receives
 * (the fake provider on 127.0.0.1), and the placement rules on their own.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { AnthropicProvider, Client, type ChatMessage } from '../../../src/main/llm'
import {
  applyPromptCaching,
  estimateTokens,
  minCacheableTokens,
} from '../../../src/main/llm/providers/prompt-caching'
import { startFakeProvider, type FakeProvider } from '../../fixtures/fake-provider'

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

async function bodyFor(messages: ChatMessage[], model = 'claude-sonnet-4-5', promptCaching?: boolean) {
  const c = new Client({
    provider: new AnthropicProvider({
      apiKey: 'sk-ant-cache-0123456789',
      baseURL: fake.anthropicBaseURL,
      ...(promptCaching === undefined ? {} : { promptCaching }),
    }),
  })
  clients.push(c)
  for await (const chunk of await c.chat.completions.create({ model, messages, stream: true })) void chunk
  return fake.requests.at(-1)?.body
}

// 1,200 estimated tokens of a system prompt (4,800 characters).
const LONG_SYSTEM = 'You are a careful reviewer of TypeScript code. '.repeat(100).slice(0, 4800)
const LONG_CODE = '```ts\nexport const x: number = 1\n```\n'.repeat(150)
const EPHEMERAL = { type: 'ephemeral' }

describe('prompt caching in the request body', () => {
  it('a short conversation is sent as it was: no breakpoints', async () => {
    expect(
      await bodyFor([
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'Привет' },
      ]),
    ).toStrictEqual({
      model: 'claude-sonnet-4-5',
      max_tokens: 4096,
      messages: [{ role: 'user', content: 'Привет' }],
      stream: true,
      system: 'Be brief.',
    })
  })

  it('a long system prompt becomes a cached block; the turn after it is marked too', async () => {
    expect(
      await bodyFor([
        { role: 'system', content: LONG_SYSTEM },
        { role: 'user', content: 'Привет' },
      ]),
    ).toStrictEqual({
      model: 'claude-sonnet-4-5',
      max_tokens: 4096,
      messages: [{ role: 'user', content: [{ type: 'text', text: 'Привет', cache_control: EPHEMERAL }] }],
      stream: true,
      system: [{ type: 'text', text: LONG_SYSTEM, cache_control: EPHEMERAL }],
    })
  })

  it('a long history: breakpoints on the last turn and on the previous user turn', async () => {
    const body = await bodyFor([
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: `Review this:\n${LONG_CODE}` },
      { role: 'assistant', content: 'Looks fine.' },
      { role: 'user', content: 'And now?' },
    ])
    expect(body).toStrictEqual({
      model: 'claude-sonnet-4-5',
      max_tokens: 4096,
      messages: [
        {
          role: 'user',
          content: [{ type: 'text', text: `Review this:\n${LONG_CODE}`, cache_control: EPHEMERAL }],
        },
        { role: 'assistant', content: 'Looks fine.' },
        { role: 'user', content: [{ type: 'text', text: 'And now?', cache_control: EPHEMERAL }] },
      ],
      stream: true,
      system: 'Be brief.',
    })
  })

  it('a breakpoint goes on the last block of a message with parts', async () => {
    const png =
      'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=='
    const body = await bodyFor([
      { role: 'system', content: LONG_SYSTEM },
      {
        role: 'user',
        content: [
          { type: 'text', text: 'What is this?' },
          { type: 'image_url', image_url: { url: png } },
        ],
      },
    ])
    expect(body).toHaveProperty('messages', [
      {
        role: 'user',
        content: [
          { type: 'text', text: 'What is this?' },
          {
            type: 'image',
            source: { type: 'base64', media_type: 'image/png', data: png.split(',')[1] },
            cache_control: EPHEMERAL,
          },
        ],
      },
    ])
  })

  it('the minimum depends on the model: the same prompt is not marked for Haiku 4.5 (4,096)', async () => {
    const body = await bodyFor(
      [
        { role: 'system', content: LONG_SYSTEM },
        { role: 'user', content: 'Привет' },
      ],
      'claude-haiku-4-5-20251001',
    )
    expect(body).toHaveProperty('system', LONG_SYSTEM)
    expect(body).toHaveProperty('messages', [{ role: 'user', content: 'Привет' }])
  })

  it('can be turned off', async () => {
    const body = await bodyFor(
      [
        { role: 'system', content: LONG_SYSTEM },
        { role: 'user', content: 'Привет' },
      ],
      'claude-sonnet-4-5',
      false,
    )
    expect(body).toHaveProperty('system', LONG_SYSTEM)
  })
})

describe('placement rules', () => {
  it('minimum cacheable length per model family', () => {
    expect(minCacheableTokens('claude-sonnet-4-5-20250929')).toBe(1024)
    expect(minCacheableTokens('claude-opus-4-1')).toBe(1024)
    expect(minCacheableTokens('claude-3-7-sonnet-latest')).toBe(1024)
    expect(minCacheableTokens('claude-3-5-haiku-latest')).toBe(2048)
    expect(minCacheableTokens('claude-3-haiku-20240307')).toBe(2048)
    expect(minCacheableTokens('claude-haiku-4-5')).toBe(4096)
    expect(minCacheableTokens('claude-opus-4-5-20251101')).toBe(4096)
  })

  it('never more than 4 breakpoints, never on an empty text block, inputs untouched', () => {
    const messages = [
      { role: 'user' as const, content: LONG_CODE },
      { role: 'assistant' as const, content: 'ok' },
      { role: 'user' as const, content: [{ type: 'text' as const, text: '' }] },
    ]
    const copy = structuredClone(messages)
    const out = applyPromptCaching('claude-sonnet-4-5', LONG_SYSTEM, messages)
    expect(messages).toStrictEqual(copy)
    const count = JSON.stringify(out).split('"cache_control"').length - 1
    expect(count).toBeLessThanOrEqual(4)
    // The last message's only block is empty: left unmarked; the previous user turn and the system are marked.
    expect(out.messages[2]).toBe(messages[2])
    expect(count).toBe(2)
  })

  it('estimates about 4 characters a token and 1,000 per image or document', () => {
    expect(estimateTokens('a'.repeat(4000))).toBe(1000)
    expect(
      estimateTokens([
        { type: 'text', text: 'abcd' },
        { type: 'image', source: { type: 'url', url: 'https://example.com/a.png' } },
      ]),
    ).toBe(1001)
  })
})
