// @vitest-environment jsdom
import { describe, expect, it } from 'vitest'
import { i18n } from '../../src/renderer/src/app/i18n'
import { sentence, wordFacts } from '../../src/renderer/src/features/chat/error-facts'

const t = i18n.getFixedT('en')
const ru = i18n.getFixedT('ru')

describe('wordFacts', () => {
  it.each([
    { facts: { kind: 'network' as const }, want: '' },
    {
      facts: {
        kind: 'network' as const,
        fact: 'connection_failed' as const,
        host: 'api.x:443',
        code: 'ECONNREFUSED',
      },
      want: 'the connection could not be opened: check the address and the connection. (api.x:443, ECONNREFUSED)',
    },
    {
      facts: { kind: 'timeout' as const, fact: 'first_byte_timeout' as const, timeoutMs: 120_000 },
      want: 'no reply came in time. (120 s)',
    },
    // The proxy, not the host, when there is one.
    {
      facts: {
        kind: 'proxy' as const,
        fact: 'proxy_no_answer' as const,
        host: 'api.x:443',
        proxy: '10.0.0.1:3128',
      },
      want: 'the proxy did not answer: check its address and that it is running. (proxy 10.0.0.1:3128)',
    },
    // A bad request's host says nothing; the provider's code next to its words is left out.
    {
      facts: {
        kind: 'bad_request' as const,
        fact: 'model_not_found' as const,
        host: 'api.x',
        code: 'model_not_found',
        said: 'no such model',
      },
      want: 'the model or the address was not found: check the model name and the base URL.',
    },
    // Only restates the status the window shows anyway.
    { facts: { kind: 'server' as const, fact: 'overloaded' as const, status: 503 }, want: '' },
    { facts: { kind: 'server' as const, fact: 'overloaded' as const }, want: 'the provider is overloaded.' },
  ])('$want', ({ facts, want }) => {
    expect(wordFacts(t, facts)).toBe(want)
  })

  it('tells what to do when the model takes the other kind of thinking, in English and Russian', () => {
    const facts = {
      kind: 'bad_request' as const,
      fact: 'adaptive_thinking_required' as const,
      status: 400,
      code: 'invalid_request_error',
      said: '"thinking.type.enabled" is not supported for this model.',
    }
    expect(wordFacts(t, facts)).toBe(
      'this model takes only reasoning effort (adaptive thinking): set Reasoning effort instead of Thinking budget in Parameters.',
    )
    expect(sentence(wordFacts(ru, facts))).toBe(
      'Эта модель принимает только глубину рассуждений (адаптивные размышления): в «Параметрах» задайте глубину рассуждений вместо бюджета размышлений.',
    )
    expect(wordFacts(t, { kind: 'bad_request', fact: 'adaptive_thinking_unsupported' })).toContain(
      'set Thinking budget instead of Reasoning effort',
    )
  })

  it('in Russian, with the particulars as they are', () => {
    expect(
      sentence(wordFacts(ru, { kind: 'timeout', fact: 'connect_timeout', timeoutMs: 15_000, host: 'h:1' })),
    ).toBe('Соединение открывалось слишком долго. (h:1, 15 с)')
  })
})
