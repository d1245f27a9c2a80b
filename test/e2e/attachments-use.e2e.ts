/**
 * Attachments used as a user does: many files picked at once, more picked while the first are still being
 * read, a draft left in a conversation while looking at a new chat, files removed from the keyboard, the
 * composer at the smallest window, and a photo opened full size.
 */
import type { Page } from 'playwright-core'
import { expect, it } from 'vitest'
import type { FakeProvider } from '../fixtures/fake-provider'
import { realPng, textPdf, utf8 } from '../fixtures/attachment-bytes'
import { photoJpeg } from '../fixtures/real-images'
import type { LaunchedApp } from './harness'
import {
  addProviderQuickly,
  chatRequests,
  launch,
  messageBox,
  newDataDir,
  sidebarItem,
  waitForIdle,
  withFakeProviderPerTest,
} from './helpers'

let fake: FakeProvider
const apps: LaunchedApp[] = []
withFakeProviderPerTest(apps, (started) => (fake = started))

const MB = 1024 * 1024

async function start(viewport?: { width: number; height: number }, language?: 'ru'): Promise<Page> {
  const app = await launch({ userDataDir: newDataDir(), ...(viewport ? { viewport } : {}) })
  apps.push(app)
  // Saved before the provider, whose setup reloads the window: it opens in that language.
  if (language) await app.backend.backend.settings.update({ language })
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
    // Playwright carries large files to the page as base64 over its protocol: slower than a real dialog.
    { timeout: 30_000 },
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

it('keeps a conversation’s draft text and files while the user looks at a new chat, and removes one by keyboard', async () => {
  const page = await start()
  await messageBox(page).fill('Первый вопрос')
  await messageBox(page).press('Enter')
  await expect.poll(() => chatRequests(fake).length).toBe(1)
  await waitForIdle(page)

  await pick(page, [
    { name: 'отчёт за квартал.csv', bytes: utf8(CSV) },
    { name: 'main.rs', bytes: utf8(RUST) },
    { name: 'настройки.json', bytes: utf8(JSON_TEXT) },
  ])
  await expect.poll(() => pendingFiles(page).count()).toBe(3)
  await messageBox(page).fill('Черновик с файлами')
  await page.getByRole('button', { name: 'New chat' }).first().click()
  await expect.poll(() => messageBox(page).inputValue()).toBe('')
  await expect.poll(() => pendingFiles(page).count()).toBe(0)

  await sidebarItem(page, 'Первый вопрос').click()
  await expect.poll(() => pendingFiles(page).count()).toBe(3)
  await expect.poll(() => messageBox(page).inputValue()).toBe('Черновик с файлами')

  // Removed from the keyboard: focus goes on to the next file's ×, and after the last one to the box.
  await page.getByRole('button', { name: 'Remove main.rs' }).focus()
  await page.keyboard.press('Enter')
  await expect.poll(() => pendingFiles(page).count()).toBe(2)
  await expect
    .poll(() => page.evaluate(() => document.activeElement?.getAttribute('aria-label')))
    .toBe('Remove настройки.json')
  await page.keyboard.press('Enter')
  await expect
    .poll(() => page.evaluate(() => document.activeElement?.getAttribute('aria-label')))
    .toBe('Remove отчёт за квартал.csv')
  await page.keyboard.press('Enter')
  await expect.poll(() => pendingFiles(page).count()).toBe(0)
  await expect
    .poll(() => page.evaluate(() => document.activeElement?.getAttribute('aria-label')))
    .toBe('Message')
  await page.screenshot({ path: '/tmp/attachaudit-draft-back.png' })
})

it('keeps the message box in view with ten files at the smallest window, and sends them', async () => {
  const page = await start({ width: 480, height: 360 })
  await pick(page, await tenFiles())
  await expect.poll(() => pendingFiles(page).count(), { timeout: 30_000 }).toBe(10)
  await reading(page).waitFor({ state: 'detached', timeout: 30_000 })
  await page.screenshot({ path: '/tmp/attachaudit-min-composer.png' })
  const box = await messageBox(page).boundingBox()
  expect(box).not.toBeNull()
  expect((box?.y ?? 0) + (box?.height ?? 0)).toBeLessThanOrEqual(360)
  expect(box?.y ?? 0).toBeGreaterThanOrEqual(0)
  // Nothing else lies over the box (the new chat's greeting spilled over it before).
  const onTop = await messageBox(page).evaluate((field) => {
    const r = field.getBoundingClientRect()
    return [0.2, 0.5, 0.8].every((f) => {
      const hit = document.elementFromPoint(r.x + r.width / 2, r.y + r.height * f)
      return hit === field || (hit !== null && field.contains(hit))
    })
  })
  expect(onTop).toBe(true)
  // Every file can still be reached (the list scrolls) and removed.
  const last = page.getByRole('button', { name: 'Remove icon2.png' })
  await last.scrollIntoViewIfNeeded()
  expect(await last.isVisible()).toBe(true)
  await messageBox(page).fill('Что здесь?')
  await messageBox(page).press('Enter')
  await expect.poll(() => chatRequests(fake).length, { timeout: 30_000 }).toBe(1)
  await waitForIdle(page)
})

it('opens a portrait photo and a wide screenshot larger than a form dialog, whole, and Escape returns focus', async () => {
  const page = await start()
  await pick(page, [
    { name: 'IMG_20240517_183245.jpg', bytes: await photoJpeg(4000, 3000, 6) },
    { name: 'wide.png', bytes: realPng(2560, 600, [40, 120, 200]) },
  ])
  await expect.poll(() => pendingFiles(page).count()).toBe(2)
  await messageBox(page).fill('Фото')
  await messageBox(page).press('Enter')
  await waitForIdle(page)
  const shown = page.getByRole('list', { name: 'Attached files' })
  for (const name of ['IMG_20240517_183245.jpg', 'wide.png']) {
    const open = shown.getByRole('button', { name: `Open ${name}` })
    await open.focus()
    await page.keyboard.press('Enter')
    const viewer = page.getByRole('dialog', { name })
    const image = viewer.getByRole('img', { name })
    await expect
      .poll(() => image.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0))
      .toBe(true)
    await page.screenshot({ path: `/tmp/attachaudit-viewer-${name}.png` })
    const dialogBox = await viewer.boundingBox()
    const imageBox = await image.boundingBox()
    if (!dialogBox || !imageBox) throw new Error('not shown')
    // Whole inside the dialog, which is inside the window.
    expect(imageBox.x).toBeGreaterThanOrEqual(dialogBox.x)
    expect(imageBox.x + imageBox.width).toBeLessThanOrEqual(dialogBox.x + dialogBox.width)
    expect(imageBox.y + imageBox.height).toBeLessThanOrEqual(dialogBox.y + dialogBox.height)
    expect(dialogBox.y + dialogBox.height).toBeLessThanOrEqual(800)
    // Larger than the 440-pixel form dialog: "full size" as far as the window allows.
    expect(Math.max(imageBox.width, imageBox.height)).toBeGreaterThan(600)
    // Scaled evenly: the picture is not squeezed.
    const natural = await image.evaluate((img: HTMLImageElement) => img.naturalWidth / img.naturalHeight)
    expect(Math.abs(imageBox.width / imageBox.height - natural)).toBeLessThan(0.02)
    await page.keyboard.press('Escape')
    await viewer.waitFor({ state: 'detached' })
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.getAttribute('aria-label')))
      .toBe(`Open ${name}`)
  }
})

it('a pick of twelve files attaches the first ten and names the first one left out, in English and Russian', async () => {
  const twelve = [
    ...(await tenFiles()),
    { name: 'протокол встречи.md', bytes: utf8('# Протокол\n- решили всё\n') },
    { name: 'extra.txt', bytes: utf8('extra\n') },
  ]
  for (const [language, pending, text] of [
    [
      undefined,
      'Files to send',
      '“протокол встречи.md” and 1 more file were not attached. At most 10 files can go with one message.',
    ],
    [
      'ru',
      'Файлы к отправке',
      'Файл «протокол встречи.md» и ещё 1 файл не прикреплены. К одному сообщению можно прикрепить не больше 10 файлов.',
    ],
  ] as const) {
    const page = await start(undefined, language)
    await pick(page, twelve)
    await page.getByRole('alert').filter({ hasText: text }).waitFor()
    const files = page.getByRole('list', { name: pending }).locator('.attachments__pending')
    await expect.poll(() => files.count(), { timeout: 30_000 }).toBe(10)
    await reading(page).waitFor({ state: 'detached', timeout: 30_000 })
    // The first ten, in the order picked.
    const shown = await files.evaluateAll((items) =>
      items.map((item) => item.querySelector('[data-remove]')?.getAttribute('aria-label') ?? ''),
    )
    expect(shown.map((label) => label.replace(/^(Remove|Убрать) /, ''))).toEqual(
      twelve.slice(0, 10).map((f) => f.name),
    )
    expect(await page.getByRole('alert').innerText()).toBe(text)
    await page.screenshot({ path: `/tmp/attach2-pick-over-${language ?? 'en'}.png` })
  }
})

it('a long PDF name: icon and name on one row, the name cut with an ellipsis, the full name in the title', async () => {
  const page = await start()
  const name =
    'Годовой отчёт о финансовых результатах деятельности за 2024 год (финальная версия, утверждено).pdf'
  await pick(page, [
    { name, bytes: textPdf(['Annual report']) },
    { name: 'q3.pdf', bytes: textPdf(['Q3']) },
  ])
  await expect.poll(() => pendingFiles(page).count()).toBe(2)
  await page.screenshot({ path: '/tmp/attach2-long-name.png' })
  for (const tile of [pendingFiles(page).first().locator('.attachment--file')]) {
    const icon = await tile.locator('svg').first().boundingBox()
    const label = tile.locator('.attachment__name')
    const text = await label.boundingBox()
    const size = await tile.locator('.attachment__size').boundingBox()
    const whole = await tile.boundingBox()
    if (!icon || !text || !size || !whole) throw new Error('not shown')
    // One row: the name's middle is level with the icon's, and the size is beside it, not under it.
    const middle = (box: { y: number; height: number }) => box.y + box.height / 2
    expect(Math.abs(middle(text) - middle(icon))).toBeLessThan(4)
    expect(Math.abs(middle(size) - middle(icon))).toBeLessThan(4)
    expect(text.x).toBeGreaterThan(icon.x + icon.width - 1)
    expect(text.x + text.width).toBeLessThanOrEqual(size.x + 1)
    expect(whole.height).toBeLessThan(icon.height + 24)
    // Cut, not wrapped: the full name is in the title (and in the text a screen reader reads).
    expect(await label.evaluate((el) => el.scrollWidth > el.clientWidth)).toBe(true)
    expect(await tile.getAttribute('title')).toBe(name)
    expect(await label.textContent()).toBe(name)
  }
  // After sending too, on the message.
  await messageBox(page).fill('Что в отчёте?')
  await messageBox(page).press('Enter')
  await waitForIdle(page)
  const sent = page.getByRole('list', { name: 'Attached files' }).locator('.attachment--file').first()
  const sentIcon = await sent.locator('svg').first().boundingBox()
  const sentName = await sent.locator('.attachment__name').boundingBox()
  if (!sentIcon || !sentName) throw new Error('not shown')
  expect(Math.abs(sentName.y + sentName.height / 2 - (sentIcon.y + sentIcon.height / 2))).toBeLessThan(4)
  await page.screenshot({ path: '/tmp/attach2-long-name-sent.png' })
})
