// @vitest-environment jsdom
import './setup'
import { screen, waitFor, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { readyApi, renderApp } from './render-app'

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
