/**
 * A long conversation as a user meets it: opened at its end first, the earlier messages loaded after; a
 * search hit among its first messages; and earlier messages that cannot be read.
 */
import { afterAll, afterEach, expect, it, vi } from 'vitest'
import type { LaunchedApp } from './harness'
import { closeBrowser } from './harness'
import { launch, newDataDir, removeDataDirs, sidebarItem, textOf } from './helpers'
import { importLong, NEEDLE, QUESTIONS, TITLE } from './long-fixture'

let app: LaunchedApp | undefined
afterEach(async () => {
  vi.restoreAllMocks()
  await app?.close()
  app = undefined
})
afterAll(async () => {
  await closeBrowser()
  removeDataDirs()
})

/** Whether the element is inside the message list's visible area. */
function inView(page: LaunchedApp['page'], text: string): Promise<boolean> {
  return page.evaluate((needle) => {
    const scroller = document.querySelector('.message-list')
    const target = [...document.querySelectorAll('.message')].find((m) => m.textContent?.includes(needle))
    if (!scroller || !target) return false
    const box = target.getBoundingClientRect()
    const view = scroller.getBoundingClientRect()
    return box.bottom > view.top && box.top < view.bottom
  }, text)
}

it('a search hit in the first messages of a 400-message conversation opens the conversation there', async () => {
  app = await launch({ userDataDir: newDataDir() })
  const { page } = app
  await importLong(app)

  await page.keyboard.press('Control+k')
  await page.keyboard.type(NEEDLE)
  const rows = page.getByRole('region', { name: 'Results' }).getByRole('button')
  await expect.poll(() => rows.count()).toBe(1)
  // Enter in the search field opens the first result.
  await page.keyboard.press('Enter')
  await page.getByRole('heading', { level: 1, name: TITLE }).waitFor()
  // The hit is message 7 of 400: far before the end the conversation opens at.
  await expect.poll(() => inView(page, NEEDLE), { timeout: 5_000 }).toBe(true)
  await page.screenshot({ path: '/tmp/long-search-hit.png' })
  // Nothing around it is missing: the question before it and the answer after it are there.
  const list = page.locator('.message-list')
  await expect.poll(() => textOf(list)).toContain('SOCKS5h the proxy does')
})

it('earlier messages that cannot be read: the top of the list says so, and Try again brings them', async () => {
  app = await launch({ userDataDir: newDataDir() })
  const { page } = app
  await importLong(app)
  const { conversations } = app.backend.backend
  const read = vi.spyOn(conversations, 'get').mockRejectedValueOnce(new Error('EMFILE: too many open files'))

  await sidebarItem(page, TITLE).click()
  await page.getByRole('heading', { level: 1, name: TITLE }).waitFor()
  // The end is shown first, then the list asks for the rest, which fails.
  await expect.poll(() => read.mock.calls.length).toBe(1)
  // The user scrolls up to the first message shown.
  await page.locator('.message-list').hover()
  await expect
    .poll(async () => {
      await page.mouse.wheel(0, -20_000)
      return page.locator('.message-list').evaluate((el) => el.scrollTop)
    })
    .toBe(0)
  const alert = page.locator('.message-list').getByRole('alert')
  await alert.getByText('Earlier messages could not be loaded').waitFor()
  await page.screenshot({ path: '/tmp/long-earlier-failed.png' })
  // The end of the conversation is still all there.
  expect(await page.locator('.message').count()).toBeGreaterThan(0)

  await alert.getByRole('button', { name: 'Try again' }).click()
  await expect.poll(() => read.mock.calls.length).toBe(2)
  await expect.poll(() => alert.count()).toBe(0)
  // At the very top (the list measures rows as they come into view, so it may take a few moves).
  await expect
    .poll(async () => {
      await page.mouse.wheel(0, -20_000)
      return inView(page, `${QUESTIONS[0]} [1]`)
    })
    .toBe(true)
})
