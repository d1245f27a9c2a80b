// @vitest-environment jsdom
/**
 * Reasoning effort on Anthropic, as a user meets it in the Parameters panel: Anthropic's five levels (OpenAI
 * keeps its three), an effort and a thinking budget refused together at the field (in Russian too), the
 * sampling rules of thinking applied to an effort, and a note when the model takes only the other kind.
 */
import './setup'
import { screen, waitFor, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import type { Conversation } from '../../src/shared/domain'
import { provider } from './fake-api'
import { readyApi, renderApp } from './render-app'

const anthropic = provider('an', 'Anthropic', {
  kind: 'anthropic',
  baseURL: 'https://api.anthropic.com',
  apiKey: { set: true, last4: 'wxyz' },
})

function chat(model: string, params?: Conversation['params']): Conversation {
  return {
    id: 'c1',
    title: 'Рефакторинг парсера',
    createdAt: 1,
    updatedAt: 1,
    model: { providerId: 'an', model },
    systemPrompt: '',
    messages: [],
    ...(params ? { params } : {}),
  }
}

async function openPanel(options: Parameters<typeof readyApi>[0], buttonName = /^Parameters/) {
  const rendered = renderApp(readyApi(options))
  await rendered.user.click(await screen.findByRole('button', { name: 'Рефакторинг парсера' }))
  await rendered.user.click(await screen.findByRole('button', { name: buttonName }))
  const panel = await screen.findByRole('dialog', { name: /Model parameters|Параметры модели/ })
  return { ...rendered, panel }
}

function options(select: HTMLElement): string[] {
  return Array.from(select.querySelectorAll('option'), (option) => option.textContent ?? '')
}

describe('reasoning effort on Anthropic', () => {
  it('offers Anthropic’s five levels and saves one', async () => {
    const { api, user, panel } = await openPanel({
      settings: { providers: [anthropic], defaultModel: null },
      conversations: [chat('claude-opus-4-8')],
    })
    const effort = within(panel).getByLabelText('Reasoning effort')
    expect(options(effort)).toEqual(['default', 'low', 'medium', 'high', 'extra high', 'max'])
    await user.selectOptions(effort, 'xhigh')
    await user.type(within(panel).getByLabelText(/^Max output tokens/), '64000')
    expect(within(panel).queryByRole('alert')).toBeNull()
    await user.click(within(panel).getByRole('button', { name: 'Save' }))
    await waitFor(() =>
      expect(api.conversations.setParams).toHaveBeenCalledWith('c1', {
        maxTokens: 64000,
        reasoningEffort: 'xhigh',
      }),
    )
    expect(screen.getByRole('button', { name: /^Parameters/ }).textContent).toContain('effort extra high')
  })

  it('keeps OpenAI’s three levels', async () => {
    const { panel } = await openPanel({
      conversations: [{ ...chat('o3-mini'), model: { providerId: 'p1', model: 'o3-mini' } }],
    })
    expect(options(within(panel).getByLabelText('Reasoning effort'))).toEqual([
      'default',
      'low',
      'medium',
      'high',
    ])
  })

  it('refuses an effort together with a thinking budget, in Russian, and saves nothing', async () => {
    const { api, user, panel } = await openPanel(
      {
        settings: { providers: [anthropic], defaultModel: null, language: 'ru' },
        conversations: [chat('claude-sonnet-4-6')],
      },
      /^Параметры/,
    )
    await user.type(within(panel).getByLabelText(/^Бюджет размышлений/), '8000')
    await user.selectOptions(within(panel).getByLabelText('Глубина рассуждений'), 'max')
    expect(within(panel).getByRole('alert').textContent).toBe(
      'Anthropic принимает либо глубину рассуждений, либо бюджет размышлений, но не оба: очистите одно из полей.',
    )
    expect(
      within(panel)
        .getByLabelText(/^Бюджет размышлений/)
        .getAttribute('aria-invalid'),
    ).toBe('true')
    expect(within(panel).getByRole('button', { name: 'Сохранить' })).toHaveProperty('disabled', true)
    expect(options(within(panel).getByLabelText('Глубина рассуждений'))).toEqual([
      'по умолчанию',
      'низкая',
      'средняя',
      'высокая',
      'очень высокая',
      'максимальная',
    ])
    await user.clear(within(panel).getByLabelText(/^Бюджет размышлений/))
    expect(within(panel).queryByRole('alert')).toBeNull()
    expect(api.conversations.setParams).not.toHaveBeenCalled()
  })

  it('refuses a temperature with an effort, as with a budget', async () => {
    const { user, panel } = await openPanel({
      settings: { providers: [anthropic], defaultModel: null },
      conversations: [chat('claude-opus-4-7')],
    })
    await user.selectOptions(within(panel).getByLabelText('Reasoning effort'), 'low')
    await user.type(within(panel).getByLabelText(/^Temperature/), '0.5')
    expect(within(panel).getByRole('alert').textContent).toBe(
      'Anthropic takes no temperature together with a reasoning effort (it thinks): clear one of them.',
    )
  })

  it('says how a default budget goes to a model that takes only reasoning effort', async () => {
    const { panel } = await openPanel({
      settings: {
        providers: [anthropic],
        defaultModel: null,
        modelParams: { an: { thinkingBudget: 10000 } },
      },
      conversations: [chat('claude-opus-4-7')],
    })
    expect(within(panel).getByText(/^claude-opus-4-7 takes only a reasoning effort/).textContent).toBe(
      'claude-opus-4-7 takes only a reasoning effort (adaptive thinking): the thinking budget is sent as effort “medium”. To choose it yourself, set Reasoning effort instead.',
    )
  })

  it('says an effort goes to Sonnet 4.5 as a thinking budget, in Russian', async () => {
    const { panel } = await openPanel(
      {
        settings: { providers: [anthropic], defaultModel: null, language: 'ru' },
        conversations: [chat('claude-sonnet-4-5', { reasoningEffort: 'high' })],
      },
      /^Параметры/,
    )
    expect(
      within(panel).getByText(/^claude-sonnet-4-5 принимает только бюджет размышлений/).textContent,
    ).toMatch(/глубина рассуждений «высокая» отправляется как бюджет 16\s?384 токенов\.$/)
  })
})
