import { describe, expect, it } from 'vitest'
import { backoffDelay, retryDelay } from '../../../src/main/llm/backoff'
import { ProviderError, RetryProviderError } from '../../../src/main/llm/errors'
import type { ProviderContext } from '../../../src/main/llm/provider'
import { RetryProvider } from '../../../src/main/llm/retry-provider'
import type { Transport } from '../../../src/main/llm/transport-types'
import type { AttemptInfo } from '../../../src/main/llm/types'
import { StubProvider, collectText } from './stub-provider'

const params = { model: 'm', messages: [{ role: 'user' as const, content: 'hi' }], stream: true }
const noTransport: Transport = {
  request: () => Promise.reject(new Error('unused')),
  close: () => Promise.resolve(),
}
const fast = { baseMs: 1, maxMs: 4 }

function context(extra: Partial<ProviderContext> = {}): ProviderContext & { attempts: AttemptInfo[] } {
  const attempts: AttemptInfo[] = []
  return { transport: noTransport, onAttempt: (info) => attempts.push(info), attempts, ...extra }
}

async function failure(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise
  } catch (error) {
    return error
  }
  throw new Error('expected a failure')
}

describe('RetryProvider', () => {
  it('retries a server error on the same provider with singleProviderRetry, then succeeds', async () => {
    const a = new StubProvider('A', [{ fail: 'server', status: 500 }, [{ text: 'Hello' }]])
    const retry = new RetryProvider([a], { singleProviderRetry: true, maxRetries: 5, backoff: fast })
    const ctx = context()
    expect(await collectText(await retry.streamChat(params, ctx))).toBe('Hello')
    expect(a.calls).toBe(2)
    expect(ctx.attempts).toHaveLength(1)
    expect(ctx.attempts[0]).toMatchObject({ provider: 'A', attempt: 1, maxAttempts: 5, nextProvider: 'A' })
    expect(ctx.attempts[0]?.delayMs).toBeGreaterThan(0)
  })

  it.each(['network', 'timeout', 'rate_limit', 'server'] as const)(
    'retries %s on the same provider',
    async (kind) => {
      const a = new StubProvider('A', [{ fail: kind }, { fail: kind }, [{ text: 'ok' }]])
      const retry = new RetryProvider([a], { singleProviderRetry: true, maxRetries: 3, backoff: fast })
      expect(await collectText(await retry.streamChat(params, context()))).toBe('ok')
      expect(a.calls).toBe(3)
    },
  )

  it.each(['auth', 'bad_request', 'region', 'proxy_auth'] as const)(
    'does not retry %s: fails at once when there is no other provider',
    async (kind) => {
      const a = new StubProvider('A', [{ fail: kind }, [{ text: 'never' }]])
      const retry = new RetryProvider([a], { singleProviderRetry: true, maxRetries: 5, backoff: fast })
      const ctx = context()
      const error = await failure(retry.streamChat(params, ctx))
      expect(error).toBeInstanceOf(RetryProviderError)
      expect((error as RetryProviderError).kind).toBe(kind)
      expect((error as RetryProviderError).errors).toHaveLength(1)
      expect(a.calls).toBe(1)
      expect(ctx.attempts[0]).toMatchObject({ delayMs: 0, nextProvider: undefined })
    },
  )

  it('moves on to the next provider at once on an error that will not heal', async () => {
    const a = new StubProvider('A', [{ fail: 'auth', status: 401 }])
    const b = new StubProvider('B', [[{ text: 'from B' }]])
    const retry = new RetryProvider([a, b], {
      shuffle: false,
      singleProviderRetry: true,
      maxRetries: 5,
      backoff: fast,
    })
    const ctx = context()
    expect(await collectText(await retry.streamChat(params, ctx))).toBe('from B')
    expect([a.calls, b.calls]).toEqual([1, 1])
    expect(ctx.attempts).toEqual([expect.objectContaining({ provider: 'A', delayMs: 0, nextProvider: 'B' })])
  })

  it('gives every provider its retries with singleProviderRetry (not only the first, unlike g4f)', async () => {
    const a = new StubProvider('A', [{ fail: 'server' }])
    const b = new StubProvider('B', [{ fail: 'server' }, { fail: 'server' }, [{ text: 'third time' }]])
    const retry = new RetryProvider([a, b], {
      shuffle: false,
      singleProviderRetry: true,
      maxRetries: 3,
      backoff: fast,
    })
    expect(await collectText(await retry.streamChat(params, context()))).toBe('third time')
    expect([a.calls, b.calls]).toEqual([3, 3])
  })

  it('tries each provider once without singleProviderRetry', async () => {
    const a = new StubProvider('A', [{ fail: 'server' }])
    const b = new StubProvider('B', [{ fail: 'server' }])
    const retry = new RetryProvider([a, b], { shuffle: false, maxRetries: 5, backoff: fast })
    const error = await failure(retry.streamChat(params, context()))
    expect(error).toBeInstanceOf(RetryProviderError)
    expect([a.calls, b.calls]).toEqual([1, 1])
  })

  it('honours Retry-After as the wait before the next attempt', async () => {
    const a = new StubProvider('A', [{ fail: 'rate_limit', status: 429, retryAfterMs: 30 }, [{ text: 'ok' }]])
    const retry = new RetryProvider([a], { singleProviderRetry: true, maxRetries: 2, backoff: fast })
    const ctx = context()
    const started = Date.now()
    await collectText(await retry.streamChat(params, ctx))
    expect(ctx.attempts[0]?.delayMs).toBe(30)
    expect(Date.now() - started).toBeGreaterThanOrEqual(25)
  })

  it('moves on instead of waiting when Retry-After is longer than a minute', async () => {
    const a = new StubProvider('A', [{ fail: 'rate_limit', status: 429, retryAfterMs: 3_600_000 }])
    const b = new StubProvider('B', [[{ text: 'B' }]])
    const retry = new RetryProvider([a, b], {
      shuffle: false,
      singleProviderRetry: true,
      maxRetries: 5,
      backoff: fast,
    })
    expect(await collectText(await retry.streamChat(params, context()))).toBe('B')
    expect(a.calls).toBe(1)
  })

  it('never retries after text was delivered: the failure follows the text, nothing is repeated', async () => {
    const a = new StubProvider('A', [
      [{ text: 'Hel' }, { text: 'lo' }, { fail: 'network' }],
      [{ text: 'again' }],
    ])
    const retry = new RetryProvider([a], { singleProviderRetry: true, maxRetries: 5, backoff: fast })
    const seen: string[] = []
    const stream = await retry.streamChat(params, context())
    const error = await failure(
      (async () => {
        for await (const c of stream) seen.push(c.choices[0].delta.content ?? '')
      })(),
    )
    expect(seen.join('')).toBe('Hello')
    expect(error).toBeInstanceOf(ProviderError)
    expect((error as ProviderError).kind).toBe('network')
    expect(a.calls).toBe(1)
  })

  it('retries a failure after the role chunk but before any text, without repeating the role chunk', async () => {
    const a = new StubProvider('A', [
      [{ role: true }, { fail: 'network' }],
      [{ role: true }, { text: 'ok' }],
    ])
    const retry = new RetryProvider([a], { singleProviderRetry: true, maxRetries: 2, backoff: fast })
    const roles: string[] = []
    let text = ''
    for await (const c of await retry.streamChat(params, context())) {
      if (c.choices[0].delta.role) roles.push(c.choices[0].delta.role)
      text += c.choices[0].delta.content ?? ''
    }
    expect(roles).toEqual(['assistant'])
    expect(text).toBe('ok')
    expect(a.calls).toBe(2)
  })

  it('aborts at once during a back-off wait', async () => {
    const a = new StubProvider('A', [{ fail: 'server', retryAfterMs: 10_000 }, [{ text: 'late' }]])
    const retry = new RetryProvider([a], { singleProviderRetry: true, maxRetries: 3, backoff: fast })
    const controller = new AbortController()
    const ctx = context({ signal: controller.signal })
    const pending = failure(retry.streamChat(params, ctx))
    setTimeout(() => controller.abort(), 20)
    const started = Date.now()
    const error = await pending
    expect(Date.now() - started).toBeLessThan(2_000)
    expect(error).toBeInstanceOf(ProviderError)
    expect((error as ProviderError).kind).toBe('aborted')
    expect(a.calls).toBe(1)
  })

  it('explains the failure of every provider in a readable message', async () => {
    const a = new StubProvider('OpenAI', [{ fail: 'region', status: 403 }])
    const b = new StubProvider('Groq', [{ fail: 'server', status: 503 }])
    const retry = new RetryProvider([a, b], {
      shuffle: false,
      singleProviderRetry: true,
      maxRetries: 2,
      backoff: fast,
    })
    const error = (await failure(retry.streamChat(params, context()))) as RetryProviderError
    expect(error.errors.map((e) => [e.provider, e.attempt, e.error.kind])).toEqual([
      ['OpenAI', 1, 'region'],
      ['Groq', 1, 'server'],
      ['Groq', 2, 'server'],
    ])
    expect(error.message).toContain('OpenAI (1 attempt): OpenAI failed with region')
    expect(error.message).toContain('Groq (2 attempts): Groq failed with server')
  })

  it('shuffles the order with the random source, and keeps it with shuffle: false', async () => {
    const make = (): StubProvider[] => ['A', 'B', 'C'].map((n) => new StubProvider(n, [[{ text: n }]]))
    const ordered = new RetryProvider(make(), { shuffle: false })
    expect(await collectText(await ordered.streamChat(params, context()))).toBe('A')
    // random() = 0 swaps each element with index 0: [A,B,C] → [C,A,B]... → first is B or C, never A.
    const shuffled = new RetryProvider(make(), { random: () => 0 })
    expect(await collectText(await shuffled.streamChat(params, context()))).not.toBe('A')
  })
})

describe('back-off', () => {
  it('grows exponentially with jitter and stays under the cap', () => {
    const options = { baseMs: 500, maxMs: 8000 }
    expect(backoffDelay(1, options, () => 0)).toBe(250)
    expect(backoffDelay(1, options, () => 1)).toBe(500)
    expect(backoffDelay(3, options, () => 1)).toBe(2000)
    expect(backoffDelay(10, options, () => 1)).toBe(8000)
    expect(backoffDelay(10, options, () => 0)).toBe(4000)
  })

  it('uses Retry-After when given', () => {
    expect(retryDelay(1, 2500, { baseMs: 500, maxMs: 8000 })).toBe(2500)
    expect(retryDelay(1, undefined, { baseMs: 500, maxMs: 8000 }, () => 1)).toBe(500)
  })
})
