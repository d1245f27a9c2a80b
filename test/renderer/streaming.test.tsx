// @vitest-environment jsdom
import './setup'
import { act, screen, waitFor, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { ChatStore } from '../../src/renderer/src/features/chat/chat-store'
import { FakeApi } from './fake-api'
import { readyApi, renderApp } from './render-app'
import { i18n } from '../../src/renderer/src/app/i18n'

async function startChat(text = 'Hi') {
  const rendered = renderApp(readyApi())
  const box = await screen.findByRole('textbox', { name: 'Message' })
  await rendered.user.type(box, `${text}{Enter}`)
  await waitFor(() => expect(rendered.api.live).not.toBeNull())
  await screen.findByRole('article', { name: 'Assistant' })
  return rendered
}

describe('streaming', () => {
  it('shows deltas as they arrive, and Stop calls api.chat.stop keeping the partial reply', async () => {
    const { api, user } = await startChat()
    act(() => {
      api.stream.started()
      api.stream.delta('Hello, ')
      api.stream.delta('world')
    })
    const reply = await screen.findByRole('article', { name: 'Assistant' })
    await waitFor(() => expect(reply.textContent).toContain('Hello, world'))

    const stop = screen.getByRole('button', { name: 'Stop' })
    const conversationId = api.live?.conversationId
    await user.click(stop)
    expect(api.chat.stop).toHaveBeenCalledWith(conversationId)
    await screen.findByText('Stopped')
    expect(screen.getByRole('article', { name: 'Assistant' }).textContent).toContain('Hello, world')
    expect(screen.getByRole('button', { name: 'Continue' })).toBeTruthy()
    expect(
      within(screen.getByRole('article', { name: 'Assistant' })).getAllByRole('button', {
        name: 'Regenerate',
      }).length,
    ).toBeGreaterThan(0)
    expect(screen.getByRole('button', { name: 'Send' })).toBeTruthy()
  })

  it('stops with Escape', async () => {
    const { api, user } = await startChat()
    act(() => api.stream.started())
    await user.keyboard('{Escape}')
    await waitFor(() => expect(api.chat.stop).toHaveBeenCalledTimes(1))
  })

  it('Escape while choosing conversations leaves choosing, and the reply goes on', async () => {
    const { api, user } = await startChat()
    act(() => api.stream.started())
    await user.click(screen.getByRole('button', { name: 'Choose several conversations' }))
    await screen.findByRole('toolbar', { name: 'Chosen conversations' })
    await user.keyboard('{Escape}')
    expect(screen.queryByRole('toolbar', { name: 'Chosen conversations' })).toBeNull()
    expect(api.chat.stop).not.toHaveBeenCalled()
    await user.keyboard('{Escape}')
    await waitFor(() => expect(api.chat.stop).toHaveBeenCalledTimes(1))
  })

  it('shows the retry status, counting down', async () => {
    const { api } = await startChat()
    act(() => {
      api.stream.started()
      api.stream.retry({
        attempt: 2,
        maxAttempts: 5,
        delayMs: 2000,
        reason: 'rate_limit',
        providerName: 'OpenAI',
      })
    })
    const status = await screen.findByText('Retrying 2/5 via OpenAI in 2 s — rate limited')
    expect(status.closest('[role="status"]')).toBeTruthy()
    // The tooltip words the facts in the window's language, never the library's English message.
    expect(status.closest('[role="status"]')?.getAttribute('title')).toBe(
      i18n.t('errorFact.connection_dropped'),
    )
    act(() => api.stream.delta('Back'))
    await waitFor(() => expect(screen.queryByText(/Retrying 2\/5/)).toBeNull())
  })

  it('shows reasoning collapsed, and model, tokens and time when done', async () => {
    const { api } = await startChat()
    act(() => {
      api.stream.started('OpenAI', 'gpt-4o')
      api.stream.delta('', 'Let me think')
      api.stream.delta('Answer')
    })
    const reply = await screen.findByRole('article', { name: 'Assistant' })
    await waitFor(() => expect(reply.textContent).toContain('Answer'))
    act(() => api.stream.done({ promptTokens: 10, completionTokens: 1234, totalTokens: 1244 }, 3200))
    await waitFor(() =>
      expect(reply.textContent).toContain('OpenAI · gpt-4o · 10 → 1,234 tokens · 3.2 s · $0.0124'),
    )
    const details = reply.querySelector('details')
    expect(details?.open).toBe(false)
    expect(details?.textContent).toContain('Let me think')
  })

  it('edits and resends a user message', async () => {
    const { api, user } = await startChat('First try')
    act(() => api.stream.done())
    await user.click(await screen.findByRole('button', { name: 'Edit' }))
    const editor = screen.getByRole('textbox', { name: 'Edit message' })
    await user.clear(editor)
    await user.type(editor, 'Second try')
    await user.click(screen.getByRole('button', { name: 'Save and send' }))
    await waitFor(() =>
      expect(api.chat.editAndResend).toHaveBeenCalledWith(expect.objectContaining({ content: 'Second try' })),
    )
    await waitFor(() =>
      expect(screen.getByRole('article', { name: 'You' }).textContent).toContain('Second try'),
    )
  })
})

describe('the stream store', () => {
  it('commits text at most once per animation frame', async () => {
    const api = new FakeApi()
    const frames: (() => void)[] = []
    const store = new ChatStore(api, (callback) => frames.push(callback))
    const conversation = await api.conversations.create()
    await store.open(conversation.id)
    const started = await api.chat.send({ conversationId: conversation.id, content: 'hi' })
    let commits = 0
    store.subscribe(() => commits++)
    const base = {
      streamId: started.streamId,
      conversationId: conversation.id,
      messageId: started.assistantMessage.id,
    }
    store.handleEvent({ type: 'started', ...base, providerName: 'OpenAI', model: 'gpt-4o' })
    commits = 0
    for (const word of ['one ', 'two ', 'three'])
      store.handleEvent({ type: 'delta', ...base, content: word, reasoning: '' })
    expect(commits).toBe(0)
    expect(frames).toHaveLength(1)
    frames.shift()?.()
    expect(commits).toBe(1)
    expect(store.get().messages.at(-1)?.content).toBe('one two three')
  })
})
