/**
 * The window as a Russian-speaking user meets it, at a laptop size (1280×800) and at the app's minimum window
 * size (480×360, MIN_SIZE in src/main/window-state.ts), with long names: a long provider, a long proxy route,
 * a long model id and prices with many digits. Each check is about something seen cut off or overlapping.
 */
import type { Locator, Page } from 'playwright-core'
import { afterAll, afterEach, beforeEach, expect, it } from 'vitest'
import { MIN_SIZE } from '../../src/main/window-state'
import { startFakeProvider, type FakeProvider } from '../fixtures/fake-provider'
import { closeBrowser, type LaunchedApp } from './harness'
import { conversation, exportEnvelope, launch, newDataDir, reload, removeDataDirs } from './helpers'

const PROVIDER = 'OpenRouter через корпоративный прокси (Амстердам, резерв)'
const ROUTE = 'Корпоративный прокси офиса в Санкт-Петербурге (резервный канал)'
const MODEL = 'anthropic/claude-3.7-sonnet:thinking'
const PRICE = {
  model: MODEL,
  input: 3.123456,
  cachedInput: 0.312345,
  cacheWrite: 3.753333,
  output: 15.987654,
}
const SMALL = { width: MIN_SIZE.width, height: MIN_SIZE.height }

let fake: FakeProvider
let app: LaunchedApp
beforeEach(async () => {
  fake = await startFakeProvider({ models: [MODEL] })
  app = await launch({ userDataDir: newDataDir(), locale: 'ru-RU' })
  const { settings } = app.backend.backend
  const current = await settings.get()
  const id = `fake-${fake.port}`
  const direct = current.routes.find((r) => r.mode === 'none')
  if (!direct) throw new Error('no Direct route')
  await settings.update({
    language: 'ru',
    providers: [
      { id, kind: 'custom', name: PROVIDER, baseURL: fake.baseURL, enabled: true, routeId: 'corp' },
    ],
    routes: [
      ...current.routes,
      {
        ...direct,
        id: 'corp',
        name: ROUTE,
        mode: 'manual' as const,
        httpProxy: 'http://127.0.0.1:9',
      },
    ].map(({ password: _secret, ...route }) => route),
    defaultModel: { providerId: id, model: MODEL },
    modelParams: { [id]: { temperature: 0.7, maxTokens: 16384, reasoningEffort: 'high' } },
    // The shipped list has a price for this model under its short id: replaced by one with many digits.
    prices: [...current.prices.filter((p) => !/claude-3[.-]7-sonnet/.test(p.model)), PRICE],
    prompts: [
      { id: 'p1', name: 'Строгий редактор технических текстов на русском языке', text: 'Ты редактор.' },
    ],
  })
  await settings.setSecret({ target: { type: 'provider', providerId: id }, value: 'sk-or-v1-abcdef1234' })
  await reload(app.page)
})
afterEach(async () => {
  await app.close()
  await fake.close()
})
afterAll(async () => {
  await closeBrowser()
  removeDataDirs()
})

type Box = { x: number; y: number; width: number; height: number }

async function box(locator: Locator): Promise<Box> {
  const found = await locator.boundingBox()
  if (!found) throw new Error('not shown')
  return found
}

function overlaps(a: Box, b: Box): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height
}

async function openPreferences(page: Page, tab: string): Promise<Locator> {
  await page.getByRole('button', { name: 'Настройки' }).click()
  const dialog = page.getByRole('dialog', { name: 'Настройки' })
  await dialog.getByRole('tab', { name: tab }).click()
  return dialog
}

it('Routes: each route is one row with its buttons beside the name; the hints are hints', async () => {
  const { page } = app
  const dialog = await openPreferences(page, 'Маршруты')
  const row = dialog.getByRole('list', { name: 'Маршруты' }).getByRole('listitem').last()
  const name = row.getByRole('button', { name: ROUTE, exact: true })
  const copy = row.getByRole('button', { name: `Дублировать «${ROUTE}»` })
  const nameBox = await box(name)
  const copyBox = await box(copy)
  // On the name's line, to its right, not under it.
  expect(copyBox.y).toBeLessThan(nameBox.y + nameBox.height)
  expect(copyBox.x).toBeGreaterThanOrEqual(nameBox.x + nameBox.width)
  expect(await row.evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true)
  const hint = dialog.getByText('Его используют провайдеры', { exact: false })
  const sizes = await hint.evaluate((el) => [
    parseFloat(getComputedStyle(el).fontSize),
    parseFloat(getComputedStyle(el.closest('.preferences__panel') ?? document.body).fontSize),
  ])
  expect(sizes[0]).toBeLessThan(sizes[1] ?? 0)
  await page.screenshot({ path: '/tmp/ruaudit-routes.png' })
})

it('Providers at the minimum window: a long name does not run under the row’s buttons', async () => {
  const { page } = app
  await page.setViewportSize(SMALL)
  const dialog = await openPreferences(page, 'Провайдеры')
  const row = dialog.locator('.provider-row').first()
  const name = row.locator('.provider-row__name')
  expect(await name.evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true)
  const nameBox = await box(name)
  for (const button of await row.getByRole('button').all()) {
    expect(overlaps(nameBox, await box(button))).toBe(false)
  }
  await page.screenshot({ path: '/tmp/ruaudit-providers-small.png' })

  // Routes: a long route keeps room for its name, and its buttons and the connection test stay in the dialog.
  await dialog.getByRole('tab', { name: 'Маршруты' }).click()
  const panel = await box(dialog.getByRole('tabpanel'))
  const route = dialog.getByRole('list', { name: 'Маршруты' }).getByRole('listitem').last()
  expect((await box(route.getByRole('button', { name: ROUTE, exact: true }))).width).toBeGreaterThan(100)
  for (const button of [
    ...(await route.getByRole('button').all()),
    dialog.getByRole('button', { name: 'Проверить подключение' }),
  ]) {
    const b = await box(button)
    expect(b.x + b.width, await button.innerText()).toBeLessThanOrEqual(panel.x + panel.width)
  }
  await page.screenshot({ path: '/tmp/ruaudit-routes-small.png' })
})

it('the chat header and prompt chips at the minimum window stay inside the window', async () => {
  const { page } = app
  await page.setViewportSize(SMALL)
  const header = page.locator('.chat__header')
  await page.getByRole('button', { name: /^Параметры/ }).waitFor()
  await page.screenshot({ path: '/tmp/ruaudit-header-small.png' })
  const width = SMALL.width
  for (const item of await header.locator(':scope > *').all()) {
    const b = await box(item)
    expect(b.x + b.width, await item.innerText()).toBeLessThanOrEqual(width)
  }
  for (const chip of await page.locator('.prompt-chips > *').all()) {
    const b = await box(chip)
    expect(b.x + b.width, await chip.innerText()).toBeLessThanOrEqual(width)
  }
  // The empty chat's greeting scrolls, from its top, above the message box instead of running under it.
  const empty = await box(page.locator('.chat__empty'))
  const greeting = await box(page.getByRole('heading', { name: 'Чем могу помочь?' }))
  const composer = await box(page.getByRole('textbox', { name: 'Сообщение' }))
  expect(greeting.y).toBeGreaterThanOrEqual(empty.y)
  expect(empty.y + empty.height).toBeLessThanOrEqual(composer.y)
})

it('the chat header at 1280: the model picker does not give way to the parameters summary', async () => {
  const { page } = app
  const at = Date.now()
  const usage = {
    promptTokens: 123_456,
    completionTokens: 98_765,
    totalTokens: 222_221,
    cachedTokens: 100_000,
  }
  const title = 'Настройка обратного прокси nginx для WebSocket'
  await app.backend.backend.conversations.import({
    json: exportEnvelope([
      conversation(
        'c0000000-0000-4000-8000-000000000001',
        title,
        [
          { id: 'u1', role: 'user', content: 'Как настроить nginx?', createdAt: at, status: 'done' },
          {
            id: 'a1',
            role: 'assistant',
            content: 'Вот так.',
            createdAt: at + 1,
            status: 'done',
            meta: { providerId: `fake-${fake.port}`, providerName: PROVIDER, model: MODEL, usage },
          },
        ],
        { providerId: `fake-${fake.port}`, model: MODEL },
      ),
    ]),
  })
  await page.getByRole('button', { name: title, exact: true }).click()
  await page.getByRole('meter', { name: 'Заполнение контекста' }).waitFor()
  await page.getByRole('button', { name: /^Параметры/ }).waitFor()
  await page.screenshot({ path: '/tmp/ruaudit-header.png' })
  const input = page.getByRole('combobox', { name: 'Модель' })
  // The parameters summary is cut first: the model field keeps most of its 220 px (it had 60, "anthro…").
  expect((await box(input)).width).toBeGreaterThanOrEqual(180)
})

it('Prices: a price with many digits is shown whole', async () => {
  const { page } = app
  const dialog = await openPreferences(page, 'Цены')
  for (const [column, value] of [
    ['Вход', PRICE.input],
    ['Вход из кэша', PRICE.cachedInput],
    ['Запись в кэш', PRICE.cacheWrite],
    ['Выход', PRICE.output],
  ] as const) {
    const input = dialog.getByRole('textbox', { name: `${column} — ${MODEL}`, exact: true })
    expect(await input.inputValue()).toBe(String(value))
    expect(await input.evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true)
  }
  await page.screenshot({ path: '/tmp/ruaudit-prices.png' })
})
