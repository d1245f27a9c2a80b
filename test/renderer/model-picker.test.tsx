// @vitest-environment jsdom
import './setup'
import { screen, waitFor, within } from '@testing-library/react'
import { describe, expect, it, vi } from 'vitest'
import { MODEL_LIMIT } from '../../src/renderer/src/features/chat/ModelPicker'
import { FakeApi, provider } from './fake-api'
import { readyApi, renderApp } from './render-app'

const MANY = Array.from({ length: 500 }, (_, i) => `vendor/model-${i}`)

/** OpenAI (two models) and OpenRouter (500), the default model OpenAI's gpt-4o. */
function twoProviders(): FakeApi {
  return readyApi({
    models: { p1: ['gpt-4o', 'gpt-4o-mini'], p2: MANY },
    settings: {
      providers: [
        provider('p1', 'OpenAI', { apiKey: { set: true, last4: 'abcd' } }),
        provider('p2', 'OpenRouter', { baseURL: 'https://openrouter.ai/api/v1' }),
      ],
      defaultModel: { providerId: 'p1', model: 'gpt-4o' },
    },
  })
}

async function openPicker() {
  const picker = await screen.findByRole<HTMLInputElement>('combobox', { name: 'Model' })
  return picker
}

function names(list: HTMLElement): string[] {
  return within(list)
    .queryAllByRole('option')
    .map((option) => option.textContent ?? '')
}

describe('model picker', () => {
  it('shows the current model, and its provider when there are several', async () => {
    renderApp(twoProviders())
    const picker = await openPicker()
    expect(picker.value).toBe('gpt-4o')
    expect(picker.getAttribute('aria-expanded')).toBe('false')
    expect(picker.getAttribute('aria-describedby')).toBeTruthy()
    expect(document.getElementById(picker.getAttribute('aria-describedby') ?? '')?.textContent).toBe('OpenAI')
  })

  it('filters as you type, by model and by provider, and chooses with the keyboard', async () => {
    const { api, user } = renderApp(twoProviders())
    const picker = await openPicker()
    await user.click(picker)
    const list = screen.getByRole('listbox', { name: 'Models' })
    expect(picker.getAttribute('aria-expanded')).toBe('true')
    expect(picker.getAttribute('aria-controls')).toBe(list.id)
    await waitFor(() => expect(within(list).getByRole('group', { name: 'OpenRouter' })).toBeTruthy())
    // Opened on the current model.
    const active = () => document.getElementById(picker.getAttribute('aria-activedescendant') ?? '')
    expect(active()?.textContent).toBe('gpt-4o')
    expect(active()?.getAttribute('aria-selected')).toBe('true')

    await user.keyboard('MINI')
    expect(names(list)).toEqual(['gpt-4o-mini', 'Use “MINI” via OpenAI', 'Use “MINI” via OpenRouter'])
    expect(within(list).getByRole('group', { name: 'OpenAI' })).toBeTruthy()
    expect(within(list).queryByRole('group', { name: 'OpenRouter' })).toBeNull()

    await user.clear(picker)
    await user.type(picker, 'openai')
    expect(names(list).slice(0, 2)).toEqual(['gpt-4o', 'gpt-4o-mini'])

    await user.clear(picker)
    await user.type(picker, 'model-42')
    expect(names(list).slice(0, 2)).toEqual(['vendor/model-42', 'vendor/model-420'])
    await user.keyboard('{ArrowDown}{ArrowDown}{ArrowUp}')
    expect(active()?.textContent).toBe('vendor/model-420')
    await user.keyboard('{Enter}')
    expect(screen.queryByRole('listbox')).toBeNull()
    expect(picker.value).toBe('vendor/model-420')
    await waitFor(() =>
      expect(api.settings.update).toHaveBeenCalledWith({
        defaultModel: { providerId: 'p2', model: 'vendor/model-420' },
      }),
    )
    await user.type(screen.getByRole('textbox', { name: 'Message' }), 'Hi{Enter}')
    await waitFor(() =>
      expect(api.chat.send).toHaveBeenCalledWith(
        expect.objectContaining({ model: { providerId: 'p2', model: 'vendor/model-420' } }),
      ),
    )
  })

  it(`renders at most ${MODEL_LIMIT} models and says how many more there are`, async () => {
    const { user } = renderApp(twoProviders())
    const picker = await openPicker()
    await user.click(picker)
    const list = screen.getByRole('listbox', { name: 'Models' })
    await waitFor(() => expect(within(list).getAllByRole('option')).toHaveLength(MODEL_LIMIT))
    expect(screen.getByRole('status').textContent).toBe(`${502 - MODEL_LIMIT} more — keep typing`)
    await user.keyboard('model-49')
    // model-49 and model-490…499, and the typed id as it is.
    expect(within(list).getAllByRole('option')).toHaveLength(11 + 2)
    expect(screen.getByRole('status').textContent).toBe('')
  })

  it('uses a model the provider does not list', async () => {
    const { api, user } = renderApp(readyApi())
    const picker = await openPicker()
    await user.click(picker)
    await user.keyboard('o1-preview-2024')
    const list = screen.getByRole('listbox', { name: 'Models' })
    expect(names(list)).toEqual(['Use “o1-preview-2024”'])
    expect(within(list).getByRole('group', { name: 'Not in the list' })).toBeTruthy()
    expect(screen.getByRole('status').textContent).toBe('No matching models')
    await user.keyboard('{Enter}')
    expect(picker.value).toBe('o1-preview-2024')
    await user.type(screen.getByRole('textbox', { name: 'Message' }), 'Hi{Enter}')
    await waitFor(() =>
      expect(api.chat.send).toHaveBeenCalledWith(
        expect.objectContaining({ model: { providerId: 'p1', model: 'o1-preview-2024' } }),
      ),
    )
    // Listed from now on under its provider, checked as the current one.
    await user.click(picker)
    const option = within(screen.getByRole('listbox')).getByRole('option', { name: 'o1-preview-2024' })
    expect(option.querySelector('svg')).not.toBeNull()
  })

  it('Escape closes the list and keeps the model', async () => {
    const { api, user } = renderApp(readyApi())
    const picker = await openPicker()
    await user.click(picker)
    await user.keyboard('mini{ArrowDown}')
    await user.keyboard('{Escape}')
    expect(screen.queryByRole('listbox')).toBeNull()
    expect(picker.getAttribute('aria-expanded')).toBe('false')
    expect(picker.value).toBe('gpt-4o')
    expect(document.activeElement).toBe(picker)
    // The arrows open it again; Tab leaves it closed.
    await user.keyboard('{ArrowDown}')
    expect(screen.getByRole('listbox')).toBeTruthy()
    await user.tab()
    expect(screen.queryByRole('listbox')).toBeNull()
    expect(api.settings.update).not.toHaveBeenCalled()
  })

  it('says when a provider has no models yet', async () => {
    const api = readyApi({ models: {}, settings: { defaultModel: null } })
    vi.mocked(api.providers.models).mockImplementation(() => new Promise<string[]>(() => undefined))
    const { user } = renderApp(api)
    const picker = await openPicker()
    expect(picker.value).toBe('')
    expect(picker.getAttribute('placeholder')).toBe('Choose a model')
    await user.click(picker)
    const list = screen.getByRole('listbox', { name: 'Models' })
    const option = within(list).getByRole('option', { name: 'Loading models…' })
    expect(option.getAttribute('aria-disabled')).toBe('true')
  })
})
