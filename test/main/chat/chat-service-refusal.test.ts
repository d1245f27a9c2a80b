/**
 * A request that cannot start (no provider, no model chosen, the model's provider removed or turned off)
 * is refused before anything is saved: no message, no title, no change to the conversation. Then the
 * same request, once a model is chosen, reaches the provider with the user's message exactly once.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { ChatService, type ChatConnector, type ChatHistory } from '../../../src/main/chat/chat-service'
import type { ChatMessage } from '../../../src/main/llm/types'
import type { Conversation, Message, ModelRef, ProviderConfig } from '../../../src/shared/domain'
import { startFakeProvider, type FakeProvider } from '../../fixtures/fake-provider'
import { startTestBackend, type TestBackend } from '../../fixtures/backend'

vi.mock('electron', () => import('../../mocks/electron'))

const provider = (id: string, enabled = true): ProviderConfig => ({
  id,
  kind: 'custom',
  name: id.toUpperCase(),
  baseURL: 'http://127.0.0.1:9',
  enabled,
})

const reply = (id: string, content: string): Message => ({
  id,
  role: 'assistant',
  content,
  createdAt: 0,
  status: 'stopped',
})

/** An in-memory history that records every write, and a connector that records every request. */
function setup(options: {
  providers: ProviderConfig[]
  conversationModel?: ModelRef | null
  defaultModel?: ModelRef | null
  messages?: Message[]
}) {
  const conversation: Conversation = {
    id: 'c1',
    title: '',
    createdAt: 0,
    updatedAt: 0,
    model: options.conversationModel ?? null,
    systemPrompt: '',
    messages: options.messages ?? [],
  }
  const writes: string[] = []
  const history: ChatHistory = {
    get: async () => structuredClone(conversation),
    appendMessage: async (_id, message) => {
      writes.push(`append ${message.role}`)
      conversation.messages.push(structuredClone(message))
      if (!conversation.title && message.role === 'user') conversation.title = message.content
    },
    updateMessage: async (_id, message) => {
      writes.push(`update ${message.role}`)
    },
    addVersion: async (_id, of, message) => {
      writes.push(`version of ${of}: ${message.role}`)
    },
  }
  const requests: ChatMessage[][] = []
  const connector: ChatConnector = {
    connect: async () => ({
      providerName: 'P',
      create: async (messages) => {
        requests.push(messages)
        return (async function* () {})()
      },
    }),
  }
  let defaultModel = options.defaultModel ?? null
  const service = new ChatService({
    history,
    connector,
    sink: () => undefined,
    defaultModel: () => defaultModel,
    providers: () => options.providers,
  })
  return {
    service,
    conversation,
    writes,
    requests,
    chooseDefault: (model: ModelRef) => (defaultModel = model),
  }
}

describe('a request that cannot start', () => {
  it.each([
    ['no_provider', [], null],
    ['no_model', [provider('p')], null],
    ['provider_removed', [provider('p')], { providerId: 'gone', model: 'm' }],
    ['provider_disabled', [provider('p', false)], { providerId: 'p', model: 'm' }],
    ['provider_disabled', [provider('p', false)], null],
  ] as const)('%s: send is refused and nothing is saved', async (code, providers, model) => {
    const { service, conversation, writes, requests } = setup({
      providers: [...providers],
      conversationModel: model,
    })
    await expect(service.send({ conversationId: 'c1', content: 'Hello there' })).rejects.toMatchObject({
      code,
    })
    expect(writes).toEqual([])
    expect(conversation.messages).toEqual([])
    expect(conversation.title).toBe('')
    expect(requests).toEqual([])
    // Nothing is left registered: the next request is not "busy".
    expect(service.isStreaming('c1')).toBe(false)
  })

  it('regenerate, edit and continue are refused before they change the conversation', async () => {
    const user: Message = { id: 'u1', role: 'user', content: 'Hi', createdAt: 0, status: 'done' }
    const { service, writes, requests } = setup({
      providers: [provider('p', false)],
      conversationModel: { providerId: 'p', model: 'm' },
      messages: [user, reply('a1', 'Partial')],
    })
    const refused = { code: 'provider_disabled' }
    await expect(service.regenerate({ conversationId: 'c1', messageId: 'a1' })).rejects.toMatchObject(refused)
    await expect(
      service.editAndResend({ conversationId: 'c1', messageId: 'u1', content: 'Hello' }),
    ).rejects.toMatchObject(refused)
    await expect(service.continue({ conversationId: 'c1', messageId: 'a1' })).rejects.toMatchObject(refused)
    expect(writes).toEqual([])
    expect(requests).toEqual([])
  })

  it('once a model is chosen, the provider receives the message exactly once', async () => {
    const { service, requests, chooseDefault } = setup({ providers: [provider('p')] })
    await expect(service.send({ conversationId: 'c1', content: 'Hello there' })).rejects.toMatchObject({
      code: 'no_model',
    })
    chooseDefault({ providerId: 'p', model: 'm' })
    await service.send({ conversationId: 'c1', content: 'Hello there' })
    await vi.waitFor(() => expect(requests).toHaveLength(1))
    expect(requests[0]).toEqual([{ role: 'user', content: 'Hello there' }])
  })
})

describe('with the real backend', () => {
  let fake: FakeProvider
  const dirs: string[] = []
  let backend: TestBackend | undefined
  beforeAll(async () => {
    fake = await startFakeProvider()
  })
  afterEach(async () => {
    await backend?.shutdown()
    backend = undefined
  })
  afterAll(async () => {
    await fake.close()
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true })
  })

  it('a provider but no model: the send saves nothing; after choosing one, one user message is sent', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'proxychat-refusal-'))
    dirs.push(dir)
    backend = await startTestBackend({ userDataDir: dir })
    const api = backend.backend
    await api.settings.update({
      providers: [{ id: 'fake', kind: 'custom', name: 'Fake', baseURL: fake.baseURL, enabled: true }],
      defaultModel: null,
    })
    const conversation = await api.conversations.create()
    const before = await api.conversations.list()
    await expect(
      api.chat.send({ conversationId: conversation.id, content: 'Привет, как настроить прокси?' }),
    ).rejects.toMatchObject({ code: 'no_model' })
    expect(await api.conversations.get(conversation.id)).toEqual(conversation)
    expect(await api.conversations.list()).toEqual(before)

    fake.enqueue({ text: ['Sure.'] })
    const started = await api.chat.send({
      conversationId: conversation.id,
      content: 'Привет, как настроить прокси?',
      model: { providerId: 'fake', model: 'gpt-4o-mini' },
    })
    await vi.waitFor(() =>
      expect(backend?.streamEvents().some((e) => e.streamId === started.streamId && e.type === 'done')).toBe(
        true,
      ),
    )
    const chats = fake.requests.filter((r) => r.path === '/v1/chat/completions')
    expect(chats).toHaveLength(1)
    const sent = (chats[0]?.body as { messages: { role: string; content: string }[] }).messages
    expect(sent.filter((m) => m.role === 'user')).toEqual([
      { role: 'user', content: 'Привет, как настроить прокси?' },
    ])
    const saved = await api.conversations.get(conversation.id)
    expect(saved.messages.map((m) => m.role)).toEqual(['user', 'assistant'])
  })
})
