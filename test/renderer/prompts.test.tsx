// @vitest-environment jsdom
import './setup'
import { screen, waitFor, within } from '@testing-library/react'
import { describe, expect, it, vi } from 'vitest'
import type { SavedPrompt } from '../../src/shared/prompts'
import { readyApi, renderApp } from './render-app'

const TRANSLATOR: SavedPrompt = { id: 'p1', name: 'Translator', text: 'Translate everything into English.' }
const EDITOR: SavedPrompt = { id: 'p2', name: 'Редактор', text: 'Исправь ошибки, не меняя смысла и стиля.' }

async function openPrompts(prompts: SavedPrompt[] = [], language: 'en' | 'ru' = 'en') {
  const rendered = renderApp(readyApi({ settings: { prompts, language } }))
  const preferences = language === 'ru' ? 'Настройки' : 'Preferences'
  await rendered.user.click(await screen.findByRole('button', { name: preferences }))
  const dialog = await screen.findByRole('dialog', { name: preferences })
  await rendered.user.click(
    within(dialog).getByRole('tab', { name: language === 'ru' ? 'Промпты' : 'Prompts' }),
  )
  return { ...rendered, dialog }
}

describe('preferences: the prompt library', () => {
  it('adds a prompt, saying at the field what is missing and saving nothing until it is right', async () => {
    const { api, user, dialog } = await openPrompts([TRANSLATOR])
    await user.click(within(dialog).getByRole('button', { name: 'New prompt' }))
    await user.click(within(dialog).getByRole('button', { name: 'Save' }))
    expect(within(dialog).getByText('Give the prompt a name.')).toBeTruthy()
    expect(within(dialog).getByText("Write the prompt's text.")).toBeTruthy()

    await user.type(within(dialog).getByLabelText('Name'), ' translator ')
    await user.type(within(dialog).getByLabelText('System prompt'), 'Answer like a pirate.')
    expect(
      within(dialog).getByText('A prompt with this name already exists: choose another name.'),
    ).toBeTruthy()
    await user.click(within(dialog).getByRole('button', { name: 'Save' }))
    expect(api.settings.update).not.toHaveBeenCalled()

    await user.clear(within(dialog).getByLabelText('Name'))
    await user.type(within(dialog).getByLabelText('Name'), 'Pirate')
    await user.click(within(dialog).getByRole('button', { name: 'Save' }))
    await waitFor(() => expect(api.settingsView.prompts.map((p) => p.name)).toEqual(['Translator', 'Pirate']))
    expect(api.settingsView.prompts[1]?.text).toBe('Answer like a pirate.')
    expect(within(dialog).getByRole('status').textContent).toBe('Saved “Pirate”.')
    expect(
      within(within(dialog).getByRole('list', { name: 'Saved prompts' })).getAllByRole('listitem'),
    ).toHaveLength(2)
  })

  it('edits a prompt in place and deletes one after asking', async () => {
    const { api, user, dialog } = await openPrompts([TRANSLATOR, EDITOR])
    await user.click(within(dialog).getByRole('button', { name: 'Edit “Translator”' }))
    const text = within(dialog).getByLabelText('System prompt')
    await user.clear(text)
    await user.type(text, 'Translate into German.')
    await user.click(within(dialog).getByRole('button', { name: 'Save' }))
    await waitFor(() =>
      expect(api.settingsView.prompts[0]).toEqual({ ...TRANSLATOR, text: 'Translate into German.' }),
    )

    await user.click(within(dialog).getByRole('button', { name: 'Delete “Редактор”' }))
    expect(api.settingsView.prompts).toHaveLength(2)
    await user.click(
      within(within(dialog).getByRole('group', { name: 'Delete “Редактор”?' })).getByRole('button', {
        name: 'Delete',
      }),
    )
    await waitFor(() => expect(api.settingsView.prompts.map((p) => p.id)).toEqual(['p1']))
  })

  it('asks before closing with a prompt being written', async () => {
    const { api, user, dialog } = await openPrompts([])
    await user.click(within(dialog).getByRole('button', { name: 'New prompt' }))
    await user.type(within(dialog).getByLabelText('Name'), 'Brief')
    await user.type(within(dialog).getByLabelText('System prompt'), 'Answer in one sentence.')
    await user.click(within(dialog).getByRole('button', { name: 'Close' }))
    const ask = await screen.findByRole('alertdialog')
    await user.click(within(ask).getByRole('button', { name: 'Save' }))
    await waitFor(() => expect(api.settingsView.prompts.map((p) => p.name)).toEqual(['Brief']))
    await waitFor(() => expect(screen.queryByRole('dialog', { name: 'Preferences' })).toBeNull())
  })

  it('imports a file and says what happened, in Russian', async () => {
    const { api, user, dialog } = await openPrompts([EDITOR], 'ru')
    vi.mocked(api.prompts.import).mockResolvedValueOnce({ added: 3, skipped: 1, copied: 1, invalid: 2 })
    const file = new File(['{"prompts":[]}'], 'prompts.json', { type: 'application/json' })
    await user.upload(within(dialog).getByLabelText('Импорт…'), file)
    await waitFor(() => expect(api.prompts.import).toHaveBeenCalledWith({ json: '{"prompts":[]}' }))
    expect((await within(dialog).findByRole('status')).textContent).toBe(
      'Добавлено 4 промпта. 1 промпт с уже занятым названием добавлен с номером после названия. ' +
        '1 промпт уже был здесь и пропущен. 2 записи не подошли как промпты (нет названия или текста, слишком длинные или сверх 500 промптов библиотеки) и пропущены.',
    )
  })

  it('words a file that holds no prompts', async () => {
    const { api, user, dialog } = await openPrompts([])
    vi.mocked(api.prompts.import).mockRejectedValueOnce(
      new Error('[invalid_input] The file holds no prompts: …'),
    )
    await user.upload(within(dialog).getByLabelText('Import…'), new File(['{}'], 'x.json'))
    expect((await within(dialog).findByRole('alert')).textContent).toMatch(/^This file holds no prompts\./)
  })
})

describe('the prompt library in a chat', () => {
  it('starts a new chat with a saved prompt: the conversation is created with it', async () => {
    const { api, user } = renderApp(readyApi({ settings: { prompts: [TRANSLATOR, EDITOR] } }))
    const chips = await screen.findByRole('group', { name: 'Start with a saved prompt:' })
    await user.click(within(chips).getByRole('button', { name: 'Редактор' }))
    expect(within(chips).getByRole('button', { name: 'Редактор' }).getAttribute('aria-pressed')).toBe('true')
    await user.type(screen.getByRole('textbox', { name: /Message/ }), 'Привет{Enter}')
    await waitFor(() => expect(api.conversations.create).toHaveBeenCalled())
    expect(api.conversations.create).toHaveBeenCalledWith(
      expect.objectContaining({ systemPrompt: EDITOR.text }),
    )
  })

  it("applies a saved prompt to an open chat, and saves a chat's prompt to the library", async () => {
    const api = readyApi({ settings: { prompts: [TRANSLATOR] } })
    const { user } = renderApp(api)
    await user.type(await screen.findByRole('textbox', { name: /Message/ }), 'Hello{Enter}')
    await waitFor(() => expect(api.chat.send).toHaveBeenCalled())
    const conversationId = vi.mocked(api.chat.send).mock.calls[0]?.[0].conversationId ?? ''

    await user.click(screen.getByText('System prompt'))
    await user.selectOptions(screen.getByRole('combobox', { name: 'Use a saved prompt…' }), 'Translator')
    await waitFor(() =>
      expect(api.conversations.setSystemPrompt).toHaveBeenCalledWith(conversationId, TRANSLATOR.text),
    )
    expect((screen.getByRole('textbox', { name: 'System prompt' }) as HTMLTextAreaElement).value).toBe(
      TRANSLATOR.text,
    )
    // Already in the library: nothing to save.
    expect(screen.queryByRole('button', { name: 'Save to prompt library' })).toBeNull()

    const field = screen.getByRole('textbox', { name: 'System prompt' })
    await user.clear(field)
    await user.type(field, 'Answer as a senior Go reviewer.')
    await user.click(screen.getByRole('button', { name: 'Save to prompt library' }))
    await user.type(screen.getByRole('textbox', { name: 'Name' }), 'translator')
    expect(screen.getByRole('alert').textContent).toBe(
      'A prompt with this name already exists: choose another name.',
    )
    await user.clear(screen.getByRole('textbox', { name: 'Name' }))
    await user.type(screen.getByRole('textbox', { name: 'Name' }), 'Go reviewer{Enter}')
    await waitFor(() =>
      expect(api.settingsView.prompts.map((p) => [p.name, p.text])).toEqual([
        [TRANSLATOR.name, TRANSLATOR.text],
        ['Go reviewer', 'Answer as a senior Go reviewer.'],
      ]),
    )
  })
})
