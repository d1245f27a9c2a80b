// @vitest-environment jsdom
import './setup'
import { fireEvent, screen, waitFor } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { readyApi, renderApp } from './render-app'

describe('composer', () => {
  it('has the accessible names the issue asks for', async () => {
    renderApp(readyApi())
    expect(await screen.findByRole('button', { name: 'New chat' })).toBeTruthy()
    expect(screen.getByRole('button', { name: 'Preferences' })).toBeTruthy()
    expect(screen.getByRole('button', { name: 'Send' })).toBeTruthy()
    expect(screen.getByRole('textbox', { name: 'Message' })).toBeTruthy()
  })

  it('sends with Enter and clears the box', async () => {
    const { api, user } = renderApp(readyApi())
    const box = await screen.findByRole('textbox', { name: 'Message' })
    await user.type(box, 'Hello there{Enter}')
    await waitFor(() => expect(api.chat.send).toHaveBeenCalledTimes(1))
    expect(api.chat.send).toHaveBeenCalledWith(
      expect.objectContaining({ content: 'Hello there', model: { providerId: 'p1', model: 'gpt-4o' } }),
    )
    expect(api.conversations.create).toHaveBeenCalledTimes(1)
    expect((box as HTMLTextAreaElement).value).toBe('')
    const mine = await screen.findByRole('article', { name: 'You' })
    expect(mine.textContent).toContain('Hello there')
  })

  it('makes a new line with Shift+Enter and does not send', async () => {
    const { api, user } = renderApp(readyApi())
    const box = (await screen.findByRole('textbox', { name: 'Message' })) as HTMLTextAreaElement
    await user.type(box, 'line one{Shift>}{Enter}{/Shift}line two')
    expect(box.value).toBe('line one\nline two')
    expect(api.chat.send).not.toHaveBeenCalled()
  })

  it('does not send while an input method is composing', async () => {
    const { api } = renderApp(readyApi())
    const box = (await screen.findByRole('textbox', { name: 'Message' })) as HTMLTextAreaElement
    fireEvent.change(box, { target: { value: 'こんにちは' } })
    fireEvent.keyDown(box, { key: 'Enter', isComposing: true })
    fireEvent.keyDown(box, { key: 'Enter', keyCode: 229 })
    expect(api.chat.send).not.toHaveBeenCalled()
    fireEvent.keyDown(box, { key: 'Enter' })
    await waitFor(() => expect(api.chat.send).toHaveBeenCalledTimes(1))
  })

  it('sends with the Send button and keeps the text when sending fails', async () => {
    const api = readyApi()
    api.chat.send = async () => {
      throw new Error('No model configured')
    }
    const { user } = renderApp(api)
    const box = (await screen.findByRole('textbox', { name: 'Message' })) as HTMLTextAreaElement
    await user.type(box, 'keep me')
    await user.click(screen.getByRole('button', { name: 'Send' }))
    expect(await screen.findByText('No model configured')).toBeTruthy()
    expect(box.value).toBe('keep me')
  })
})
