/**
 * Each conversation keeps its unsent text and files while the user looks at another one; a message of
 * files only titles its conversation with the first file's name.
 */
import type { Page } from 'playwright-core'
import { expect, it } from 'vitest'
import type { FakeProvider } from '../fixtures/fake-provider'
import { base64, realPng } from '../fixtures/attachment-bytes'
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

async function dropFile(page: Page, name: string, bytes: Uint8Array): Promise<void> {
  const dataTransfer = await page.evaluateHandle(
    ([fileName, data]) => {
      const transfer = new DataTransfer()
      const binary = Uint8Array.from(atob(data), (c) => c.charCodeAt(0))
      transfer.items.add(new File([binary], fileName, { type: 'image/png' }))
      return transfer
    },
    [name, base64(bytes)] as const,
  )
  await page.dispatchEvent('main.chat', 'dragover', { dataTransfer })
  await page.dispatchEvent('main.chat', 'drop', { dataTransfer })
}

it('titles a conversation of files only, and keeps each conversation’s draft text and files', async () => {
  const app = await launch({ userDataDir: newDataDir() })
  apps.push(app)
  await addProviderQuickly(app, fake)
  const { page } = app
  const pending = page.getByRole('list', { name: 'Files to send' })

  // A message of one file and no text: the conversation is named after the file.
  await dropFile(page, 'отчёт.png', realPng(4, 3, [220, 30, 30]))
  await pending.getByRole('button', { name: 'Open отчёт.png' }).waitFor()
  await messageBox(page).press('Enter')
  await expect.poll(() => chatRequests(fake).length).toBe(1)
  await waitForIdle(page)
  await sidebarItem(page, 'отчёт.png').waitFor()

  // A draft left in the first; a second conversation, then drafts in each.
  await messageBox(page).fill('Второй разговор')
  await page.getByRole('button', { name: 'New chat' }).first().click()
  await messageBox(page).fill('Привет')
  await messageBox(page).press('Enter')
  await expect.poll(() => chatRequests(fake).length).toBe(2)
  await waitForIdle(page)

  await messageBox(page).fill('Черновик второго')
  await dropFile(page, 'second.png', realPng(5, 2, [30, 30, 220]))
  await pending.getByRole('button', { name: 'Open second.png' }).waitFor()

  await sidebarItem(page, 'отчёт.png').click()
  await expect.poll(() => messageBox(page).inputValue()).toBe('Второй разговор')
  await expect.poll(() => pending.count()).toBe(0)
  await dropFile(page, 'first.png', realPng(3, 3, [30, 220, 30]))
  await pending.getByRole('button', { name: 'Open first.png' }).waitFor()

  await sidebarItem(page, 'Привет').click()
  await expect.poll(() => messageBox(page).inputValue()).toBe('Черновик второго')
  await pending.getByRole('button', { name: 'Open second.png' }).waitFor()
  expect(await pending.getByRole('button', { name: 'Open first.png' }).count()).toBe(0)
  await page.screenshot({ path: '/tmp/attachment-drafts.png' })

  await sidebarItem(page, 'отчёт.png').click()
  await pending.getByRole('button', { name: 'Open first.png' }).waitFor()
  expect(await pending.getByRole('button', { name: 'Open second.png' }).count()).toBe(0)
})
