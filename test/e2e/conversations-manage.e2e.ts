/**
 * Managing conversations as a user does: pinning one (it stays on top after a relaunch), choosing three
 * and deleting them with one confirmation, and a new conversation named by the model after its first reply.
 */
import { afterAll, afterEach, expect, it } from 'vitest'
import type { Message } from '../../src/shared/domain'
import { startFakeProvider } from '../fixtures/fake-provider'
import { closeBrowser, type LaunchedApp } from './harness'
import {
  addProviderQuickly,
  conversation,
  exportEnvelope,
  launch,
  newDataDir,
  removeDataDirs,
  sendMessage,
} from './helpers'

let app: LaunchedApp | undefined
afterEach(async () => {
  await app?.close()
  app = undefined
})
afterAll(async () => {
  await closeBrowser()
  removeDataDirs()
})

let seq = 0
function msg(role: Message['role'], content: string): Message {
  seq++
  return { id: `e2e-manage-${seq}`, role, content, createdAt: 1_750_000_000_000 + seq, status: 'done' }
}

const HOUR = 60 * 60 * 1000
const TITLES = [
  'Настройка прокси с авторизацией',
  'Sorting a Vec in Rust',
  'Поездка в Казань',
  'Рецепт борща',
  'Regex for e-mail',
]
const backup = TITLES.map((title, i) =>
  conversation(
    `b1b2c3d4-0000-4000-8000-00000000000${i + 1}`,
    title,
    [msg('user', `Вопрос про ${title}`), msg('assistant', `Ответ про ${title}`)],
    null,
    Date.now() - (i + 1) * HOUR,
  ),
)

const nav = (a: LaunchedApp) => a.page.getByRole('navigation', { name: 'Conversations' })
const rowTitles = async (a: LaunchedApp): Promise<string[]> =>
  nav(a).locator('.conversation .conversation__title').allTextContents()

it('keeps a pinned conversation on top after a relaunch', async () => {
  const dataDir = newDataDir()
  app = await launch({ userDataDir: dataDir })
  await app.backend.backend.conversations.import({ json: exportEnvelope(backup) })
  await expect.poll(() => rowTitles(app as LaunchedApp)).toEqual(TITLES)
  // The oldest one, pinned with its row's button.
  const row = nav(app).getByRole('button', { name: 'Regex for e-mail', exact: true })
  // From the keyboard: the row, then Tab to its first action.
  await row.focus()
  await app.page.keyboard.press('Tab')
  const pin = nav(app).getByRole('button', { name: 'Pin “Regex for e-mail” to the top' })
  expect(await pin.evaluate((el) => el === document.activeElement)).toBe(true)
  await app.page.keyboard.press('Enter')
  await expect.poll(() => rowTitles(app as LaunchedApp)).toEqual([TITLES[4], ...TITLES.slice(0, 4)])
  await nav(app).getByRole('heading', { name: 'Pinned' }).waitFor()
  await app.page.screenshot({ path: '/tmp/convs-pinned.png' })
  await app.close()

  app = await launch({ userDataDir: dataDir })
  await expect.poll(() => rowTitles(app as LaunchedApp)).toEqual([TITLES[4], ...TITLES.slice(0, 4)])
  expect(await nav(app).getByRole('heading', { name: 'Pinned' }).count()).toBe(1)
  expect(
    await nav(app).getByRole('button', { name: 'Unpin “Regex for e-mail”' }).getAttribute('aria-pressed'),
  ).toBe('true')
})

it('deletes three chosen conversations after one confirmation, and leaves the others', async () => {
  const dataDir = newDataDir()
  app = await launch({ userDataDir: dataDir })
  await app.backend.backend.conversations.import({ json: exportEnvelope(backup) })
  await expect.poll(() => rowTitles(app as LaunchedApp)).toEqual(TITLES)
  const { page } = app
  await page.getByRole('button', { name: 'Choose several conversations' }).click()
  await page.getByRole('checkbox', { name: `Choose “${TITLES[1]}”` }).click()
  // Shift-click: the range from the last one chosen.
  await page.getByRole('checkbox', { name: `Choose “${TITLES[3]}”` }).click({ modifiers: ['Shift'] })
  const bar = page.getByRole('toolbar', { name: 'Chosen conversations' })
  await bar.getByText('3 chosen').waitFor()
  await page.screenshot({ path: '/tmp/convs-chosen.png' })
  await bar.getByRole('button', { name: 'Delete 3 conversations' }).click()
  const dialog = page.getByRole('alertdialog', { name: 'Delete 3 conversations?' })
  await page.screenshot({ path: '/tmp/convs-confirm.png' })
  await dialog.getByRole('button', { name: 'Delete 3' }).click()
  await expect.poll(() => rowTitles(app as LaunchedApp)).toEqual([TITLES[0], TITLES[4]])
  await bar.waitFor({ state: 'detached' })
  const left = (await app.backend.backend.conversations.list()).map((s) => s.title).sort()
  expect(left).toEqual([TITLES[0], TITLES[4]].sort())
  await app.close()
  app = await launch({ userDataDir: dataDir })
  await expect.poll(() => rowTitles(app as LaunchedApp)).toEqual([TITLES[0], TITLES[4]])
})

it('shows the title the model wrote after the first reply', async () => {
  const fake = await startFakeProvider()
  try {
    app = await launch({ userDataDir: newDataDir(), modelTitles: true })
    await addProviderQuickly(app, fake)
    fake.enqueue(
      { text: 'Используйте `npm config set proxy http://user:pass@host:3128`.' },
      { text: 'Настройка прокси для npm' },
    )
    await sendMessage(app.page, 'Как настроить прокси для npm с логином и паролем?')
    await nav(app).getByRole('button', { name: 'Настройка прокси для npm', exact: true }).waitFor()
    const title = fake.requests.filter((r) => r.path.endsWith('/chat/completions'))[1]
    expect(title?.body).toMatchObject({ stream: false, max_tokens: 40 })
    await app.page.screenshot({ path: '/tmp/convs-model-title.png' })
  } finally {
    await fake.close()
  }
})
