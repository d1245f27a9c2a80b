/**
 * Shared steps for the browser tests: temporary data folders, adding a provider the way a user does
 * (or quickly, through the backend, when the test is about something else), sending messages and
 * reading replies.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Locator, Page } from 'playwright-core'
import { afterAll, afterEach, beforeEach } from 'vitest'
import { startFakeProvider, type FakeProvider } from '../fixtures/fake-provider'
import type { Conversation, Message } from '../../src/shared/domain'
import { closeBrowser, launchApp, type LaunchedApp, type LaunchOptions } from './harness'

const made: string[] = []

/** A fresh, empty data folder (removed by `removeDataDirs`). */
export function newDataDir(): string {
  const parent = mkdtempSync(join(tmpdir(), 'proxychat-e2e-'))
  made.push(parent)
  // The backend writes exports next to the data folder: keep both inside one temporary parent.
  return join(parent, 'data')
}

export function removeDataDirs(): void {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true })
}

/** Every file under `dir`, recursively. */
export function filesUnder(dir: string): string[] {
  const out: string[] = []
  for (const name of readdirSync(dir)) {
    const path = join(dir, name)
    if (statSync(path).isDirectory()) out.push(...filesUnder(path))
    else out.push(path)
  }
  return out
}

/** Files under `dir` whose bytes contain `needle` (as UTF-8). */
export function filesContaining(dir: string, needle: string): string[] {
  const bytes = Buffer.from(needle, 'utf8')
  return filesUnder(dir).filter((file) => readFileSync(file).includes(bytes))
}

/**
 * Launches the app and waits until its window has loaded its settings. No local servers are looked for
 * unless the test names some: a real Ollama on this machine must not change what a test sees.
 */
export async function launch(options: LaunchOptions): Promise<LaunchedApp> {
  const app = await launchApp({ localServers: [], ...options })
  app.page.setDefaultTimeout(10_000)
  await app.page.locator('.app:not(.app--loading)').waitFor()
  return app
}

export interface ProviderSetup {
  name?: string
  apiKey?: string
  model?: string
}

/**
 * Adds the fake as a custom OpenAI-compatible provider through the backend (as Preferences would) and
 * reloads the window: for tests about something other than adding a provider.
 */
export async function addProviderQuickly(
  app: LaunchedApp,
  fake: FakeProvider,
  { name = 'Fake AI', apiKey = 'sk-test-1234', model = 'gpt-4o-mini' }: ProviderSetup = {},
): Promise<string> {
  const id = `fake-${fake.port}`
  const { settings } = app.backend.backend
  const current = await settings.get()
  await settings.update({
    providers: [
      ...current.providers.map(({ apiKey: _key, ...config }) => config),
      { id, kind: 'custom', name, baseURL: fake.baseURL, enabled: true },
    ],
    defaultModel: { providerId: id, model },
  })
  if (apiKey) await settings.setSecret({ target: { type: 'provider', providerId: id }, value: apiKey })
  await reload(app.page)
  return id
}

/** Reloads the window (the preload and the services stay) and waits for it to be ready. */
export async function reload(page: Page): Promise<void> {
  await page.reload()
  await page.locator('.app:not(.app--loading)').waitFor()
}

/** Adds a custom OpenAI-compatible provider in the open Preferences, as a user does. */
export async function addCustomProviderInPreferences(
  page: Page,
  { name, baseURL, apiKey }: { name: string; baseURL: string; apiKey: string },
): Promise<void> {
  const dialog = page.getByRole('dialog', { name: 'Preferences' })
  await dialog.getByRole('button', { name: /Custom \(OpenAI-compatible\)/ }).click()
  await dialog.getByLabel('Name', { exact: true }).fill(name)
  await dialog.getByLabel('Base URL').fill(baseURL)
  await dialog.getByLabel('API key').fill(apiKey)
  await dialog.getByRole('button', { name: 'Save' }).click()
  await dialog.getByRole('button', { name: `Edit ${name}` }).waitFor()
}

export function preferencesDialog(page: Page): Locator {
  return page.getByRole('dialog', { name: 'Preferences' })
}

export async function closePreferences(page: Page): Promise<void> {
  const dialog = preferencesDialog(page)
  await dialog.getByRole('button', { name: 'Close' }).first().click()
  await dialog.waitFor({ state: 'detached' })
}

/** Picks a model in the chat header's model picker. */
export async function chooseModel(page: Page, model: string): Promise<void> {
  const picker = page.getByRole('combobox', { name: 'Model' })
  await picker.click()
  await picker.fill(model)
  await page
    .getByRole('listbox', { name: 'Models' })
    .getByRole('option', { name: model, exact: true })
    .click()
  await picker.and(page.locator(`[aria-expanded="false"]`)).waitFor()
}

export function messageBox(page: Page): Locator {
  return page.getByRole('textbox', { name: 'Message' })
}

/** Types a message and sends it with Enter. */
export async function sendMessage(page: Page, text: string): Promise<void> {
  const box = messageBox(page)
  await box.fill(text)
  await box.press('Enter')
}

/** A conversation's button in the sidebar. */
export function sidebarItem(page: Page, title: string): Locator {
  return page
    .getByRole('navigation', { name: 'Conversations' })
    .getByRole('button', { name: title, exact: true })
}

/** The assistant replies shown, in order. */
export function replies(page: Page): Locator {
  return page.getByRole('article', { name: 'Assistant' })
}

/** The user's messages shown, in order (their bubbles). */
export function userMessages(page: Page): Locator {
  return page.getByRole('article', { name: 'You' }).locator('.message__bubble')
}

export function lastReply(page: Page): Locator {
  return replies(page).last()
}

/** Waits until no reply is being written (the Send button is back). */
export async function waitForIdle(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Stop' }).waitFor({ state: 'detached' })
  await page.getByRole('button', { name: 'Send' }).waitFor()
}

/** Index in `fake.requests` of the last chat request. */
export function lastChatRequest(fake: FakeProvider): number {
  for (let i = fake.requests.length - 1; i >= 0; i--) {
    if (fake.requests[i]?.path === '/v1/chat/completions') return i
  }
  return -1
}

export function chatRequests(fake: FakeProvider): FakeProvider['requests'] {
  return fake.requests.filter((r) => r.path === '/v1/chat/completions')
}

/** A conversation in an export envelope, for `backend.conversations.import`. */
export function exportEnvelope(conversations: Conversation[]): string {
  return JSON.stringify({
    format: 'proxychat-export',
    version: 1,
    exportedAt: new Date().toISOString(),
    conversations,
  })
}

export function conversation(
  id: string,
  title: string,
  messages: Message[],
  model: Conversation['model'] = null,
  at = Date.now(),
): Conversation {
  return { id, title, createdAt: at, updatedAt: at, model, systemPrompt: '', messages }
}

/** The visible text of a locator, e.g. for `expect.poll(() => textOf(reply))`. */
export function textOf(locator: Locator): Promise<string> {
  return locator.innerText()
}

/** Polls `read` until it returns something, for values the page computes over time. */
export async function waitUntil<T>(
  read: () => T | undefined | Promise<T | undefined>,
  timeoutMs = 10_000,
): Promise<T> {
  const end = Date.now() + timeoutMs
  for (;;) {
    const value = await read()
    if (value !== undefined) return value
    if (Date.now() > end) throw new Error('waitUntil: timed out')
    await new Promise((done) => setTimeout(done, 20))
  }
}

/**
 * For a test file whose tests launch their own apps (into `apps`) against a fresh fake provider each: registers
 * the hooks (the apps closed after each test, then the provider) and hands each test's fake to `use`.
 */
export function withFakeProviderPerTest(apps: LaunchedApp[], use: (fake: FakeProvider) => void): void {
  let fake: FakeProvider | undefined
  beforeEach(async () => {
    fake = await startFakeProvider()
    use(fake)
  })
  afterEach(async () => {
    for (const app of apps.splice(0)) await app.close()
    await fake?.close()
  })
  afterAll(async () => {
    await closeBrowser()
    removeDataDirs()
  })
}

/**
 * For a test file whose every test starts with the app on a fresh data folder and the fake provider added:
 * registers the hooks and hands each test's app and fake to `use`.
 */
export function withAppAndFakeProvider(use: (app: LaunchedApp, fake: FakeProvider) => void): void {
  let app: LaunchedApp | undefined
  let fake: FakeProvider | undefined
  beforeEach(async () => {
    fake = await startFakeProvider()
    app = await launch({ userDataDir: newDataDir() })
    await addProviderQuickly(app, fake)
    use(app, fake)
  })
  afterEach(async () => {
    await app?.close()
    await fake?.close()
  })
  afterAll(async () => {
    await closeBrowser()
    removeDataDirs()
  })
}

/**
 * Routes tab: adds a proxy profile ("Proxy 1", manual), makes it the default route and leaves it open in the
 * editor, which is where the one proxy of older versions lived.
 */
export async function addProxyRoute(dialog: Locator): Promise<void> {
  await dialog.getByRole('tab', { name: 'Routes' }).click()
  await dialog.getByRole('button', { name: 'Add proxy' }).click()
  await dialog.getByLabel('Default route', { exact: true }).selectOption({ label: 'Proxy 1' })
  await dialog.getByLabel('Name', { exact: true }).waitFor()
}
