// @vitest-environment jsdom
import './setup'
import { act, screen, waitFor, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import type { ErrorKind } from '../../src/shared/domain'
import { message } from './fake-api'
import { readyApi, renderApp } from './render-app'

async function failWith(kind: ErrorKind) {
  const rendered = renderApp(readyApi())
  await rendered.user.type(await screen.findByRole('textbox', { name: 'Message' }), 'Hi{Enter}')
  await waitFor(() => expect(rendered.api.live).not.toBeNull())
  act(() => {
    rendered.api.stream.started()
    rendered.api.stream.delta('Partial answer')
  })
  const reply = await screen.findByRole('article', { name: 'Assistant' })
  await waitFor(() => expect(reply.textContent).toContain('Partial answer'))
  act(() => rendered.api.stream.error(kind, `provider said: ${kind}`, 'p1'))
  const alert = await within(reply).findByRole('alert')
  // The partial text is kept.
  expect(reply.textContent).toContain('Partial answer')
  expect(alert.textContent).toContain(`provider said: ${kind}`)
  return { ...rendered, alert }
}

describe('errors under a message', () => {
  it.each(['proxy', 'proxy_auth'] as const)('%s: opens the proxy preferences', async (kind) => {
    const { user, alert } = await failWith(kind)
    await user.click(within(alert).getByRole('button', { name: 'Open proxy settings' }))
    const dialog = await screen.findByRole('dialog', { name: 'Preferences' })
    expect(within(dialog).getByRole('tab', { name: 'Routes' }).getAttribute('aria-selected')).toBe('true')
    expect(within(dialog).getByRole('radio', { name: /No proxy/ })).toBeTruthy()
  })

  it('region: advises a proxy in another country', async () => {
    const { alert } = await failWith('region')
    expect(alert.textContent).toContain('The provider does not serve your region')
    expect(alert.textContent).toMatch(/proxy located in a country the provider serves/)
    expect(within(alert).getByRole('button', { name: 'Open proxy settings' })).toBeTruthy()
  })

  it("auth: opens the provider's key", async () => {
    const { user, alert } = await failWith('auth')
    await user.click(within(alert).getByRole('button', { name: 'Check the API key' }))
    const dialog = await screen.findByRole('dialog', { name: 'Preferences' })
    expect(within(dialog).getByRole('tab', { name: 'Providers' }).getAttribute('aria-selected')).toBe('true')
    const key = within(dialog).getByLabelText(/API key/) as HTMLInputElement
    expect(key.type).toBe('password')
    expect(key.value).toBe('')
    expect(within(dialog).getByText('set · …abcd')).toBeTruthy()
  })

  it.each(['rate_limit', 'server', 'network', 'timeout'] as const)('%s: Retry regenerates', async (kind) => {
    const { api, user, alert } = await failWith(kind)
    await user.click(within(alert).getByRole('button', { name: 'Retry' }))
    await waitFor(() => expect(api.chat.regenerate).toHaveBeenCalledTimes(1))
    await waitFor(() => expect(screen.getByRole('button', { name: 'Stop' })).toBeTruthy())
  })

  it('bad_request: says what happened, with no misleading action', async () => {
    const { alert } = await failWith('bad_request')
    expect(within(alert).queryByRole('button')).toBeNull()
  })

  it.each(['network', 'timeout', 'protocol', 'server'] as const)(
    '%s after text: Continue next to Retry, and Continue appends to the kept text',
    async (kind) => {
      const { api, user, alert } = await failWith(kind)
      expect(
        within(alert)
          .getAllByRole('button')
          .map((b) => b.textContent),
      ).toEqual(['Continue', 'Retry'])
      await user.click(within(alert).getByRole('button', { name: 'Continue' }))
      await waitFor(() => expect(api.chat.continue).toHaveBeenCalledTimes(1))
      expect(api.chat.regenerate).not.toHaveBeenCalled()
      act(() => {
        api.stream.started()
        api.stream.delta(', and the rest of it.')
        api.stream.done()
      })
      const reply = screen.getByRole('article', { name: 'Assistant' })
      await waitFor(() => expect(reply.textContent).toContain('Partial answer, and the rest of it.'))
      expect(within(reply).queryByRole('alert')).toBeNull()
    },
  )

  it('a failure before any text offers Retry only', async () => {
    const rendered = renderApp(readyApi())
    await rendered.user.type(await screen.findByRole('textbox', { name: 'Message' }), 'Hi{Enter}')
    await waitFor(() => expect(rendered.api.live).not.toBeNull())
    act(() => rendered.api.stream.error('network', 'Cannot connect'))
    const alert = await within(await screen.findByRole('article', { name: 'Assistant' })).findByRole('alert')
    expect(
      within(alert)
        .getAllByRole('button')
        .map((b) => b.textContent),
    ).toEqual(['Retry'])
  })
})

describe('a failure of several providers', () => {
  const advice = "Check the provider's API key in Preferences."

  it('has one headline, one line per provider (attempts, kind, status, their words) and the advice once', async () => {
    const rendered = renderApp(readyApi())
    await rendered.user.type(await screen.findByRole('textbox', { name: 'Message' }), 'Hi{Enter}')
    await waitFor(() => expect(rendered.api.live).not.toBeNull())
    // What the chat client said of each, advice included: the window must not repeat it.
    const libraryMessage = (p: string): string =>
      `${p} rejected the API key (HTTP 401): check the key in Preferences → Providers.`
    act(() =>
      rendered.api.stream.error(
        'auth',
        `All providers failed.\n- My Fake (1 attempt): ${libraryMessage('My Fake')}`,
        'p1',
        [
          {
            provider: 'My Fake',
            attempts: 3,
            kind: 'server',
            status: 503,
            said: 'Overloaded',
            message: 'My Fake is overloaded (HTTP 503): try again in a moment, or use another provider.',
          },
          {
            provider: 'Backup AI',
            attempts: 1,
            kind: 'auth',
            status: 401,
            said: 'Incorrect API key provided',
            message: libraryMessage('Backup AI'),
          },
          {
            provider: 'Local',
            attempts: 1,
            kind: 'network',
            message: 'Cannot connect to 127.0.0.1:11434 (ECONNREFUSED)',
          },
        ],
      ),
    )
    const reply = await screen.findByRole('article', { name: 'Assistant' })
    const alert = await within(reply).findByRole('alert')
    expect(within(alert).getByText('No provider could answer')).toBeTruthy()
    const lines = within(alert)
      .getAllByRole('listitem')
      .map((li) => li.textContent)
    expect(lines).toEqual([
      'My Fake · 3 attempts · server error (HTTP 503): “Overloaded”',
      'Backup AI · 1 attempt · invalid API key (HTTP 401): “Incorrect API key provided”',
      'Local · 1 attempt · network error: Cannot connect to 127.0.0.1:11434 (ECONNREFUSED)',
    ])
    const text = alert.textContent ?? ''
    expect(text.split(advice)).toHaveLength(2)
    expect(text).not.toMatch(/check the key|try again in a moment|All providers failed/i)
    expect(within(alert).getByRole('button', { name: 'Check the API key' })).toBeTruthy()
  })

  it('in Russian too', async () => {
    const rendered = renderApp(readyApi({ settings: { language: 'ru' } }))
    await rendered.user.type(await screen.findByRole('textbox', { name: 'Сообщение' }), 'Привет{Enter}')
    await waitFor(() => expect(rendered.api.live).not.toBeNull())
    act(() =>
      rendered.api.stream.error('rate_limit', 'All providers failed.', 'p1', [
        { provider: 'A', attempts: 2, kind: 'rate_limit', status: 429, said: 'Slow down', message: 'x' },
        { provider: 'B', attempts: 5, kind: 'server', status: 500, message: 'y' },
      ]),
    )
    const alert = await within(await screen.findByRole('article', { name: 'Ассистент' })).findByRole('alert')
    expect(within(alert).getByText('Ни один провайдер не смог ответить')).toBeTruthy()
    expect(
      within(alert)
        .getAllByRole('listitem')
        .map((li) => li.textContent),
    ).toEqual([
      'A · 2 попытки · превышен лимит запросов (HTTP 429): «Slow down»',
      'B · 5 попыток · ошибка сервера (HTTP 500)',
    ])
  })
})

describe('a reply written by a fallback provider', () => {
  const fallbackFrom = [
    {
      provider: 'OpenAI',
      attempts: 3,
      kind: 'rate_limit' as const,
      status: 429,
      said: 'Rate limit reached for gpt-4o',
      message: 'OpenAI is limiting how often requests can be sent (HTTP 429)',
    },
  ]

  it('says quietly who answered after whom failed and why, once the reply is done', async () => {
    const { api, user } = renderApp(readyApi())
    await user.type(await screen.findByRole('textbox', { name: 'Message' }), 'Hi{Enter}')
    await waitFor(() => expect(api.live).not.toBeNull())
    act(() => {
      api.stream.started('OpenAI', 'gpt-4o')
      api.stream.delta('Hello from the backup.')
    })
    const reply = await screen.findByRole('article', { name: 'Assistant' })
    await waitFor(() => expect(reply.textContent).toContain('Hello from the backup.'))
    expect(reply.textContent).not.toContain('Answered by')
    // Main records the failure with the reply and sends it with the final message.
    const stored = api.store.get(api.live?.conversationId ?? '')?.messages.at(-1)
    if (stored) stored.meta = { ...stored.meta, providerName: 'Groq', fallbackFrom }
    act(() => api.stream.done())
    await within(reply).findByText('Answered by Groq after OpenAI failed: rate limited')
  })

  it('keeps the note when the conversation is opened again, in Russian too', async () => {
    const conversation = {
      id: 'c1',
      title: 'Backup answered',
      createdAt: 1,
      updatedAt: 2,
      model: { providerId: 'p1', model: 'gpt-4o' },
      systemPrompt: '',
      messages: [
        message('m1', 'user', 'Hi'),
        message('m2', 'assistant', 'Hello from the backup.', {
          meta: {
            providerName: 'Groq',
            model: 'llama',
            fallbackFrom: [
              ...fallbackFrom,
              { provider: 'Anthropic', attempts: 1, kind: 'server', status: 529, message: 'Overloaded' },
            ],
          },
        }),
      ],
    }
    const { user } = renderApp(readyApi({ conversations: [conversation], settings: { language: 'ru' } }))
    await user.click(await screen.findByRole('button', { name: 'Backup answered' }))
    const reply = await screen.findByRole('article', { name: 'Ассистент' })
    await within(reply).findByText(
      'Ответил Groq, потому что не смогли OpenAI (превышен лимит запросов) и Anthropic (ошибка сервера)',
    )
  })
})
