// @vitest-environment jsdom
/** Each conversation keeps its unsent text and files while the user looks at another one. */
import './setup'
import { screen, waitFor, within } from '@testing-library/react'
import { describe, expect, it, vi } from 'vitest'
import type { Conversation } from '../../src/shared/domain'
import { message } from './fake-api'
import { readyApi, renderApp } from './render-app'

function conversation(id: string, title: string, updatedAt: number): Conversation {
  return {
    id,
    title,
    createdAt: updatedAt,
    updatedAt,
    model: null,
    systemPrompt: '',
    messages: [message(`${id}-m1`, 'user', title)],
  }
}

const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])
// jsdom's File has no arrayBuffer(); Chromium's does (the e2e tests use it).
const png = (name: string): File =>
  Object.assign(new File([PNG], name, { type: 'image/png' }), { arrayBuffer: async () => PNG.slice().buffer })

function pendingNames(): string[] {
  const list = screen.queryByRole('list', { name: 'Files to send' })
  // A pending image shows as a thumbnail: its name is in its Remove button.
  return list
    ? within(list)
        .queryAllByRole('button', { name: /^Remove / })
        .map((button) => button.getAttribute('aria-label') ?? '')
    : []
}

describe('composer drafts per conversation', () => {
  it('keeps each conversation’s text and files, and restores them on return', async () => {
    const now = Date.now()
    const api = readyApi({
      conversations: [
        conversation('a', 'Поездка в Казань', now),
        conversation('b', 'Рецепт борща', now - 1000),
      ],
    })
    const { user, container } = renderApp(api)
    const picker = (): HTMLInputElement => {
      const input = container.querySelector<HTMLInputElement>('input[type="file"]')
      if (!input) throw new Error('no file input')
      return input
    }
    const box = (): Promise<HTMLTextAreaElement> => screen.findByRole('textbox', { name: 'Message' })

    await user.click(await screen.findByRole('button', { name: 'Поездка в Казань' }))
    await user.type(await box(), 'Какой поезд?')
    await user.upload(picker(), png('билет.png'))
    await waitFor(() => expect(pendingNames().join()).toContain('билет.png'))

    await user.click(screen.getByRole('button', { name: 'Рецепт борща' }))
    await waitFor(async () => expect((await box()).value).toBe(''))
    expect(pendingNames()).toEqual([])
    await user.upload(picker(), png('свёкла.png'))
    await waitFor(() => expect(pendingNames().join()).toContain('свёкла.png'))

    await user.click(screen.getByRole('button', { name: 'Поездка в Казань' }))
    await waitFor(async () => expect((await box()).value).toBe('Какой поезд?'))
    expect(pendingNames().join()).toContain('билет.png')
    expect(pendingNames().join()).not.toContain('свёкла.png')

    // Sent from here, only this conversation's files go; the other's wait.
    await user.click(screen.getByRole('button', { name: 'Send' }))
    await waitFor(() => expect(api.chat.send).toHaveBeenCalled())
    const request = vi.mocked(api.chat.send).mock.calls[0]?.[0]
    expect(request?.conversationId).toBe('a')
    expect(request?.attachments?.map((f) => f.name)).toEqual(['билет.png'])
    await user.click(screen.getByRole('button', { name: 'Рецепт борща' }))
    await waitFor(() => expect(pendingNames().join()).toContain('свёкла.png'))
  })

  it('a file still being stored when the user switches joins the conversation it was attached in', async () => {
    const now = Date.now()
    const api = readyApi({
      conversations: [conversation('a', 'First', now), conversation('b', 'Second', now - 1000)],
    })
    let release: () => void = () => {}
    const stored = new Promise<void>((resolve) => (release = resolve))
    const add = vi.mocked(api.attachments.add).getMockImplementation()
    vi.mocked(api.attachments.add).mockImplementationOnce(async (request) => {
      await stored
      if (!add) throw new Error('no fake add')
      return add(request)
    })
    const { user, container } = renderApp(api)
    await user.click(await screen.findByRole('button', { name: 'First' }))
    const input = container.querySelector<HTMLInputElement>('input[type="file"]')
    if (!input) throw new Error('no file input')
    await user.upload(input, png('slow.png'))
    await user.click(screen.getByRole('button', { name: 'Second' }))
    release()
    await waitFor(() => expect(api.attachments.add).toHaveBeenCalled())
    await new Promise((resolve) => setTimeout(resolve, 20))
    expect(pendingNames().join()).not.toContain('slow.png')
    await user.click(screen.getByRole('button', { name: 'First' }))
    await waitFor(() => expect(pendingNames().join()).toContain('slow.png'))
  })
})
