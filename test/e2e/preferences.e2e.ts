import type { Page } from 'playwright-core'
import { defaultRoute } from '../fixtures/routes'
import { afterAll, afterEach, beforeEach, expect, it } from 'vitest'
import { startFakeProvider, type FakeProvider } from '../fixtures/fake-provider'
import { closeBrowser } from './harness'
import {
  addCustomProviderInPreferences,
  addProviderQuickly,
  launch,
  newDataDir,
  preferencesDialog,
  removeDataDirs,
  addProxyRoute,
} from './helpers'

let fake: FakeProvider

beforeEach(async () => {
  fake = await startFakeProvider()
})
afterEach(async () => {
  await fake.close()
})
afterAll(async () => {
  await closeBrowser()
  removeDataDirs()
})

/** Where focus is: inside the Preferences dialog, on <body>, or elsewhere. */
function focusPlace(page: Page): Promise<string> {
  return page.evaluate(() => {
    const active = document.activeElement
    if (!active || active === document.body) return 'body'
    return active.closest('[role="dialog"]') ? 'dialog' : `outside: ${active.outerHTML.slice(0, 80)}`
  })
}

it('after Save or Test, focus stays in Preferences and Escape closes them', async () => {
  const app = await launch({ userDataDir: newDataDir() })
  const { page } = app
  try {
    // The welcome's button opens Preferences at the list of providers to choose from.
    await page.getByRole('button', { name: 'Add a provider' }).click()
    const dialog = preferencesDialog(page)
    // Save replaces the form with the list: the focused button is gone.
    await addCustomProviderInPreferences(page, {
      name: 'Fake AI',
      baseURL: fake.baseURL,
      apiKey: 'sk-e2e-5678',
    })
    await expect.poll(() => focusPlace(page)).toBe('dialog')
    await page.keyboard.press('Escape')
    await dialog.waitFor({ state: 'detached' })

    // Test connection disables itself while it runs.
    await page.keyboard.press('Control+,')
    await dialog.getByRole('tab', { name: 'Routes' }).click()
    await dialog.getByRole('button', { name: 'Test connection' }).click()
    await dialog.locator('.report').waitFor()
    await expect.poll(() => focusPlace(page)).toBe('dialog')
    await page.keyboard.press('Escape')
    await dialog.waitFor({ state: 'detached' })
  } finally {
    await app.close()
  }
})

it('closing with an invalid proxy address asks; Keep editing keeps it, fixed it is saved', async () => {
  const app = await launch({ userDataDir: newDataDir() })
  const { page } = app
  try {
    await addProviderQuickly(app, fake)
    await page.getByRole('button', { name: 'Preferences' }).click()
    const dialog = preferencesDialog(page)
    await addProxyRoute(dialog)
    await dialog.getByRole('radio', { name: /^Manual/ }).check()
    const http = dialog.getByLabel('HTTP proxy', { exact: true })
    await http.fill('proxy.corp.example')
    await page.keyboard.press('Escape')
    const ask = page.getByRole('alertdialog', { name: 'Unsaved changes' })
    await ask.waitFor()
    const shot = process.env['PREFS_SCREENSHOT_ASK']
    if (shot) await page.screenshot({ path: shot })
    await dialog.getByText('Add the port, for example proxy.example.com:3128.').waitFor()
    await ask.getByRole('button', { name: 'Keep editing' }).click()
    await ask.waitFor({ state: 'detached' })
    expect(await http.inputValue()).toBe('proxy.corp.example')
    await http.fill('proxy.corp.example:3128')
    await page.keyboard.press('Escape')
    await dialog.waitFor({ state: 'detached' })
    expect(defaultRoute(await app.backend.backend.settings.get()).httpProxy).toBe('proxy.corp.example:3128')
  } finally {
    await app.close()
  }
})

it('the empty bypass list shows no sample hosts, and no corner pokes out of the rounded dialog', async () => {
  const app = await launch({ userDataDir: newDataDir() })
  const { page } = app
  try {
    await addProviderQuickly(app, fake)
    await page.getByRole('button', { name: 'Preferences' }).click()
    const dialog = preferencesDialog(page)
    await addProxyRoute(dialog)
    await dialog.getByRole('radio', { name: /^Manual/ }).check()
    const bypass = dialog.getByLabel('Bypass the proxy for')
    await bypass.fill('')
    await bypass.blur()
    expect(await bypass.getAttribute('placeholder')).toBeNull()
    await dialog.getByText('Empty: every address goes through the proxy.', { exact: false }).waitFor()
    const shot = process.env['PREFS_SCREENSHOT']
    if (shot) {
      await bypass.scrollIntoViewIfNeeded()
      await page.screenshot({ path: shot })
    }

    // Just inside the dialog's box at its bottom-left corner, outside the rounded border: the backdrop shows.
    const corner = await dialog.evaluate((el) => {
      const box = el.getBoundingClientRect()
      const hit = document.elementFromPoint(box.left + 2, box.bottom - 2)
      return hit?.className ?? ''
    })
    expect(corner).toBe('dialog-backdrop')
  } finally {
    await app.close()
  }
})
