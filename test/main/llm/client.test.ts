import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import {
  AnthropicProvider,
  Client,
  OpenAIProvider,
  ProviderError,
  RetryProvider,
  RetryProviderError,
  type AttemptInfo,
  type ChatCompletionChunk,
} from '../../../src/main/llm'
import { startFakeProvider, type FakeProvider } from '../../fixtures/fake-provider'
import { startHttpProxy } from '../../fixtures/http-proxy'
import { startSocks5Server } from '../../fixtures/socks5-server'
import { anthropicTranscript, openAITranscript } from '../../fixtures/transcripts'

const API_KEY = 'sk-test-0123456789abcdefSECRET'
const PASSWORD = 'p@ss:w/rd%42'
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

function client(options: Partial<ConstructorParameters<typeof Client>[0]> = {}, retries = 3): Client {
  const c = new Client({
    provider: new RetryProvider([new OpenAIProvider({ apiKey: API_KEY, baseURL: fake.baseURL })], {
      singleProviderRetry: true,
      maxRetries: retries,
      backoff: fast,
    }),
    ...options,
  })
  clients.push(c)
  return c
}

async function read(
  stream: AsyncIterable<ChatCompletionChunk>,
): Promise<{ text: string; chunks: ChatCompletionChunk[] }> {
  const chunks: ChatCompletionChunk[] = []
  for await (const chunk of stream) chunks.push(chunk)
  return { text: chunks.map((c) => c.choices[0].delta.content ?? '').join(''), chunks }
}

async function failure(promise: Promise<unknown>): Promise<Error & { kind?: string }> {
  try {
    await promise
  } catch (error) {
    return error as Error & { kind?: string }
  }
  throw new Error('expected a failure')
}

function chatRequests(): number {
  return fake.requests.filter((r) => r.path.endsWith('/chat/completions') || r.path.endsWith('/messages'))
    .length
}

describe('Client against the fake provider', () => {
  it('streams OpenAI chunks with the key sent as a Bearer token', async () => {
    fake.enqueue({ text: ['Hel', 'lo', ' there'] })
    const { text, chunks } = await read(await client().chat.completions.create({ ...hello, stream: true }))
    expect(text).toBe('Hello there')
    expect(chunks.every((c) => typeof c.choices[0].delta === 'object')).toBe(true)
    expect(chunks.at(-1)?.usage?.total_tokens).toBeGreaterThan(0)
    expect(fake.requests[0]?.headers.authorization).toBe(`Bearer ${API_KEY}`)
    expect(fake.requests[0]?.body).toMatchObject({ model: 'gpt-4o-mini', stream: true })
  })

  it('returns a ChatCompletion without stream', async () => {
    fake.enqueue({ text: 'Whole answer', reasoning: ['think'] })
    const completion = await client().chat.completions.create(hello)
    expect(completion.object).toBe('chat.completion')
    expect(completion.choices[0].message.content).toBe('Whole answer')
    expect(completion.choices[0].message.reasoning).toBe('think')
    expect(completion.choices[0].finish_reason).toBe('stop')
    expect(completion.usage?.total_tokens).toBeGreaterThan(0)
  })

  it('maps Anthropic events, thinking included, to the same chunks', async () => {
    fake.enqueue({ transcript: anthropicTranscript(['Bonjour', '!'], { thinking: ['hmm'] }) })
    const c = new Client({
      provider: new AnthropicProvider({ apiKey: API_KEY, baseURL: fake.anthropicBaseURL }),
    })
    clients.push(c)
    const stream = await c.chat.completions.create({
      model: 'claude',
      messages: [
        { role: 'system', content: 'Be brief' },
        { role: 'user', content: 'Hi' },
      ],
      stream: true,
    })
    const { text, chunks } = await read(stream)
    expect(text).toBe('Bonjour!')
    expect(chunks.map((c) => c.choices[0].delta.reasoning ?? '').join('')).toBe('hmm')
    expect(
      chunks.at(-1)?.choices[0].finish_reason ?? chunks.find((c) => c.choices[0].finish_reason),
    ).toBeTruthy()
    expect(fake.requests[0]?.headers['x-api-key']).toBe(API_KEY)
    expect(fake.requests[0]?.headers['anthropic-version']).toBe('2023-06-01')
    expect(fake.requests[0]?.body).toMatchObject({
      system: 'Be brief',
      messages: [{ role: 'user', content: 'Hi' }],
    })
  })

  it('retries a 503 with Retry-After and reports the attempt', async () => {
    fake.enqueue({ status: 503, headers: { 'Retry-After': '0' } }, { text: 'recovered' })
    const attempts: AttemptInfo[] = []
    const stream = await client().chat.completions.create(
      { ...hello, stream: true },
      { onAttempt: (a) => attempts.push(a) },
    )
    expect((await read(stream)).text).toBe('recovered')
    expect(attempts).toHaveLength(1)
    expect(attempts[0]).toMatchObject({ attempt: 1, maxAttempts: 3, delayMs: 0 })
    expect(attempts[0]?.error).toMatchObject({ kind: 'server', status: 503 })
    expect(chatRequests()).toBe(2)
  })

  it('retries a connection reset before the headers', async () => {
    fake.enqueue({ resetBeforeHeaders: true }, { text: 'ok' })
    expect((await read(await client().chat.completions.create({ ...hello, stream: true }))).text).toBe('ok')
    expect(chatRequests()).toBe(2)
  })

  it('does not retry a 401 and says what to do', async () => {
    fake.enqueue({
      status: 401,
      body: { error: { message: 'Incorrect API key provided', code: 'invalid_api_key' } },
    })
    const error = await failure(client({}, 5).chat.completions.create({ ...hello, stream: true }))
    expect(error).toBeInstanceOf(RetryProviderError)
    expect(error.kind).toBe('auth')
    expect(error.message).toMatch(/key/i)
    expect(chatRequests()).toBe(1)
  })

  it('recognises a region block', async () => {
    fake.enqueue({
      status: 403,
      body: {
        error: {
          message: 'Country, region, or territory not supported',
          code: 'unsupported_country_region_territory',
        },
      },
    })
    const error = await failure(client({}, 5).chat.completions.create({ ...hello, stream: true }))
    expect(error.kind).toBe('region')
    expect(error.message).toContain('use a proxy in a supported country')
    expect(chatRequests()).toBe(1)
  })

  it('throws a mid-stream drop after the text already delivered, without retrying', async () => {
    const transcript = openAITranscript(['one ', 'two ', 'three'])
    fake.enqueue({ transcript, dropAfterBytes: transcript.indexOf('three') - 60 })
    const stream = await client({}, 5).chat.completions.create({ ...hello, stream: true })
    let text = ''
    const error = await failure(
      (async () => {
        for await (const c of stream) text += c.choices[0].delta.content ?? ''
      })(),
    )
    expect(text).toBe('one two ')
    expect(error).toBeInstanceOf(ProviderError)
    expect(['network', 'protocol']).toContain(error.kind)
    expect(chatRequests()).toBe(1)
  })

  it('reports a cut-off stream as a protocol error after its text', async () => {
    fake.enqueue({ transcript: openAITranscript(['partial'], { finish: null, done: false }) })
    const stream = await client().chat.completions.create({ ...hello, stream: true })
    let text = ''
    const error = await failure(
      (async () => {
        for await (const c of stream) text += c.choices[0].delta.content ?? ''
      })(),
    )
    expect(text).toBe('partial')
    expect(error.kind).toBe('protocol')
    expect(error.message).toMatch(/cut off/)
  })

  it('ends at an exact [DONE] even when the server keeps the socket open', async () => {
    fake.enqueue({ text: 'done here', keepOpenAfterDone: true })
    const started = Date.now()
    const { text } = await read(await client().chat.completions.create({ ...hello, stream: true }))
    expect(text).toBe('done here')
    expect(Date.now() - started).toBeLessThan(3_000)
    await fake.waitForClientClose(0, 3_000)
  })

  it('times out a stalled stream with the idle timeout', async () => {
    const transcript = openAITranscript(['first ', 'second'])
    fake.enqueue({ transcript, stallAfterBytes: transcript.indexOf('second') - 60 })
    const stream = await client({ timeouts: { idleMs: 200 } }).chat.completions.create({
      ...hello,
      stream: true,
    })
    let text = ''
    const error = await failure(
      (async () => {
        for await (const c of stream) text += c.choices[0].delta.content ?? ''
      })(),
    )
    expect(text).toBe('first ')
    expect(error.kind).toBe('timeout')
  })

  it('aborts while waiting for the headers, and the server sees the connection close', async () => {
    fake.enqueue({ text: 'late', headersDelayMs: 10_000 })
    const controller = new AbortController()
    const pending = failure(
      client().chat.completions.create({ ...hello, stream: true }, { signal: controller.signal }),
    )
    setTimeout(() => controller.abort(), 100)
    const error = await pending
    expect(error.kind).toBe('aborted')
    await fake.waitForClientClose(0, 3_000)
    expect(chatRequests()).toBe(1)
  })

  it('aborts mid-stream: the iterator stops and the provider sees the connection close', async () => {
    fake.enqueue({ text: Array.from({ length: 400 }, (_, i) => `w${i} `), ratePerSecond: 200 })
    const controller = new AbortController()
    const stream = await client().chat.completions.create(
      { ...hello, stream: true },
      { signal: controller.signal },
    )
    let received = 0
    const error = await failure(
      (async () => {
        for await (const c of stream) {
          if (c.choices[0].delta.content) received++
          if (received === 5) controller.abort()
        }
      })(),
    )
    expect(error.kind).toBe('aborted')
    expect(received).toBeLessThan(50)
    await fake.waitForClientClose(0, 3_000)
  })

  it('lists models', async () => {
    fake.models = ['gpt-4o-mini', 'o3']
    const models = await client().models.list()
    expect(models.map((m) => m.id)).toEqual(['gpt-4o-mini', 'o3'])
  })
})

describe('Client through real proxies', () => {
  it('goes through an HTTP proxy with Basic credentials (password with @ : / %)', async () => {
    const proxy = await startHttpProxy({ username: 'user', password: PASSWORD })
    try {
      fake.enqueue({ text: 'via proxy' })
      const c = client({ proxies: { http: proxy.url }, noProxy: [] })
      expect((await read(await c.chat.completions.create({ ...hello, stream: true }))).text).toBe('via proxy')
      // The challenge first (no password before the proxy names its scheme), then the Basic answer.
      expect(proxy.seen.map((s) => s.authorized)).toEqual([false, true])
    } finally {
      await proxy.close()
    }
  })

  it('uses the `https` proxy only for https targets and the `http` one for http targets', async () => {
    const httpProxy = await startHttpProxy()
    const otherProxy = await startHttpProxy()
    try {
      fake.enqueue({ text: 'x' })
      const c = client({ proxies: { http: httpProxy.url, https: otherProxy.url }, noProxy: [] })
      await read(await c.chat.completions.create({ ...hello, stream: true }))
      expect(httpProxy.seen.length).toBeGreaterThanOrEqual(1)
      expect(otherProxy.seen).toHaveLength(0)
    } finally {
      await Promise.all([httpProxy.close(), otherProxy.close()])
    }
  })

  it('bypasses the proxy for loopback by default', async () => {
    const proxy = await startHttpProxy()
    try {
      fake.enqueue({ text: 'direct' })
      const c = client({ proxies: { http: proxy.url } })
      expect((await read(await c.chat.completions.create({ ...hello, stream: true }))).text).toBe('direct')
      expect(proxy.seen).toHaveLength(0)
    } finally {
      await proxy.close()
    }
  })

  it('fails with proxy_auth after one attempt when the proxy rejects the credentials, never leaking them', async () => {
    const proxy = await startHttpProxy({ username: 'user', password: 'right' })
    try {
      const wrong = proxy.url.replace(':right@', `:${encodeURIComponent(PASSWORD)}@`)
      const c = client({ proxies: { http: wrong }, noProxy: [] }, 5)
      const error = await failure(c.chat.completions.create({ ...hello, stream: true }))
      expect(error.kind).toBe('proxy_auth')
      // The challenge and one answer, never retried.
      expect(proxy.seen.map((s) => s.authorized)).toEqual([false, false])
      expect(chatRequests()).toBe(0)
      const everything =
        JSON.stringify(error) + String(error.stack) + error.message + JSON.stringify(error.cause)
      for (const secret of [PASSWORD, encodeURIComponent(PASSWORD), API_KEY])
        expect(everything).not.toContain(secret)
    } finally {
      await proxy.close()
    }
  })

  it('fails with `proxy`, not `network`, when the proxy is down', async () => {
    const proxy = await startHttpProxy()
    const url = proxy.url
    await proxy.close()
    const c = client({ proxies: { http: url }, noProxy: [] }, 1)
    const error = await failure(c.chat.completions.create({ ...hello, stream: true }))
    expect(error.kind).toBe('proxy')
  })

  it('goes through SOCKS5 with credentials', async () => {
    const socks = await startSocks5Server({ username: 'user', password: PASSWORD })
    try {
      fake.enqueue({ text: 'via socks' })
      const c = client({ proxies: { http: socks.url }, noProxy: [] })
      expect((await read(await c.chat.completions.create({ ...hello, stream: true }))).text).toBe('via socks')
      expect(socks.seen.length).toBeGreaterThanOrEqual(1)
    } finally {
      await socks.close()
    }
  })
})
