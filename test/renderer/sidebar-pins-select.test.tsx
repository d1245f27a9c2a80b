// @vitest-environment jsdom
import './setup'
import { screen, waitFor, within } from '@testing-library/react'
import { describe, expect, it, vi } from 'vitest'
import type { Conversation, ConversationSummary } from '../../src/shared/domain'
import { groupByDate } from '../../src/renderer/src/features/conversations/group'
import { readyApi, renderApp } from './render-app'

const DAY = 24 * 60 * 60 * 1000

function conversation(id: string, title: string, updatedAt: number, pinnedAt?: number): Conversation {
  return {
    id,
    title,
    createdAt: updatedAt,
    updatedAt,
    model: null,
    systemPrompt: '',
    messages: [],
    ...(pinnedAt === undefined ? {} : { pinnedAt }),
  }
}

function sample(): Conversation[] {
  const noon = new Date()
  noon.setHours(12, 0, 0, 0)
  const t = Math.min(Date.now(), noon.getTime())
  return [
    conversation('c1', 'Поездка в Казань', t),
    conversation('c2', 'Borscht recipe', t - DAY),
    conversation('c3', 'Tax questions', t - 3 * DAY, t - 10 * DAY),
    conversation('c4', 'Old essay', t - 40 * DAY, t - 5 * DAY),
    conversation('c5', 'Regex help', t - 2 * DAY),
  ]
}

const rowTexts = (nav: HTMLElement): string[] =>
  [...nav.querySelectorAll('li')].map((li) => li.textContent ?? '')

describe('pin order', () => {
  it('puts pinned conversations first, most recently pinned on top, whatever their activity', () => {
    const now = Date.now()
    const s = (id: string, updatedAt: number, pinnedAt?: number): ConversationSummary => ({
      id,
      title: id,
      createdAt: 0,
      updatedAt,
      model: null,
      messageCount: 0,
      ...(pinnedAt === undefined ? {} : { pinnedAt }),
    })
    const groups = groupByDate(
      [s('a', now), s('b', now - 50 * DAY, 2), s('c', now - DAY, 1), s('d', now, 3)],
      now,
    )
    expect(groups.map((g) => [g.group, g.items.map((i) => i.id)])).toEqual([
      ['pinned', ['d', 'b', 'c']],
      ['today', ['a']],
    ])
    expect(groupByDate([s('a', now)], now).map((g) => g.group)).toEqual(['today'])
  })
})

describe('sidebar pins', () => {
  it('shows a Pinned group at the top, and pins and unpins from the row', async () => {
    const { api, user } = renderApp(readyApi({ conversations: sample() }))
    const nav = await screen.findByRole('navigation', { name: 'Conversations' })
    await within(nav).findByText('Поездка в Казань')
    expect(rowTexts(nav).slice(0, 3)).toEqual(['Pinned', 'Old essay', 'Tax questions'])

    const pin = screen.getByRole('button', { name: 'Pin “Regex help” to the top' })
    expect(pin.getAttribute('aria-pressed')).toBe('false')
    await user.click(pin)
    await waitFor(() => expect(api.conversations.setPinned).toHaveBeenCalledWith('c5', true))
    await waitFor(() =>
      expect(rowTexts(nav).slice(0, 4)).toEqual(['Pinned', 'Regex help', 'Old essay', 'Tax questions']),
    )

    const unpin = screen.getByRole('button', { name: 'Unpin “Old essay”' })
    expect(unpin.getAttribute('aria-pressed')).toBe('true')
    await user.click(unpin)
    await waitFor(() => expect(api.conversations.setPinned).toHaveBeenCalledWith('c4', false))
    await waitFor(() => expect(rowTexts(nav).slice(0, 3)).toEqual(['Pinned', 'Regex help', 'Tax questions']))
    expect(rowTexts(nav)).toContain('Old essay')
  })

  it('names the pin in Russian', async () => {
    renderApp(readyApi({ conversations: sample(), settings: { language: 'ru' } }))
    expect(await screen.findByRole('button', { name: 'Закрепить «Поездка в Казань» сверху' })).toBeTruthy()
    expect(screen.getByRole('button', { name: 'Открепить «Old essay»' })).toBeTruthy()
    expect(screen.getByRole('heading', { name: 'Закреплённые' })).toBeTruthy()
  })
})

describe('choosing several', () => {
  it('chooses with checkboxes, Shift for a range, and deletes them after one confirmation naming the count', async () => {
    const { api, user } = renderApp(readyApi({ conversations: sample() }))
    await user.click(await screen.findByRole('button', { name: 'Choose several conversations' }))
    const bar = screen.getByRole('toolbar', { name: 'Chosen conversations' })
    expect(within(bar).getByText('0 chosen')).toBeTruthy()
    // List order: Old essay, Tax questions (pinned), Поездка в Казань, Borscht recipe, Regex help.
    await user.click(screen.getByRole('checkbox', { name: 'Choose “Tax questions”' }))
    await user.keyboard('{Shift>}')
    await user.click(screen.getByRole('checkbox', { name: 'Choose “Borscht recipe”' }))
    await user.keyboard('{/Shift}')
    expect(within(bar).getByText('3 chosen')).toBeTruthy()
    const checked = screen.getAllByRole('checkbox').filter((b) => (b as HTMLInputElement).checked)
    expect(checked.map((b) => b.getAttribute('aria-label'))).toEqual([
      'Choose “Tax questions”',
      'Choose “Поездка в Казань”',
      'Choose “Borscht recipe”',
    ])

    await user.click(within(bar).getByRole('button', { name: 'Delete 3 conversations' }))
    const dialog = screen.getByRole('alertdialog', { name: 'Delete 3 conversations?' })
    expect(dialog.textContent).toContain('The 3 chosen conversations')
    await user.click(within(dialog).getByRole('button', { name: 'Delete 3' }))
    await waitFor(() => expect(api.conversations.deleteMany).toHaveBeenCalledTimes(1))
    const [chosen] = vi.mocked(api.conversations.deleteMany).mock.calls[0] ?? [[]]
    expect([...chosen].sort()).toEqual(['c1', 'c2', 'c3'])
    await waitFor(() => expect(screen.queryByRole('toolbar', { name: 'Chosen conversations' })).toBeNull())
    expect(screen.getByRole('button', { name: /^Old essay/ })).toBeTruthy()
    expect(screen.getByRole('button', { name: 'Regex help' })).toBeTruthy()
    expect(screen.queryByRole('button', { name: 'Tax questions' })).toBeNull()
  })

  it('keeps every conversation and says so when the deletion fails', async () => {
    const api = readyApi({ conversations: sample() })
    const { user } = renderApp(api)
    vi.mocked(api.conversations.deleteMany).mockRejectedValue(new Error('EBUSY'))
    await user.click(await screen.findByRole('button', { name: 'Choose several conversations' }))
    await user.click(screen.getByRole('button', { name: 'Select all' }))
    const bar = screen.getByRole('toolbar', { name: 'Chosen conversations' })
    expect(within(bar).getByText('5 chosen')).toBeTruthy()
    await user.click(within(bar).getByRole('button', { name: 'Delete 5 conversations' }))
    await user.click(within(screen.getByRole('alertdialog')).getByRole('button', { name: 'Delete 5' }))
    expect((await within(bar).findByRole('alert')).textContent).toMatch(/nothing was deleted/)
    expect(screen.getAllByRole('checkbox')).toHaveLength(5)
  })

  it('enters choosing with Ctrl-click, exports the chosen ones, and leaves with Escape', async () => {
    const { api, user } = renderApp(readyApi({ conversations: sample() }))
    await screen.findByRole('button', { name: 'Regex help' })
    await user.keyboard('{Control>}')
    await user.click(screen.getByRole('button', { name: 'Regex help' }))
    await user.keyboard('{/Control}')
    const bar = screen.getByRole('toolbar', { name: 'Chosen conversations' })
    expect(within(bar).getByText('1 chosen')).toBeTruthy()
    // Space on a checkbox chooses it too (the keyboard way).
    screen.getByRole('checkbox', { name: 'Choose “Old essay”' }).focus()
    await user.keyboard(' ')
    expect(within(bar).getByText('2 chosen')).toBeTruthy()
    await user.click(
      within(bar).getByRole('button', { name: 'Export 2 conversations (JSON with attachments)' }),
    )
    await waitFor(() => expect(api.conversations.exportSelected).toHaveBeenCalledWith(['c5', 'c4']))
    await user.keyboard('{Escape}')
    expect(screen.queryByRole('toolbar')).toBeNull()
    expect(screen.getByRole('button', { name: 'Regex help' })).toBeTruthy()
  })
})

describe('Preferences → Titles', () => {
  it('turns model titles off and sets a title model per provider', async () => {
    const { api, user } = renderApp(readyApi())
    await user.click(await screen.findByRole('button', { name: 'Preferences' }))
    const dialog = await screen.findByRole('dialog', { name: 'Preferences' })
    await user.click(within(dialog).getByRole('tab', { name: 'Titles' }))
    const field = within(dialog).getByRole('textbox', { name: /Title model for/ })
    expect(field.getAttribute('placeholder')).toBe('The conversation\u2019s model')
    await user.type(field, 'gpt-4o-mini{Enter}')
    await waitFor(() =>
      expect(api.settings.update).toHaveBeenCalledWith({ titles: { models: { p1: 'gpt-4o-mini' } } }),
    )
    await user.click(within(dialog).getByRole('checkbox', { name: 'Let the model name new conversations' }))
    await waitFor(() => expect(api.settings.update).toHaveBeenCalledWith({ titles: { enabled: false } }))
    expect(
      (within(dialog).getByRole('textbox', { name: /Title model for/ }) as HTMLInputElement).disabled,
    ).toBe(true)
  })
})
