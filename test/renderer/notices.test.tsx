// @vitest-environment jsdom
import './setup'
import { act, screen } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import type { Notice } from '../../src/shared/domain'
import { readyApi, renderApp } from './render-app'

const unreadableSettings: Notice = {
  id: 'n-unreadable',
  level: 'warning',
  code: 'unreadable_file',
  message: 'settings.json could not be read (EISDIR). Default settings are used for now.',
  unreadable: { file: 'settings.json', reason: 'EISDIR', outcome: 'defaults' },
}

describe('a data file that could not be read at start-up', () => {
  it('is worded by the window in English: which file, why, and what happens next', async () => {
    const { api } = renderApp(readyApi())
    await screen.findByRole('button', { name: 'New chat' })
    act(() => api.notice(unreadableSettings))
    const status = await screen.findByText(/settings\.json could not be read \(a folder has its name\)/)
    expect(status.textContent).toContain('If you change a setting, the file will be moved aside')
  })

  it('and in Russian, with the path of the list kept aside', async () => {
    const { api } = renderApp(readyApi({ settings: { language: 'ru' } }))
    await screen.findByRole('button', { name: 'Новый чат' })
    act(() =>
      api.notice({
        ...unreadableSettings,
        id: 'n-index',
        unreadable: { file: 'conversation-index.json', reason: 'EACCES', outcome: 'rebuilt' },
        path: '/data/conversation-index.unreadable-2025.json',
      }),
    )
    expect(
      await screen.findByText(
        'Не удалось прочитать conversation-index.json (нет прав на чтение). Список бесед восстановлен по файлам бесед; старый файл отложен в сторону, ничего не удалено.',
      ),
    ).toBeTruthy()
    expect(screen.getByText('/data/conversation-index.unreadable-2025.json')).toBeTruthy()
  })
})
