import { expect, it } from 'vitest'
import type { FakeProvider } from '../fixtures/fake-provider'
import { startHttpProxy } from '../fixtures/http-proxy'
import type { LaunchedApp } from './harness'
import {
  chatRequests,
  lastReply,
  preferencesDialog,
  reload,
  sendMessage,
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
      proxy: { mode: 'manual', httpProxy: `127.0.0.1:${proxy.port}`, username: 'bob', bypass: [] },
    })
    await settings.setSecret({ target: { type: 'proxy' }, value: 'a-wrong-one' })
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
    expect(await dialog.getByRole('tab', { name: 'Proxy' }).getAttribute('aria-selected')).toBe('true')
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
  expect(await dialog.getByRole('tab', { name: 'Proxy' }).getAttribute('aria-selected')).toBe('true')
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
