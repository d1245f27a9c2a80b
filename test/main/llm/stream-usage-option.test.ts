/**
 * `stream_options.include_usage`: asked of every known provider kind, and tried on unknown servers, which lose it
 * when they refuse the field by name. Exact request bodies, against the fake provider on 127.0.0.1.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { includeUsageFor } from '../../../src/main/chat/provider-factory'
import { Client, OpenAIProvider, ProviderError } from '../../../src/main/llm'
import type { ProviderKind } from '../../../src/shared/domain'
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

function client(includeUsage?: boolean | 'auto'): Client {
  const c = new Client({
    provider: new OpenAIProvider({
      apiKey: 'sk-usage-0123456789',
      baseURL: fake.baseURL,
      ...(includeUsage === undefined ? {} : { includeUsage }),
    }),
  })
  clients.push(c)
  return c
}

async function reply(c: Client): Promise<{ text: string; promptTokens?: number }> {
  let text = ''
  let promptTokens: number | undefined
  const stream = await c.chat.completions.create({
    model: 'gpt-4o-mini',
    messages: [{ role: 'user', content: 'Привет' }],
    stream: true,
  })
  for await (const chunk of stream) {
    text += chunk.choices[0].delta.content ?? ''
    promptTokens = chunk.usage?.prompt_tokens ?? promptTokens
  }
  return { text, ...(promptTokens === undefined ? {} : { promptTokens }) }
}

const chatBodies = (): unknown[] =>
  fake.requests.filter((r) => r.path.endsWith('/chat/completions')).map((r) => r.body)

const REFUSED = {
  status: 400,
  body: {
    error: {
      message: 'Unrecognized request argument supplied: stream_options',
      type: 'invalid_request_error',
    },
  },
}

describe('stream_options.include_usage', () => {
  it('is sent by default, and the usage chunk is read', async () => {
    expect(await reply(client())).toStrictEqual({ text: 'Echo: Привет', promptTokens: 8 })
    expect(chatBodies()).toStrictEqual([
      {
        model: 'gpt-4o-mini',
        messages: [{ role: 'user', content: 'Привет' }],
        stream: true,
        stream_options: { include_usage: true },
      },
    ])
  })

  it('is left out when the provider is told so', async () => {
    await reply(client(false))
    expect(chatBodies()).toStrictEqual([
      { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Привет' }], stream: true },
    ])
  })

  it("'auto': a server that refuses the field by name gets the request again without it, and never again", async () => {
    const c = client('auto')
    fake.enqueue(REFUSED)
    expect((await reply(c)).text).toBe('Echo: Привет')
    await reply(c)
    const bodies = chatBodies()
    expect(bodies).toHaveLength(3)
    expect(bodies[0]).toHaveProperty('stream_options', { include_usage: true })
    expect(bodies[1]).not.toHaveProperty('stream_options')
    expect(bodies[2]).not.toHaveProperty('stream_options')
  })

  it("'auto': any other refusal is the provider's error, sent once", async () => {
    fake.enqueue({
      status: 400,
      body: { error: { message: 'model not found', type: 'invalid_request_error' } },
    })
    const error = await reply(client('auto')).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ProviderError)
    expect(error).toHaveProperty('kind', 'bad_request')
    expect(chatBodies()).toHaveLength(1)
  })

  it("'auto': a server that takes it keeps it", async () => {
    const c = client('auto')
    await reply(c)
    fake.enqueue(REFUSED)
    // Once accepted, a later 400 naming the field is the server's real answer, not a reason to drop it.
    await expect(reply(c)).rejects.toHaveProperty('kind', 'bad_request')
    expect(chatBodies()).toHaveLength(2)
  })

  it('is asked of every known kind and tried on custom servers', () => {
    const kinds: ProviderKind[] = ['openai', 'openrouter', 'groq', 'deepseek', 'gemini', 'ollama', 'lmstudio']
    for (const kind of kinds) expect(includeUsageFor(kind)).toBe(true)
    expect(includeUsageFor('custom')).toBe('auto')
  })
})
