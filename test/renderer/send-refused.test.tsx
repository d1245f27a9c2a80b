// @vitest-environment jsdom
import './setup'
import { screen, waitFor, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import type { Conversation } from '../../src/shared/domain'
import { provider } from './fake-api'
import { readyApi, renderApp } from './render-app'

const TEXT = 'Как настроить SOCKS5-прокси с паролем?'

async function typeAndSend(user: ReturnType<typeof renderApp>['user']): Promise<HTMLTextAreaElement> {
  const box = await screen.findByRole<HTMLTextAreaElement>('textbox', { name: 'Message' })
  await user.type(box, TEXT)
  await user.click(screen.getByRole('button', { name: 'Send' }))
  return box
}

describe('a send that cannot start', () => {
  it('with a provider but no model: says to choose one, keeps the text, creates and sends nothing', async () => {
    const api = readyApi({ settings: { defaultModel: null } })
    const { user } = renderApp(api)
    const box = await typeAndSend(user)

    const alert = await screen.findByRole('alert')
    expect(alert.textContent).toContain('Choose a model in the Model picker at the top of the chat')
    expect(alert.textContent).not.toContain('add a provider')
    expect(box.value).toBe(TEXT)
    expect(api.conversations.create).not.toHaveBeenCalled()
    expect(api.chat.send).not.toHaveBeenCalled()
    expect(api.store.size).toBe(0)

    // Choosing a model clears the advice; the next send goes out once, with the model.
    const picker = screen.getByRole<HTMLInputElement>('combobox', { name: 'Model' })
    await user.click(picker)
    await user.click(
      within(screen.getByRole('listbox', { name: 'Models' })).getByRole('option', { name: 'gpt-4o-mini' }),
    )
    await waitFor(() => expect(screen.queryByRole('alert')).toBeNull())
    await user.click(screen.getByRole('button', { name: 'Send' }))
    await waitFor(() => expect(api.chat.send).toHaveBeenCalledTimes(1))
    expect(api.chat.send).toHaveBeenCalledWith(
      expect.objectContaining({ content: TEXT, model: { providerId: 'p1', model: 'gpt-4o-mini' } }),
    )
    const [created] = [...api.store.values()]
    expect(created?.messages.filter((m) => m.role === 'user')).toHaveLength(1)
  })

  it.each([
    [
      'the provider was removed',
      [provider('p1', 'OpenAI')],
      { providerId: 'gone', model: 'gpt-4o' },
      'The provider of the chosen model has been removed',
    ],
    [
      'the provider is turned off',
      [provider('p1', 'OpenAI', { enabled: false })],
      { providerId: 'p1', model: 'gpt-4o' },
      'The provider of this model is turned off',
    ],
  ])('when %s: says so, and nothing is saved', async (_case, providers, model, said) => {
    const existing: Conversation = {
      id: 'c1',
      title: 'Earlier chat',
      createdAt: Date.now(),
      updatedAt: Date.now(),
      model,
      systemPrompt: '',
      messages: [],
    }
    const api = readyApi({ settings: { providers, defaultModel: null }, conversations: [existing] })
    const { user } = renderApp(api)
    await user.click(await screen.findByRole('button', { name: 'Earlier chat' }))
    const box = await typeAndSend(user)
    expect((await screen.findByRole('alert')).textContent).toContain(said)
    expect(box.value).toBe(TEXT)
    expect(api.chat.send).not.toHaveBeenCalled()
    expect(api.store.get('c1')?.messages).toEqual([])
    expect(api.store.get('c1')?.title).toBe('Earlier chat')
    // The way out is one click away.
    await user.click(screen.getByRole('button', { name: 'Open Providers' }))
    expect(await screen.findByRole('dialog', { name: 'Preferences' })).toBeTruthy()
  })

  it('after the first provider is added, its first model is chosen', async () => {
    const api = readyApi({ settings: { providers: [], defaultModel: null }, models: {} })
    const { user } = renderApp(api)
    await user.click(await screen.findByRole('button', { name: 'Add a provider' }))
    const dialog = await screen.findByRole('dialog', { name: 'Preferences' })
    await user.click(within(dialog).getByRole('button', { name: /^Groq/ }))
    await user.type(within(dialog).getByLabelText(/API key/), 'gsk-test-1234')
    const id = (): string => api.settingsView.providers[0]?.id ?? ''
    api.providers.models = async (providerId) => (providerId === id() ? ['llama-3.3-70b', 'mixtral'] : [])
    await user.click(within(dialog).getByRole('button', { name: 'Save' }))
    await waitFor(() =>
      expect(api.settingsView.defaultModel).toEqual({ providerId: id(), model: 'llama-3.3-70b' }),
    )
    await user.click(within(dialog).getAllByRole('button', { name: 'Close' })[0] as HTMLElement)
    expect((await screen.findByRole<HTMLInputElement>('combobox', { name: 'Model' })).value).toBe(
      'llama-3.3-70b',
    )
  })

  it('adding another provider keeps the model already chosen', async () => {
    const api = readyApi({ models: { p1: ['gpt-4o'] } })
    const { user } = renderApp(api)
    await user.click(await screen.findByRole('button', { name: 'Preferences' }))
    const dialog = await screen.findByRole('dialog', { name: 'Preferences' })
    await user.click(within(dialog).getByRole('button', { name: 'Add a provider' }))
    await user.click(within(dialog).getByRole('button', { name: /^Groq/ }))
    await user.click(within(dialog).getByRole('button', { name: 'Save' }))
    await waitFor(() => expect(api.settingsView.providers).toHaveLength(2))
    await new Promise((done) => setTimeout(done, 20))
    expect(api.settingsView.defaultModel).toEqual({ providerId: 'p1', model: 'gpt-4o' })
  })
})
