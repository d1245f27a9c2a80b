// @vitest-environment jsdom
import './setup'
import { act, screen, waitFor, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import type { ErrorKind } from '../../src/shared/domain'
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
    expect(within(dialog).getByRole('tab', { name: 'Proxy' }).getAttribute('aria-selected')).toBe('true')
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

  it.each(['bad_request', 'protocol'] as const)(
    '%s: says what happened, with no misleading action',
    async (kind) => {
      const { alert } = await failWith(kind)
      expect(within(alert).queryByRole('button')).toBeNull()
    },
  )
})
