// @vitest-environment jsdom
import './setup'
import { screen, waitFor, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { readyApi, renderApp } from './render-app'
import { appErrorText } from '../../src/shared/app-error'
import { errorText } from '../../src/renderer/src/app/error-text'
import { i18n } from '../../src/renderer/src/app/i18n'

describe('language', () => {
  it('switching to Russian changes the "New chat" label', async () => {
    const { api, user } = renderApp(readyApi())
    expect(await screen.findByRole('button', { name: 'New chat' })).toBeTruthy()
    await user.click(screen.getByRole('button', { name: 'Preferences' }))
    const dialog = await screen.findByRole('dialog', { name: 'Preferences' })
    await user.click(within(dialog).getByRole('tab', { name: 'Language' }))
    await user.click(within(dialog).getByRole('radio', { name: 'Русский' }))
    expect(await screen.findByRole('button', { name: 'Новый чат' })).toBeTruthy()
    expect(screen.getByRole('textbox', { name: 'Сообщение' })).toBeTruthy()
    expect(api.settingsView.language).toBe('ru')
    expect(document.documentElement.lang).toBe('ru')
  })

  it('follows a Russian system by default', async () => {
    renderApp(readyApi({ info: { locale: 'ru-RU' } }))
    expect(await screen.findByRole('button', { name: 'Новый чат' })).toBeTruthy()
    expect(screen.getByRole('button', { name: 'Настройки' })).toBeTruthy()
    expect(screen.getByRole('button', { name: 'Отправить' })).toBeTruthy()
  })

  it('keeps English on an English system', async () => {
    renderApp(readyApi({ info: { locale: 'de-DE' } }))
    await waitFor(() => expect(screen.getByRole('button', { name: 'New chat' })).toBeTruthy())
  })
})

describe('a chat client failure across the bridge', () => {
  it('is worded from its facts in Russian, never with the library’s English message', async () => {
    // What the preload throws for a 401 from the model list: the code, the facts, main's English message.
    const thrown = new Error(
      appErrorText({
        code: 'provider',
        kind: 'auth',
        message: 'The API key was rejected (HTTP 401). Check it in the provider settings.',
        facts: { kind: 'auth', status: 401, fact: 'model_not_found' },
      }),
    )
    await i18n.changeLanguage('ru')
    try {
      const text = errorText(thrown, i18n.t)
      expect(text).toContain(i18n.t('errorKind.auth'))
      expect(text).toContain(i18n.t('errorFact.model_not_found'))
      expect(text).not.toMatch(/API key|rejected|provider settings/)
    } finally {
      await i18n.changeLanguage('en')
    }
  })

  it('keeps a plain message when no facts came with it', async () => {
    expect(errorText(new Error('[internal] Something went wrong in the app.'), i18n.t)).toBe(
      'Something went wrong in the app.',
    )
  })
})
