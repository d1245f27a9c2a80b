/**
 * Reply versions and branches, as a user meets them: regenerate twice → ‹ 3/3 ›, go back to 1/3, ask a
 * follow-up → the provider gets the branch shown; edit a question → the old branch stays reachable;
 * relaunch → the chosen version is still the one shown.
 */
import { afterAll, afterEach, beforeEach, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { startFakeProvider, type FakeProvider } from '../fixtures/fake-provider'
import { closeBrowser } from './harness'
import {
  addProviderQuickly,
  chatRequests,
  lastReply,
  launch,
  newDataDir,
  removeDataDirs,
  replies,
  sendMessage,
  sidebarItem,
  userMessages,
  waitForIdle,
} from './helpers'

let fake: FakeProvider

beforeEach(async () => {
  fake = await startFakeProvider({ models: ['gpt-4o-mini'] })
})
afterEach(async () => {
  await fake.close()
})
afterAll(async () => {
  await closeBrowser()
  removeDataDirs()
})

const QUESTION = 'Чем SOCKS5h отличается от SOCKS5?'
const versions = (page: Page, name: RegExp) => page.getByRole('group', { name })

it('regenerate twice, go back to 1/3, follow up; edit a question; relaunch keeps the chosen version', async () => {
  const userDataDir = newDataDir()
  const first = await launch({ userDataDir })
  let { page } = first
  try {
    await addProviderQuickly(first, fake)
    fake.enqueue(
      { text: 'Первый ответ: в SOCKS5h имена разрешает прокси.' },
      { text: 'Второй ответ: `socks5h://` — DNS через прокси.' },
      { text: 'Третий ответ: с h адрес резолвит сервер прокси.' },
    )
    await sendMessage(page, QUESTION)
    await waitForIdle(page)
    for (const n of [2, 3]) {
      await lastReply(page).hover()
      await lastReply(page).getByRole('button', { name: 'Regenerate' }).click()
      await waitForIdle(page)
      await versions(page, new RegExp(`^Version ${n} of ${n}$`)).waitFor()
    }
    await lastReply(page).getByText('Третий ответ').waitFor()
    await page.screenshot({ path: '/tmp/versions-3of3.png' })

    // Back to the first version, with the keyboard on the second click.
    await page.getByRole('button', { name: 'Previous version' }).click()
    await versions(page, /^Version 2 of 3$/).waitFor()
    await page.getByRole('button', { name: 'Previous version' }).focus()
    await page.keyboard.press('ArrowLeft')
    await versions(page, /^Version 1 of 3$/).waitFor()
    await lastReply(page).getByText('Первый ответ').waitFor()

    fake.enqueue({ text: 'Ответ на уточнение.' })
    await sendMessage(page, 'А для HTTP-прокси?')
    await waitForIdle(page)
    const sent = chatRequests(fake).at(-1)?.body as { messages: { role: string; content: string }[] }
    expect(sent.messages.map((m) => m.content)).toEqual([
      QUESTION,
      'Первый ответ: в SOCKS5h имена разрешает прокси.',
      'А для HTTP-прокси?',
    ])

    // Edit the question: a new branch; the old one (with the follow-up) stays as version 1.
    fake.enqueue({ text: 'Ответ на исправленный вопрос.' })
    const question = page.getByRole('article', { name: 'You' }).first()
    await question.hover()
    await question.getByRole('button', { name: 'Edit' }).click()
    await page.getByRole('textbox', { name: 'Edit message' }).fill('Чем SOCKS5h отличается от SOCKS4?')
    await page.getByRole('button', { name: 'Save and send' }).click()
    await waitForIdle(page)
    await expect.poll(() => userMessages(page).allInnerTexts()).toEqual(['Чем SOCKS5h отличается от SOCKS4?'])
    await versions(page, /^Version 2 of 2$/).waitFor()
    await page.getByRole('button', { name: 'Previous version' }).click()
    await expect.poll(() => userMessages(page).allInnerTexts()).toEqual([QUESTION, 'А для HTTP-прокси?'])
    await versions(page, /^Version 1 of 3$/).waitFor()
    await page.screenshot({ path: '/tmp/versions-old-branch.png' })
  } finally {
    await first.close()
  }

  const second = await launch({ userDataDir })
  page = second.page
  try {
    await sidebarItem(page, QUESTION).click()
    await expect.poll(() => userMessages(page).allInnerTexts()).toEqual([QUESTION, 'А для HTTP-прокси?'])
    await versions(page, /^Version 1 of 2$/).waitFor()
    await versions(page, /^Version 1 of 3$/).waitFor()
    await replies(page).first().getByText('Первый ответ').waitFor()
  } finally {
    await second.close()
  }
})
