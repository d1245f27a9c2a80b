import { expect, it } from 'vitest'
import { routesFor } from '../fixtures/routes'
import type { FakeProvider } from '../fixtures/fake-provider'
import { startHttpProxy } from '../fixtures/http-proxy'
import type { LaunchedApp } from './harness'
import {
  chatRequests,
  lastChatRequest,
  lastReply,
  preferencesDialog,
  reload,
  sendMessage,
  sidebarItem,
  textOf,
  waitForIdle,
  withAppAndFakeProvider,
} from './helpers'

let fake: FakeProvider
let app: LaunchedApp

withAppAndFakeProvider((launched, provider) => {
  app = launched
  fake = provider
})

function errorUnder(reply: ReturnType<typeof lastReply>) {
  return reply.getByRole('alert')
}

it('auth (401): the error offers the provider’s API key', async () => {
  const { page } = app
  fake.enqueue({ status: 401 })
  await sendMessage(page, 'Hello?')
  const error = errorUnder(lastReply(page))
  await error.getByText('The provider did not accept the API key').waitFor()
  await error.getByText("Check the provider's API key in Preferences.").waitFor()
  await error.getByRole('button', { name: 'Check the API key' }).click()

  const dialog = preferencesDialog(page)
  expect(await dialog.getByRole('tab', { name: 'Providers' }).getAttribute('aria-selected')).toBe('true')
  // The provider's own form, its key field ready for a new key.
  await dialog.getByRole('heading', { name: 'Fake AI' }).waitFor()
  const key = dialog.getByLabel(/^API key/)
  expect(await key.getAttribute('type')).toBe('password')
  expect(await key.inputValue()).toBe('')
  // One attempt only: a wrong key does not heal by retrying.
  expect(chatRequests(fake)).toHaveLength(1)
})

it('proxy_auth (wrong proxy password): the error opens the proxy preferences', async () => {
  const { page } = app
  const proxy = await startHttpProxy({ username: 'bob', password: 'the-right-one' })
  try {
    const { settings } = app.backend.backend
    await settings.update({
      ...routesFor({ mode: 'manual', httpProxy: `127.0.0.1:${proxy.port}`, username: 'bob', bypass: [] }),
    })
    await settings.setSecret({ target: { type: 'route', routeId: 'proxy' }, value: 'a-wrong-one' })
    await reload(page)

    await sendMessage(page, 'Hello through the proxy?')
    const error = errorUnder(lastReply(page))
    await error.getByText('The proxy did not accept the username or password').waitFor()
    await error.getByText("Check the proxy's username and password in Preferences.").waitFor()
    expect(proxy.seen.length).toBeGreaterThan(0)
    expect(proxy.seen.every((s) => !s.authorized)).toBe(true)
    expect(chatRequests(fake)).toHaveLength(0)

    await error.getByRole('button', { name: 'Open proxy settings' }).click()
    const dialog = preferencesDialog(page)
    expect(await dialog.getByRole('tab', { name: 'Routes' }).getAttribute('aria-selected')).toBe('true')
    expect(await dialog.getByLabel('Username').inputValue()).toBe('bob')
    await dialog.getByLabel(/^Password/).waitFor()
  } finally {
    await proxy.close()
  }
})

it('region (403 unsupported_country_region_territory): advice about the proxy’s country', async () => {
  const { page } = app
  fake.enqueue({
    status: 403,
    body: {
      error: {
        code: 'unsupported_country_region_territory',
        message: 'Country, region, or territory not supported',
      },
    },
  })
  await sendMessage(page, 'Hello from far away')
  const error = errorUnder(lastReply(page))
  await error.getByText('The provider does not serve your region').waitFor()
  await error.getByText(/Use a proxy located in a country the provider serves/).waitFor()
  await error.getByRole('button', { name: 'Open proxy settings' }).click()
  const dialog = preferencesDialog(page)
  expect(await dialog.getByRole('tab', { name: 'Routes' }).getAttribute('aria-selected')).toBe('true')
  expect(chatRequests(fake)).toHaveLength(1)
})

it('rate_limit (429): the retry status appears, then the reply', async () => {
  const { page } = app
  fake.enqueue({ status: 429, headers: { 'retry-after': '2' } }, { text: 'Worth the wait.' })
  await sendMessage(page, 'Busy?')
  const reply = lastReply(page)
  const status = reply.getByRole('status')
  await status.getByText(/^Retrying 2\/3 via Fake AI( in [12] s)? — rate limited$/).waitFor()
  await reply.getByText('Worth the wait.').waitFor()
  await waitForIdle(page)
  expect(await status.count()).toBe(0)
  expect(await reply.getByRole('alert').count()).toBe(0)
  expect(chatRequests(fake)).toHaveLength(2)
})

it('server (500) on every attempt: the error offers Retry, which gets the reply', async () => {
  const { page } = app
  const failure = { status: 500, headers: { 'retry-after': '0' } }
  fake.enqueue(failure, failure, failure)
  await sendMessage(page, 'Anyone there?')
  const error = errorUnder(lastReply(page))
  await error.getByText('The provider had a server error').waitFor()
  expect(chatRequests(fake)).toHaveLength(3)

  fake.enqueue({ text: 'Back online.' })
  await error.getByRole('button', { name: 'Retry' }).click()
  await lastReply(page).getByText('Back online.').waitFor()
  await waitForIdle(page)
  expect(await lastReply(page).getByRole('alert').count()).toBe(0)
})

it('a stream that fails midway keeps its partial text under the error', async () => {
  const { page } = app
  const words = Array.from({ length: 60 }, (_, i) => `word${i}`).join(' ')
  fake.enqueue({ text: words, dropAfterBytes: 2000 })
  await sendMessage(page, 'Tell me a long story')
  const reply = lastReply(page)
  await errorUnder(reply).waitFor()
  const kept = await textOf(reply.locator('.markdown'))
  expect(kept).toMatch(/^word0 word1/)
  expect(words.startsWith(kept.trim())).toBe(true)
  expect(kept.trim().length).toBeLessThan(words.length)
})

it('a connection dropped mid-reply offers Continue next to Retry; Continue appends to the kept text', async () => {
  const { page } = app
  const story = Array.from({ length: 80 }, (_, i) => `Глава ${i}: путь через прокси.`).join(' ')
  fake.enqueue({ text: story, dropAfterBytes: 2500 }, { text: ' И вот конец истории.' })
  await sendMessage(page, 'Расскажи длинную историю')
  const reply = lastReply(page)
  const error = errorUnder(reply)
  await error.getByText('The reply was cut off before it finished').waitFor()
  expect(await error.getByRole('button').allInnerTexts()).toEqual(['Continue', 'Retry'])
  await page.screenshot({ path: '/tmp/errs-cut-off.png' })
  const kept = (await textOf(reply.locator('.markdown'))).trim()
  expect(kept.length).toBeGreaterThan(0)
  expect(story.startsWith(kept)).toBe(true)

  await error.getByRole('button', { name: 'Continue' }).click()
  await waitForIdle(page)
  await expect.poll(() => textOf(reply.locator('.markdown'))).toContain('И вот конец истории.')
  const whole = (await textOf(reply.locator('.markdown'))).trim()
  expect(whole).toBe(`${kept} И вот конец истории.`)
  expect(await reply.getByRole('alert').count()).toBe(0)
  // The provider was asked to go on from the kept text, which is not sent twice.
  const sent = chatRequests(fake).at(-1)?.body as { messages: { role: string; content: string }[] }
  expect(sent.messages.at(-2)).toEqual({ role: 'assistant', content: kept })
  expect(sent.messages.filter((m) => m.role === 'assistant')).toHaveLength(1)

  await reload(page)
  await sidebarItem(page, 'Расскажи длинную историю').click()
  await expect.poll(async () => (await textOf(lastReply(page).locator('.markdown'))).trim()).toBe(whole)
})

it('a provider silent before its first byte: the window says how long it has waited, with Stop', async () => {
  const { page } = app
  // The window's clock is the test's: no real waiting for the notice.
  await page.clock.install()
  await reload(page)
  fake.enqueue({ text: 'Too late.', headersDelayMs: 600_000 })
  await sendMessage(page, 'Think for a long time, please')
  const reply = lastReply(page)
  await reply.getByLabel('Writing').waitFor()
  expect(await reply.getByRole('status').count()).toBe(0)
  // Stop the page's time a moment ahead (it flows meanwhile, so aim a little further on a busy machine).
  for (let margin = 250; ; margin *= 2) {
    const now = await page.evaluate(() => Date.now())
    const paused = await page.clock.pauseAt(now + margin).then(
      () => true,
      (error: unknown) => {
        if (margin >= 2_000) throw error
        return false
      },
    )
    if (paused) break
  }
  await page.clock.runFor(12_000)
  const status = reply.getByRole('status')
  const seconds = async (): Promise<number> =>
    Number(/Waiting for Fake AI… (\d+) s/.exec(await status.innerText())?.[1] ?? NaN)
  const first = await seconds()
  // The notice redraws on a 1 s tick that started before the pause, so after 12 s it may still show the
  // value from the tick before: 11 s when the reply began just before the pause.
  expect(first).toBeGreaterThanOrEqual(11)
  expect(first).toBeLessThanOrEqual(16)
  await page.clock.runFor(30_000)
  expect(await seconds()).toBe(first + 30)
  await status.getByText(/Reasoning models can think for minutes/).waitFor()
  await page.screenshot({ path: '/tmp/errs-waiting.png' })

  await page.clock.resume()
  const index = lastChatRequest(fake)
  await status.getByRole('button', { name: 'Stop waiting' }).click()
  await fake.waitForClientClose(index)
  await reply.getByText('Stopped', { exact: true }).waitFor()
  expect(await reply.getByRole('status').count()).toBe(0)
})

it('every provider failing: one headline, one line per provider, the advice once', async () => {
  const { page } = app
  const { settings } = app.backend.backend
  const current = await settings.get()
  const backup = {
    id: 'backup',
    kind: 'custom' as const,
    name: 'Backup AI',
    baseURL: fake.baseURL,
    enabled: true,
  }
  await settings.update({
    providers: [...current.providers.map(({ apiKey: _key, ...config }) => config), backup],
    retry: { maxRetries: 2, singleProviderRetry: true, shuffle: false, fallbackProviderIds: ['backup'] },
  })
  await settings.setSecret({ target: { type: 'provider', providerId: 'backup' }, value: 'sk-backup-5678' })
  await reload(page)
  const busy = { status: 503, headers: { 'retry-after': '0' } }
  fake.enqueue(busy, busy, {
    status: 401,
    body: { error: { message: 'Incorrect API key provided', code: 'invalid_api_key' } },
  })
  await sendMessage(page, 'Anyone?')
  const error = errorUnder(lastReply(page))
  await error.getByText('No provider could answer').waitFor()
  expect(await error.getByRole('listitem').allInnerTexts()).toEqual([
    'Fake AI · 2 attempts · server error (HTTP 503): “Fake provider error 503”',
    'Backup AI · 1 attempt · invalid API key (HTTP 401): “Incorrect API key provided”',
  ])
  const text = await error.innerText()
  expect(text.split("Check the provider's API key in Preferences.")).toHaveLength(2)
  // Nobody answered, so nothing says who did.
  expect(
    await lastReply(page)
      .getByText(/Answered by/)
      .count(),
  ).toBe(0)
  await page.screenshot({ path: '/tmp/errs-all-failed.png' })
})
