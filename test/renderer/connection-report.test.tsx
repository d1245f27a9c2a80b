// @vitest-environment jsdom
/** The connection test's report in the window: the route, the proxy sign-in, the certificate chain (en + ru). */
import './setup'
import { screen, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import type { ConnectionTestReport } from '../../src/shared/domain'
import { readyApi, renderApp } from './render-app'

async function openPreferences(tab: string, options: Parameters<typeof readyApi>[0] = {}) {
  const rendered = renderApp(readyApi(options))
  await rendered.user.click(await screen.findByRole('button', { name: 'Preferences' }))
  const dialog = await screen.findByRole('dialog', { name: 'Preferences' }, { timeout: 5000 })
  await rendered.user.click(within(dialog).getByRole('tab', { name: tab }))
  return { ...rendered, dialog }
}

describe('preferences: the connection report', () => {
  const signedIn: ConnectionTestReport = {
    ok: true,
    steps: [
      { step: 'proxy_connect', ok: true, durationMs: 3 },
      {
        step: 'proxy_auth',
        ok: true,
        durationMs: 9,
        outcome: { type: 'proxy_signed_in', scheme: 'Digest' },
        offeredSchemes: ['Digest', 'Basic'],
      },
      {
        step: 'tls',
        ok: true,
        durationMs: 21,
        certificates: [
          { subject: 'CN=api.openai.com', issuer: 'CN=Корпоративный CA, O=ООО Ромашка' },
          { subject: 'CN=Корпоративный CA, O=ООО Ромашка', issuer: 'CN=Корпоративный CA, O=ООО Ромашка' },
        ],
      },
    ],
    route: 'http://ivan:***@proxy.example.com:3128',
    routeId: 'proxy',
  }

  it.each([
    [
      'en',
      'Test connection',
      ['Signed in to the proxy with Digest.', 'The proxy offered: Digest, Basic.'],
      'CN=api.openai.com, issued by CN=Корпоративный CA, O=ООО Ромашка',
      'Route: Proxy, through the proxy http://ivan:***@proxy.example.com:3128',
    ],
    [
      'ru',
      'Проверить подключение',
      ['Вход на прокси выполнен по схеме Digest.', 'Прокси предложил: Digest, Basic.'],
      'CN=api.openai.com, выдан CN=Корпоративный CA, O=ООО Ромашка',
      'Маршрут: Proxy, через прокси http://ivan:***@proxy.example.com:3128',
    ],
  ] as const)(
    '(%s) names the route, the scheme that signed in, what the proxy offered and the certificate chain',
    async (language, button, auth, leaf, route) => {
      const rendered = renderApp(readyApi({ testReport: signedIn, settings: { language } }))
      const tabs = language === 'en' ? ['Preferences', 'Routes'] : ['Настройки', 'Маршруты']
      await rendered.user.click(await screen.findByRole('button', { name: tabs[0] }, { timeout: 5000 }))
      const dialog = await screen.findByRole('dialog', { name: tabs[0] }, { timeout: 5000 })
      await rendered.user.click(within(dialog).getByRole('tab', { name: tabs[1] }))
      await rendered.user.click(within(dialog).getByRole('radio', { name: /Manual|Вручную/ }))
      await rendered.user.type(
        within(dialog).getByLabelText(/^(HTTP proxy|HTTP-прокси)$/),
        'proxy.example.com:3128',
      )
      await rendered.user.click(within(dialog).getByRole('button', { name: button }))
      const summary = await within(dialog).findByText(/^(Connection works\.|Подключение работает\.)$/)
      const box = summary.closest('.report')
      if (!(box instanceof HTMLElement)) throw new Error('no report')
      const steps = within(box).getAllByRole('listitem')
      for (const text of auth) expect(steps[1]?.textContent).toContain(text)
      expect(within(box).getByText(leaf).tagName).toBe('LI')
      expect(box.textContent).toContain(route)
    },
  )

  it('a System route whose PAC lookup failed: the route is unknown, never direct', async () => {
    const { user, dialog } = await openPreferences('Routes', {
      testReport: {
        ok: false,
        steps: [],
        route: 'pac_failed',
        routeId: 'system',
        error: { kind: 'proxy', fact: 'pac_failed', message: 'x' },
      },
    })
    await user.click(within(dialog).getByRole('radio', { name: /Manual/ }))
    await user.type(within(dialog).getByLabelText('HTTP proxy'), 'proxy.example.com:3128')
    await user.click(within(dialog).getByRole('button', { name: 'Test connection' }))
    const box = (await within(dialog).findByText('The connection failed.')).closest('.report')
    expect(box?.textContent).toContain(
      "Route: System proxy, unknown: the system's proxy settings (PAC) could not be read, so nothing was sent",
    )
    expect(box?.textContent).toContain(
      "the system's proxy settings (its PAC script) could not say which proxy",
    )
    expect(box?.textContent).not.toMatch(/direct/i)
  })
})
