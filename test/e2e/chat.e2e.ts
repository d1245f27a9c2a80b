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
  removeDataDirs,
  replies,
  sendMessage,
  sidebarItem,
  textOf,
  userMessages,
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
    // Model, tokens and time, quietly, once done.
    await reply.getByText(/gpt-4o · \d+ → \d+ tokens · [\d.]+ s/).waitFor()

    const request = chatRequests(fake)[0]
    expect(request?.headers.authorization).toBe('Bearer sk-e2e-secret-key-42')
    expect(request?.body).toMatchObject({ model: 'gpt-4o', stream: true })
    await sidebarItem(page, 'How do I set up a SOCKS5 proxy?').waitFor()
  } finally {
    await app.close()
  }
})

it('Stop during a stream keeps the partial reply, marked stopped, and closes the connection', async () => {
  const app = await launch({ userDataDir: newDataDir() })
  const { page } = app
  try {
    await addProviderQuickly(app, fake)
    fake.enqueue({ text: REPLY, ratePerSecond: 10 })
    await sendMessage(page, 'Explain SOCKS5 slowly')
    const reply = lastReply(page)
    await expect.poll(() => textOf(reply.locator('.markdown'))).toMatch(/A SOCKS5 proxy forwards/)
    const index = lastChatRequest(fake)
    await page.getByRole('button', { name: 'Stop' }).click()

    await reply.getByText('Stopped', { exact: true }).waitFor()
    await fake.waitForClientClose(index)
    await waitForIdle(page)
    const kept = (await textOf(reply.locator('.markdown'))).replace(/\s+/g, ' ').trim()
    expect(kept.length).toBeGreaterThan(0)
    expect(kept.length).toBeLessThan(REPLY.length)
    expect(REPLY.startsWith(kept)).toBe(true)
    // Continue and Regenerate are offered for the interrupted reply.
    await reply.getByRole('button', { name: 'Continue' }).waitFor()
    await reply.getByRole('button', { name: 'Regenerate' }).first().waitFor()

    // Main saved the same partial text, marked stopped.
    const [summary] = await app.backend.backend.conversations.list()
    const saved = await app.backend.backend.conversations.get(summary?.id ?? '')
    expect(saved.messages.at(-1)).toMatchObject({ role: 'assistant', status: 'stopped' })
    expect(saved.messages.at(-1)?.content.replace(/\s+/g, ' ').trim()).toBe(kept)
  } finally {
    await app.close()
  }
})

it('close and relaunch with the same data folder: the conversation and its messages are there', async () => {
  const userDataDir = newDataDir()
  const first = await launch({ userDataDir })
  try {
    await addProviderQuickly(first, fake)
    fake.enqueue({ text: REPLY })
    await sendMessage(first.page, 'Which proxy types are there?')
    await waitForIdle(first.page)
    await lastReply(first.page)
      .getByText(/Then test the connection/)
      .waitFor()
    fake.enqueue({ text: 'Yes: put user:password in the proxy settings, never in the URL.' })
    await sendMessage(first.page, 'Can it use a password?')
    await waitForIdle(first.page)
    await lastReply(first.page)
      .getByText(/never in the URL/)
      .waitFor()
  } finally {
    await first.close()
  }

  const second = await launch({ userDataDir })
  const { page } = second
  try {
    // No welcome: the provider is still there, and so is the conversation.
    const item = sidebarItem(page, 'Which proxy types are there?')
    await item.waitFor()
    await item.click()
    await page.getByRole('heading', { name: 'Which proxy types are there?' }).waitFor()
    await expect
      .poll(() => userMessages(page).allInnerTexts())
      .toEqual(['Which proxy types are there?', 'Can it use a password?'])
    await expect.poll(() => replies(page).count()).toBe(2)
    await replies(page)
      .first()
      .getByText(/Then test the connection/)
      .waitFor()
    await lastReply(page)
      .getByText(/never in the URL/)
      .waitFor()
    // And it goes on: a new message in the reopened conversation is answered.
    fake.enqueue({ text: 'Still here.' })
    await sendMessage(page, 'Are you there?')
    await waitForIdle(page)
    await lastReply(page).getByText('Still here.').waitFor()
    const request = chatRequests(fake).at(-1)
    expect((request?.body as { messages: unknown[] }).messages).toHaveLength(5)
  } finally {
    await second.close()
  }
})

it('first run offers a local Ollama that answers, and chats with it without a key', async () => {
  const ollama = await startFakeProvider({ models: ['llama3.1:8b', 'qwen2.5:7b'] })
  const app = await launch({
    userDataDir: newDataDir(),
    localServers: [{ kind: 'ollama', baseURL: ollama.baseURL }],
  })
  const { page } = app
  try {
    await page.getByText('Found on this computer').waitFor()
    await page.getByText(`${ollama.baseURL} · 2 models`).waitFor()
    await page.getByRole('button', { name: 'Use Ollama' }).click()
    await page.getByRole('button', { name: 'New chat' }).waitFor()
    expect(await page.getByRole('combobox', { name: 'Model' }).inputValue()).toContain('llama3.1:8b')
    ollama.enqueue({ text: 'Hello from a local model.' })
    await sendMessage(page, 'Hi')
    await lastReply(page).getByText('Hello from a local model.').waitFor()
    const request = chatRequests(ollama)[0]
    expect(request?.body).toMatchObject({ model: 'llama3.1:8b' })
    expect(request?.headers.authorization ?? '').not.toMatch(/Bearer \S/)
  } finally {
    await app.close()
    await ollama.close()
  }
})
