/**
 * Model parameters as a user sets them: temperature and max output tokens in the panel next to the model
 * picker (in a new chat, before its first message), sent to the fake provider on 127.0.0.1 as they were
 * typed, kept after a reload; an out-of-range value refused at the field, in English and in Russian.
 */
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { expect, it } from 'vitest'
import {
  chatRequests,
  reload,
  sendMessage,
  sidebarItem,
  waitForIdle,
  withAppAndFakeProvider,
} from './helpers'
import type { FakeProvider } from '../fixtures/fake-provider'
import type { LaunchedApp } from './harness'

let app: LaunchedApp
let fake: FakeProvider
withAppAndFakeProvider((a, f) => {
  app = a
  fake = f
})

function panel(page: Page) {
  return page.getByRole('dialog', { name: /Model parameters|Параметры модели/ })
}

function lastBody(): Record<string, unknown> {
  return (chatRequests(fake).at(-1)?.body ?? {}) as Record<string, unknown>
}

it('sends the temperature and max tokens set in the panel, and keeps them after a reload', async () => {
  const { page } = app
  await page.getByRole('button', { name: /^Parameters/ }).click()
  await panel(page)
    .getByLabel(/^Temperature/)
    .fill('0.3')
  await panel(page)
    .getByLabel(/^Max output tokens/)
    .fill('256')
  await panel(page).getByRole('button', { name: 'Save' }).click()
  await panel(page).getByRole('status').waitFor()
  await page.screenshot({ path: join(tmpdir(), 'proxychat-params-en.png') })
  await page.keyboard.press('Escape')

  fake.enqueue({ text: 'Короткий ответ.', ratePerSecond: 50 })
  await sendMessage(page, 'Напиши хайку о прокси-сервере')
  await waitForIdle(page)
  expect(lastBody()).toMatchObject({ temperature: 0.3, max_tokens: 256 })
  expect(lastBody()).not.toHaveProperty('top_p')
  expect(await page.getByRole('button', { name: /^Parameters/ }).innerText()).toContain('T 0.3 · max 256')

  await reload(page)
  await sidebarItem(page, 'Напиши хайку о прокси-сервере').click()
  await page.getByRole('button', { name: /^Parameters/ }).click()
  expect(
    await panel(page)
      .getByLabel(/^Temperature/)
      .inputValue(),
  ).toBe('0.3')
  expect(
    await panel(page)
      .getByLabel(/^Max output tokens/)
      .inputValue(),
  ).toBe('256')
  await page.keyboard.press('Escape')
  fake.enqueue({ text: 'Ещё один.', ratePerSecond: 50 })
  await sendMessage(page, 'Ещё одно')
  await waitForIdle(page)
  expect(chatRequests(fake)).toHaveLength(2)
  expect(lastBody()).toMatchObject({ temperature: 0.3, max_tokens: 256 })
})

it('refuses an out-of-range value at the field, in Russian too, and saves nothing', async () => {
  const { page } = app
  await app.backend.backend.settings.update({ language: 'ru' })
  await reload(page)
  await page.getByRole('button', { name: /^Параметры/ }).click()
  const temperature = panel(page).getByLabel(/^Температура/)
  await temperature.fill('2,5')
  await panel(page)
    .getByLabel(/^Максимум токенов/)
    .fill('1024')
  const alert = panel(page).getByRole('alert')
  expect(await alert.innerText()).toBe('Fake AI принимает здесь значения от 0 до 2.')
  expect(await panel(page).getByRole('button', { name: 'Сохранить' }).isDisabled()).toBe(true)
  await page.screenshot({ path: join(tmpdir(), 'proxychat-params-ru.png') })

  await temperature.fill('1,2')
  await panel(page).getByRole('button', { name: 'Сохранить' }).click()
  await panel(page).getByRole('status').waitFor()
  await page.keyboard.press('Escape')
  fake.enqueue({ text: 'Готово.', ratePerSecond: 50 })
  const box = page.getByRole('textbox', { name: 'Сообщение' })
  await box.fill('Привет')
  await box.press('Enter')
  // The request is recorded as it arrives.
  await expect.poll(() => chatRequests(fake).length).toBe(1)
  expect(lastBody()).toMatchObject({ temperature: 1.2, max_tokens: 1024 })
})

it('on Anthropic, sends a reasoning effort as adaptive thinking, refusing it together with a thinking budget', async () => {
  const { page } = app
  const { settings } = app.backend.backend
  const current = await settings.get()
  await settings.update({
    providers: [
      ...current.providers.map(({ apiKey: _key, ...config }) => config),
      { id: 'claude', kind: 'anthropic', name: 'Anthropic', baseURL: fake.anthropicBaseURL, enabled: true },
    ],
    defaultModel: { providerId: 'claude', model: 'claude-opus-4-8' },
  })
  await settings.setSecret({ target: { type: 'provider', providerId: 'claude' }, value: 'sk-ant-test-5678' })
  await reload(page)

  await page.getByRole('button', { name: /^Parameters/ }).click()
  const effort = panel(page).getByLabel('Reasoning effort')
  expect(await effort.locator('option').allInnerTexts()).toEqual([
    'default',
    'low',
    'medium',
    'high',
    'extra high',
    'max',
  ])
  await panel(page)
    .getByLabel(/^Thinking budget/)
    .fill('10000')
  // A budget alone on a model that takes only effort: said how it goes.
  expect(
    await panel(page)
      .getByText(/takes only a reasoning effort/)
      .innerText(),
  ).toContain('effort “medium”')
  await page.screenshot({ path: join(tmpdir(), 'proxychat-params-anthropic-note.png') })
  await effort.selectOption('max')
  expect(await panel(page).getByRole('alert').innerText()).toBe(
    'Anthropic takes a reasoning effort or a thinking budget, not both: clear one of them.',
  )
  expect(await panel(page).getByRole('button', { name: 'Save' }).isDisabled()).toBe(true)
  await page.screenshot({ path: join(tmpdir(), 'proxychat-params-anthropic-effort.png') })
  await panel(page)
    .getByLabel(/^Thinking budget/)
    .fill('')
  await panel(page)
    .getByLabel(/^Max output tokens/)
    .fill('32000')
  await panel(page).getByRole('button', { name: 'Save' }).click()
  await panel(page).getByRole('status').waitFor()
  await page.keyboard.press('Escape')

  fake.enqueue({ text: 'Вот разбор по шагам.', ratePerSecond: 50 })
  await sendMessage(page, 'Найди гонку данных в этом планировщике')
  await waitForIdle(page)
  const messages = fake.requests.filter((r) => r.path === '/v1/messages')
  expect(messages).toHaveLength(1)
  expect(messages[0]?.body).toMatchObject({
    model: 'claude-opus-4-8',
    max_tokens: 32000,
    thinking: { type: 'adaptive' },
    output_config: { effort: 'max' },
  })
  expect(messages[0]?.body).not.toHaveProperty('temperature')
  expect(await page.getByRole('button', { name: /^Parameters/ }).innerText()).toContain('effort max')
})

it('says what to set when Anthropic refuses a thinking budget for a model the app does not know', async () => {
  const { page } = app
  const { settings } = app.backend.backend
  const current = await settings.get()
  // A deployment name the model table does not know: the budget is sent as set, and the provider refuses it.
  await settings.update({
    language: 'ru',
    providers: [
      ...current.providers.map(({ apiKey: _key, ...config }) => config),
      { id: 'claude', kind: 'anthropic', name: 'Anthropic', baseURL: fake.anthropicBaseURL, enabled: true },
    ],
    defaultModel: { providerId: 'claude', model: 'team-reasoner' },
    modelParams: { claude: { thinkingBudget: 4096 } },
  })
  await settings.setSecret({ target: { type: 'provider', providerId: 'claude' }, value: 'sk-ant-test-5678' })
  await reload(page)
  fake.enqueue({
    status: 400,
    body: {
      type: 'error',
      error: {
        type: 'invalid_request_error',
        message:
          '"thinking.type.enabled" is not supported for this model. Use "thinking.type.adaptive" and "output_config.effort" to control thinking behavior.',
      },
    },
  })
  const box = page.getByRole('textbox', { name: 'Сообщение' })
  await box.fill('Сравни два алгоритма сортировки')
  await box.press('Enter')
  const said = page.getByText(/эта модель принимает только глубину рассуждений/i)
  await said.first().waitFor()
  await page.screenshot({ path: join(tmpdir(), 'proxychat-params-thinking-400-ru.png') })
  expect(await said.first().innerText()).toContain('задайте глубину рассуждений вместо бюджета размышлений')
  const sent = fake.requests.filter((r) => r.path === '/v1/messages')
  expect(sent.at(-1)?.body).toMatchObject({ thinking: { type: 'enabled', budget_tokens: 4096 } })
})
