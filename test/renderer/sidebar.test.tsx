// @vitest-environment jsdom
import './setup'
import { act, fireEvent, screen, waitFor, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import type { Conversation } from '../../src/shared/domain'
import { groupByDate } from '../../src/renderer/src/features/conversations/group'
import { OPEN_TAIL } from '../../src/renderer/src/features/chat/chat-store'
import { message } from './fake-api'
import { readyApi, renderApp } from './render-app'

const DAY = 24 * 60 * 60 * 1000

function conversation(id: string, title: string, updatedAt: number, text = ''): Conversation {
  return {
    id,
    title,
    createdAt: updatedAt,
    updatedAt,
    model: null,
    systemPrompt: '',
    messages: text ? [message(`${id}-m1`, 'user', text)] : [],
  }
}

function sample(): Conversation[] {
  const now = Date.now()
  const noon = new Date()
  noon.setHours(12, 0, 0, 0)
  return [
    conversation('c1', 'Trip to Kazan', Math.min(now, noon.getTime()), 'Which train goes to Kazan?'),
    conversation('c2', 'Borscht recipe', noon.getTime() - DAY),
    conversation('c3', 'Tax questions', noon.getTime() - 3 * DAY),
    conversation('c4', 'Old essay', noon.getTime() - 40 * DAY, 'An essay about rivers'),
  ]
}

describe('sidebar', () => {
  it('groups conversations by date', async () => {
    renderApp(readyApi({ conversations: sample() }))
    const nav = await screen.findByRole('navigation', { name: 'Conversations' })
    await within(nav).findByText('Trip to Kazan')
    const headings = within(nav).getAllByRole('heading', { level: 3 })
    expect(headings.map((h) => h.textContent)).toEqual(['Today', 'Yesterday', 'Previous 7 days', 'Older'])
    // Headings and conversations in one virtual list; each row knows its place in the whole.
    const rows = nav.querySelectorAll('li')
    expect([...rows].map((row) => row.textContent)).toEqual([
      'Today',
      'Trip to Kazan',
      'Yesterday',
      'Borscht recipe',
      'Previous 7 days',
      'Tax questions',
      'Older',
      'Old essay',
    ])
    const list = within(nav).getByRole('list')
    const items = within(list).getAllByRole('listitem')
    expect(items.map((item) => item.getAttribute('aria-posinset'))).toEqual([
      '2',
      '3',
      '4',
      '5',
      '6',
      '7',
      '8',
    ])
    expect(items.every((item) => item.getAttribute('aria-setsize') === '8')).toBe(true)
  })

  it('is reached with Tab: the conversations are buttons, then their actions', async () => {
    const { user } = renderApp(readyApi({ conversations: sample() }))
    const search = await screen.findByRole('searchbox', { name: 'Search conversations' })
    await screen.findByRole('button', { name: 'Trip to Kazan' })
    search.focus()
    await user.tab()
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Trip to Kazan' }))
    await user.tab()
    expect(document.activeElement).toBe(
      screen.getByRole('button', { name: 'Pin “Trip to Kazan” to the top' }),
    )
    await user.tab()
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Rename “Trip to Kazan”' }))
    await user.tab()
    await user.tab()
    await user.tab()
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Borscht recipe' }))
  })

  it('keeps 10,000 conversations fast: only the rows in view are in the DOM', async () => {
    const now = Date.now()
    const many = Array.from({ length: 10_000 }, (_, i) =>
      conversation(`c${i}`, `Conversation ${i}`, now - i * 60 * 60 * 1000),
    )
    const { api, user } = renderApp(readyApi({ conversations: many }))
    const nav = await screen.findByRole('navigation', { name: 'Conversations' })
    await within(nav).findByRole('button', { name: 'Conversation 0' })
    const rendered = nav.querySelectorAll('.conversation').length
    expect(rendered).toBeGreaterThan(10)
    expect(rendered).toBeLessThan(200)
    expect(within(nav).queryByRole('button', { name: 'Conversation 9999' })).toBeNull()
    expect(within(nav).getByRole('list').querySelector('li')?.getAttribute('aria-setsize')).toBe('10004')

    // Scrolled to the end, the oldest is there (and the rows at the top are gone).
    const scroller = nav.querySelector<HTMLElement>('[data-virtuoso-scroller]')
    if (!scroller) throw new Error('no scroller')
    act(() => {
      scroller.scrollTop = 10_004 * 80
      fireEvent.scroll(scroller)
    })
    const oldest = await within(nav).findByRole('button', { name: 'Conversation 9999' })
    expect(within(nav).queryByRole('button', { name: 'Conversation 0' })).toBeNull()
    expect(nav.querySelectorAll('.conversation').length).toBeLessThan(200)
    expect(
      within(nav)
        .getAllByRole('heading', { level: 3 })
        .map((h) => h.textContent),
    ).toContain('Older')
    await user.click(oldest)
    await waitFor(() => expect(api.conversations.getTail).toHaveBeenCalledWith('c9999', OPEN_TAIL))
    expect(await screen.findByRole('heading', { level: 1, name: 'Conversation 9999' })).toBeTruthy()

    // Search goes through the API, whatever the list has in view.
    await user.type(within(nav).getByRole('searchbox', { name: 'Search conversations' }), 'Conversation 9998')
    await waitFor(() => expect(api.conversations.search).toHaveBeenCalledWith('Conversation 9998'))
    const results = await within(nav).findByRole('region', { name: 'Results' })
    await user.click(await within(results).findByRole('button', { name: /Conversation 9998/ }))
    expect(await screen.findByRole('heading', { level: 1, name: 'Conversation 9998' })).toBeTruthy()
  })

  it('groupByDate uses local midnight boundaries', () => {
    const now = new Date(2025, 5, 15, 9, 0).getTime()
    const at = (d: number, h: number) => new Date(2025, 5, d, h, 0).getTime()
    const summary = (id: string, updatedAt: number) => {
      const { messages, ...rest } = conversation(id, id, updatedAt)
      return { ...rest, messageCount: messages.length }
    }
    const groups = groupByDate(
      [summary('a', at(15, 0)), summary('b', at(14, 23)), summary('c', at(8, 1)), summary('d', at(7, 23))],
      now,
    )
    expect(groups.map((g) => [g.group, g.items.map((i) => i.id)])).toEqual([
      ['today', ['a']],
      ['yesterday', ['b']],
      ['week', ['c']],
      ['older', ['d']],
    ])
  })

  it('searches titles and text through the API and opens a hit', async () => {
    const { api, user } = renderApp(readyApi({ conversations: sample() }))
    const search = await screen.findByRole('searchbox', { name: 'Search conversations' })
    await user.type(search, 'rivers')
    await waitFor(() => expect(api.conversations.search).toHaveBeenCalledWith('rivers'))
    const results = await screen.findByRole('region', { name: 'Results' })
    const hit = await within(results).findByRole('button', { name: /Old essay/ })
    expect(hit.querySelector('mark')?.textContent).toBe('rivers')
    await user.click(hit)
    await waitFor(() => expect(api.conversations.getTail).toHaveBeenCalledWith('c4', OPEN_TAIL))
    expect(await screen.findByRole('heading', { level: 1, name: 'Old essay' })).toBeTruthy()
  })

  it('lists each conversation once with its match count; ArrowDown, ArrowUp and Enter open one', async () => {
    const many = conversation('c5', 'Proxy notes', Date.now() - 2 * DAY)
    many.messages = [
      message('c5-m1', 'user', 'How do I set a proxy?'),
      message('c5-m2', 'assistant', 'Put the proxy address in Preferences.'),
    ]
    const { api, user } = renderApp(
      readyApi({
        conversations: [...sample(), many, conversation('c6', 'Proxy for Kazan', Date.now() - DAY)],
      }),
    )
    const search = await screen.findByRole('searchbox', { name: 'Search conversations' })
    await user.type(search, 'proxy')
    const results = await screen.findByRole('region', { name: 'Results' })
    const rows = await within(results).findAllByRole('button')
    expect(rows.map((row) => row.querySelector('.search-hit__title')?.textContent)).toEqual([
      'Proxy notes',
      'Proxy for Kazan',
    ])
    expect(rows[0]?.textContent).toContain('3 matches')
    expect(rows[1]?.textContent).toContain('1 match')
    await user.keyboard('{ArrowDown}')
    expect(document.activeElement).toBe(rows[0])
    await user.keyboard('{ArrowDown}')
    expect(document.activeElement).toBe(rows[1])
    await user.keyboard('{ArrowDown}')
    expect(document.activeElement).toBe(rows[1])
    await user.keyboard('{ArrowUp}{ArrowUp}')
    expect(document.activeElement).toBe(search)
    await user.keyboard('{ArrowDown}{ArrowDown}{Enter}')
    await waitFor(() => expect(api.conversations.getTail).toHaveBeenCalledWith('c6', OPEN_TAIL))
  })

  it('Enter in the search field opens the first result, only once the results are for what is typed', async () => {
    const { api, user } = renderApp(readyApi({ conversations: sample() }))
    const search = await screen.findByRole('searchbox', { name: 'Search conversations' })
    await user.type(search, 'rivers')
    const results = await screen.findByRole('region', { name: 'Results' })
    await within(results).findByRole('button', { name: /Old essay/ })
    // Typed on: the results on screen are for "rivers", not for what the field says now.
    await user.type(search, ' and lakes{Enter}')
    expect(api.conversations.getTail).not.toHaveBeenCalled()
    await user.clear(search)
    await user.type(search, 'rivers')
    await waitFor(() => expect(api.conversations.search).toHaveBeenLastCalledWith('rivers'))
    const again = await screen.findByRole('region', { name: 'Results' })
    await within(again).findByRole('button', { name: /Old essay/ })
    await user.keyboard('{Enter}')
    await waitFor(() => expect(api.conversations.getTail).toHaveBeenCalledWith('c4', OPEN_TAIL))
    expect(await screen.findByRole('heading', { level: 1, name: 'Old essay' })).toBeTruthy()
  })

  it('renames inline', async () => {
    const { api, user } = renderApp(readyApi({ conversations: sample() }))
    await user.click(await screen.findByRole('button', { name: 'Rename “Tax questions”' }))
    const field = screen.getByRole('textbox', { name: 'Conversation title' })
    await user.clear(field)
    await user.type(field, 'Taxes 2025{Enter}')
    await waitFor(() => expect(api.conversations.rename).toHaveBeenCalledWith('c3', 'Taxes 2025'))
    expect(await screen.findByRole('button', { name: 'Taxes 2025' })).toBeTruthy()
  })

  it('asks before deleting', async () => {
    const { api, user } = renderApp(readyApi({ conversations: sample() }))
    await user.click(await screen.findByRole('button', { name: 'Delete “Borscht recipe”' }))
    let dialog = screen.getByRole('alertdialog', { name: 'Delete the conversation?' })
    await user.click(within(dialog).getByRole('button', { name: 'Cancel' }))
    expect(api.conversations.delete).not.toHaveBeenCalled()
    expect(screen.getByRole('button', { name: 'Borscht recipe' })).toBeTruthy()

    await user.click(screen.getByRole('button', { name: 'Delete “Borscht recipe”' }))
    dialog = screen.getByRole('alertdialog', { name: 'Delete the conversation?' })
    await user.click(within(dialog).getByRole('button', { name: 'Delete' }))
    await waitFor(() => expect(api.conversations.delete).toHaveBeenCalledWith('c2'))
    await waitFor(() => expect(screen.queryByRole('button', { name: 'Borscht recipe' })).toBeNull())
  })

  it('opens a conversation with its messages', async () => {
    const { user } = renderApp(readyApi({ conversations: sample() }))
    await user.click(await screen.findByRole('button', { name: 'Trip to Kazan' }))
    const mine = await screen.findByRole('article', { name: 'You' })
    expect(mine.textContent).toContain('Which train goes to Kazan?')
    expect(screen.getByRole('button', { name: 'Trip to Kazan' }).getAttribute('aria-current')).toBe('page')
  })
})
