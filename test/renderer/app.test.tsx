// @vitest-environment jsdom
import './setup'
import { act, render, screen, waitFor, within } from '@testing-library/react'
import { describe, expect, it, vi } from 'vitest'
import { App } from '../../src/renderer/src/app/App'
import { FakeApi, message } from './fake-api'
import { readyApi, renderApp } from './render-app'

describe('first run', () => {
  it('leads to adding a provider', async () => {
    const { user } = renderApp(new FakeApi())
    expect(await screen.findByRole('heading', { name: 'Welcome to ProxyChat' })).toBeTruthy()
    await user.click(screen.getByRole('button', { name: 'Add a provider' }))
    const dialog = await screen.findByRole('dialog', { name: 'Preferences' })
    expect(within(dialog).getByRole('button', { name: /^Anthropic/ })).toBeTruthy()
  })

  it('offers a local Ollama that answers', async () => {
    const api = new FakeApi({
      local: [{ kind: 'ollama', baseURL: 'http://127.0.0.1:11434/v1', models: ['llama3.2', 'qwen2.5'] }],
    })
    const { user } = renderApp(api)
    expect(await screen.findByText(/2 models/)).toBeTruthy()
    await user.click(screen.getByRole('button', { name: 'Use Ollama' }))
    await waitFor(() => expect(api.settingsView.providers).toHaveLength(1))
    expect(api.settingsView.providers[0]).toMatchObject({
      kind: 'ollama',
      baseURL: 'http://127.0.0.1:11434/v1',
    })
    expect(api.settingsView.defaultModel).toEqual({
      providerId: api.settingsView.providers[0]?.id,
      model: 'llama3.2',
    })
    expect(await screen.findByRole('textbox', { name: 'Message' })).toBeTruthy()
  })
})

describe('history without a provider (an import on a fresh install)', () => {
  it('shows the imported conversations next to the welcome, and opens them', async () => {
    const api = new FakeApi()
    const { user } = renderApp(api)
    expect(await screen.findByRole('heading', { name: 'Welcome to ProxyChat' })).toBeTruthy()
    expect(screen.queryByRole('navigation', { name: 'Conversations' })).toBeNull()
    // Imported through Preferences → Data: main says the list changed.
    api.store.set('imported-1', {
      id: 'imported-1',
      title: 'Маршрут по Золотому кольцу',
      createdAt: Date.now(),
      updatedAt: Date.now(),
      model: null,
      systemPrompt: '',
      messages: [message('imported-1-m1', 'user', 'Составь маршрут на неделю')],
    })
    act(() => api.conversationsChanged())
    const nav = await screen.findByRole('navigation', { name: 'Conversations' })
    // The welcome still invites adding a provider.
    expect(screen.getByRole('button', { name: 'Add a provider' })).toBeTruthy()
    await user.click(within(nav).getByRole('button', { name: 'Маршрут по Золотому кольцу' }))
    expect(await screen.findByRole('heading', { level: 1, name: 'Маршрут по Золотому кольцу' })).toBeTruthy()
    expect(await screen.findByText('Составь маршрут на неделю')).toBeTruthy()
  })
})

describe('keyboard and menu', () => {
  it('Ctrl+K focuses search, Ctrl+, opens Preferences, Ctrl+N starts a new chat', async () => {
    const { user } = renderApp(readyApi())
    const search = await screen.findByRole('searchbox', { name: 'Search conversations' })
    await user.keyboard('{Control>}k{/Control}')
    expect(document.activeElement).toBe(search)
    await user.keyboard('{Control>},{/Control}')
    const dialog = await screen.findByRole('dialog', { name: 'Preferences' })
    await user.keyboard('{Escape}')
    await waitFor(() => expect(dialog.isConnected).toBe(false))
    await user.keyboard('{Control>}n{/Control}')
    expect(document.activeElement).toBe(screen.getByRole('textbox', { name: 'Message' }))
  })

  it('handles menu commands from main', async () => {
    const { api } = renderApp(readyApi())
    await screen.findByRole('button', { name: 'New chat' })
    act(() => api.menu('preferences'))
    expect(await screen.findByRole('dialog', { name: 'Preferences' })).toBeTruthy()
  })

  it('shows notices from main', async () => {
    const { api, user } = renderApp(readyApi())
    await screen.findByRole('button', { name: 'New chat' })
    act(() =>
      api.notice({
        id: 'n1',
        level: 'warning',
        code: 'corrupt_file',
        message: 'A damaged file was set aside',
        path: '/data/x.json',
      }),
    )
    expect(await screen.findByText('A damaged file was set aside')).toBeTruthy()
    await user.click(screen.getByRole('button', { name: 'Dismiss' }))
    expect(screen.queryByText('A damaged file was set aside')).toBeNull()
  })

  it('picks the model per conversation from every provider', async () => {
    const { api, user } = renderApp(readyApi())
    const picker = await screen.findByRole<HTMLInputElement>('combobox', { name: 'Model' })
    expect(picker.value).toBe('gpt-4o')
    await user.click(picker)
    const list = screen.getByRole('listbox', { name: 'Models' })
    await waitFor(() => expect(within(list).getByRole('option', { name: 'gpt-4o-mini' })).toBeTruthy())
    expect(within(list).getByRole('group', { name: 'OpenAI' })).toBeTruthy()
    await user.click(within(list).getByRole('option', { name: 'gpt-4o-mini' }))
    expect(picker.value).toBe('gpt-4o-mini')
    await user.type(screen.getByRole('textbox', { name: 'Message' }), 'Hi{Enter}')
    await waitFor(() =>
      expect(api.chat.send).toHaveBeenCalledWith(
        expect.objectContaining({ model: { providerId: 'p1', model: 'gpt-4o-mini' } }),
      ),
    )
  })

  it('keeps a system prompt per conversation', async () => {
    const { api, user } = renderApp(readyApi())
    await user.click(await screen.findByText('System prompt', { selector: 'summary span' }))
    await user.type(screen.getByRole('textbox', { name: 'System prompt' }), 'Answer in Russian.')
    await user.type(screen.getByRole('textbox', { name: 'Message' }), 'Hi{Enter}')
    await waitFor(() =>
      expect(api.conversations.create).toHaveBeenCalledWith(
        expect.objectContaining({ systemPrompt: 'Answer in Russian.' }),
      ),
    )
  })
})

describe('without the preload', () => {
  it('says what went wrong instead of showing a blank window', async () => {
    const quiet = vi.spyOn(console, 'error').mockImplementation(() => undefined)
    render(<App />)
    const alert = await screen.findByRole('alert')
    expect(alert.textContent).toContain('Something went wrong in this window.')
    expect(alert.textContent).toContain('window.proxychat is missing')
    quiet.mockRestore()
  })
})
