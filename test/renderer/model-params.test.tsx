// @vitest-environment jsdom
import './setup'
import { screen, waitFor, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import type { Conversation } from '../../src/shared/domain'
import { provider } from './fake-api'
import { readyApi, renderApp } from './render-app'

const anthropic = provider('an', 'Anthropic', {
  kind: 'anthropic',
  baseURL: 'https://api.anthropic.com',
  apiKey: { set: true, last4: 'wxyz' },
})

function chat(model: Conversation['model'], params?: Conversation['params']): Conversation {
  return {
    id: 'c1',
    title: 'Стихи о прокси',
    createdAt: 1,
    updatedAt: 1,
    model,
    systemPrompt: '',
    messages: [],
    ...(params ? { params } : {}),
  }
}

async function openPanel(options: Parameters<typeof readyApi>[0], buttonName = /^Parameters/) {
  const rendered = renderApp(readyApi(options))
  await rendered.user.click(await screen.findByRole('button', { name: 'Стихи о прокси' }))
  await rendered.user.click(await screen.findByRole('button', { name: buttonName }))
  const panel = await screen.findByRole('dialog', { name: /Model parameters|Параметры модели/ })
  return { ...rendered, panel }
}

describe('model parameters panel', () => {
  it('refuses a temperature outside Anthropic’s range at the field, then saves valid values', async () => {
    const { api, user, panel } = await openPanel({
      settings: { providers: [anthropic], defaultModel: null },
      conversations: [chat({ providerId: 'an', model: 'claude-sonnet-4-5' })],
    })
    const temperature = within(panel).getByLabelText(/^Temperature/)
    const save = within(panel).getByRole('button', { name: 'Save' })
    await user.type(temperature, '1.5')
    expect(within(panel).getByRole('alert').textContent).toBe('Anthropic takes 0 to 1 here.')
    expect(temperature.getAttribute('aria-invalid')).toBe('true')
    expect(save).toHaveProperty('disabled', true)
    // Anthropic takes a reasoning effort too (adaptive thinking), with its own levels.
    expect(within(panel).getByLabelText('Reasoning effort')).toBeTruthy()

    await user.clear(temperature)
    await user.type(temperature, '0,4')
    await user.type(within(panel).getByLabelText(/^Max output tokens/), '2000')
    expect(within(panel).queryByRole('alert')).toBeNull()
    await user.click(save)
    await waitFor(() =>
      expect(api.conversations.setParams).toHaveBeenCalledWith('c1', { temperature: 0.4, maxTokens: 2000 }),
    )
    expect(api.store.get('c1')?.params).toEqual({ temperature: 0.4, maxTokens: 2000 })
    expect(screen.getByRole('button', { name: /^Parameters/ }).textContent).toContain('T 0.4 · max 2000')
  })

  it('checks a thinking budget against max output tokens and temperature', async () => {
    const { user, panel } = await openPanel({
      settings: {
        providers: [anthropic],
        defaultModel: null,
        modelParams: { an: { maxTokens: 4000 } },
      },
      conversations: [chat({ providerId: 'an', model: 'claude-sonnet-4-5' })],
    })
    // The provider's default shows in grey.
    expect(within(panel).getByLabelText<HTMLInputElement>(/^Max output tokens/).placeholder).toBe('4000')
    await user.type(within(panel).getByLabelText(/^Thinking budget/), '5000')
    expect(within(panel).getByRole('alert').textContent).toBe(
      'The thinking budget must be below max output tokens: at most 3,999.',
    )
    await user.type(within(panel).getByLabelText(/^Max output tokens/), '16000')
    await user.type(within(panel).getByLabelText(/^Temperature/), '0.5')
    expect(within(panel).getByRole('alert').textContent).toBe(
      'Anthropic takes no temperature together with a thinking budget: clear one of them.',
    )
  })

  it('resets to the provider’s defaults, and offers reasoning effort where the provider takes it', async () => {
    const { api, user, panel } = await openPanel({
      conversations: [
        chat({ providerId: 'p1', model: 'o3-mini' }, { temperature: 1.2, reasoningEffort: 'high' }),
      ],
    })
    expect(within(panel).getByText(/o3-mini is a reasoning model/)).toBeTruthy()
    expect(within(panel).getByLabelText<HTMLSelectElement>('Reasoning effort').value).toBe('high')
    await user.clear(within(panel).getByLabelText(/^Temperature/))
    await user.type(within(panel).getByLabelText(/^Temperature/), '5')
    expect(within(panel).getByRole('alert').textContent).toBe('OpenAI takes 0 to 2 here.')
    await user.click(within(panel).getByRole('button', { name: 'Reset to default' }))
    await waitFor(() => expect(api.conversations.setParams).toHaveBeenCalledWith('c1', {}))
    expect(api.store.get('c1')?.params).toBeUndefined()
    expect(within(panel).getByLabelText<HTMLInputElement>(/^Temperature/).value).toBe('')
  })

  it('words the refusal in Russian, naming the range', async () => {
    const { user, panel } = await openPanel(
      {
        settings: { providers: [anthropic], defaultModel: null, language: 'ru' },
        conversations: [chat({ providerId: 'an', model: 'claude-sonnet-4-5' })],
      },
      /^Параметры/,
    )
    await user.type(within(panel).getByLabelText(/^Температура/), '3')
    expect(within(panel).getByRole('alert').textContent).toBe('Anthropic принимает здесь значения от 0 до 1.')
    await user.clear(within(panel).getByLabelText(/^Температура/))
    await user.type(within(panel).getByLabelText(/^Максимум токенов/), 'много')
    expect(within(panel).getByRole('alert').textContent).toBe('Введите число, например 0,7.')
    expect(within(panel).getByRole('button', { name: 'Сохранить' })).toHaveProperty('disabled', true)
  })
})

describe('default parameters in Preferences', () => {
  it('saves a provider’s defaults, refusing out-of-range values at the field', async () => {
    const { api, user } = renderApp(readyApi())
    await user.click(await screen.findByRole('button', { name: 'Preferences' }))
    const dialog = await screen.findByRole('dialog', { name: 'Preferences' })
    await user.click(within(dialog).getByRole('button', { name: 'Edit OpenAI' }))
    const defaults = within(dialog).getByRole('region', { name: 'Default parameters' })
    const temperature = within(defaults).getByLabelText(/^Temperature/)
    await user.type(temperature, '2.5')
    expect(within(defaults).getByRole('alert').textContent).toBe('OpenAI takes 0 to 2 here.')
    await user.clear(temperature)
    await user.type(temperature, '0.7')
    await user.selectOptions(within(defaults).getByLabelText('Reasoning effort'), 'low')
    await user.click(within(defaults).getByRole('button', { name: 'Save defaults' }))
    await waitFor(() =>
      expect(api.settingsView.modelParams).toEqual({ p1: { temperature: 0.7, reasoningEffort: 'low' } }),
    )
    expect(within(defaults).getByRole('status').textContent).toBe('Saved')
  })
})
