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

/** Sends through the fake directly (the long route above leads nowhere) and regenerates to ‹ 3/3 ›. */
async function replyWithThreeVersions(page: Page): Promise<Locator> {
  const { settings } = app.backend.backend
  const current = await settings.get()
  await settings.update({
    providers: current.providers.map(({ apiKey: _key, routeId: _route, ...config }) => config),
  })
  await reload(page)
  fake.enqueue(
    { text: 'Первый ответ: в SOCKS5h имена разрешает прокси.' },
    { text: 'Второй ответ: `socks5h://` — DNS через прокси.' },
    { text: 'Третий ответ: с h адрес резолвит сервер прокси, а не клиент.' },
  )
  await page.getByRole('textbox', { name: 'Сообщение' }).fill('Чем SOCKS5h отличается от SOCKS5?')
  await page.keyboard.press('Enter')
  const reply = page.getByRole('article').last()
  await reply.getByText('Первый ответ').waitFor()
  for (const n of [2, 3]) {
    await reply.hover()
    await reply.getByRole('button', { name: 'Сгенерировать заново' }).click()
    await page.getByRole('group', { name: new RegExp(`${n}.*${n}`) }).waitFor()
  }
  await reply.getByText('Третий ответ').waitFor()
  return reply
}

it('a reply’s actions and versions at the minimum window stay inside the window', async () => {
  const { page } = app
  const reply = await replyWithThreeVersions(page)
  await reply.getByRole('group').hover()
  await page.screenshot({ path: '/tmp/ru2-actions-1280.png' })
  await page.setViewportSize(SMALL)
  await reply.getByRole('group').scrollIntoViewIfNeeded()
  await reply.getByRole('group').hover()
  await expect
    .poll(() => reply.locator('.message__actions').evaluate((e) => getComputedStyle(e).opacity))
    .toBe('1')
  await page.screenshot({ path: '/tmp/ru2-actions-small.png' })
  const footer = reply.locator('.message__footer')
  for (const item of [...(await footer.getByRole('button').all()), footer.getByRole('group')]) {
    const b = await box(item)
    expect(b.x + b.width, (await item.getAttribute('aria-label')) ?? '').toBeLessThanOrEqual(SMALL.width)
  }
  const question = page.getByRole('article').first()
  await question.hover()
  for (const item of await question.locator('.message__footer').getByRole('button').all()) {
    const b = await box(item)
    expect(b.x + b.width, (await item.getAttribute('aria-label')) ?? '').toBeLessThanOrEqual(SMALL.width)
  }
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(SMALL.width)
})

it('Data and Prices at the minimum window: the buttons and every price field are inside the panel', async () => {
  const { page } = app
  await page.setViewportSize(SMALL)
  const dialog = await openPreferences(page, 'Данные')
  const panel = dialog.getByRole('tabpanel')
  const inside = async (item: Locator): Promise<void> => {
    const p = await box(panel)
    const b = await box(item)
    expect(b.x, await item.innerText()).toBeGreaterThanOrEqual(p.x)
    expect(
      b.x + b.width,
      (await item.getAttribute('aria-label')) ?? (await item.innerText()),
    ).toBeLessThanOrEqual(p.x + p.width)
  }
  for (const button of await panel.locator('.button').all()) await inside(button)
  await page.screenshot({ path: '/tmp/ru2-data-small.png' })

  await dialog.getByRole('tab', { name: 'Цены' }).click()
  // No sideways scrolling in the panel: every field of a row is reachable where it is.
  expect(await panel.evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true)
  for (const [column, value] of [
    ['Модель', MODEL],
    ['Вход', PRICE.input],
    ['Вход из кэша', PRICE.cachedInput],
    ['Запись в кэш', PRICE.cacheWrite],
    ['Выход', PRICE.output],
  ] as const) {
    const input = dialog.getByRole('textbox', { name: `${column} — ${MODEL}`, exact: true })
    await input.scrollIntoViewIfNeeded()
    await inside(input)
    expect(await input.inputValue()).toBe(String(value))
    if (column !== 'Модель') {
      expect(await input.evaluate((el) => el.scrollWidth <= el.clientWidth), column).toBe(true)
    }
  }
  const remove = dialog.getByRole('button', { name: `Удалить цену ${MODEL}` })
  await inside(remove)
  // Still usable: a price typed at this size is saved.
  const output = dialog.getByRole('textbox', { name: `Выход — ${MODEL}`, exact: true })
  await output.fill('16.5')
  await expect
    .poll(
      async () => (await app.backend.backend.settings.get()).prices.find((p) => p.model === MODEL)?.output,
    )
    .toBe(16.5)
  await output.scrollIntoViewIfNeeded()
  await page.screenshot({ path: '/tmp/ru2-prices-small.png' })
})

it('Titles: the title model field is as wide as the other model fields and shows a long id whole', async () => {
  const { page } = app
  const long = 'openai/o3-mini-high-2025-01-31'
  const { settings } = app.backend.backend
  const current = await settings.get()
  await settings.update({ titles: { ...current.titles, models: { [`fake-${fake.port}`]: long } } })
  await reload(page)
  const dialog = await openPreferences(page, 'Названия')
  const field = dialog.getByRole('textbox', { name: new RegExp(PROVIDER.slice(0, 20)) })
  expect(await field.inputValue()).toBe(long)
  expect(await field.evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true)
  await page.screenshot({ path: '/tmp/ru2-titles.png' })
  // As wide as the chat header's model field (220 px) at least, and inside the panel at the minimum window.
  expect((await box(field)).width).toBeGreaterThanOrEqual(220)
  await page.setViewportSize(SMALL)
  const panel = await box(dialog.getByRole('tabpanel'))
  const small = await box(field)
  expect(small.x + small.width).toBeLessThanOrEqual(panel.x + panel.width)
  expect(small.width).toBeGreaterThan(150)
  await field.scrollIntoViewIfNeeded()
  await page.screenshot({ path: '/tmp/ru2-titles-small.png' })
})

it('a hovered sidebar row ends its title with an ellipsis before the action buttons', async () => {
  const { page } = app
  const title = 'Очень длинное русское название беседы про прокси, сертификаты и обход блокировок'
  await app.backend.backend.conversations.import({
    json: exportEnvelope([
      conversation('c0000000-0000-4000-8000-000000000002', title, [
        { id: 'u1', role: 'user', content: title, createdAt: Date.now(), status: 'done' },
      ]),
    ]),
  })
  const open = page.getByRole('button', { name: title, exact: true })
  await open.hover()
  const row = page.locator('.conversation').filter({ has: open })
  const actions = row.locator('.conversation__actions')
  await expect.poll(() => actions.evaluate((e) => getComputedStyle(e).opacity)).toBe('1')
  await page.screenshot({ path: '/tmp/ru2-sidebar-hover.png' })
  const text = row.locator('.conversation__title')
  // The title's box (where its ellipsis is drawn) ends before the first visible button.
  const first = await box(row.getByRole('button', { name: /^Закрепить/ }))
  const t = await box(text)
  expect(t.x + t.width).toBeLessThanOrEqual(first.x)
  expect(await text.evaluate((el) => el.scrollWidth > el.clientWidth)).toBe(true)
})
