/**
 * History as a user meets it: importing a backup twice through Preferences → Data on a fresh install,
 * searching it, and reading long titles in the sidebar.
 */
import { writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import type { Page } from 'playwright-core'
import { afterAll, afterEach, expect, it } from 'vitest'
import type { Message } from '../../src/shared/domain'
import type { LaunchedApp } from './harness'
import {
  closePreferences,
  conversation,
  exportEnvelope,
  launch,
  newDataDir,
  preferencesDialog,
  removeDataDirs,
  sidebarItem,
} from './helpers'
import { closeBrowser } from './harness'

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
  return { id: `e2e-msg-${seq}`, role, content, createdAt: 1_750_000_000_000 + seq, status: 'done' }
}

const DAY = 24 * 60 * 60 * 1000
const backup = [
  conversation(
    'a1b2c3d4-0000-4000-8000-000000000001',
    'Настройка прокси с авторизацией',
    [
      msg('user', 'Как настроить HTTP-прокси с логином и паролем?'),
      msg('assistant', 'Откройте Настройки → Прокси, укажите адрес прокси и учётные данные.'),
      msg('user', 'А если прокси требует свой сертификат?'),
      msg('assistant', 'Добавьте сертификат центра сертификации прокси в поле CA.'),
    ],
    null,
    Date.now() - DAY,
  ),
  conversation(
    'a1b2c3d4-0000-4000-8000-000000000002',
    'Sorting a Vec in Rust',
    [
      msg('user', 'How do I sort a Vec<String> by length?'),
      msg('assistant', '```rust\nv.sort_by_key(|s| s.len());\n```'),
    ],
    null,
    Date.now() - 2 * DAY,
  ),
  conversation(
    'a1b2c3d4-0000-4000-8000-000000000003',
    'Поездка в Казань',
    [msg('user', 'Какой поезд идёт в Казань?'), msg('assistant', 'Фирменный поезд «Татарстан».')],
    null,
    Date.now() - 3 * DAY,
  ),
]

function sidebarRows(page: Page) {
  return page.getByRole('navigation', { name: 'Conversations' }).locator('.conversation')
}

async function importThroughPreferences(page: Page, file: string): Promise<string> {
  await page.keyboard.press('Control+,')
  const dialog = preferencesDialog(page)
  await dialog.getByRole('tab', { name: 'Data' }).click()
  await dialog.getByLabel('Import from a file…').setInputFiles(file)
  const status = dialog.locator('.data-status')
  await status.waitFor()
  const text = await status.innerText()
  await closePreferences(page)
  return text
}

it('importing the same backup twice on a fresh install: history shows, the second import adds nothing', async () => {
  const userDataDir = newDataDir()
  app = await launch({ userDataDir })
  const { page } = app
  await page.getByRole('heading', { name: 'Welcome to ProxyChat' }).waitFor()
  const file = join(dirname(userDataDir), 'backup.json')
  writeFileSync(file, exportEnvelope(backup))

  expect(await importThroughPreferences(page, file)).toBe('Added 3 conversations.')
  // No provider yet: the history is there, and the welcome still invites adding one.
  await sidebarItem(page, 'Настройка прокси с авторизацией').waitFor()
  expect(await sidebarRows(page).count()).toBe(3)
  await page.getByRole('button', { name: 'Add a provider' }).waitFor()

  expect(await importThroughPreferences(page, file)).toBe(
    'Added 0 conversations. 3 were already here and were skipped.',
  )
  await page.waitForTimeout(300)
  expect(await sidebarRows(page).count()).toBe(3)

  // Reading one works without a provider.
  await sidebarItem(page, 'Поездка в Казань').click()
  await page.getByText('Фирменный поезд «Татарстан».').waitFor()
})

it('search lists each conversation once with its match count; arrows and Enter open a result', async () => {
  app = await launch({ userDataDir: newDataDir() })
  const { page } = app
  await app.backend.backend.conversations.import({ json: exportEnvelope(backup) })
  await sidebarItem(page, 'Sorting a Vec in Rust').waitFor()

  await page.keyboard.press('Control+k')
  await page.keyboard.type('прокси')
  const results = page.getByRole('region', { name: 'Results' })
  const rows = results.getByRole('button')
  await expect.poll(() => rows.count()).toBe(1)
  // The title once, and every message (one of them twice).
  expect(await rows.first().innerText()).toContain('6 matches')
  await page.screenshot({ path: '/tmp/convs-search.png' })

  await page.keyboard.press('Control+a')
  // Cyrillic "в": many messages of the two Russian conversations, one row each.
  await page.keyboard.type('в')
  await expect.poll(() => rows.count()).toBe(2)
  const titles = await results.locator('.search-hit__title').allInnerTexts()
  expect(titles).toEqual(['Настройка прокси с авторизацией', 'Поездка в Казань'])
  await page.keyboard.press('ArrowDown')
  await page.keyboard.press('ArrowDown')
  const second = titles[1] ?? ''
  await page.keyboard.press('Enter')
  await page.getByRole('heading', { level: 1, name: second }).waitFor()
})

it('sidebar titles use the row: long English and Russian titles are not cut while space is free', async () => {
  app = await launch({ userDataDir: newDataDir() })
  const { page } = app
  const titles = [
    'Configure a SOCKS5 proxy', // 24 characters: used to be cut at about 18
    'Прокси и сертификаты', // 20 Cyrillic characters
    'A very long English title about proxies with credentials, TLS inspection and PAC files',
    'Очень длинное русское название разговора про прокси, сертификаты и обход блокировок',
  ]
  await app.backend.backend.conversations.import({
    json: exportEnvelope(
      titles.map((title, i) =>
        conversation(
          `b1b2c3d4-0000-4000-8000-00000000000${i}`,
          title,
          [msg('user', title)],
          null,
          Date.now() - i,
        ),
      ),
    ),
  })
  await sidebarItem(page, titles[0] ?? '').waitFor()
  await page.mouse.move(900, 400)
  const rows = sidebarRows(page)
  const measure = (i: number) =>
    rows.nth(i).evaluate((row) => {
      const title = row.querySelector<HTMLElement>('.conversation__title')
      return {
        row: row.getBoundingClientRect().width,
        title: title?.getBoundingClientRect().width ?? 0,
        cut: title ? title.scrollWidth > title.clientWidth : true,
      }
    })
  await page.screenshot({ path: '/tmp/convs-sidebar.png' })
  for (let i = 0; i < titles.length; i++) {
    const { row, title } = await measure(i)
    expect(title / row).toBeGreaterThan(0.7)
  }
  // The short ones fit whole; the long ones end in an ellipsis.
  expect((await measure(0)).cut).toBe(false)
  expect((await measure(1)).cut).toBe(false)
  expect((await measure(2)).cut).toBe(true)

  // On hover the actions appear over the end of the title.
  await rows.nth(1).hover()
  await expect
    .poll(() =>
      rows
        .nth(1)
        .locator('.conversation__actions')
        .evaluate((e) => getComputedStyle(e).opacity),
    )
    .toBe('1')
  await page.screenshot({ path: '/tmp/convs-sidebar-hover.png' })
})
