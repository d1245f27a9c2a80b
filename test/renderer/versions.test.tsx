// @vitest-environment jsdom
import './setup'
import { screen, waitFor, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import type { Conversation, Message } from '../../src/shared/domain'
import { readyApi, renderApp } from './render-app'

function msg(id: string, role: Message['role'], content: string, versions?: Message['versions']): Message {
  return { id, role, content, createdAt: 1, status: 'done', ...(versions ? { versions } : {}) }
}

const question = msg('q-000001', 'user', 'Что такое TCP slow start?')
const versionTwo = msg('a-000002', 'assistant', 'Второй ответ', { index: 2, count: 3 })

function conversation(): Conversation {
  return {
    id: 'conv-versions',
    title: 'Versions',
    createdAt: 1,
    updatedAt: 1,
    model: null,
    systemPrompt: '',
    messages: [question, versionTwo],
  }
}

async function openIt(language: 'en' | 'ru' = 'en') {
  const api = readyApi({ conversations: [conversation()], settings: { language } })
  api.branches.set('conv-versions/a-000002/1', [
    question,
    msg('a-000001', 'assistant', 'Первый ответ', { index: 1, count: 3 }),
    msg('u-000003', 'user', 'И дальше?'),
  ])
  api.branches.set('conv-versions/a-000002/3', [
    question,
    msg('a-000003', 'assistant', 'Третий ответ', { index: 3, count: 3 }),
  ])
  const rendered = renderApp(api)
  await rendered.user.click(await screen.findByRole('button', { name: 'Versions' }))
  await screen.findByText('Второй ответ')
  return rendered
}

describe('reply versions', () => {
  it('shows ‹ 2/3 › and switches with the buttons, the branch below following', async () => {
    const { api, user } = await openIt()
    const group = await screen.findByRole('group', { name: 'Version 2 of 3' })
    expect(group.textContent).toContain('2/3')
    await user.click(within(group).getByRole('button', { name: 'Previous version' }))
    expect(api.conversations.selectVersion).toHaveBeenCalledWith('conv-versions', 'a-000002', 1)
    await screen.findByText('Первый ответ')
    expect(screen.queryByText('Второй ответ')).toBeNull()
    expect(screen.getByText('И дальше?')).toBeTruthy()
    const first = screen.getByRole('group', { name: 'Version 1 of 3' })
    expect(within(first).getByRole('button', { name: 'Previous version' })).toHaveProperty('disabled', true)
  })

  it('switches with the arrow keys, and words it in Russian', async () => {
    const { user } = await openIt('ru')
    const group = await screen.findByRole('group', { name: 'Вариант 2 из 3' })
    within(group).getByRole('button', { name: 'Следующий вариант' }).focus()
    await user.keyboard('{ArrowRight}')
    await screen.findByText('Третий ответ')
    await waitFor(() => expect(screen.getByRole('group', { name: 'Вариант 3 из 3' })).toBeTruthy())
    expect(screen.queryByText('И дальше?')).toBeNull()
  })

  it('says why a switch failed and keeps what is shown', async () => {
    const { api, user } = await openIt()
    api.branches.delete('conv-versions/a-000002/1')
    await user.click(await screen.findByRole('button', { name: 'Previous version' }))
    await screen.findByRole('alert')
    expect(screen.getByText('Второй ответ')).toBeTruthy()
  })
})
