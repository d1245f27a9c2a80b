import { spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { startFakeProvider, type FakeProvider } from '../../fixtures/fake-provider'
import { startTestBackend, type TestBackend } from '../../fixtures/backend'
import { ChatService, type ChatHistory, type ChatConnector } from '../../../src/main/chat/chat-service'
import type { Conversation, Message } from '../../../src/shared/domain'
import type { ChatCompletionChunk } from '../../../src/main/llm/types'
import { manualScheduler } from '../../fixtures/manual-scheduler'
import type { StreamEvent } from '../../../src/shared/contract'
import { createLogger, type Logger } from '../../../src/main/logging/logger'

vi.mock('electron', () => import('../../mocks/electron'))

let fake: FakeProvider
const dirs: string[] = []
const backends: TestBackend[] = []

beforeAll(async () => {
  fake = await startFakeProvider()
})
afterAll(async () => {
  await fake.close()
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true })
})
afterEach(async () => {
  await Promise.all(backends.splice(0).map((b) => b.shutdown()))
  fake.requests.length = 0
})

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'proxychat-chat-'))
  dirs.push(dir)
  return dir
}

async function backendWithProvider(dir = tempDir(), logger?: Logger): Promise<TestBackend> {
  const backend = await startTestBackend({ userDataDir: dir, ...(logger ? { logger } : {}) })
  backends.push(backend)
  await backend.backend.settings.update({
    providers: [{ id: 'fake', kind: 'custom', name: 'Fake', baseURL: fake.baseURL, enabled: true }],
    defaultModel: { providerId: 'fake', model: 'gpt-4o-mini' },
    retry: { maxRetries: 3, singleProviderRetry: true, shuffle: false, fallbackProviderIds: [] },
  })
  await backend.backend.settings.setSecret({
    target: { type: 'provider', providerId: 'fake' },
    value: 'sk-chat-test-123456',
  })
  return backend
}

/** The fake twice: "Fake" first, then "Backup" as the fallback; each provider gets `maxRetries` attempts. */
async function backendWithFallback(
  dir: string,
  { maxRetries }: { maxRetries: number },
): Promise<TestBackend> {
  const backend = await backendWithProvider(dir)
  const { settings } = backend.backend
  await settings.update({
    providers: [
      { id: 'fake', kind: 'custom', name: 'Fake', baseURL: fake.baseURL, enabled: true },
      { id: 'backup', kind: 'custom', name: 'Backup', baseURL: fake.baseURL, enabled: true },
    ],
    retry: { maxRetries, singleProviderRetry: true, shuffle: false, fallbackProviderIds: ['backup'] },
  })
  await settings.setSecret({
    target: { type: 'provider', providerId: 'backup' },
    value: 'sk-backup-test-98765',
  })
  return backend
}

function waitFor<T>(check: () => T | undefined, timeoutMs = 10_000): Promise<T> {
  const started = Date.now()
  return new Promise((resolve, reject) => {
    const tick = (): void => {
      const value = check()
      if (value !== undefined) return resolve(value)
      if (Date.now() - started > timeoutMs) return reject(new Error('timed out waiting'))
      setTimeout(tick, 10)
    }
    tick()
  })
}

function finalEvent(backend: TestBackend, streamId: string): Promise<StreamEvent> {
  return waitFor(() =>
    backend
      .streamEvents()
      .find((e) => e.streamId === streamId && ['done', 'stopped', 'error'].includes(e.type)),
  )
}

const pieces = (n: number): string[] => Array.from({ length: n }, (_, i) => `t${i} `)

describe('chat service with the real backend and the fake provider', () => {
  it('streams a reply, coalescing 3,000 chunks a second into at most ~60 messages a second', async () => {
    const backend = await backendWithProvider()
    const text = pieces(3000)
    fake.enqueue({ text, ratePerSecond: 3000 })
    const conversation = await backend.backend.conversations.create()
    const started = await backend.backend.chat.send({ conversationId: conversation.id, content: 'Go fast' })
    const done = await finalEvent(backend, started.streamId)
    expect(done.type).toBe('done')
    const deltas = backend.events.filter(
      (e) => e.channel === 'event:stream' && (e.payload as StreamEvent).type === 'delta',
    )
    const joined = deltas.map((e) => (e.payload as Extract<StreamEvent, { type: 'delta' }>).content).join('')
    expect(joined).toBe(text.join(''))
    // In any one-second window, at most 60 messages.
    const times = deltas.map((e) => e.at)
    let busiest = 0
    for (let i = 0, j = 0; i < times.length; i++) {
      while ((times[i] ?? 0) - (times[j] ?? 0) >= 1000) j++
      busiest = Math.max(busiest, i - j + 1)
    }
    expect(busiest).toBeLessThanOrEqual(60)
    expect(deltas.length).toBeGreaterThan(5)
    const saved = await backend.backend.conversations.get(conversation.id)
    expect(saved.messages.map((m) => [m.role, m.status])).toEqual([
      ['user', 'done'],
      ['assistant', 'done'],
    ])
    expect(saved.messages[1]?.content).toBe(text.join(''))
    expect(saved.messages[1]?.meta?.usage?.totalTokens).toBeGreaterThan(0)
    expect(saved.messages[1]?.meta?.providerName).toBe('Fake')
    expect(saved.title).toBe('Go fast')
  })

  it('stop closes the connection to the provider and keeps the partial reply', async () => {
    const backend = await backendWithProvider()
    fake.enqueue({ text: pieces(2000), ratePerSecond: 200 })
    const conversation = await backend.backend.conversations.create()
    const started = await backend.backend.chat.send({ conversationId: conversation.id, content: 'Long one' })
    await waitFor(() => backend.streamEvents().find((e) => e.type === 'delta'))
    const requestIndex = fake.requests.findIndex((r) => r.path.endsWith('/chat/completions'))
    await backend.backend.chat.stop(conversation.id)
    await fake.waitForClientClose(requestIndex, 3_000)
    const stopped = await finalEvent(backend, started.streamId)
    expect(stopped.type).toBe('stopped')
    const saved = (await backend.backend.conversations.get(conversation.id)).messages[1]
    expect(saved?.status).toBe('stopped')
    expect(saved?.content.length).toBeGreaterThan(0)
    expect(
      pieces(2000)
        .join('')
        .startsWith(saved?.content ?? 'x'),
    ).toBe(true)
  })

  it('allows one stream per conversation while other conversations stream on', async () => {
    const backend = await backendWithProvider()
    fake.enqueue({ text: pieces(300), ratePerSecond: 300 }, { text: pieces(50), ratePerSecond: 300 })
    const a = await backend.backend.conversations.create()
    const b = await backend.backend.conversations.create()
    const first = await backend.backend.chat.send({ conversationId: a.id, content: 'one' })
    await expect(backend.backend.chat.send({ conversationId: a.id, content: 'two' })).rejects.toThrow(
      /stop it first/,
    )
    const other = await backend.backend.chat.send({ conversationId: b.id, content: 'other' })
    expect((await finalEvent(backend, other.streamId)).type).toBe('done')
    expect((await finalEvent(backend, first.streamId)).type).toBe('done')
  })

  it('reports each retry, then the reply', async () => {
    const backend = await backendWithProvider()
    fake.enqueue({ status: 429, headers: { 'Retry-After': '0' } }, { text: 'after retry' })
    const conversation = await backend.backend.conversations.create()
    const started = await backend.backend.chat.send({ conversationId: conversation.id, content: 'hi' })
    expect((await finalEvent(backend, started.streamId)).type).toBe('done')
    const retry = backend.streamEvents().find((e) => e.type === 'retry')
    expect(retry).toMatchObject({
      providerName: 'Fake',
      nextProviderName: 'Fake',
      attempt: 2,
      maxAttempts: 3,
      reason: 'rate_limit',
    })
  })

  it('saves an error with its kind, and the text received before it', async () => {
    const backend = await backendWithProvider()
    fake.enqueue({
      status: 401,
      body: { error: { message: 'Incorrect API key provided: sk-chat-test-123456' } },
    })
    const conversation = await backend.backend.conversations.create()
    const started = await backend.backend.chat.send({ conversationId: conversation.id, content: 'hi' })
    const error = await finalEvent(backend, started.streamId)
    expect(error).toMatchObject({ type: 'error', kind: 'auth' })
    const saved = (await backend.backend.conversations.get(conversation.id)).messages[1]
    expect(saved?.status).toBe('error')
    expect(saved?.error?.kind).toBe('auth')
    expect(JSON.stringify(saved)).not.toContain('sk-chat-test-123456')
  })

  it('logs a failed reply as one warning line with its kind, and no key', async () => {
    const lines: string[] = []
    const backend = await backendWithProvider(tempDir(), createLogger({ sink: (line) => lines.push(line) }))
    fake.enqueue({
      status: 401,
      body: { error: { message: 'Incorrect API key provided: sk-chat-test-123456' } },
    })
    const conversation = await backend.backend.conversations.create()
    const started = await backend.backend.chat.send({ conversationId: conversation.id, content: 'hi' })
    await finalEvent(backend, started.streamId)
    expect(lines).toHaveLength(1)
    expect(lines[0]).toContain(`WARN  [chat] A reply failed kind=auth conversation=${conversation.id} error=`)
    expect(lines.join('\n')).not.toContain('sk-chat-test-123456')
  })

  it('keeps, with the reply, which provider failed before the fallback answered and why', async () => {
    const dir = tempDir()
    const backend = await backendWithFallback(dir, { maxRetries: 1 })
    fake.enqueue(
      { status: 429, body: { error: { message: 'Slow down, please', code: 'rate_limit_exceeded' } } },
      { text: 'From the backup.' },
    )
    const conversation = await backend.backend.conversations.create()
    const started = await backend.backend.chat.send({ conversationId: conversation.id, content: 'hi' })
    expect((await finalEvent(backend, started.streamId)).type).toBe('done')
    const expected = {
      providerName: 'Backup',
      fallbackFrom: [
        { provider: 'Fake', attempts: 1, kind: 'rate_limit', status: 429, said: 'Slow down, please' },
      ],
    }
    expect((await backend.backend.conversations.get(conversation.id)).messages[1]?.meta).toMatchObject(
      expected,
    )
    // Saved with the message: it is still there after the app restarts.
    await backend.shutdown()
    const reopened = await startTestBackend({ userDataDir: dir })
    backends.push(reopened)
    const saved = (await reopened.backend.conversations.get(conversation.id)).messages[1]
    expect(saved?.content).toBe('From the backup.')
    expect(saved?.meta).toMatchObject(expected)
  })

  it('saves a failure of every provider as one entry per provider, with attempts and their own words', async () => {
    const backend = await backendWithFallback(tempDir(), { maxRetries: 2 })
    const busy = { status: 500, headers: { 'Retry-After': '0' } }
    fake.enqueue(busy, busy, { status: 401, body: { error: { message: 'Invalid key sk-chat-test-123456' } } })
    const conversation = await backend.backend.conversations.create()
    const started = await backend.backend.chat.send({ conversationId: conversation.id, content: 'hi' })
    expect(await finalEvent(backend, started.streamId)).toMatchObject({ type: 'error', kind: 'auth' })
    const saved = (await backend.backend.conversations.get(conversation.id)).messages[1]
    expect(saved?.error?.failures).toMatchObject([
      { provider: 'Fake', attempts: 2, kind: 'server', status: 500, said: 'Fake provider error 500' },
      { provider: 'Backup', attempts: 1, kind: 'auth', status: 401, said: 'Invalid key ***' },
    ])
    // Nobody answered: no "answered by" note, the error says it all.
    expect(saved?.meta?.fallbackFrom).toBeUndefined()
    expect(JSON.stringify(saved)).not.toContain('sk-chat-test-123456')
  })

  it('a drop after text is one failure of the provider that was answering', async () => {
    const backend = await backendWithProvider()
    fake.enqueue({ text: pieces(200), dropAfterBytes: 3000 })
    const conversation = await backend.backend.conversations.create()
    const started = await backend.backend.chat.send({ conversationId: conversation.id, content: 'hi' })
    expect((await finalEvent(backend, started.streamId)).type).toBe('error')
    const saved = (await backend.backend.conversations.get(conversation.id)).messages[1]
    expect(saved?.content.length).toBeGreaterThan(0)
    expect(saved?.error?.failures).toHaveLength(1)
    expect(saved?.error?.failures?.[0]).toMatchObject({ provider: 'Fake', attempts: 1 })
    expect(saved?.meta?.fallbackFrom).toBeUndefined()
  })

  it('regenerates, edits and resends, and continues', async () => {
    const backend = await backendWithProvider()
    const conversation = await backend.backend.conversations.create()
    fake.enqueue({ text: 'first answer' })
    const first = await backend.backend.chat.send({ conversationId: conversation.id, content: 'Question' })
    await finalEvent(backend, first.streamId)

    fake.enqueue({ text: 'second answer' })
    const again = await backend.backend.chat.regenerate({
      conversationId: conversation.id,
      messageId: first.assistantMessage.id,
    })
    await finalEvent(backend, again.streamId)
    let saved = await backend.backend.conversations.get(conversation.id)
    expect(saved.messages.map((m) => m.content)).toEqual(['Question', 'second answer'])

    fake.enqueue({ text: 'edited answer' })
    const userId = saved.messages[0]?.id ?? ''
    const edited = await backend.backend.chat.editAndResend({
      conversationId: conversation.id,
      messageId: userId,
      content: 'Better question',
    })
    await finalEvent(backend, edited.streamId)
    saved = await backend.backend.conversations.get(conversation.id)
    expect(saved.messages.map((m) => m.content)).toEqual(['Better question', 'edited answer'])
    expect(fake.requests.at(-1)?.body).toMatchObject({
      messages: [{ role: 'user', content: 'Better question' }],
    })

    fake.enqueue({ text: ' and more' })
    const continued = await backend.backend.chat.continue({
      conversationId: conversation.id,
      messageId: saved.messages[1]?.id ?? '',
    })
    await finalEvent(backend, continued.streamId)
    saved = await backend.backend.conversations.get(conversation.id)
    expect(saved.messages).toHaveLength(2)
    expect(saved.messages[1]?.content).toBe('edited answer and more')
    const sent = fake.requests.at(-1)?.body as { messages: { role: string; content: string }[] }
    expect(sent.messages.at(-2)).toEqual({ role: 'assistant', content: 'edited answer' })
  })

  it('keeps regenerated replies and edited questions as versions; the model gets the branch shown', async () => {
    const backend = await backendWithProvider()
    const { conversations, chat } = backend.backend
    const { id } = await conversations.create()
    fake.enqueue({ text: 'answer one' }, { text: 'answer two' }, { text: 'answer three' })
    const first = await chat.send({ conversationId: id, content: 'Question' })
    await finalEvent(backend, first.streamId)
    for (let i = 0; i < 2; i++) {
      const shown = (await conversations.get(id)).messages.at(-1)
      const again = await chat.regenerate({ conversationId: id, messageId: shown?.id ?? '' })
      await finalEvent(backend, again.streamId)
    }
    let saved = await conversations.get(id)
    expect(saved.messages.map((m) => m.content)).toEqual(['Question', 'answer three'])
    expect(saved.messages[1]?.versions).toEqual({ index: 3, count: 3 })

    saved = await conversations.selectVersion(id, saved.messages[1]?.id ?? '', 1)
    expect(saved.messages.map((m) => m.content)).toEqual(['Question', 'answer one'])
    fake.enqueue({ text: 'follow-up answer' })
    const follow = await chat.send({ conversationId: id, content: 'Follow-up' })
    await finalEvent(backend, follow.streamId)
    expect(fake.requests.at(-1)?.body).toMatchObject({
      messages: [
        { role: 'user', content: 'Question' },
        { role: 'assistant', content: 'answer one' },
        { role: 'user', content: 'Follow-up' },
      ],
    })

    // Editing the question keeps the old branch, follow-up included, as version 1.
    fake.enqueue({ text: 'edited answer' })
    const edited = await chat.editAndResend({
      conversationId: id,
      messageId: saved.messages[0]?.id ?? '',
      content: 'Better question',
    })
    await finalEvent(backend, edited.streamId)
    saved = await conversations.get(id)
    expect(saved.messages.map((m) => [m.content, m.versions])).toEqual([
      ['Better question', { index: 2, count: 2 }],
      ['edited answer', undefined],
    ])
    const old = await conversations.selectVersion(id, saved.messages[0]?.id ?? '', 1)
    expect(old.messages.map((m) => m.content)).toEqual([
      'Question',
      'answer one',
      'Follow-up',
      'follow-up answer',
    ])
    expect(old.messages[1]?.versions).toEqual({ index: 1, count: 3 })
  })

  it('stops and saves every stream on shutdown', async () => {
    const dir = tempDir()
    const backend = await backendWithProvider(dir)
    fake.enqueue({ text: pieces(2000), ratePerSecond: 100 })
    const conversation = await backend.backend.conversations.create()
    const started = await backend.backend.chat.send({ conversationId: conversation.id, content: 'long' })
    await waitFor(() => backend.streamEvents().find((e) => e.type === 'delta'))
    await backend.shutdown()
    expect((await finalEvent(backend, started.streamId)).type).toBe('stopped')
    const file = JSON.parse(readFileSync(join(dir, 'conversations', `${conversation.id}.json`), 'utf8')) as {
      messages: Message[]
    }
    expect(file.messages[1]?.status).toBe('stopped')
    expect(file.messages[1]?.content.length).toBeGreaterThan(0)
  })

  it('reopens a reply interrupted by a crash with its text, marked interrupted', async () => {
    const dir = tempDir()
    const text = pieces(3000)
    fake.enqueue({ text, ratePerSecond: 100 })
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        '--import',
        './test/mocks/register-electron-mock.ts',
        './test/main/chat/crash-child.ts',
        dir,
        fake.baseURL,
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    )
    const line = await new Promise<string>((resolve) =>
      createInterface({ input: child.stdout }).once('line', resolve),
    )
    const { conversationId } = JSON.parse(line) as { conversationId: string }
    const file = join(dir, 'conversations', `${conversationId}.json`)
    // Wait for a checkpoint with text in it, then kill the process without warning.
    await waitFor(() => {
      try {
        const saved = JSON.parse(readFileSync(file, 'utf8')) as { messages: Message[] }
        return (saved.messages[1]?.content.length ?? 0) > 20 ? true : undefined
      } catch {
        return undefined
      }
    }, 15_000)
    child.kill('SIGKILL')
    await new Promise((resolve) => child.once('exit', resolve))

    const reopened = await startTestBackend({ userDataDir: dir })
    backends.push(reopened)
    const conversation = await reopened.backend.conversations.get(conversationId)
    const reply = conversation.messages[1]
    expect(reply?.status).toBe('interrupted')
    expect(reply?.content.length).toBeGreaterThan(20)
    expect(text.join('').startsWith(reply?.content ?? 'x')).toBe(true)
  }, 30_000)
})

describe('checkpoint cadence', () => {
  it('saves a streaming reply at most once a second, and at the end', async () => {
    // 250 chunks at 100 a second on a manual clock: 2.5 s of stream, no real waiting.
    const scheduler = manualScheduler()
    const text = pieces(250)
    async function* chunks(): AsyncGenerator<ChatCompletionChunk> {
      for (const [i, piece] of text.entries()) {
        scheduler.advance(10)
        yield {
          id: 'c',
          object: 'chat.completion.chunk',
          created: 0,
          model: 'm',
          choices: [
            { index: 0, delta: { content: piece }, finish_reason: i === text.length - 1 ? 'stop' : null },
          ],
        }
      }
    }
    const conversation: Conversation = {
      id: 'c1',
      title: '',
      createdAt: 0,
      updatedAt: 0,
      model: null,
      systemPrompt: '',
      messages: [],
    }
    const saves: { at: number; content: string; status: string }[] = []
    const history: ChatHistory = {
      get: async () => structuredClone(conversation),
      appendMessage: async (_id, message) => void conversation.messages.push(message),
      updateMessage: async (_id, message) =>
        void saves.push({ at: scheduler.now(), content: message.content, status: message.status }),
      addVersion: async () => undefined,
    }
    const connector: ChatConnector = {
      connect: async () => ({ providerName: 'Fake', create: async () => chunks() }),
    }
    const events: StreamEvent[] = []
    const service = new ChatService({
      history,
      connector,
      scheduler,
      sink: (_channel, payload) => events.push(payload as StreamEvent),
      defaultModel: () => ({ providerId: 'fake', model: 'm' }),
      providers: () => [{ id: 'fake', kind: 'custom', name: 'Fake', baseURL: fake.baseURL, enabled: true }],
    })
    await service.send({ conversationId: 'c1', content: 'hi' })
    await waitFor(() => events.find((e) => e.type === 'done'))
    const during = saves.filter((s) => s.status === 'streaming')
    // 2.5 s of streaming: a checkpoint soon after the first text, then one a second, never two within one.
    const times = during.map((s) => s.at)
    expect(times).toHaveLength(3)
    expect(times[0]).toBeLessThan(100)
    // A save is written up to one chunk (10 ms) after its checkpoint ran: gaps are 1000 ms, give or take 10.
    for (let i = 1; i < times.length; i++)
      expect((times[i] ?? 0) - (times[i - 1] ?? 0)).toBeGreaterThanOrEqual(990)
    for (const save of during)
      expect(text.join('').startsWith(save.content) && save.content !== '').toBe(true)
    expect(saves.at(-1)).toMatchObject({ status: 'done', content: text.join('') })
  })
})
