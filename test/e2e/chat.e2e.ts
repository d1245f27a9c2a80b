import { afterAll, afterEach, beforeEach, expect, it } from 'vitest'
import { startFakeProvider, type FakeProvider } from '../fixtures/fake-provider'
import { closeBrowser } from './harness'
import {
  addCustomProviderInPreferences,
  addProviderQuickly,
  chatRequests,
  chooseModel,
  closePreferences,
  lastChatRequest,
  lastReply,
  launch,
  newDataDir,
  preferencesDialog,
  removeDataDirs,
  sendMessage,
  waitForIdle,
} from './helpers'

let fake: FakeProvider

beforeEach(async () => {
  fake = await startFakeProvider({ models: ['gpt-4o-mini', 'gpt-4o'] })
})
afterEach(async () => {
  await fake.close()
})
afterAll(async () => {
  await closeBrowser()
  removeDataDirs()
})

const REPLY =
  'A SOCKS5 proxy forwards your TCP connections through another machine. ' +
  'Set its host and port, add a username and password if it asks for them, ' +
  'and turn on remote DNS so that host names are resolved on the proxy side too. ' +
  'Then test the connection to see each step succeed.'

it('first run: welcome → add a provider → choose a model → a streamed reply', async () => {
  const app = await launch({ userDataDir: newDataDir() })
  const { page } = app
  try {
    await page.getByRole('heading', { name: 'Welcome to ProxyChat' }).waitFor()
    await page.getByRole('button', { name: 'Add a provider' }).click()
    await addCustomProviderInPreferences(page, {
      name: 'Fake AI',
      baseURL: fake.baseURL,
      apiKey: 'sk-e2e-secret-key-42',
    })
    await closePreferences(page)

    await chooseModel(page, 'gpt-4o')
    fake.enqueue({ text: REPLY, ratePerSecond: 25 })
    await sendMessage(page, 'How do I set up a SOCKS5 proxy?')

    const reply = lastReply(page)
    // Partial text first, then more of it: the reply streams in.
    const lengths: number[] = []
    await expect
      .poll(async () => {
        const text = (await reply.locator('.markdown').textContent()) ?? ''
        if (text.length > 0) lengths.push(text.length)
        return text.length
      })
      .toBeGreaterThan(0)
    expect(lengths[0]).toBeLessThan(REPLY.length)
    await expect
      .poll(async () => ((await reply.locator('.markdown').textContent()) ?? '').length)
      .toBeGreaterThan(lengths[0] ?? 0)
    await page.getByRole('button', { name: 'Stop' }).waitFor()

    await waitForIdle(page)
    expect((await reply.locator('.markdown').innerText()).replace(/\s+/g, ' ').trim()).toBe(REPLY)
    await page.getByText(/Fake AI · gpt-4o · \d+ tokens/).waitFor()

    const request = chatRequests(fake)[0]
    expect(request?.headers.authorization).toBe('Bearer sk-e2e-secret-key-42')
    expect(request?.body).toMatchObject({ model: 'gpt-4o', stream: true })
    await page.getByRole('navigation', { name: 'Conversations' })
      .getByRole('button', { name: 'How do I set up a SOCKS5 proxy?' })
      .waitFor()
  } finally {
    await app.close()
  }
})
