// @vitest-environment jsdom
import './setup'
import { screen } from '@testing-library/react'
import { describe, expect, it, vi } from 'vitest'
import { APP_ERROR_CODES, appErrorText, isAppErrorCode, parseAppErrorText } from '../../src/shared/app-error'
import { errorCode, errorMessage } from '../../src/renderer/src/lib/errors'
import { readyApi, renderApp } from './render-app'

/** What the page receives when main refuses: the preload puts the code in front of the message. */
function refusal(code: (typeof APP_ERROR_CODES)[number], message: string): Error {
  return new Error(appErrorText({ code, message }))
}

describe('error codes across the context bridge', () => {
  it('round-trips every code of the vocabulary through the message', () => {
    for (const code of APP_ERROR_CODES) {
      const error = refusal(code, 'Line one\nline two')
      expect(errorCode(error)).toBe(code)
      expect(errorMessage(error)).toBe('Line one\nline two')
    }
  })

  it('reads no code from other errors, and shows their message as it is', () => {
    expect(errorCode(new Error('[not-found] old vocabulary'))).toBeUndefined()
    expect(errorMessage(new Error('[not-found] old vocabulary'))).toBe('[not-found] old vocabulary')
    expect(errorCode('busy')).toBeUndefined()
    expect(errorMessage('plain text')).toBe('plain text')
    expect(parseAppErrorText('no brackets')).toBeNull()
    expect(isAppErrorCode('bad_request')).toBe(false)
    expect(isAppErrorCode('not_found')).toBe(true)
  })
})

describe('the window words main’s refusals by their code', () => {
  it('busy, in Russian, instead of main’s English message', async () => {
    const api = readyApi({ settings: { language: 'ru' } })
    vi.mocked(api.chat.send).mockRejectedValueOnce(refusal('busy', 'A reply is still being written'))
    const { user } = renderApp(api)
    const box = await screen.findByRole<HTMLTextAreaElement>('textbox', { name: 'Сообщение' })
    await user.type(box, 'Привет{Enter}')
    const alert = await screen.findByRole('alert')
    expect(alert.textContent).toBe('В этой беседе ещё пишется ответ: сначала остановите его.')
    expect(box.value).toBe('Привет')
  })

  it('a send refused by main (the window’s view of the providers was behind) gets the advice', async () => {
    const api = readyApi()
    vi.mocked(api.chat.send).mockRejectedValueOnce(refusal('provider_disabled', 'English from main'))
    const { user } = renderApp(api)
    await user.type(await screen.findByRole('textbox', { name: 'Message' }), 'Hi{Enter}')
    const alert = await screen.findByRole('alert')
    expect(alert.textContent).toContain('The provider of this model is turned off')
    expect(alert.textContent).not.toContain('English from main')
  })

  it('a code the window does not word shows main’s message without the code', async () => {
    const api = readyApi()
    vi.mocked(api.chat.send).mockRejectedValueOnce(refusal('invalid_input', 'Only a reply can be continued.'))
    const { user } = renderApp(api)
    await user.type(await screen.findByRole('textbox', { name: 'Message' }), 'Hi{Enter}')
    expect((await screen.findByRole('alert')).textContent).toBe('Only a reply can be continued.')
  })
})
