/**
 * Routes as a user sets them up: a proxy profile added in Preferences → Routes, chosen for one provider in its
 * form; that provider's chat goes through the real authenticating proxy, the other provider's goes direct.
 */
import { afterAll, afterEach, beforeEach, expect, it } from 'vitest'
import { startFakeProvider, type FakeProvider } from '../fixtures/fake-provider'
import { startHttpProxy, type HttpProxy, type SeenProxyRequest } from '../fixtures/http-proxy'
import { closeBrowser } from './harness'
import {
  addProviderQuickly,
  chooseModel,
  closePreferences,
  lastReply,
  launch,
  newDataDir,
  preferencesDialog,
  removeDataDirs,
  sendMessage,
  textOf,
  waitForIdle,
} from './helpers'

const USER = 'corp\\alice'
const PASSWORD = 'R0ute-pa55:w/rd@x'

let proxied: FakeProvider
let direct: FakeProvider
let proxy: HttpProxy

beforeEach(async () => {
  proxied = await startFakeProvider({ models: ['alpha-1'] })
  direct = await startFakeProvider({ models: ['beta-1'] })
  proxy = await startHttpProxy({ username: USER, password: PASSWORD })
})
afterEach(async () => {
  await Promise.all([proxy.close(), proxied.close(), direct.close()])
})
afterAll(async () => {
  await closeBrowser()
  removeDataDirs()
})

/**
 * Every request the proxy refused for want of credentials met its challenge (none sends the password before
 * the proxy names its scheme) and was sent again at once, with the right ones.
 */
function expectChallengesAnswered(seen: readonly SeenProxyRequest[]): void {
  expect(seen.some((s) => s.authorized)).toBe(true)
  seen.forEach((s, i) => {
    if (!s.authorized)
      expect(seen[i + 1]).toMatchObject({ method: s.method, target: s.target, authorized: true })
  })
}

/** Requests the proxy carried to one fake provider (CONNECT or absolute form). */
function throughProxy(fake: FakeProvider): number {
  return proxy.seen.filter((s) => s.target.includes(`:${fake.port}`)).length
}

it('one provider through an authenticating proxy route, the other direct, set up in Preferences', async () => {
  const app = await launch({ userDataDir: newDataDir() })
  const { page } = app
  try {
    await addProviderQuickly(app, proxied, { name: 'Far Away AI', model: 'alpha-1' })
    await addProviderQuickly(app, direct, { name: 'Local AI', model: 'beta-1' })

    await page.getByRole('button', { name: 'Preferences' }).click()
    const dialog = preferencesDialog(page)
    // A proxy profile, not the default: the default route stays Direct.
    await dialog.getByRole('tab', { name: 'Routes' }).click()
    await dialog.getByRole('button', { name: 'Add proxy' }).click()
    await dialog.getByRole('radio', { name: /^Manual/ }).check()
    await dialog.getByLabel('HTTP proxy', { exact: true }).fill(`127.0.0.1:${proxy.port}`)
    await dialog.getByLabel('Username').fill(USER)
    await dialog.getByLabel(/^Password/).fill(PASSWORD)
    // The fakes live on 127.0.0.1, which the default list sends direct.
    await dialog.getByLabel('Bypass the proxy for').fill('')
    await dialog.getByLabel('Name', { exact: true }).click()
    expect(
      await dialog.getByLabel('Default route', { exact: true }).locator('option:checked').innerText(),
    ).toBe('Direct')

    // The far-away provider takes that route in its own form.
    await dialog.getByRole('tab', { name: 'Providers' }).click()
    await dialog.getByRole('button', { name: 'Edit Far Away AI' }).click()
    await dialog.getByLabel('Route', { exact: true }).selectOption({ label: 'Proxy 1' })
    await dialog.getByRole('button', { name: 'Save', exact: true }).click()
    await dialog.getByRole('button', { name: 'Edit Far Away AI' }).waitFor()
    await closePreferences(page)

    proxied.enqueue({ text: 'Через прокси: привет из далёкой страны.' })
    await chooseModel(page, 'alpha-1')
    await sendMessage(page, 'Ты доступен?')
    await waitForIdle(page)
    expect(await textOf(lastReply(page))).toContain('Через прокси')

    direct.enqueue({ text: 'Directly from this machine.' })
    await chooseModel(page, 'beta-1')
    await sendMessage(page, 'And you?')
    await waitForIdle(page)
    expect(await textOf(lastReply(page))).toContain('Directly from this machine.')

    // The proxy carried the far-away provider's chat, with the right credentials, and nothing of the other's.
    expect(throughProxy(proxied)).toBeGreaterThan(0)
    expectChallengesAnswered(proxy.seen)
    expect(throughProxy(direct)).toBe(0)
    expect(direct.requests.some((r) => r.path === '/v1/chat/completions')).toBe(true)

    // Test connection on the route: it names the route, the scheme that signed in and what the proxy offered.
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'])
    await page.getByRole('button', { name: 'Preferences' }).click()
    await dialog.getByRole('tab', { name: 'Routes' }).click()
    await dialog.getByRole('button', { name: 'Proxy 1', exact: true }).click()
    await dialog.getByLabel('Provider to test with').selectOption({ label: 'Far Away AI' })
    await dialog.getByRole('button', { name: 'Test connection' }).click()
    const tested = dialog.locator('.report')
    await tested.getByText('Connection works.').waitFor()
    const testedText = await tested.innerText()
    expect(testedText).toContain('Signed in to the proxy with Basic.')
    expect(testedText).toContain('The proxy offered: Basic.')
    expect(testedText).toContain(
      `Route: Proxy 1, through the proxy http://corp%5Calice:***@127.0.0.1:${proxy.port}`,
    )
    await page.screenshot({ path: '/tmp/routesdiag-test-report.png' })

    // Copy diagnostics: the report names each provider's route and proxy, the test's sign-in, and nothing of
    // the password.
    await dialog.getByRole('button', { name: 'Copy diagnostics' }).click()
    await dialog.getByText(/^Copied\./).waitFor()
    const report = await page.evaluate(() => navigator.clipboard.readText())
    expect(report).toContain('Far Away AI (custom)')
    expect(report).toContain(`route: Proxy 1 (proxy profile)\n    HTTP proxy: 127.0.0.1:${proxy.port}`)
    expect(report).toMatch(/Local AI \(custom\).*\n {4}route: Direct \(direct\)/)
    expect(report).toContain('username set, password set')
    expect(report).toMatch(/proxy_auth: ok \d+ ms proxy_signed_in Basic\n {8}proxy offered: Basic\n/)
    for (let i = 0; i + 4 <= PASSWORD.length; i++) expect(report).not.toContain(PASSWORD.slice(i, i + 4))
  } finally {
    await app.close()
  }
})
