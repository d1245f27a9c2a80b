import { afterAll, afterEach, beforeEach, expect, it } from 'vitest'
import { startFakeProvider, type FakeProvider } from '../fixtures/fake-provider'
import { startHttpProxy, type HttpProxy, type SeenProxyRequest } from '../fixtures/http-proxy'
import { closeBrowser } from './harness'
import {
  addProviderQuickly,
  closePreferences,
  filesContaining,
  filesUnder,
  lastReply,
  launch,
  newDataDir,
  preferencesDialog,
  removeDataDirs,
  sendMessage,
  waitForIdle,
  addProxyRoute,
} from './helpers'

const USER = 'alice'
const PASSWORD = 'Pr0xy-pa55word-Zq9x'

let fake: FakeProvider
let proxy: HttpProxy

beforeEach(async () => {
  fake = await startFakeProvider()
  proxy = await startHttpProxy({ username: USER, password: PASSWORD })
})
afterEach(async () => {
  await proxy.close()
  await fake.close()
})
afterAll(async () => {
  await closeBrowser()
  removeDataDirs()
})

it('manual HTTP proxy with a password: filled in, tested, closed — saved, shown again without the password, used for chats', async () => {
  const userDataDir = newDataDir()
  const app = await launch({ userDataDir })
  const { page } = app
  try {
    await addProviderQuickly(app, fake)
    await page.getByRole('button', { name: 'Preferences' }).click()
    const dialog = preferencesDialog(page)
    await addProxyRoute(dialog)
    await dialog.getByRole('radio', { name: /^Manual/ }).check()
    await dialog.getByLabel('HTTP proxy', { exact: true }).fill(`127.0.0.1:${proxy.port}`)
    await dialog.getByLabel('Username').fill(USER)
    await dialog.getByLabel(/^Password/).fill(PASSWORD)
    // The fake lives on 127.0.0.1, which the default list sends direct: send everything through the proxy.
    const bypass = dialog.getByLabel('Bypass the proxy for')
    expect(await bypass.inputValue()).toContain('127.0.0.1')
    await bypass.fill('')
    // As a user does: Test connection straight away (no Save anywhere), then close.
    await dialog.getByRole('button', { name: 'Test connection' }).click()
    await dialog.locator('.report').getByText('Connection works.').waitFor()
    expect(await dialog.locator('.prefs-actions__note').innerText()).toBe('Saved')
    await expectNowhereInPage(page, PASSWORD)
    await closePreferences(page)
    expect(await page.getByRole('alertdialog').count()).toBe(0)

    // Shown again: every field but the password, which is only "set".
    await page.keyboard.press('Control+,')
    await dialog.getByRole('tab', { name: 'Routes' }).click()
    expect(await dialog.getByRole('radio', { name: /^Manual/ }).isChecked()).toBe(true)
    expect(await dialog.getByLabel('HTTP proxy', { exact: true }).inputValue()).toBe(
      `127.0.0.1:${proxy.port}`,
    )
    expect(await dialog.getByLabel('Username').inputValue()).toBe(USER)
    const password = dialog.getByLabel(/^Password/)
    expect(await password.inputValue()).toBe('')
    expect(await password.getAttribute('type')).toBe('password')
    // Only "set": not even the last characters of a password are shown.
    expect(await dialog.locator('label', { has: page.locator('.secret-status') }).innerText()).toBe(
      'Password set',
    )
    expect(await dialog.getByLabel('Bypass the proxy for').inputValue()).toBe('')
    await expectNowhereInPage(page, PASSWORD)
    await expectNowhereInPage(page, PASSWORD.slice(-4))

    // Test connection: each step passes.
    await dialog.getByRole('button', { name: 'Test connection' }).click()
    const report = dialog.locator('.report')
    await report.getByText('Connection works.').waitFor()
    const marks = await report.locator('.report__mark').allInnerTexts()
    expect(marks.filter((m) => m === '✓').length).toBeGreaterThanOrEqual(4)
    expect(marks).not.toContain('✗')
    for (const step of ['Connect to the proxy', 'Proxy authentication', 'API key', 'Region']) {
      const row = report.locator('.report__step', { hasText: step })
      expect(await row.locator('.report__mark').innerText()).toBe('✓')
    }
    await report
      .getByText(`Route: Proxy 1, through the proxy http://${USER}:***@127.0.0.1:${proxy.port}`)
      .waitFor()
    await closePreferences(page)

    // A chat goes through the proxy, with the credentials.
    const before = proxy.seen.length
    fake.enqueue({ text: 'Hello through the proxy.' })
    await sendMessage(page, 'Are we going through the proxy?')
    await waitForIdle(page)
    await lastReply(page).getByText('Hello through the proxy.').waitFor()
    const seen = proxy.seen.slice(before)
    expect(seen.length).toBeGreaterThan(0)
    expectChallengesAnswered(seen)
    expect(seen.some((s) => s.target.includes(`127.0.0.1:${fake.port}`))).toBe(true)

    await expectNowhereInPage(page, PASSWORD)
  } finally {
    await app.close()
  }
  // Not in plaintext in any file of the data folder (nor base64 of it in the settings).
  expect(filesUnder(userDataDir).length).toBeGreaterThan(0)
  expect(filesContaining(userDataDir, PASSWORD)).toEqual([])
  expect(filesContaining(userDataDir, Buffer.from(PASSWORD).toString('base64'))).toEqual([])
})

it('a password typed unencoded into the proxy address is moved to the secrets, never shown, and used', async () => {
  const typed = `p:/?#[]@!$&'()*+,;=% пароль`
  const strict = await startHttpProxy({ username: 'bob', password: typed })
  const userDataDir = newDataDir()
  const app = await launch({ userDataDir })
  const { page } = app
  try {
    await addProviderQuickly(app, fake)
    await page.getByRole('button', { name: 'Preferences' }).click()
    const dialog = preferencesDialog(page)
    await addProxyRoute(dialog)
    await dialog.getByRole('radio', { name: /^Manual/ }).check()
    await dialog.getByLabel('Bypass the proxy for').fill('')
    const http = dialog.getByLabel('HTTP proxy', { exact: true })
    await http.fill(`http://bob:${typed}@127.0.0.1:${strict.port}`)
    await http.press('Enter')
    await expect.poll(() => http.inputValue()).toBe(`http://127.0.0.1:${strict.port}`)
    expect(await dialog.getByLabel('Username').inputValue()).toBe('bob')
    expect(await dialog.locator('label', { has: page.locator('.secret-status') }).innerText()).toBe(
      'Password set',
    )
    await expectNowhereInPage(page, typed)
    await closePreferences(page)

    fake.enqueue({ text: 'Hello through the strict proxy.' })
    await sendMessage(page, 'Is the password right?')
    await waitForIdle(page)
    await lastReply(page).getByText('Hello through the strict proxy.').waitFor()
    expect(strict.seen.length).toBeGreaterThan(0)
    expectChallengesAnswered(strict.seen)
    await expectNowhereInPage(page, typed)
  } finally {
    await app.close()
    await strict.close()
  }
  expect(filesContaining(userDataDir, typed)).toEqual([])
  expect(filesContaining(userDataDir, encodeURIComponent(typed))).toEqual([])
})

/** The secret is in no markup, text, field value or attribute of the page. */
async function expectNowhereInPage(page: import('playwright-core').Page, secret: string): Promise<void> {
  const found = await page.evaluate((needle) => {
    const places: string[] = []
    if (document.documentElement.outerHTML.includes(needle)) places.push('html')
    if (document.body.innerText.includes(needle)) places.push('text')
    for (const field of document.querySelectorAll<HTMLInputElement | HTMLTextAreaElement>(
      'input, textarea',
    )) {
      if (field.value.includes(needle)) places.push(`value of ${field.outerHTML}`)
    }
    return places
  }, secret)
  expect(found).toEqual([])
}

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
