// @vitest-environment jsdom
import './setup'
import { screen } from '@testing-library/react'
import { describe, expect, it, vi } from 'vitest'
import {
  APP_ERROR_CODES,
  appErrorText,
  type AppErrorCode,
  type AttachmentErrorFacts,
} from '../../src/shared/app-error'
import { errorText } from '../../src/renderer/src/app/error-text'
import { i18n } from '../../src/renderer/src/app/i18n'
import { readyApi, renderApp } from './render-app'

const ENGLISH_FROM_MAIN = 'English from main'
const refusal = (code: AppErrorCode, attachment?: AttachmentErrorFacts): Error =>
  new Error(appErrorText({ code, message: ENGLISH_FROM_MAIN, ...(attachment ? { attachment } : {}) }))

const ATTACHMENT_CODES = APP_ERROR_CODES.filter((code) => code.startsWith('attachment_'))
const FACTS: AttachmentErrorFacts = { name: 'скан.pdf', limit: 20 * 1024 * 1024, side: 8000 }

describe('attachment refusals are worded by the window', () => {
  it.each(['en', 'ru'])('every attachment code in %s, never main’s English', (language) => {
    const t = i18n.getFixedT(language)
    for (const code of ATTACHMENT_CODES) {
      const text = errorText(refusal(code, FACTS), t)
      expect(text, code).not.toContain(ENGLISH_FROM_MAIN)
      expect(text, code).not.toMatch(/attachments\./)
      expect(text, code).not.toContain('{{')
    }
  })

  it('names the file and the limits it broke', () => {
    const ru = i18n.getFixedT('ru')
    expect(errorText(refusal('attachment_image_too_large', FACTS), ru)).toBe(
      '«скан.pdf» больше, чем принимает этот провайдер (20 МБ, 8000 пикселей по длинной стороне), и уменьшить его не удалось: ' +
        'возможно, файл повреждён. Откройте его в графическом редакторе и сохраните заново или уберите.',
    )
    expect(errorText(refusal('attachment_too_many', { limit: 10 }), i18n.getFixedT('en'))).toBe(
      'At most 10 files can go with one message.',
    )
  })

  it('a scanned PDF refused at send time, in Russian; the text stays', async () => {
    const api = readyApi({ settings: { language: 'ru' } })
    vi.mocked(api.chat.send).mockRejectedValueOnce(refusal('attachment_pdf_no_text', { name: 'скан.pdf' }))
    const { user } = renderApp(api)
    const box = await screen.findByRole<HTMLTextAreaElement>('textbox', { name: 'Сообщение' })
    await user.type(box, 'Что в этом файле?{Enter}')
    const alert = await screen.findByRole('alert')
    expect(alert.textContent).toBe(
      'В «скан.pdf» нет текста, который можно извлечь (отсканированный PDF?), а этот провайдер не принимает PDF-файлы: выберите модель OpenAI, Anthropic или OpenRouter или приложите сам текст.',
    )
    expect(box.value).toBe('Что в этом файле?')
  })

  it('a failed PDF reader, in Russian', async () => {
    const api = readyApi({ settings: { language: 'ru' } })
    vi.mocked(api.chat.send).mockRejectedValueOnce(refusal('attachment_pdf_failed'))
    const { user } = renderApp(api)
    await user.type(await screen.findByRole('textbox', { name: 'Сообщение' }), 'Привет{Enter}')
    expect((await screen.findByRole('alert')).textContent).toContain('Не удалось прочитать текст PDF')
  })
})
