/**
 * `create` without `stream` (or with `stream: false`) sends a real non-streaming request and returns the
 * provider's ChatCompletion, usage included; retries, fallback, timeouts, abort and proxies apply as to
 * streams. Against the fake provider, which answers such requests with a JSON body as OpenAI and Anthropic do.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import {
  AnthropicProvider,
  Client,
  OpenAIProvider,
  RetryProvider,
  RetryProviderError,
  type AttemptInfo,
  type Provider,
} from '../../../src/main/llm'
import { startFakeProvider, type FakeProvider } from '../../fixtures/fake-provider'
import { startHttpProxy } from '../../fixtures/http-proxy'

const API_KEY = 'sk-test-nonstream-0123456789'
const hello = { model: 'gpt-4o-mini', messages: [{ role: 'user' as const, content: 'Hello' }] }
const fast = { baseMs: 5, maxMs: 20 }

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

function openai(name = 'Fake'): OpenAIProvider {
  return new OpenAIProvider({ name, apiKey: API_KEY, baseURL: fake.baseURL })
}

function client(
  providers: Provider[] = [openai()],
  options: Partial<ConstructorParameters<typeof Client>[0]> = {},
  maxRetries = 3,
): Client {
  const c = new Client({
    provider: new RetryProvider(providers, {
      shuffle: false,
      singleProviderRetry: true,
      maxRetries,
      backoff: fast,
    }),
    ...options,
  })
  clients.push(c)
  return c
}

async function failure(promise: Promise<unknown>): Promise<Error & { kind?: string; status?: number }> {
  try {
    await promise
  } catch (error) {
    if (error instanceof Error) return error
    throw error
  }
  throw new Error('expected a failure')
}

function chatBodies(): unknown[] {
  return fake.requests.filter((r) => r.method === 'POST').map((r) => r.body)
}

describe('non-streaming create: OpenAI-compatible', () => {
  it.each([
    ['without stream', hello],
    ['with stream: false', { ...hello, stream: false as const }],
  ])('%s sends stream: false and returns the provider’s completion with usage', async (_name, params) => {
    fake.enqueue({
      text: 'Whole answer here',
      usage: { prompt_tokens: 11, completion_tokens: 3, total_tokens: 14 },
    })
    const completion = await client().chat.completions.create(params)
    expect(completion).toStrictEqual({
      id: 'chatcmpl-fake1',
      object: 'chat.completion',
      created: 1727889370,
      model: 'gpt-4o-mini',
      choices: [
        { index: 0, message: { role: 'assistant', content: 'Whole answer here' }, finish_reason: 'stop' },
      ],
      usage: { prompt_tokens: 11, completion_tokens: 3, total_tokens: 14 },
    })
    const request = fake.requests[0]
    expect(request?.headers.accept).toBe('application/json')
    expect(request?.headers.authorization).toBe(`Bearer ${API_KEY}`)
    expect(request?.body).toStrictEqual({ model: 'gpt-4o-mini', messages: hello.messages, stream: false })
  })

  it('reads reasoning and a length finish from the message', async () => {
    fake.enqueue({ text: 'Cut', reasoning: ['Let me think'], finish: 'length' })
    const completion = await client().chat.completions.create(hello)
    expect(completion.choices[0].message).toStrictEqual({
      role: 'assistant',
      content: 'Cut',
      reasoning: 'Let me think',
    })
    expect(completion.choices[0].finish_reason).toBe('length')
  })

  it('retries a 503 (Retry-After 0) with another non-streaming request and reports the attempt', async () => {
    fake.enqueue({ status: 503, headers: { 'Retry-After': '0' } }, { text: 'recovered' })
    const attempts: AttemptInfo[] = []
    const completion = await client().chat.completions.create(hello, { onAttempt: (a) => attempts.push(a) })
    expect(completion.choices[0].message.content).toBe('recovered')
    expect(attempts).toHaveLength(1)
    expect(attempts[0]?.error).toMatchObject({ kind: 'server', status: 503 })
    expect(chatBodies()).toHaveLength(2)
    expect(chatBodies().every((b) => (b as { stream?: unknown }).stream === false)).toBe(true)
  })

  it('falls back to the next provider on a 401 without retrying it', async () => {
    fake.enqueue({ status: 401 }, { text: 'from B' })
    const attempts: AttemptInfo[] = []
    const completion = await client([openai('A'), openai('B')]).chat.completions.create(hello, {
      onAttempt: (a) => attempts.push(a),
    })
    expect(completion.choices[0].message.content).toBe('from B')
    expect(attempts.map((a) => [a.provider, a.error.kind, a.nextProvider])).toEqual([['A', 'auth', 'B']])
  })

  it('classifies errors: auth, region, an error inside HTTP 200, a body that is not a reply', async () => {
    // One attempt each: a retry would get the fake's default (successful) reply.
    const single = (): Client => client([openai()], {}, 1)
    fake.enqueue({ status: 401 })
    expect(await failure(single().chat.completions.create(hello))).toMatchObject({ kind: 'auth' })
    fake.enqueue({ status: 403 })
    expect(await failure(single().chat.completions.create(hello))).toMatchObject({ kind: 'region' })
    // OpenRouter answers some failures with HTTP 200 and an error object.
    fake.enqueue({ body: { error: { code: 502, message: 'Network connection lost.' } } })
    const in200 = await failure(single().chat.completions.create(hello))
    expect(in200).toBeInstanceOf(RetryProviderError)
    expect(in200.kind).toBe('server')
    expect(in200.message).toContain('Network connection lost.')
    fake.setDefault({ body: { object: 'list', data: [] } })
    try {
      expect(await failure(single().chat.completions.create(hello))).toMatchObject({ kind: 'protocol' })
    } finally {
      fake.setDefault({ echo: true })
    }
  })

  it('times out waiting for the reply with the first-byte timeout', async () => {
    fake.enqueue({ headersDelayMs: 2000, text: 'late' })
    const c = client([openai()], { timeouts: { firstByteMs: 200 } }, 1)
    const error = await failure(c.chat.completions.create(hello))
    expect(error.kind).toBe('timeout')
  })

  it('aborts while waiting, and the provider sees the connection close', async () => {
    fake.enqueue({ headersDelayMs: 5000, text: 'never' })
    const controller = new AbortController()
    const pending = failure(client().chat.completions.create(hello, { signal: controller.signal }))
    await expect.poll(() => fake.requests.length).toBe(1)
    controller.abort()
    expect((await pending).kind).toBe('aborted')
    await fake.waitForClientClose(0)
    expect(chatBodies()).toHaveLength(1)
  })

  it('goes through the configured proxy', async () => {
    const proxy = await startHttpProxy({ username: 'user', password: 'p@ss' })
    try {
      fake.enqueue({ text: 'via proxy' })
      const c = client([openai()], { proxies: { http: proxy.url }, noProxy: [] })
      const completion = await c.chat.completions.create(hello)
      expect(completion.choices[0].message.content).toBe('via proxy')
      // The challenge first (no password before the proxy names its scheme), then the Basic answer.
      expect(proxy.seen.map((s) => s.authorized)).toEqual([false, true])
    } finally {
      await proxy.close()
    }
  })
})

describe('non-streaming create: Anthropic Messages', () => {
  it('sends stream: false and maps the Message to a ChatCompletion with usage', async () => {
    fake.enqueue({ text: 'Bonjour à tous', reasoning: ['hmm'] })
    const c = new Client({
      provider: new AnthropicProvider({ apiKey: API_KEY, baseURL: fake.anthropicBaseURL }),
    })
    clients.push(c)
    const completion = await c.chat.completions.create({
      model: 'claude-opus-4-20250514',
      messages: [
        { role: 'system', content: 'Be brief' },
        { role: 'user', content: 'Hi' },
      ],
    })
    expect(completion).toMatchObject({
      id: 'msg_fake1',
      object: 'chat.completion',
      model: 'claude-opus-4-20250514',
      choices: [
        {
          index: 0,
          message: { role: 'assistant', content: 'Bonjour à tous', reasoning: 'hmm' },
          finish_reason: 'stop',
        },
      ],
      usage: { prompt_tokens: 8, completion_tokens: 3, total_tokens: 11 },
    })
    expect(completion.created).toBeGreaterThan(1_700_000_000)
    const request = fake.requests[0]
    expect(request?.path).toBe('/v1/messages')
    expect(request?.headers.accept).toBe('application/json')
    expect(request?.body).toStrictEqual({
      model: 'claude-opus-4-20250514',
      max_tokens: 4096,
      messages: [{ role: 'user', content: 'Hi' }],
      stream: false,
      system: 'Be brief',
    })
  })

  it('classifies an Anthropic overload (529) as a server error', async () => {
    fake.enqueue({ status: 529 })
    const c = new Client({
      provider: new AnthropicProvider({ apiKey: API_KEY, baseURL: fake.anthropicBaseURL }),
    })
    clients.push(c)
    const error = await failure(c.chat.completions.create({ ...hello, model: 'claude' }))
    expect(error).toMatchObject({ kind: 'server', status: 529 })
  })
})
