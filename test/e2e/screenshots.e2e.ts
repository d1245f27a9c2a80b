/**
 * Screenshots of the main views for the README (1280×800): the same conversation in light, dark
 * and Russian, the proxy preferences with a passing test, and the welcome. `npm run screenshots`
 * saves them to docs/screenshots/ (vitest.screenshots.config.ts sets PROXYCHAT_SCREENSHOTS_DIR);
 * in `npm run test:e2e` the same flows run and the pictures go to a temp folder, removed after.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { routesFor } from '../fixtures/routes'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, it } from 'vitest'
import { startFakeProvider, type FakeProvider } from '../fixtures/fake-provider'
import { startHttpProxy, type HttpProxy } from '../fixtures/http-proxy'
import type { Message } from '../../src/shared/domain'
import { closeBrowser, type LaunchedApp } from './harness'
import {
  addProviderQuickly,
  conversation,
  exportEnvelope,
  lastReply,
  launch,
  newDataDir,
  preferencesDialog,
  removeDataDirs,
  sendMessage,
  sidebarItem,
  waitForIdle,
} from './helpers'

const README_DIR = process.env['PROXYCHAT_SCREENSHOTS_DIR']
const OUT = README_DIR ?? mkdtempSync(join(tmpdir(), 'proxychat-screenshots-'))
const VIEWPORT = { width: 1280, height: 800 }

const QUESTION = 'How do I route ProxyChat through a SOCKS5 proxy on my VPS?'
const ANSWER = `The quickest way is an SSH tunnel: it gives you a SOCKS5 proxy on your computer.

### 1. Start the proxy

\`\`\`bash
# -N: no remote shell, -D: a SOCKS5 proxy on local port 1080
ssh -N -D 127.0.0.1:1080 alice@vps.example.com
\`\`\`

### 2. Point ProxyChat at it

Open **Preferences → Routes**, press **Add proxy**, choose **Manual** and fill in:

| Field | Value | Why |
|---|---|---|
| SOCKS5 proxy | \`127.0.0.1:1080\` | the tunnel's local end |
| Username | \`alice\` | only if the proxy asks for one |
| Remote DNS | on | host names resolve on the server |

Then press **Test connection**: every step should get a ✓. If *Region* fails, pick a VPS in a country your provider serves.`

const QUESTION_RU = 'Как пустить ProxyChat через SOCKS5-прокси на моём VPS?'
const ANSWER_RU = `Быстрее всего — через SSH-туннель: он поднимает SOCKS5-прокси на вашем компьютере.

### 1. Запустите прокси

\`\`\`bash
# -N: без удалённой оболочки, -D: SOCKS5-прокси на локальном порту 1080
ssh -N -D 127.0.0.1:1080 alice@vps.example.com
\`\`\`

### 2. Укажите его в ProxyChat

Откройте **Настройки → Маршруты**, нажмите **Добавить прокси**, выберите **Вручную** и заполните:

| Поле | Значение | Зачем |
|---|---|---|
| SOCKS5-прокси | \`127.0.0.1:1080\` | локальный конец туннеля |
| Имя пользователя | \`alice\` | если прокси его требует |
| Удалённый DNS | вкл. | имена хостов разрешает сервер |

Затем нажмите **Проверить соединение**: у каждого шага должна стоять ✓. Если не прошёл *Регион*, выберите VPS в стране, которую обслуживает провайдер.`

/** Earlier conversations, so the sidebar looks lived in. */
function history(titles: string[], daysAgo: number[]): string {
  const day = 24 * 60 * 60 * 1000
  return exportEnvelope(
    titles.map((title, i) => {
      const at = Date.now() - (daysAgo[i] ?? 0) * day - (i + 1) * 60_000
      const messages: Message[] = [
        { id: `u${i}`, role: 'user', content: title, createdAt: at, status: 'done' },
        { id: `a${i}`, role: 'assistant', content: 'Done.', createdAt: at + 1000, status: 'done' },
      ]
      return conversation(`seed-${i}`, title, messages, null, at)
    }),
  )
}

const HISTORY_EN = history(
  [
    'Compare GPT-4o and Claude for code review',
    'Fix "407 Proxy Authentication Required"',
    'Summarize the Q3 infrastructure report',
    'Regex for IPv6 addresses',
    'Translate the release notes to German',
    'Explain HTTP CONNECT tunnels',
  ],
  [0, 1, 1, 3, 5, 12],
)
const HISTORY_RU = history(
  [
    'Сравнить GPT-4o и Claude для ревью кода',
    'Ошибка «407 Proxy Authentication Required»',
    'Кратко пересказать отчёт за третий квартал',
    'Регулярное выражение для IPv6',
    'Перевести заметки к выпуску на немецкий',
    'Как работают туннели HTTP CONNECT',
  ],
  [0, 1, 1, 3, 5, 12],
)

let fake: FakeProvider
let proxy: HttpProxy

beforeAll(async () => {
  mkdirSync(OUT, { recursive: true })
  fake = await startFakeProvider({ models: ['gpt-4o', 'gpt-4o-mini', 'o3-mini'] })
  proxy = await startHttpProxy({ username: 'alice', password: 'correct-horse-battery' })
})
afterAll(async () => {
  await proxy.close()
  await fake.close()
  await closeBrowser()
  removeDataDirs()
  if (README_DIR === undefined) rmSync(OUT, { recursive: true, force: true })
})

/** Waits for highlighted code and settled layout, then saves the page. */
async function shoot(page: Page, name: string): Promise<void> {
  await page.evaluate(() => document.fonts.ready)
  if ((await page.locator('.code-block').count()) > 0) {
    await page.locator('.code-block .hljs-comment').first().waitFor()
  }
  // Hover and focus rings are not part of the picture.
  await page.mouse.move(VIEWPORT.width - 1, VIEWPORT.height - 1)
  await page.waitForTimeout(300)
  await page.screenshot({ path: resolve(OUT, name) })
}

/** A conversation with a markdown reply, streamed in from the fake. */
async function chatWith(app: LaunchedApp, question: string, answer: string): Promise<void> {
  const { page } = app
  fake.enqueue({ text: answer, ratePerSecond: 200 })
  await sendMessage(page, question)
  await waitForIdle(page)
  await lastReply(page).locator('.md-table').waitFor()
  await page.locator('.message__meta').last().waitFor()
}

it('chat-light.png and chat-dark.png: a conversation with a table and code', async () => {
  const userDataDir = newDataDir()
  const light = await launch({ userDataDir, viewport: VIEWPORT, colorScheme: 'light' })
  try {
    await light.backend.backend.conversations.import({ json: HISTORY_EN })
    await addProviderQuickly(light, fake, { name: 'OpenAI', model: 'gpt-4o' })
    await chatWith(light, QUESTION, ANSWER)
    await shoot(light.page, 'chat-light.png')
  } finally {
    await light.close()
  }

  // The same data folder, with the system in dark mode (the app follows the system by default).
  const dark = await launch({ userDataDir, viewport: VIEWPORT, colorScheme: 'dark' })
  try {
    await sidebarItem(dark.page, QUESTION).click()
    await lastReply(dark.page).locator('.md-table').waitFor()
    await dark.page.locator('.message__meta').last().waitFor()
    await shoot(dark.page, 'chat-dark.png')
  } finally {
    await dark.close()
  }
})

it('chat-ru.png: the Russian window', async () => {
  const app = await launch({ userDataDir: newDataDir(), viewport: VIEWPORT, locale: 'ru-RU' })
  try {
    await app.backend.backend.conversations.import({ json: HISTORY_RU })
    await app.backend.backend.settings.update({ language: 'ru' })
    await addProviderQuickly(app, fake, { name: 'OpenAI', model: 'gpt-4o' })
    await app.page.getByRole('button', { name: 'Новый чат' }).waitFor()
    fake.enqueue({ text: ANSWER_RU, ratePerSecond: 200 })
    await app.page.getByRole('textbox', { name: 'Сообщение' }).fill(QUESTION_RU)
    await app.page.getByRole('textbox', { name: 'Сообщение' }).press('Enter')
    await app.page.getByRole('button', { name: 'Отправить' }).waitFor()
    await app.page.getByRole('article').last().locator('.md-table').waitFor()
    await app.page.locator('.message__meta').last().waitFor()
    await shoot(app.page, 'chat-ru.png')
  } finally {
    await app.close()
  }
})

it('proxy-preferences.png: the Proxy tab with a passing connection test', async () => {
  const app = await launch({ userDataDir: newDataDir(), viewport: VIEWPORT })
  const { page } = app
  try {
    await app.backend.backend.conversations.import({ json: HISTORY_EN })
    await addProviderQuickly(app, fake, { name: 'OpenAI', model: 'gpt-4o' })
    await app.backend.backend.settings.update({
      ...routesFor({
        mode: 'manual',
        httpProxy: `http://127.0.0.1:${proxy.port}`,
        username: 'alice',
        // Not localhost: the fake provider is on 127.0.0.1 and must be reached through the proxy.
        bypass: ['*.corp.example', '10.0.0.0/8'],
      }),
    })
    await app.backend.backend.settings.setSecret({
      target: { type: 'route', routeId: 'proxy' },
      value: 'correct-horse-battery',
    })
    await page.reload()
    await page.getByRole('button', { name: 'Preferences' }).click()
    const dialog = preferencesDialog(page)
    await dialog.getByRole('tab', { name: 'Routes' }).click()
    await dialog.getByRole('button', { name: 'Test connection' }).click()
    const report = dialog.locator('.report')
    await report.getByText('Connection works.').waitFor()
    await report.scrollIntoViewIfNeeded()
    await shoot(page, 'proxy-preferences.png')
  } finally {
    await app.close()
  }
})

it('welcome.png: the first run, with a local Ollama found', async () => {
  // A local "Ollama" on its usual port when that port is free (it usually is in CI), else anywhere.
  const ollama = await startFakeProvider({
    port: 11434,
    models: ['llama3.1:8b', 'qwen2.5:7b', 'mistral:7b'],
  }).catch(() => startFakeProvider({ models: ['llama3.1:8b', 'qwen2.5:7b', 'mistral:7b'] }))
  const app = await launch({
    userDataDir: newDataDir(),
    viewport: VIEWPORT,
    localServers: [{ kind: 'ollama', baseURL: ollama.baseURL }],
  })
  try {
    await app.page.getByRole('button', { name: 'Use Ollama' }).waitFor()
    await shoot(app.page, 'welcome.png')
  } finally {
    await app.close()
    await ollama.close()
  }
})
