/**
 * Attachments in the window: an image dropped on the conversation and one pasted into the message box show
 * as previews, go to the provider as image parts, and after a relaunch show as thumbnails served by hash.
 */
import { createHash } from 'node:crypto'
import type { Page } from 'playwright-core'
import { expect, it } from 'vitest'
import type { FakeProvider } from '../fixtures/fake-provider'
import { base64, realPng, textPdf } from '../fixtures/attachment-bytes'
import type { LaunchedApp } from './harness'
import {
  addProviderQuickly,
  chatRequests,
  lastReply,
  launch,
  messageBox,
  newDataDir,
  reload,
  sidebarItem,
  waitForIdle,
  withFakeProviderPerTest,
} from './helpers'

let fake: FakeProvider
const apps: LaunchedApp[] = []
withFakeProviderPerTest(apps, (started) => (fake = started))

const RED = realPng(4, 3, [220, 30, 30])
const BLUE = realPng(5, 2, [30, 30, 220])
const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex')

/** Drops a file on the conversation the way a file manager does: a drop event carrying a DataTransfer. */
async function dropFile(page: Page, name: string, bytes: Uint8Array, type = 'image/png'): Promise<void> {
  const dataTransfer = await page.evaluateHandle(
    ([fileName, data, fileType]) => {
      const transfer = new DataTransfer()
      const binary = Uint8Array.from(atob(data), (c) => c.charCodeAt(0))
      transfer.items.add(new File([binary], fileName, { type: fileType }))
      return transfer
    },
    [name, base64(bytes), type] as const,
  )
  await page.dispatchEvent('main.chat', 'dragover', { dataTransfer })
  await page.dispatchEvent('main.chat', 'drop', { dataTransfer })
}

/** Pastes an image (a screenshot: the clipboard gives it no name) into the message box. */
async function pasteImage(page: Page, bytes: Uint8Array): Promise<void> {
  await messageBox(page).evaluate((box, data) => {
    const transfer = new DataTransfer()
    const binary = Uint8Array.from(atob(data), (c) => c.charCodeAt(0))
    transfer.items.add(new File([binary], 'image.png', { type: 'image/png' }))
    box.dispatchEvent(
      new ClipboardEvent('paste', { clipboardData: transfer, bubbles: true, cancelable: true }),
    )
  }, base64(bytes))
}

it('sends an image dropped on the conversation and one pasted, and shows both after a relaunch', async () => {
  const userDataDir = newDataDir()
  const app = await launch({ userDataDir })
  apps.push(app)
  await addProviderQuickly(app, fake)
  const { page } = app

  await dropFile(page, 'red.png', RED)
  const pending = page.getByRole('list', { name: 'Files to send' })
  await pending.getByRole('button', { name: 'Open red.png' }).waitFor()
  await pasteImage(page, BLUE)
  // Both stored: two files and no "Adding…" row (Send waits for files still being read).
  await expect.poll(() => pending.locator('img').count()).toBe(2)
  await expect.poll(() => pending.locator('[aria-busy="true"]').count()).toBe(0)
  // A preview is loaded from the app by hash, never from bytes in the page.
  const previewSrc = await pending.locator('img').first().getAttribute('src')
  expect(previewSrc).toBe(`/attachments/${sha256(RED)}`)

  await messageBox(page).fill('What colours are these?')
  await messageBox(page).press('Enter')
  await expect.poll(() => chatRequests(fake).length).toBe(1)
  await lastReply(page).getByText('Echo:').waitFor()
  await waitForIdle(page)
  await expect.poll(() => pending.count()).toBe(0)

  const body = chatRequests(fake).at(-1)?.body as { messages: { role: string; content: unknown }[] }
  expect(body.messages.at(-1)).toEqual({
    role: 'user',
    content: [
      { type: 'image_url', image_url: { url: `data:image/png;base64,${base64(RED)}` } },
      { type: 'image_url', image_url: { url: `data:image/png;base64,${base64(BLUE)}` } },
      { type: 'text', text: 'What colours are these?' },
    ],
  })
  // No base64 in the page: thumbnails come by hash.
  expect(await page.content()).not.toContain(base64(RED))

  await app.close()
  const again = await launch({ userDataDir })
  apps.push(again)
  await sidebarItem(again.page, 'What colours are these?').click()
  const shown = again.page.getByRole('list', { name: 'Attached files' })
  const thumb = shown.getByRole('img', { name: 'red.png' })
  await thumb.waitFor()
  expect(await thumb.getAttribute('src')).toBe(`/attachments/${sha256(RED)}`)
  // Served and decoded: the image has its real pixel size.
  await expect.poll(() => thumb.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(4)
  const pasted = shown.getByRole('img', { name: /^pasted-.*\.png$/ })
  await expect.poll(() => pasted.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(5)

  // Click opens it full size.
  await shown.getByRole('button', { name: 'Open red.png' }).click()
  const viewer = again.page.getByRole('dialog', { name: 'red.png' })
  await viewer.getByRole('img', { name: 'red.png' }).waitFor()
  await again.page.keyboard.press('Escape')
  await viewer.waitFor({ state: 'detached' })
})

it('sends a PDF as its extracted text to a provider that takes no PDFs, and notes it on the message', async () => {
  const app = await launch({ userDataDir: newDataDir() })
  apps.push(app)
  await addProviderQuickly(app, fake)
  const { page } = app
  await dropFile(page, 'q3.pdf', textPdf(['Quarterly report', 'Revenue grew 12%']), 'application/pdf')
  const pending = page.getByRole('list', { name: 'Files to send' })
  await pending.getByText('q3.pdf').waitFor()
  await messageBox(page).fill('Summarize')
  await messageBox(page).press('Enter')
  await expect.poll(() => chatRequests(fake).length).toBe(1)
  await waitForIdle(page)
  const body = chatRequests(fake).at(-1)?.body as { messages: { role: string; content: unknown }[] }
  expect(body.messages.at(-1)).toEqual({
    role: 'user',
    content: [
      { type: 'text', text: 'q3.pdf\n\n```\nQuarterly report\n\nRevenue grew 12%\n```' },
      { type: 'text', text: 'Summarize' },
    ],
  })
  const shown = page.getByRole('list', { name: 'Attached files' })
  await shown.getByText('sent as extracted text').waitFor()
})

it('notes a PDF as sent as text when a fallback that takes no PDFs answered, without a reload', async () => {
  const app = await launch({ userDataDir: newDataDir() })
  apps.push(app)
  const { settings } = app.backend.backend
  // OpenAI (takes PDFs) first, then a custom server (takes none) as its fallback: both are the fake.
  await settings.update({
    providers: [
      { id: 'p-openai', kind: 'openai', name: 'OpenAI', baseURL: fake.baseURL, enabled: true },
      { id: 'p-custom', kind: 'custom', name: 'Local gateway', baseURL: fake.baseURL, enabled: true },
    ],
    defaultModel: { providerId: 'p-openai', model: 'gpt-4o' },
    retry: { maxRetries: 1, singleProviderRetry: false, shuffle: false, fallbackProviderIds: ['p-custom'] },
  })
  for (const providerId of ['p-openai', 'p-custom'])
    await settings.setSecret({ target: { type: 'provider', providerId }, value: 'sk-test-1234' })
  await reload(app.page)
  const { page } = app
  await dropFile(page, 'q3.pdf', textPdf(['Quarterly report', 'Revenue grew 12%']), 'application/pdf')
  await page.getByRole('list', { name: 'Files to send' }).getByText('q3.pdf').waitFor()
  fake.enqueue({ status: 503 })
  await messageBox(page).fill('Summarize')
  await messageBox(page).press('Enter')
  await lastReply(page).getByText('Echo:').waitFor()
  await waitForIdle(page)
  const requests = chatRequests(fake)
  expect(requests).toHaveLength(2)
  // The gateway got the text: the note on the question says so at once, and after a reload.
  const text = { type: 'text', text: 'q3.pdf\n\n```\nQuarterly report\n\nRevenue grew 12%\n```' }
  expect((requests[1]?.body as { messages: { content: unknown[] }[] }).messages.at(-1)?.content[0]).toEqual(
    text,
  )
  const shown = page.getByRole('list', { name: 'Attached files' })
  await shown.getByText('sent as extracted text').waitFor()
  await page.screenshot({ path: '/tmp/attachdocs-fallback-note.png' })
  await reload(page)
  await sidebarItem(page, 'Summarize').click()
  await page.getByRole('list', { name: 'Attached files' }).getByText('sent as extracted text').waitFor()
})

it('says which file is over the limit before reading it, in the window', async () => {
  const app = await launch({ userDataDir: newDataDir() })
  apps.push(app)
  await addProviderQuickly(app, fake)
  const { page } = app
  // Nothing is sent to the provider (a model list may still be loading: only chat requests count).
  const before = chatRequests(fake).length
  await page.evaluate(() => {
    const transfer = new DataTransfer()
    transfer.items.add(new File([new Uint8Array(21 * 1024 * 1024)], 'huge.png', { type: 'image/png' }))
    document
      .querySelector('main.chat')
      ?.dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }))
  })
  await page.getByRole('alert').filter({ hasText: '“huge.png” is larger than 20 MB' }).waitFor()
  expect(chatRequests(fake).length).toBe(before)
})
