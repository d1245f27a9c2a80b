/**
 * Titles written by the model after the first reply: the prompt (pure), and the real backend against the
 * fake provider on 127.0.0.1, reached through the provider's own route (an HTTP proxy on 127.0.0.1).
 */
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import { Client } from '../../../src/main/llm/client'
import { OpenAIProvider } from '../../../src/main/llm/providers/openai'
import { createLogger } from '../../../src/main/logging/logger'
import { cleanTitle, titleRequest } from '../../../src/main/chat/title-prompt'
import { conversationLanguage } from '../../../src/shared/native-texts'
import { TitleWriter } from '../../../src/main/chat/title-writer'
import { defaultProxySettings, directRoute, systemRoute } from '../../../src/shared/defaults'
import type { Conversation, Message } from '../../../src/shared/domain'
import { startTestBackend, type TestBackend } from '../../fixtures/backend'
import { startFakeProvider, type FakeProvider, type RecordedRequest } from '../../fixtures/fake-provider'
import { startHttpProxy, type HttpProxy } from '../../fixtures/http-proxy'
import { manualScheduler } from '../../fixtures/manual-scheduler'

vi.mock('electron', () => import('../../mocks/electron'))

function msg(role: Message['role'], content: string, extra: Partial<Message> = {}): Message {
  return { id: `m-${role}-${content.length}`, role, content, createdAt: 1, status: 'done', ...extra }
}

function conv(messages: Message[], extra: Partial<Conversation> = {}): Conversation {
  const model = { providerId: 'p1', model: 'gpt-4o' }
  return {
    id: 'conv-00000001',
    title: 'local',
    createdAt: 1,
    updatedAt: 1,
    model,
    systemPrompt: '',
    messages,
    ...extra,
  }
}

describe('the title prompt', () => {
  it('asks in the language of the first question', () => {
    expect(conversationLanguage(['Как настроить прокси для npm?'])).toBe('ru')
    expect(conversationLanguage(['How do I set a proxy for npm? (прокси)'])).toBe('en')
    const ru = titleRequest(
      conv([
        msg('user', 'Как настроить прокси для npm?'),
        msg('assistant', 'Используйте npm config set proxy.'),
      ]),
    )
    expect(ru).toHaveLength(1)
    expect(ru?.[0]?.role).toBe('user')
    expect(ru?.[0]?.content).toMatch(/^Придумай короткое название/)
    expect(ru?.[0]?.content).toContain('Пользователь: Как настроить прокси для npm?')
    const en = titleRequest(
      conv([msg('user', 'Explain TCP slow start'), msg('assistant', 'It grows the window.')]),
    )
    expect(en?.[0]?.content).toMatch(/^Write a short title/)
  })

  it('has nothing to ask before a reply is done', () => {
    expect(
      titleRequest(conv([msg('user', 'Hi'), msg('assistant', 'Hel', { status: 'streaming' })])),
    ).toBeUndefined()
  })

  it('cleans what the model says into a title', () => {
    expect(cleanTitle('"Настройка прокси для npm."')).toBe('Настройка прокси для npm')
    expect(cleanTitle('Title: **TCP slow start**\n\nExtra words')).toBe('TCP slow start')
    expect(cleanTitle('«Погода в Москве»')).toBe('Погода в Москве')
    expect(cleanTitle('   \n  ')).toBe('')
  })
})

describe('TitleWriter with a timeout', () => {
  it('gives up after the timeout and logs it; the local title stays', async () => {
    const fake = await startFakeProvider({ default: { text: 'Never', headersDelayMs: 60_000 } })
    const lines: string[] = []
    const scheduler = manualScheduler()
    const saved: string[] = []
    const client = new Client({
      provider: new OpenAIProvider({ name: 'Fake', baseURL: fake.baseURL, apiKey: 'k' }),
    })
    const conversation = conv([msg('user', 'Hello there'), msg('assistant', 'Hi!', { id: 'reply-1' })], {
      title: 'Hello there',
    })
    const writer = new TitleWriter({
      settings: () => ({ titles: { enabled: true, models: {} }, providers: [] }),
      client: async () => client,
      conversation: () => conversation,
      save: (_id, title) => saved.push(title) > 0,
      onTitled: () => {},
      logger: createLogger({ sink: (line) => lines.push(line) }),
      scheduler,
      timeoutMs: 5000,
    })
    writer.afterReply(conversation.id, conversation.messages[1] as Message)
    await expect.poll(() => fake.requests.length).toBe(1)
    scheduler.advance(5000)
    await writer.idle()
    expect(saved).toEqual([])
    expect(lines.join('\n')).toMatch(/A title could not be written.*timeout/)
    await fake.close()
  })
})

describe('model titles in the backend', () => {
  let fake: FakeProvider
  let proxy: HttpProxy
  let app: TestBackend
  const lines: string[] = []
  beforeAll(async () => {
    fake = await startFakeProvider()
    proxy = await startHttpProxy()
  })
  afterAll(async () => {
    await fake.close()
    await proxy.close()
  })
  beforeEach(async () => {
    lines.length = 0
    const dir = mkdtempSync(join(tmpdir(), 'proxychat-titles-'))
    app = await startTestBackend({
      userDataDir: join(dir, 'data'),
      modelTitles: true,
      logger: createLogger({ sink: (line) => lines.push(line) }),
    })
    // The provider takes its own route: a proxy. Nothing may reach the fake except through it.
    const office = {
      ...defaultProxySettings(),
      id: 'office',
      name: 'Office',
      mode: 'manual' as const,
      httpProxy: proxy.url,
      bypass: [],
    }
    await app.backend.settings.update({
      routes: [directRoute(), systemRoute(), office],
      providers: [
        { id: 'p1', kind: 'custom', name: 'Fake', baseURL: fake.baseURL, enabled: true, routeId: 'office' },
      ],
      defaultModel: { providerId: 'p1', model: 'gpt-4o' },
    })
  })
  afterEach(async () => {
    await app.shutdown()
  })

  async function firstExchange(question: string): Promise<{ id: string; requestsBefore: number }> {
    const requestsBefore = fake.requests.length
    const conversation = await app.backend.conversations.create()
    await app.backend.chat.send({ conversationId: conversation.id, content: question })
    await expect.poll(() => app.streamEvents().some((e) => e.type === 'done')).toBe(true)
    return { id: conversation.id, requestsBefore }
  }

  const titleOf = async (id: string): Promise<string | undefined> =>
    (await app.backend.conversations.list()).find((s) => s.id === id)?.title

  const chatRequests = (from: number): RecordedRequest[] =>
    fake.requests.slice(from).filter((r) => r.path.endsWith('/chat/completions'))

  it('asks the title model through the provider route, non-streaming, and shows its title', async () => {
    await app.backend.settings.update({ titles: { models: { p1: 'gpt-4o-mini' } } })
    fake.enqueue({ text: 'Прокси для npm настраивается так.' }, { text: '«Настройка прокси npm»' })
    const seenBefore = proxy.seen.length
    const { id, requestsBefore } = await firstExchange('Как настроить прокси для npm?')
    await expect.poll(() => titleOf(id)).toBe('Настройка прокси npm')
    const [reply, title] = chatRequests(requestsBefore)
    expect(reply?.body).toMatchObject({ model: 'gpt-4o', stream: true })
    expect(title?.body).toEqual({
      model: 'gpt-4o-mini',
      stream: false,
      max_tokens: 40,
      messages: [{ role: 'user', content: expect.stringMatching(/^Придумай короткое название/) }],
    })
    // Both through the provider's route: the proxy forwarded each of them.
    const forwarded = proxy.seen.slice(seenBefore).filter((s) => s.target.includes(`127.0.0.1:${fake.port}`))
    expect(forwarded.length).toBeGreaterThanOrEqual(2)
    expect(app.events.filter((e) => e.channel === 'event:conversations-changed').length).toBeGreaterThan(0)
    const stored = await app.backend.conversations.get(id)
    expect(stored.titleSource).toBe('model')
  })

  it('uses the conversation model when no title model is chosen, and asks once only', async () => {
    fake.enqueue({ text: 'Slow start grows the window.' }, { text: 'TCP slow start' })
    const { id, requestsBefore } = await firstExchange('Explain TCP slow start')
    await expect.poll(() => titleOf(id)).toBe('TCP slow start')
    expect(chatRequests(requestsBefore)[1]?.body).toMatchObject({ model: 'gpt-4o', stream: false })
    // A second reply is not a first reply: no new title request.
    await app.backend.chat.send({ conversationId: id, content: 'And congestion avoidance?' })
    await expect.poll(() => app.streamEvents().filter((e) => e.type === 'done').length).toBe(2)
    expect(chatRequests(requestsBefore)).toHaveLength(3)
  })

  it('keeps the local title when the title request fails, and logs it without an error for the window', async () => {
    fake.enqueue({ text: 'Fine.' }, { status: 500 })
    const { id, requestsBefore } = await firstExchange('Why is the sky blue?')
    await expect.poll(() => chatRequests(requestsBefore).length).toBe(2)
    await expect.poll(() => lines.join('\n')).toMatch(/A title could not be written/)
    expect(await titleOf(id)).toBe('Why is the sky blue?')
    expect(app.streamEvents().filter((e) => e.type === 'error')).toEqual([])
    expect(app.events.filter((e) => e.channel === 'event:notice')).toEqual([])
  })

  it('never replaces a title the user wrote, even when the model title arrives after the rename', async () => {
    fake.enqueue({ text: 'Sure.' }, { text: 'Model title', headersDelayMs: 300 })
    const { id, requestsBefore } = await firstExchange('Plan a trip to Kazan')
    await expect.poll(() => chatRequests(requestsBefore).length).toBe(2)
    await app.backend.conversations.rename(id, 'Казань, май')
    // The late answer lands, and changes nothing.
    await expect.poll(() => lines.join('\n')).toMatch(/Renamed or deleted meanwhile/)
    expect(await titleOf(id)).toBe('Казань, май')
    expect((await app.backend.conversations.get(id)).titleSource).toBe('user')
  })

  it('sends nothing when titles are turned off', async () => {
    await app.backend.settings.update({ titles: { enabled: false } })
    fake.enqueue({ text: 'Ok.' })
    const { id, requestsBefore } = await firstExchange('Short question')
    await new Promise((resolve) => setTimeout(resolve, 200))
    expect(chatRequests(requestsBefore)).toHaveLength(1)
    expect(await titleOf(id)).toBe('Short question')
  })
})
