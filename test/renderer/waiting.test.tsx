// @vitest-environment jsdom
import './setup'
import { act, screen, waitFor, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import type { Clock } from '../../src/renderer/src/lib/clock'
import { readyApi, renderApp } from './render-app'

/** A clock that moves only when the test says so. */
class ManualClock implements Clock {
  #now = 1_700_000_000_000
  readonly #timers = new Set<{ ms: number; next: number; tick: () => void }>()

  now(): number {
    return this.#now
  }

  every(ms: number, tick: () => void): () => void {
    const timer = { ms, next: this.#now + ms, tick }
    this.#timers.add(timer)
    return () => this.#timers.delete(timer)
  }

  advance(ms: number): void {
    const end = this.#now + ms
    for (;;) {
      const due = [...this.#timers].filter((t) => t.next <= end).sort((a, b) => a.next - b.next)[0]
      if (!due) break
      this.#now = due.next
      due.next += due.ms
      due.tick()
    }
    this.#now = end
  }
}

/** A chat with a reply just requested; from here on the window's clock is the test's. */
async function startChat(language?: 'ru') {
  const clock = new ManualClock()
  const rendered = renderApp(readyApi(language ? { settings: { language } } : {}), { clock })
  const name = language === 'ru' ? 'Сообщение' : 'Message'
  await rendered.user.type(await screen.findByRole('textbox', { name }), 'Think hard{Enter}')
  await waitFor(() => expect(rendered.api.live).not.toBeNull())
  act(() => rendered.api.stream.started('OpenAI', 'o1'))
  const reply = await screen.findByRole('article', { name: language === 'ru' ? 'Ассистент' : 'Assistant' })
  const advance = (ms: number): void => act(() => clock.advance(ms))
  return { ...rendered, reply, advance }
}

describe('a silent provider', () => {
  it('shows typing dots at first, then how long the app has been waiting, live, with Stop', async () => {
    const { api, user, reply, advance } = await startChat()
    expect(within(reply).getByLabelText('Writing')).toBeTruthy()
    advance(4_000)
    expect(within(reply).queryByRole('status')).toBeNull()

    advance(1_000)
    const status = within(reply).getByRole('status')
    expect(status.textContent).toContain('Waiting for OpenAI… 5 s')
    expect(status.textContent).toContain('Reasoning models can think for minutes')
    expect(within(reply).queryByLabelText('Writing')).toBeNull()
    advance(7_000)
    expect(within(reply).getByRole('status').textContent).toContain('Waiting for OpenAI… 12 s')

    await user.click(within(reply).getByRole('button', { name: 'Stop waiting' }))
    await waitFor(() => expect(api.chat.stop).toHaveBeenCalledTimes(1))
    await within(reply).findByText('Stopped')
    expect(within(reply).queryByRole('status')).toBeNull()
  })

  it('counts from the last text received, and goes away when text comes', async () => {
    const { api, reply, advance } = await startChat()
    advance(3_000)
    act(() => api.stream.delta('The first part'))
    await waitFor(() => expect(reply.textContent).toContain('The first part'))
    advance(4_000)
    expect(within(reply).queryByRole('status')).toBeNull()
    advance(2_000)
    // Text has arrived: no typing dots, no hint about thinking, only the wait.
    const status = within(reply).getByRole('status')
    expect(status.textContent).toContain('Waiting for OpenAI… 6 s')
    expect(status.textContent).not.toContain('Reasoning models')
    act(() => api.stream.delta(', then more'))
    await waitFor(() => expect(within(reply).queryByRole('status')).toBeNull())
    expect(reply.textContent).toContain('The first part, then more')
  })

  it('in Russian', async () => {
    const { reply, advance } = await startChat('ru')
    advance(9_000)
    expect(within(reply).getByRole('status').textContent).toContain('Ждём ответа OpenAI… 9 с')
    expect(within(reply).getByRole('button', { name: 'Не ждать' })).toBeTruthy()
  })
})
