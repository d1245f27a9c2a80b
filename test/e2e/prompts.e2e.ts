/**
 * The prompt library as a user meets it: a prompt written in Preferences starts a new chat (the provider gets it as
 * the system message), another is saved from a chat's system prompt, the library is exported and imported into a
 * fresh data folder, and it is all still there after a relaunch.
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { tmpdir } from 'node:os'
import { afterAll, afterEach, beforeEach, expect, it } from 'vitest'
import { startFakeProvider, type FakeProvider } from '../fixtures/fake-provider'
import { closeBrowser } from './harness'
import {
  addProviderQuickly,
  chatRequests,
  closePreferences,
  launch,
  newDataDir,
  preferencesDialog,
  removeDataDirs,
  sendMessage,
  waitForIdle,
} from './helpers'

let fake: FakeProvider
beforeEach(async () => {
  fake = await startFakeProvider()
})
afterEach(async () => {
  await fake.close()
})
afterAll(async () => {
  await closeBrowser()
  removeDataDirs()
})

const EDITOR_TEXT = [
  'Ты — внимательный редактор русского текста.',
  'Исправляй орфографию, пунктуацию и стиль, не меняя смысла; объясняй каждую правку одной строкой.',
].join('\n')

it('writes a prompt, starts a chat with it, saves another from the chat, and keeps both across export and relaunch', async () => {
  const userDataDir = newDataDir()
  const first = await launch({ userDataDir })
  let exportedPath = ''
  try {
    const { page } = first
    await addProviderQuickly(first, fake)
    await page.getByRole('button', { name: 'Preferences' }).click()
    const dialog = preferencesDialog(page)
    await dialog.getByRole('tab', { name: 'Prompts' }).click()
    await dialog.getByRole('button', { name: 'New prompt' }).click()
    await dialog.getByLabel('Name', { exact: true }).fill('Редактор')
    await dialog.getByLabel('System prompt').fill(EDITOR_TEXT)
    await dialog.getByRole('button', { name: 'Save' }).click()
    await dialog.getByRole('button', { name: 'Edit “Редактор”' }).waitFor()
    await closePreferences(page)

    // A new chat: the library's prompts to start with.
    await page.getByRole('button', { name: 'New chat' }).click()
    await page
      .getByRole('group', { name: 'Start with a saved prompt:' })
      .getByRole('button', { name: 'Редактор' })
      .click()
    fake.enqueue({ text: 'Исправлено: «в течение» пишется раздельно.' })
    await sendMessage(page, 'В течении дня я работал.')
    await waitForIdle(page)
    const request = chatRequests(fake).at(-1)?.body as { messages: { role: string; content: unknown }[] }
    expect(request.messages[0]).toEqual({ role: 'system', content: EDITOR_TEXT })
    expect(request.messages.at(-1)).toMatchObject({ role: 'user', content: 'В течении дня я работал.' })

    // A chat's own prompt, saved to the library from the chat.
    await page.getByText('System prompt', { exact: true }).click()
    const field = page.getByRole('textbox', { name: 'System prompt' })
    await field.fill('Answer as a senior Go reviewer: point out races and leaks first.')
    await field.blur()
    await page.getByRole('button', { name: 'Save to prompt library' }).click()
    await page.getByRole('textbox', { name: 'Name' }).fill('Go reviewer')
    await page.getByRole('textbox', { name: 'Name' }).press('Enter')
    await page.getByRole('status').filter({ hasText: 'Saved “Go reviewer”.' }).waitFor()
    await page.screenshot({ path: join(tmpdir(), 'prompts-chat.png') })

    await page.getByRole('button', { name: 'Preferences' }).click()
    await dialog.getByRole('tab', { name: 'Prompts' }).click()
    await dialog.getByRole('button', { name: 'Export…' }).click()
    const saved = await dialog.getByRole('status').filter({ hasText: 'Prompts saved to' }).textContent()
    exportedPath = (saved ?? '').replace('Prompts saved to ', '')
    // A long prompt is cut with an ellipsis: the dialog keeps its width and every button stays in it.
    const box = await dialog.boundingBox()
    const deleteButton = await dialog.getByRole('button', { name: 'Delete “Редактор”' }).boundingBox()
    expect(deleteButton && box && deleteButton.x + deleteButton.width <= box.x + box.width).toBe(true)
    await page.screenshot({ path: join(tmpdir(), 'prompts-preferences.png') })
  } finally {
    await first.close()
  }

  // The file holds both, without ids; imported into a fresh data folder, twice: the second time adds nothing.
  const file = JSON.parse(readFileSync(exportedPath, 'utf8')) as { prompts: { name: string; text: string }[] }
  expect(file.prompts.map((p) => p.name)).toEqual(['Редактор', 'Go reviewer'])
  const importable = join(tmpdir(), `prompts-${Date.now()}.json`)
  writeFileSync(importable, JSON.stringify(file))

  const other = await launch({ userDataDir: newDataDir() })
  try {
    const { page } = other
    await addProviderQuickly(other, fake)
    await page.getByRole('button', { name: 'Preferences' }).click()
    const dialog = preferencesDialog(page)
    await dialog.getByRole('tab', { name: 'Prompts' }).click()
    await dialog.getByLabel('Import…').setInputFiles(importable)
    await dialog.getByRole('status').filter({ hasText: 'Added 2 prompts.' }).waitFor()
    await dialog.getByLabel('Import…').setInputFiles(importable)
    await dialog
      .getByRole('status')
      .filter({ hasText: 'Added 0 prompts. 2 were already here and were skipped.' })
      .waitFor()
    expect(await dialog.getByRole('list', { name: 'Saved prompts' }).getByRole('listitem').count()).toBe(2)
  } finally {
    await other.close()
  }

  const again = await launch({ userDataDir })
  try {
    const { page } = again
    const chips = page.getByRole('group', { name: 'Start with a saved prompt:' })
    await chips.waitFor()
    expect(await chips.getByRole('button').allInnerTexts()).toEqual(['Редактор', 'Go reviewer'])
  } finally {
    await again.close()
  }
})
