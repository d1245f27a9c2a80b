/**
 * Usage and cost as a user sees them: the fake provider on 127.0.0.1 reports usage with cached tokens, the reply
 * shows its tokens and cost, the conversation its totals and context gauge; editing a price in Preferences
 * changes the cost at once; a table saved by an older version is offered the newly shipped models.
 */
import { afterAll, afterEach, beforeEach, expect, it } from 'vitest'
import { startFakeProvider, type FakeProvider } from '../fixtures/fake-provider'
import { closeBrowser } from './harness'
import {
  addProviderQuickly,
  chatRequests,
  closePreferences,
  lastReply,
  launch,
  newDataDir,
  preferencesDialog,
  reload,
  removeDataDirs,
  sendMessage,
  waitForIdle,
} from './helpers'

let fake: FakeProvider
beforeEach(async () => {
  fake = await startFakeProvider({ models: ['gpt-4o'] })
})
afterEach(async () => {
  await fake.close()
})
afterAll(async () => {
  await closeBrowser()
  removeDataDirs()
})

const REPLY =
  'Вот пример на TypeScript:\n\n```ts\nexport function sum(values: readonly number[]): number {\n' +
  '  return values.reduce((a, b) => a + b, 0)\n}\n```\n\nФункция складывает все числа массива.'

it('a reply shows tokens (cached apart) and cost; the conversation its totals and gauge; a new price updates the cost', async () => {
  const app = await launch({ userDataDir: newDataDir() })
  const { page } = app
  try {
    await addProviderQuickly(app, fake, { model: 'gpt-4o' })
    fake.enqueue({
      text: REPLY,
      usage: {
        prompt_tokens: 12_000,
        completion_tokens: 400,
        total_tokens: 12_400,
        prompt_tokens_details: { cached_tokens: 10_000 },
      },
    })
    await sendMessage(page, 'Напиши функцию суммы на TypeScript')
    await waitForIdle(page)
    // A custom server gets include_usage on trial.
    expect(chatRequests(fake)[0]?.body).toHaveProperty('stream_options', { include_usage: true })

    const meta = lastReply(page).locator('.message__meta')
    // 2,000 × $2.50 + 10,000 × $1.25 + 400 × $10 per 1M = $0.0215; the cached 10,000 saved 10,000 × $1.25.
    await expect
      .poll(() => meta.textContent())
      .toMatch(
        /^Fake AI · gpt-4o · 12,000 → 400 tokens \(10,000 cached\) · [\d.]+ s · \$0\.0215 · cache saved \$0\.0125$/,
      )
    const totals = page.getByRole('group', { name: 'Tokens and cost of this conversation' })
    await expect.poll(() => totals.textContent()).toContain('12,400 tokens in all · 10,000 cached · $0.0215')
    const gauge = page.getByRole('meter', { name: 'Context used' })
    expect(await gauge.getAttribute('aria-valuetext')).toBe('12,400 of 128,000 tokens (10%)')
    // The totals give way to the title in the header: the title keeps room to be read.
    const title = await page.getByRole('heading', { level: 1 }).boundingBox()
    expect(title?.width ?? 0).toBeGreaterThan(150)
    await page.screenshot({ path: '/tmp/u/usage-reply.png' })

    // Edit the input price of gpt-4o in Preferences → Prices.
    await page.getByRole('button', { name: 'Preferences' }).click()
    const dialog = preferencesDialog(page)
    await dialog.getByRole('tab', { name: 'Prices' }).click()
    const input = dialog.getByRole('textbox', { name: 'Input — gpt-4o', exact: true })
    await input.fill('-5')
    await dialog.getByRole('alert').waitFor()
    await page.screenshot({ path: '/tmp/u/usage-prices-invalid.png' })
    await input.fill('5')
    await dialog.getByRole('alert').waitFor({ state: 'detached' })
    await page.screenshot({ path: '/tmp/u/usage-prices.png' })
    await closePreferences(page)

    // 2,000 × $5 + 10,000 × $1.25 + 400 × $10 = $0.0265; saved 10,000 × ($5 − $1.25) = $0.0375.
    await expect.poll(() => meta.textContent()).toMatch(/ · \$0\.0265 · cache saved \$0\.0375$/)
    await expect.poll(() => totals.textContent()).toContain('$0.0265')
    // The price is saved: it is still there after a reload.
    await page.reload()
    await page.locator('.app:not(.app--loading)').waitFor()
    const settings = await app.backend.backend.settings.get()
    expect(settings.prices.find((p) => p.model === 'gpt-4o')?.input).toBe(5)
  } finally {
    await app.close()
  }
})

it('a price table saved before the shipped one grew is offered the new models; adding them keeps its own rows', async () => {
  const app = await launch({ userDataDir: newDataDir() })
  const { page } = app
  try {
    await addProviderQuickly(app, fake, { model: 'gpt-4o' })
    // What an older version saved: gpt-4o edited by the user, a model of their own, nothing newer.
    const saved = [
      { model: 'gpt-4o', input: 5, cachedInput: 1.25, output: 10 },
      { model: 'qwen-max', input: 1.6, output: 6.4 },
    ]
    await app.backend.backend.settings.update({ prices: saved })
    await reload(page)
    await page.getByRole('button', { name: 'Preferences' }).click()
    const dialog = preferencesDialog(page)
    await dialog.getByRole('tab', { name: 'Prices' }).click()
    await dialog.getByText(/^The shipped table has models yours lacks: gpt-5, /).waitFor()
    await page.screenshot({ path: '/tmp/u/usage-prices-missing.png' })
    await dialog.getByRole('button', { name: 'Add them (your rows stay as they are)' }).click()
    await dialog.getByRole('status').getByText('Shipped prices added at the end of the table').waitFor()
    await dialog
      .getByRole('textbox', { name: 'Input — claude-opus-5-5', exact: true })
      .scrollIntoViewIfNeeded()
    await page.screenshot({ path: '/tmp/u/usage-prices-added.png' })
    await closePreferences(page)
    const prices = (await app.backend.backend.settings.get()).prices
    expect(prices.slice(0, 2)).toStrictEqual(saved)
    expect(prices.find((p) => p.model === 'claude-opus-5-5')).toStrictEqual({
      model: 'claude-opus-5-5',
      input: 4,
      cachedInput: 0.2,
      cacheWrite: 5,
      output: 20,
    })
    expect(prices.filter((p) => p.model === 'gpt-4o')).toHaveLength(1)
  } finally {
    await app.close()
  }
})
