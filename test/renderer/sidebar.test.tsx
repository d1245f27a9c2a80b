// @vitest-environment jsdom
import './setup'
import { screen, waitFor, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import type { Conversation } from '../../src/shared/domain'
import { groupByDate } from '../../src/renderer/src/features/conversations/group'
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
    const groups = within(nav).getAllByRole('region')
    expect(groups.map((g) => g.getAttribute('aria-label'))).toEqual([
      'Today',
      'Yesterday',
      'Previous 7 days',
      'Older',
    ])
    const titles = groups.map((group) => [...group.querySelectorAll('li')].map((li) => li.textContent))
    expect(titles).toEqual([['Trip to Kazan'], ['Borscht recipe'], ['Tax questions'], ['Old essay']])
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
    await waitFor(() => expect(api.conversations.get).toHaveBeenCalledWith('c4'))
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
