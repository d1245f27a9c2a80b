import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { expect, it } from 'vitest'
import type { FakeProvider } from '../fixtures/fake-provider'
import type { LaunchedApp } from './harness'
import {
  lastChatRequest,
  lastReply,
  messageBox,
  preferencesDialog,
  sendMessage,
  sidebarItem,
  textOf,
  waitForIdle,
  withAppAndFakeProvider,
} from './helpers'

const ru = JSON.parse(
  readFileSync(resolve(import.meta.dirname, '../../src/renderer/src/locales/ru.json'), 'utf8'),
) as { sidebar: { newChat: string; preferences: string }; composer: { message: string; send: string } }

let fake: FakeProvider
let app: LaunchedApp

withAppAndFakeProvider((launched, provider) => {
  app = launched
  fake = provider
})

/** The accessible name (aria-label) of the focused element. */
function focusedLabel(page: LaunchedApp['page']): Promise<string | null> {
  return page.evaluate(() => document.activeElement?.getAttribute('aria-label') ?? null)
}

it('Ctrl+N new chat, Ctrl+K search, Ctrl+, Preferences', async () => {
  const { page } = app
  fake.enqueue({ text: 'Sure.' })
  await sendMessage(page, 'First conversation')
  await waitForIdle(page)
  await page.getByRole('heading', { name: 'First conversation' }).waitFor()

  // Ctrl+N: an empty new chat, the message box ready.
  await page.keyboard.press('Control+n')
  await page.getByRole('heading', { name: 'New chat' }).waitFor()
  await page.getByRole('heading', { name: 'What can I help with?' }).waitFor()
  await expect.poll(() => focusedLabel(page)).toBe('Message')
  expect(await sidebarItem(page, 'First conversation').getAttribute('aria-current')).toBeNull()

  // Ctrl+K: the search field.
  await page.keyboard.press('Control+k')
  await expect.poll(() => focusedLabel(page)).toBe('Search conversations')
  await page.keyboard.type('First')
  await page.getByRole('navigation', { name: 'Conversations' }).getByText('Results').waitFor()

  // Ctrl+,: Preferences; Escape closes them.
  await page.keyboard.press('Control+,')
  const dialog = preferencesDialog(page)
  await dialog.waitFor()
  await page.keyboard.press('Escape')
  await dialog.waitFor({ state: 'detached' })
})

it('Esc stops the reply being written', async () => {
  const { page } = app
  fake.enqueue({ text: 'one two three four five six seven eight nine ten '.repeat(10), ratePerSecond: 10 })
  await sendMessage(page, 'Count slowly')
  const reply = lastReply(page)
  await expect.poll(() => textOf(reply.locator('.markdown'))).toMatch(/one two/)
  const index = lastChatRequest(fake)
  await page.keyboard.press('Escape')
  await reply.getByText('Stopped', { exact: true }).waitFor()
  await fake.waitForClientClose(index)
  await waitForIdle(page)
  expect(await messageBox(page).isVisible()).toBe(true)
})

it('Russian: switching the language in Preferences relabels the window', async () => {
  const { page } = app
  await page.getByRole('button', { name: 'Preferences' }).click()
  const dialog = preferencesDialog(page)
  await dialog.getByRole('tab', { name: 'Language' }).click()
  // The choice is saved first, then shown: a click, not `check()`, which wants the change at once.
  await dialog.getByRole('radio', { name: 'Русский' }).click()

  await page.getByRole('button', { name: ru.sidebar.newChat, exact: true }).waitFor()
  await page.getByRole('button', { name: ru.sidebar.preferences, exact: true }).waitFor()
  await page.getByRole('textbox', { name: ru.composer.message, exact: true }).waitFor()
  expect(await page.getByRole('button', { name: 'New chat' }).count()).toBe(0)
  expect(await page.evaluate(() => document.documentElement.lang)).toBe('ru')
  // Kept: the choice is saved.
  expect((await app.backend.backend.settings.get()).language).toBe('ru')
})
