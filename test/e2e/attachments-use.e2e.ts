/**
 * Attachments used as a user does: many files picked at once, more picked while the first are still being
 * read, a draft left in a conversation while looking at a new chat, files removed from the keyboard, the
 * composer at the smallest window, and a photo opened full size.
 */
import type { Page } from 'playwright-core'
import { afterAll, afterEach, beforeEach, expect, it } from 'vitest'
import { startFakeProvider, type FakeProvider } from '../fixtures/fake-provider'
import { realPng, textPdf, utf8 } from '../fixtures/attachment-bytes'
import { photoJpeg } from '../fixtures/real-images'
import { closeBrowser, type LaunchedApp } from './harness'
import {
  addProviderQuickly,
  chatRequests,
  launch,
  messageBox,
  newDataDir,
  removeDataDirs,
  sidebarItem,
  waitForIdle,
} from './helpers'

let fake: FakeProvider
const apps: LaunchedApp[] = []
beforeEach(async () => {
  fake = await startFakeProvider()
})
afterEach(async () => {
  for (const app of apps.splice(0)) await app.close()
  await fake.close()
})
afterAll(async () => {
  await closeBrowser()
  removeDataDirs()
})

const MB = 1024 * 1024

async function start(viewport?: { width: number; height: number }): Promise<Page> {
  const app = await launch({ userDataDir: newDataDir(), ...(viewport ? { viewport } : {}) })
  apps.push(app)
  await addProviderQuickly(app, fake)
  return app.page
}

/** Picks files in the attach button's file dialog. */
async function pick(page: Page, files: { name: string; bytes: Uint8Array }[]): Promise<void> {
  await page.locator('input[type=file]').setInputFiles(
    files.map(({ name, bytes }) => ({
      name,
      mimeType: 'application/octet-stream',
      buffer: Buffer.from(bytes),
    })),
  )
}

const pendingList = (page: Page) => page.getByRole('list', { name: 'Files to send' })
/** Files shown in the composer (not the "Reading…" placeholder). */
const pendingFiles = (page: Page) => pendingList(page).locator('.attachments__pending')
const reading = (page: Page) => page.locator('.attachments__adding')

const CSV = 'Месяц;Выручка\nЯнварь;1 200 000\nФевраль;1 350 000\n'
const RUST = 'fn main() {\n    println!("Привет");\n}\n'
const JSON_TEXT = '{ "язык": "ru", "тема": "тёмная" }\n'

/** Ten files a user might send together: photos, screenshots, an icon, a large PDF and code. */
async function tenFiles(): Promise<{ name: string; bytes: Uint8Array }[]> {
  return [
    { name: 'IMG_20240517_183245.jpg', bytes: await photoJpeg(4000, 3000, 6) },
    { name: 'Снимок экрана 2024-05-17 в 18.32.45.png', bytes: realPng(2560, 600, [40, 120, 200]) },
    { name: 'tall.png', bytes: realPng(600, 3000, [40, 160, 80]) },
    { name: 'icon.png', bytes: realPng(16, 16, [30, 200, 30]) },
    { name: 'photo2.jpg', bytes: await photoJpeg(800, 600, 1) },
    { name: 'Годовой отчёт 2024 (финальная версия).pdf', bytes: textPdf(['Annual report'], 19 * MB) },
    { name: 'отчёт за квартал.csv', bytes: utf8(CSV) },
    { name: 'main.rs', bytes: utf8(RUST) },
    { name: 'настройки.json', bytes: utf8(JSON_TEXT) },
    { name: 'icon2.png', bytes: realPng(32, 32, [200, 200, 30]) },
  ]
}

it('counts files still being read against the limits: a second pick cannot go over 50 MB', async () => {
  const page = await start()
  const big = (n: number) => textPdf([`part ${n}`], 19 * MB + n)
  await pick(page, [
    { name: 'one.pdf', bytes: big(1) },
    { name: 'two.pdf', bytes: big(2) },
  ])
  // Picked again while the first two are still being read and stored.
  await reading(page).waitFor()
  await pick(page, [{ name: 'three.pdf', bytes: big(3) }])
  await page.getByRole('alert').filter({ hasText: '50 MB' }).waitFor()
  await reading(page).waitFor({ state: 'detached', timeout: 30_000 })
  // The first two stay; the third is not attached.
  expect(await pendingFiles(page).allInnerTexts()).toEqual([
    expect.stringContaining('one.pdf'),
    expect.stringContaining('two.pdf'),
  ])
})
