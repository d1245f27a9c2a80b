// @vitest-environment jsdom
import './setup'
import { act, screen, waitFor, within } from '@testing-library/react'
import { describe, expect, it, vi } from 'vitest'
import { i18n } from '../../src/renderer/src/app/i18n'
import { defaultPrices, type ModelPrice } from '../../src/shared/pricing'
import { readyApi, renderApp } from './render-app'

async function openPrices(prices?: ModelPrice[]) {
  const rendered = renderApp(readyApi(prices ? { settings: { prices } } : {}))
  await rendered.user.click(await screen.findByRole('button', { name: 'Preferences' }))
  const dialog = await screen.findByRole('dialog', { name: 'Preferences' })
  await rendered.user.click(within(dialog).getByRole('tab', { name: 'Prices' }))
  return { ...rendered, dialog }
}

describe('preferences: prices', () => {
  it('shows the shipped table and saves an edited price', async () => {
    const { api, user, dialog } = await openPrices()
    const input = within(dialog).getByRole('textbox', { name: 'Input — gpt-4o' }) as HTMLInputElement
    expect(input.value).toBe('2.5')
    await user.clear(input)
    await user.type(input, '3,75')
    await waitFor(() => expect(api.settingsView.prices.find((p) => p.model === 'gpt-4o')?.input).toBe(3.75))
    expect(api.settingsView.prices).toHaveLength(defaultPrices().length)
  })

  it('refuses a wrong price at the field and saves nothing until it is fixed', async () => {
    const { api, user, dialog } = await openPrices()
    const output = within(dialog).getByRole('textbox', { name: 'Output — gpt-4o' })
    const calls = (): number => vi.mocked(api.settings.update).mock.calls.length
    await user.clear(output)
    const before = calls()
    await user.type(output, '-1')
    const alert = await within(dialog).findByRole('alert')
    expect(alert.textContent).toBe('Output: enter a price from 0 to 10,000 dollars per 1M tokens, e.g. 2.5.')
    expect(output.getAttribute('aria-invalid')).toBe('true')
    expect(output.getAttribute('aria-describedby')).toBe(alert.id)
    expect(calls()).toBe(before)
    await user.clear(output)
    await user.type(output, '12')
    await waitFor(() => expect(api.settingsView.prices.find((p) => p.model === 'gpt-4o')?.output).toBe(12))
    expect(within(dialog).queryByRole('alert')).toBeNull()
  })

  it('adds a model, refusing an empty or duplicate id, and removes one', async () => {
    const { api, user, dialog } = await openPrices()
    await user.click(within(dialog).getByRole('button', { name: 'Add a model' }))
    const model = within(dialog).getByRole('textbox', { name: 'Model — new model' })
    expect((await within(dialog).findByRole('alert')).textContent).toContain(
      "Model: enter the model's id as the provider names it",
    )
    await user.type(model, 'GPT-4o')
    expect(within(dialog).getByRole('alert').textContent).toContain('this model already has a price above')
    await user.clear(model)
    await user.type(model, 'qwen-max')
    await user.type(within(dialog).getByRole('textbox', { name: 'Input — qwen-max' }), '1.6')
    await user.type(within(dialog).getByRole('textbox', { name: 'Output — qwen-max' }), '6.4')
    await waitFor(() =>
      expect(api.settingsView.prices.at(-1)).toStrictEqual({ model: 'qwen-max', input: 1.6, output: 6.4 }),
    )
    await user.click(within(dialog).getByRole('button', { name: 'Remove the price of gpt-4o' }))
    await waitFor(() => expect(api.settingsView.prices.some((p) => p.model === 'gpt-4o')).toBe(false))
    await user.click(within(dialog).getByRole('button', { name: 'Restore the shipped prices' }))
    await waitFor(() => expect(api.settingsView.prices).toStrictEqual(defaultPrices()))
  })

  it('offers the shipped models a table saved before lacks, adding them without touching its rows', async () => {
    // A table saved with an older app: one price edited, one vendor-prefixed id, one model of the user's own.
    const saved: ModelPrice[] = [
      { model: 'gpt-4o', input: 3.75, cachedInput: 1.25, output: 12 },
      { model: 'anthropic/claude-opus-5', input: 1, output: 2 },
      { model: 'qwen-max', input: 1.6, output: 6.4 },
    ]
    const { api, user, dialog } = await openPrices(saved)
    const notice = within(dialog).getByText(/^The shipped table has models yours lacks: /)
    expect(notice.textContent).toBe(
      'The shipped table has models yours lacks: gpt-5, gpt-5-mini, gpt-5-nano, gpt-4.1, gpt-4.1-mini, gpt-4.1-nano, …',
    )
    expect(within(dialog).getAllByRole('textbox', { name: /^Model — / })).toHaveLength(3)
    await user.click(within(dialog).getByRole('button', { name: 'Add them (your rows stay as they are)' }))
    const shipped = defaultPrices().filter((p) => p.model !== 'gpt-4o' && p.model !== 'claude-opus-5')
    await waitFor(() => expect(api.settingsView.prices).toStrictEqual([...saved, ...shipped]))
    expect(within(dialog).getByRole('status').textContent).toBe(
      'Shipped prices added at the end of the table; your rows were not changed.',
    )
    expect(within(dialog).queryByText(/^The shipped table has models/)).toBeNull()
    expect((within(dialog).getByRole('textbox', { name: 'Input — gpt-4o' }) as HTMLInputElement).value).toBe(
      '3.75',
    )
    expect(
      (within(dialog).getByRole('textbox', { name: 'Input — claude-opus-5-5' }) as HTMLInputElement).value,
    ).toBe('4')
  })

  it('offers nothing when the table has every shipped model', async () => {
    const { dialog } = await openPrices()
    expect(within(dialog).queryByRole('button', { name: 'Add them (your rows stay as they are)' })).toBeNull()
  })

  it('words the problems in Russian', async () => {
    const { user, dialog } = await openPrices()
    await act(() => i18n.changeLanguage('ru'))
    try {
      const input = within(dialog).getByRole('textbox', { name: 'Вход — gpt-4o' })
      await user.clear(input)
      expect((await within(dialog).findByRole('alert')).textContent).toBe(
        'Вход: введите цену от 0 до 10 000 долларов за 1 млн токенов, например 2,5.',
      )
    } finally {
      await act(() => i18n.changeLanguage('en'))
    }
  })
})
