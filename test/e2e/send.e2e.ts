/**
 * Sending as a new user meets it: a send that cannot start (a provider, but no model chosen) keeps the
 * text and saves nothing, and once a model is chosen the provider gets the message once; a new
 * provider's first model is chosen for you; your own message comes into view wherever you had
 * scrolled, and "Jump to latest" brings you back to a reply growing below the fold.
 */
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { afterAll, afterEach, beforeEach, expect, it } from 'vitest'
import { startFakeProvider, type FakeProvider } from '../fixtures/fake-provider'
import type { Message } from '../../src/shared/domain'
import { closeBrowser } from './harness'
import {
  addCustomProviderInPreferences,
  addProviderQuickly,
  chatRequests,
  closePreferences,
  conversation,
  exportEnvelope,
  launch,
  messageBox,
  newDataDir,
  reload,
  removeDataDirs,
  sendMessage,
  sidebarItem,
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

const QUESTION = 'Как настроить SOCKS5-прокси с логином и паролем, чтобы DNS тоже шёл через прокси?'

it('a provider but no model: Send says to choose one and saves nothing; then the message goes once', async () => {
  // The provider lists no models, so none can be chosen for the user.
  fake.models = []
  const dataDir = newDataDir()
  const app = await launch({ userDataDir: dataDir })
  const { page } = app
  try {
    await page.getByRole('button', { name: 'Add a provider' }).click()
    await addCustomProviderInPreferences(page, { name: 'Fake AI', baseURL: fake.baseURL, apiKey: 'sk-e2e-1' })
    await closePreferences(page)
    expect(await page.getByRole('combobox', { name: 'Model' }).inputValue()).toBe('')

    await messageBox(page).fill(QUESTION)
    await page.getByRole('button', { name: 'Send' }).click()
    const alert = page.getByRole('alert')
    await alert.waitFor()
    expect(await alert.innerText()).toContain('Choose a model in the Model picker at the top of the chat')
    expect(await alert.innerText()).not.toMatch(/add a provider/i)
    await page.screenshot({ path: join(tmpdir(), 'proxychat-send-no-model.png') })
    expect(await messageBox(page).inputValue()).toBe(QUESTION)
    expect(await app.backend.backend.conversations.list()).toEqual([])
    expect(await userMessages(page).count()).toBe(0)
    expect(chatRequests(fake)).toHaveLength(0)

    // A model the provider does not list, typed in the Model picker.
    const picker = page.getByRole('combobox', { name: 'Model' })
    await picker.click()
    await picker.fill('gpt-4o-mini')
    await page.getByRole('option', { name: 'Use “gpt-4o-mini”' }).click()
    await alert.waitFor({ state: 'detached' })
    fake.enqueue({ text: 'Откройте Настройки → Прокси.', ratePerSecond: 50 })
    await messageBox(page).press('Enter')
    await waitForIdle(page)

    const requests = chatRequests(fake)
    expect(requests).toHaveLength(1)
    const sent = (requests[0]?.body as { messages: { role: string; content: string }[] }).messages
    expect(sent.filter((m) => m.role === 'user')).toEqual([{ role: 'user', content: QUESTION }])
    // What the window shows is what was saved: one message, before and after a reload.
    await expect.poll(() => userMessages(page).count()).toBe(1)
    const listed = await app.backend.backend.conversations.list()
    expect(listed).toHaveLength(1)
    const stored = await app.backend.backend.conversations.get(listed[0]?.id ?? '')
    expect(stored.messages.map((m) => m.role)).toEqual(['user', 'assistant'])
    await reload(page)
    await sidebarItem(page, stored.title).click()
    await expect.poll(() => userMessages(page).count()).toBe(1)
  } finally {
    await app.close()
  }
})

it('after adding the first provider its first model is chosen, and Send just works', async () => {
  const app = await launch({ userDataDir: newDataDir() })
  const { page } = app
  try {
    await page.getByRole('button', { name: 'Add a provider' }).click()
    await addCustomProviderInPreferences(page, { name: 'Fake AI', baseURL: fake.baseURL, apiKey: 'sk-e2e-2' })
    await closePreferences(page)
    // The first of the provider's models as the picker lists them (sorted by name).
    await expect.poll(() => page.getByRole('combobox', { name: 'Model' }).inputValue()).toBe('gpt-4o')
    fake.enqueue({ text: 'Готово.' })
    await sendMessage(page, QUESTION)
    await waitForIdle(page)
    expect((chatRequests(fake)[0]?.body as { model: string }).model).toBe('gpt-4o')
    expect(await page.getByRole('alert').count()).toBe(0)
  } finally {
    await app.close()
  }
})

/** A long, realistic conversation: questions and multi-paragraph answers with code. */
function longHistory(turns: number): Message[] {
  const messages: Message[] = []
  const at = Date.now() - 60_000
  for (let i = 0; i < turns; i++) {
    messages.push({
      id: `u${i}`,
      role: 'user',
      content: `Вопрос ${i + 1}: как проверить, что запрос ${i} идёт через прокси?`,
      createdAt: at + i * 2,
      status: 'done',
    })
    messages.push({
      id: `a${i}`,
      role: 'assistant',
      content:
        `Ответ ${i + 1}. Выполните запрос через curl и посмотрите, с какого адреса он пришёл:\n\n` +
        '```sh\ncurl -x socks5h://user:pass@127.0.0.1:1080 https://example.com/ip\n```\n\n' +
        'Если адрес совпадает с адресом прокси, всё настроено верно. Иначе проверьте список исключений ' +
        'и настройки DNS: при socks5h имена разрешает сам прокси.',
      createdAt: at + i * 2 + 1,
      status: 'done',
    })
  }
  return messages
}

/** The message list's scroller: how far from the bottom it is, in pixels. */
function distanceFromBottom(page: Page): Promise<number> {
  return page.locator('.message-list').evaluate((el) => el.scrollHeight - el.scrollTop - el.clientHeight)
}

async function scrollToTop(page: Page): Promise<void> {
  const list = page.locator('.message-list')
  await list.hover()
  // As a user does: keep scrolling up. A long conversation opens at its end and adds its older messages above
  // once they arrive (the view stays put), so the top may be further away after the first wheel turns.
  await expect
    .poll(async () => {
      for (let i = 0; i < 5; i++) await page.mouse.wheel(0, -5_000)
      return list.evaluate((el) => el.scrollTop)
    })
    .toBeLessThan(50)
}

async function inView(page: Page, text: string): Promise<boolean> {
  const list = await page.locator('.message-list').boundingBox()
  const bubble = await userMessages(page)
    .filter({ hasText: text })
    .last()
    .boundingBox({ timeout: 500 })
    .catch(() => null)
  if (!list || !bubble) return false
  return bubble.y >= list.y - 1 && bubble.y + bubble.height <= list.y + list.height + 1
}

it('a message sent while scrolled up comes into view; Jump to latest follows a reply below the fold', async () => {
  const app = await launch({ userDataDir: newDataDir() })
  const { page } = app
  try {
    await addProviderQuickly(app, fake)
    await app.backend.backend.conversations.import({
      json: exportEnvelope([conversation('long', 'Прокси и DNS', longHistory(40))]),
    })
    await reload(page)
    await sidebarItem(page, 'Прокси и DNS').click()
    await userMessages(page).first().waitFor()
    const jump = page.getByRole('button', { name: 'Jump to latest' })

    // Scrolled to the top, the user sends: their message is brought into view. The top is the conversation's
    // first message (80 messages: it opened at its end, and the older ones came in above).
    await scrollToTop(page)
    await expect.poll(() => userMessages(page).first().textContent()).toContain('Вопрос 1:')
    fake.enqueue({ text: 'Коротко: да.', ratePerSecond: 50 })
    const mine = 'А если прокси требует пароль с символом @?'
    await sendMessage(page, mine)
    await expect.poll(() => inView(page, mine)).toBe(true)
    await waitForIdle(page)
    await expect.poll(() => distanceFromBottom(page)).toBeLessThan(80)
    expect(await jump.count()).toBe(0)

    // Scrolled away with nothing streaming: the way back is offered too.
    await scrollToTop(page)
    await jump.click()
    await expect.poll(() => distanceFromBottom(page)).toBeLessThan(80)
    await jump.waitFor({ state: 'detached' })

    // A long reply streams; the user scrolls up to reread, and the reply goes on below the fold.
    const words = Array.from({ length: 400 }, (_, i) => `слово${i} `)
    fake.enqueue({ text: words, ratePerSecond: 40 })
    await sendMessage(page, 'Расскажи подробно про socks5h.')
    await page.getByRole('button', { name: 'Stop' }).waitFor()
    await scrollToTop(page)
    await jump.waitFor()
    // The reply grows below; the user is left where they are reading.
    await new Promise((done) => setTimeout(done, 300))
    expect(await page.locator('.message-list').evaluate((el) => el.scrollTop)).toBeLessThan(50)
    await page.screenshot({ path: join(tmpdir(), 'proxychat-jump-to-latest.png') })
    await jump.click()
    await expect.poll(() => distanceFromBottom(page)).toBeLessThan(80)
    await jump.waitFor({ state: 'detached' })
    // Following resumed: as the reply grows, the view stays at its end.
    const before = await page.locator('.message-list').evaluate((el) => el.scrollHeight)
    const distances: number[] = []
    const buttons: number[] = []
    // Sampled until the reply has grown by 200 px (however slow the machine), at most 15 s.
    let after = before
    for (let i = 0; i < 150 && after - before <= 200; i++) {
      await new Promise((done) => setTimeout(done, 100))
      distances.push(await distanceFromBottom(page))
      buttons.push(await jump.count())
      after = await page.locator('.message-list').evaluate((el) => el.scrollHeight)
    }
    expect(after - before).toBeGreaterThan(200)
    // At most a line behind at any moment, and no "Jump to latest" while following.
    expect(Math.max(...distances)).toBeLessThan(40)
    expect(buttons.every((n) => n === 0)).toBe(true)
    expect(await jump.count()).toBe(0)
    await page.getByRole('button', { name: 'Stop' }).click()
    await waitForIdle(page)
  } finally {
    await app.close()
  }
})
