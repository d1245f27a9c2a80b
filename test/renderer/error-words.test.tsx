// @vitest-environment jsdom
/**
 * The library returns kinds and facts; the window words them. In Russian, no error kind, fact or
 * connection-test outcome may leave English behind: what remains after removing names and codes (the
 * provider, hosts, the proxy, system codes, protocol acronyms) has no Latin-letter word.
 */
import './setup'
import { render } from '@testing-library/react'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { AppController } from '../../src/renderer/src/app/controller'
import { ControllerContext } from '../../src/renderer/src/app/context'
import { applyLanguage } from '../../src/renderer/src/app/i18n'
import { MessageError } from '../../src/renderer/src/features/chat/MessageError'
import { ConnectionReport } from '../../src/renderer/src/features/preferences/ConnectionReport'
import { ERROR_FACTS, ERROR_KINDS, type ErrorFacts } from '../../src/shared/error-kind'
import { CONNECTION_STEPS, STEP_OUTCOMES, type StepOutcome } from '../../src/shared/connection-test'
import type { Message, ProviderFailure } from '../../src/shared/domain'
import { FakeApi } from './fake-api'

const NAMES = [
  'api.openai.com:443',
  '127.0.0.1:3128',
  'http://u:***@127.0.0.1:3128',
  'ECONNREFUSED',
  'OpenAI',
  'gpt-4o',
  // Certificate names are shown as the server sent them.
  'CN=localhost',
  'CN=ProxyChat Test CA',
]
/** Acronyms, schemes and sign-in protocols Russian texts use as they are. */
const ALLOWED =
  /\b(HTTPS?|TLS|CA|PDF|SOCKS[45]?|API|ProxyChat|NTLM|Digest|Basic|Kerberos|Negotiate|https?:\/\/)/g

function englishLeft(text: string): string[] {
  let rest = text
  for (const name of NAMES) rest = rest.split(name).join(' ')
  return rest.replace(ALLOWED, ' ').match(/[A-Za-z]{2,}/g) ?? []
}

const facts = (kind: ErrorFacts['kind'], fact: ErrorFacts['fact']): ErrorFacts => ({
  kind,
  ...(fact === undefined ? {} : { fact }),
  status: 503,
  code: 'ECONNREFUSED',
  host: 'api.openai.com:443',
  proxy: '127.0.0.1:3128',
  timeoutMs: 15_000,
})

function renderInWindow(node: React.ReactNode): HTMLElement {
  const controller = new AppController(new FakeApi())
  return render(<ControllerContext.Provider value={controller}>{node}</ControllerContext.Provider>).container
}

function failed(error: NonNullable<Message['error']>, content = ''): Message & { error: typeof error } {
  return { id: 'm1', role: 'assistant', content, createdAt: 0, status: 'error', error }
}

const noop = (): void => undefined
const everyFact = [undefined, ...ERROR_FACTS]

describe('the Russian window words every error without English', () => {
  beforeAll(() => applyLanguage('ru'))
  afterAll(() => applyLanguage('en'))

  it.each(ERROR_KINDS)('%s, with every fact, under a reply (with and without text so far)', (kind) => {
    for (const fact of everyFact) {
      for (const content of ['', 'Начало ответа']) {
        const error = { ...facts(kind, fact), message: 'English text from the library' }
        const node = renderInWindow(
          <MessageError
            message={failed(error, content)}
            busy={false}
            isLast
            onRetry={noop}
            onContinue={noop}
          />,
        )
        const text = node.textContent ?? ''
        expect(englishLeft(text), `${kind}/${fact}: ${text}`).toEqual([])
        expect(text).not.toContain('English text')
        node.remove()
      }
    }
  })

  it.each(everyFact)('one line per provider, fact %s, every kind', (fact) => {
    // Provider names key the lines: "OpenAI", "OpenAI 1"... (names are left as they are).
    const failures: ProviderFailure[] = ERROR_KINDS.map((kind, i) => ({
      provider: i === 0 ? 'OpenAI' : `OpenAI ${i}`,
      attempts: i + 1,
      ...facts(kind, fact),
      message: 'English text from the library',
    }))
    const error = { ...facts('server', fact), message: 'All providers failed.', failures }
    const node = renderInWindow(
      <MessageError message={failed(error)} busy={false} isLast onRetry={noop} onContinue={noop} />,
    )
    const lines = [...node.querySelectorAll('li')].map((li) => li.textContent ?? '')
    expect(lines).toHaveLength(ERROR_KINDS.length)
    for (const line of lines) expect(englishLeft(line), line).toEqual([])
    node.remove()
  })

  it('the connection test: every step, every outcome, every kind and fact of a failed step', () => {
    const outcomes: StepOutcome[] = STEP_OUTCOMES.map((type) =>
      type === 'models_listed'
        ? { type, modelsCount: 3 }
        : type === 'model_answered'
          ? { type, model: 'gpt-4o' }
          : type === 'proxy_signed_in'
            ? { type, scheme: 'NTLM' }
            : { type },
    )
    for (const outcome of outcomes) {
      const node = renderInWindow(
        <ConnectionReport
          report={{
            ok: true,
            route: 'direct',
            steps: CONNECTION_STEPS.map((step) => ({ step, ok: true, durationMs: 5, outcome })),
          }}
        />,
      )
      expect(englishLeft(node.textContent ?? ''), outcome.type).toEqual([])
      node.remove()
    }
    for (const kind of ERROR_KINDS) {
      for (const fact of everyFact) {
        const error = { ...facts(kind, fact), said: 'Привет', message: 'English text from the library' }
        for (const route of ['http://u:***@127.0.0.1:3128', 'invalid']) {
          const node = renderInWindow(
            <ConnectionReport
              report={{
                ok: false,
                route,
                steps: [{ step: 'proxy_auth', ok: false, durationMs: 5, error }],
                error,
              }}
            />,
          )
          const text = node.textContent ?? ''
          expect(englishLeft(text), `${kind}/${fact}: ${text}`).toEqual([])
          node.remove()
        }
      }
    }
  })

  it('the connection test: an unknown (PAC-failed) route, the offered schemes, the certificate chain', () => {
    const error = { ...facts('proxy', 'pac_failed'), message: 'English text from the library' }
    const node = renderInWindow(
      <ConnectionReport
        report={{
          ok: false,
          route: 'pac_failed',
          steps: [
            {
              step: 'proxy_auth',
              ok: true,
              durationMs: 5,
              outcome: { type: 'proxy_signed_in', scheme: 'NTLM' },
              offeredSchemes: ['Negotiate', 'NTLM', 'Digest', 'Basic'],
            },
            {
              step: 'tls',
              ok: false,
              durationMs: 5,
              error,
              certificates: [{ subject: 'CN=localhost', issuer: 'CN=ProxyChat Test CA' }],
            },
          ],
          error,
        }}
      />,
    )
    const text = node.textContent ?? ''
    expect(text).toContain('CN=localhost')
    expect(englishLeft(text), text).toEqual([])
    node.remove()
  })

  it('words the facts themselves, with the particulars that are names', () => {
    const error = { ...facts('proxy', 'proxy_unreachable'), message: 'Cannot reach the proxy' }
    const node = renderInWindow(
      <MessageError message={failed(error)} busy={false} isLast onRetry={noop} onContinue={noop} />,
    )
    expect(node.textContent).toContain(
      'Прокси недоступен: проверьте его адрес и что он запущен. (прокси 127.0.0.1:3128, ECONNREFUSED, 15 с)',
    )
    node.remove()
  })
})
