// @vitest-environment jsdom
/**
 * A pick that goes over the limits attaches the files that fit, in order, and names the first file left out
 * (and how many more) and the limit; a file that cannot be read or stored is worded for what happened.
 */
import './setup'
import { screen, waitFor, within } from '@testing-library/react'
import { describe, expect, it, vi } from 'vitest'
import { appErrorText } from '../../src/shared/app-error'
import { fitAttachments } from '../../src/shared/attachments'
import { i18n } from '../../src/renderer/src/app/i18n'
import { formatSize, pickProblem } from '../../src/renderer/src/features/chat/attachments/attachment-checks'
import { readyApi, renderApp } from './render-app'

const MB = 1024 * 1024
// jsdom's File has no arrayBuffer(); Chromium's does (the e2e tests use it).
const textFile = (name: string, size = 16): File => {
  const bytes = new TextEncoder().encode('x'.repeat(size))
  return Object.assign(new File([bytes], name, { type: 'text/plain' }), {
    arrayBuffer: async () => bytes.slice().buffer,
  })
}
/** A file whose size is reported but whose bytes cannot be read (moved or deleted after the drop). */
const vanished = (name: string): File =>
  Object.assign(new File(['abc'], name), {
    arrayBuffer: async () => {
      throw new DOMException('A requested file or directory could not be found.', 'NotFoundError')
    },
  })

function pendingNames(): string[] {
  const list = screen.queryByRole('list', { name: /Files to send|Файлы к отправке/ })
  return list
    ? within(list)
        .queryAllByRole('button', { name: /^(Remove|Убрать) / })
        .map((button) => button.getAttribute('aria-label') ?? '')
    : []
}

async function pickFiles(files: File[], language?: 'ru') {
  const api = readyApi(language ? { settings: { language } } : {})
  const { user, container } = renderApp(api)
  await screen.findByRole('textbox', { name: /^(Message|Сообщение)$/ })
  const input = container.querySelector<HTMLInputElement>('input[type="file"]')
  if (!input) throw new Error('no file input')
  await user.upload(input, files)
  return { api, user, input }
}

describe('a pick over the limits', () => {
  it('attaches the first ten files and names the first one left out, the count and the limit', async () => {
    const files = Array.from({ length: 12 }, (_, i) => textFile(`note-${i + 1}.txt`))
    const { api } = await pickFiles(files)
    await waitFor(() => expect(pendingNames()).toHaveLength(10))
    expect(pendingNames()[0]).toBe('Remove note-1.txt')
    expect(pendingNames()[9]).toBe('Remove note-10.txt')
    expect(api.attachments.add).toHaveBeenCalledTimes(10)
    expect((await screen.findByRole('alert')).textContent).toBe(
      '“note-11.txt” and 1 more file were not attached. At most 10 files can go with one message.',
    )
  })

  it('in Russian, with the plural form of the count', async () => {
    const files = Array.from({ length: 14 }, (_, i) => textFile(`заметка-${i + 1}.txt`))
    await pickFiles(files, 'ru')
    await waitFor(() => expect(pendingNames()).toHaveLength(10))
    expect((await screen.findByRole('alert')).textContent).toBe(
      'Файл «заметка-11.txt» и ещё 3 файла не прикреплены. К одному сообщению можно прикрепить не больше 10 файлов.',
    )
    // Sizes in the window's language too.
    const list = screen.getByRole('list', { name: 'Файлы к отправке' })
    expect(within(list).getAllByText('16 Б')).toHaveLength(10)
  })

  it('words each count and reason in English and Russian', () => {
    const en = i18n.getFixedT('en')
    const ru = i18n.getFixedT('ru')
    const f = (name: string, size = 1) => ({ name, size })
    const over = (n: number) => [f('a.txt'), ...Array.from({ length: n }, (_, i) => f(`b${i}.txt`))]
    const held = Array.from({ length: 10 }, (_, i) => f(`h${i}`))
    expect(pickProblem(fitAttachments([], [f('a.txt')]), en)).toBeNull()
    expect(pickProblem(fitAttachments(held, over(0)), en)).toBe(
      '“a.txt” was not attached. At most 10 files can go with one message.',
    )
    expect(pickProblem(fitAttachments(held, over(0)), ru)).toBe(
      'Файл «a.txt» не прикреплён. К одному сообщению можно прикрепить не больше 10 файлов.',
    )
    expect(pickProblem(fitAttachments(held, over(2)), en)).toContain(
      '“a.txt” and 2 more files were not attached.',
    )
    expect(pickProblem(fitAttachments(held, over(1)), ru)).toContain('и ещё 1 файл не прикреплены')
    expect(pickProblem(fitAttachments(held, over(4)), ru)).toContain('и ещё 4 файла не прикреплены')
    expect(pickProblem(fitAttachments(held, over(5)), ru)).toContain('и ещё 5 файлов не прикреплены')
    expect(pickProblem(fitAttachments(held, over(21)), ru)).toContain('и ещё 21 файл не прикреплены')
    // The total: the first file it cannot take, and the limit in MB.
    expect(pickProblem(fitAttachments([f('big', 40 * MB)], [f('c.pdf', 11 * MB), f('d.txt')]), en)).toBe(
      '“c.pdf” and 1 more file were not attached. The files of one message can be 50 MB together at most.',
    )
    // A file over the per-file limit is named on its own; the files after it still go.
    expect(pickProblem(fitAttachments([], [f('a.txt'), f('huge.iso', 21 * MB), f('b.txt')]), en)).toBe(
      '“huge.iso” is larger than 20 MB, the limit for one file.',
    )
    expect(pickProblem(fitAttachments([], [f('huge.iso', 21 * MB), f('huge2.iso', 30 * MB)]), ru)).toBe(
      '«huge.iso» и ещё 1 файл больше 20 МБ — это предел для одного файла.',
    )
  })
})

describe('a file that cannot be read or stored', () => {
  it('a dropped file that is gone: says it could not be read, and the others are attached', async () => {
    await pickFiles([textFile('a.txt'), vanished('исчез.txt'), textFile('b.txt')])
    await waitFor(() => expect(pendingNames()).toEqual(['Remove a.txt', 'Remove b.txt']))
    const alert = (await screen.findByRole('alert')).textContent ?? ''
    expect(alert).toContain('“исчез.txt” could not be read')
    expect(alert).not.toContain('only images')
  })

  it('main could not store it (disk full), worded in Russian from the code and facts', async () => {
    const api = readyApi({ settings: { language: 'ru' } })
    vi.mocked(api.attachments.add).mockRejectedValueOnce(
      new Error(
        appErrorText({
          code: 'attachment_store_failed',
          message: 'English from main',
          attachment: { name: 'отчёт.pdf', cause: 'no_space' },
        }),
      ),
    )
    const { user, container } = renderApp(api)
    await screen.findByRole('textbox', { name: /^(Message|Сообщение)$/ })
    const input = container.querySelector<HTMLInputElement>('input[type="file"]')
    if (!input) throw new Error('no file input')
    await user.upload(input, [textFile('отчёт.pdf')])
    const alert = (await screen.findByRole('alert')).textContent ?? ''
    expect(alert).toContain('«отчёт.pdf»')
    expect(alert).toContain('диск')
    expect(alert).not.toContain('English from main')
    expect(alert).not.toContain('только изображения')
  })
})

describe('file sizes', () => {
  it('in the window’s language and number format', () => {
    const en = i18n.getFixedT('en')
    const ru = i18n.getFixedT('ru')
    expect(formatSize(594, en, 'en')).toBe('594 B')
    expect(formatSize(594, ru, 'ru')).toBe('594 Б')
    expect(formatSize(74 * 1024, ru, 'ru')).toBe('74 КБ')
    expect(formatSize(19 * MB + 300_000, en, 'en')).toBe('19.3 MB')
    expect(formatSize(19 * MB + 300_000, ru, 'ru')).toBe('19,3 МБ')
  })
})
