import { describe, expect, it, vi } from 'vitest'
import type { Conversation, ConversationTail, Message } from '../../../src/shared/domain'
import type { Clock } from '../../../src/renderer/src/lib/clock'
import { ChatStore, OPEN_TAIL } from '../../../src/renderer/src/features/chat/chat-store'
import { FakeApi, message } from '../fake-api'

/*
 * The store around the pure functions: I/O order and frames. Deltas are emitted raw (`api.emit`), so
 * main's copy stays at its last checkpoint, as it does in the app between checkpoints.
 */

function deferred<T>() {
  let resolve!: (value: T) => void
  let reject!: (error: Error) => void
  const promise = new Promise<T>((res, rej) => {
    resolve = res
    reject = rej
  })
  return { promise, resolve, reject }
}

async function setup(conversations: Conversation[] = []) {
  const api = new FakeApi({ conversations })
  const frames: (() => void)[] = []
  let now = 1_000
  const clock: Clock = { now: () => now, every: () => () => undefined }
  const store = new ChatStore(api, (callback) => frames.push(callback), clock)
  api.on.stream(store.handleEvent)
  const frame = (): void => {
    for (const callback of frames.splice(0)) callback()
  }
  const delta = (content: string): void => {
    const live = api.live
    if (!live) throw new Error('no stream')
    api.emit({ type: 'delta', ...live, content, reasoning: '' })
  }
  const replyText = (): string | undefined => store.get().messages.at(-1)?.content
  return { api, store, frames, frame, delta, replyText, tick: (ms: number) => (now += ms) }
}

async function chatting() {
  const t = await setup()
  const conversation = await t.api.conversations.create()
  await t.store.open(conversation.id)
  await t.store.send('Hi', null)
  t.api.stream.started()
  return { ...t, id: conversation.id }
}

describe('the chat store', () => {
  it('coming back during a stream shows the text seen, what came while away, and while loading', async () => {
    const t = await chatting()
    t.delta('Hel')
    t.frame()
    await t.store.open(null)
    t.delta('lo')
    const load = deferred<ConversationTail>()
    vi.mocked(t.api.conversations.getTail).mockImplementationOnce(() => load.promise)
    const opening = t.store.open(t.id)
    expect(t.store.get().loading).toBe(true)
    t.delta(' world')
    load.resolve(await t.api.conversations.getTail(t.id, OPEN_TAIL))
    await opening
    expect(t.replyText()).toBe('Hello world')
    t.delta('!')
    t.frame()
    expect(t.replyText()).toBe('Hello world!')
  })

  it('events before a conversation first loads: main\u2019s copy is shown, later text follows it', async () => {
    const live = message('r', 'assistant', 'Checkpoint', { status: 'streaming' })
    const t = await setup([
      { id: 'c', title: 'T', createdAt: 1, updatedAt: 1, model: null, systemPrompt: '', messages: [live] },
    ])
    const load = deferred<ConversationTail>()
    vi.mocked(t.api.conversations.getTail).mockImplementationOnce(() => load.promise)
    const opening = t.store.open('c')
    const ids = { streamId: 's', conversationId: 'c', messageId: 'r' }
    t.api.emit({ type: 'started', ...ids, providerName: 'OpenAI', model: 'gpt-4o' })
    t.api.emit({ type: 'delta', ...ids, content: ' (lost)', reasoning: '' })
    expect(t.frames).toHaveLength(0)
    load.resolve(await t.api.conversations.getTail('c', OPEN_TAIL))
    await opening
    expect(t.store.activeStream()?.streamId).toBe('s')
    t.api.emit({ type: 'delta', ...ids, content: ' more', reasoning: '' })
    t.frame()
    expect(t.replyText()).toBe('Checkpoint more')
  })

  it('a reload during a stream keeps the live text, pending deltas included', async () => {
    const t = await chatting()
    t.delta('Hello')
    t.frame()
    t.delta(' world')
    await t.store.reconcile()
    expect(t.replyText()).toBe('Hello world')
    expect(t.frames).toHaveLength(1)
    t.frame()
    expect(t.replyText()).toBe('Hello world')
  })

  it('opens a long conversation at its end first, then the rest when the list asks for it', async () => {
    const turns: Message[] = Array.from({ length: 500 }, (_, i) =>
      message(`m${i}`, i % 2 ? 'assistant' : 'user', `turn ${i}`),
    )
    const long: Conversation = {
      id: 'long',
      title: 'Long',
      createdAt: 1,
      updatedAt: 1,
      model: null,
      systemPrompt: '',
      messages: turns,
    }
    const t = await setup([long])
    await t.store.open('long', 'm3')
    expect(t.api.conversations.getTail).toHaveBeenCalledWith('long', OPEN_TAIL)
    expect(t.api.conversations.get).not.toHaveBeenCalled()
    const first = t.store.get()
    expect(first).toMatchObject({ loading: false, earlier: 500 - OPEN_TAIL, focusMessageId: 'm3' })
    expect(first.messages.map((m) => m.id)).toEqual(turns.slice(-OPEN_TAIL).map((m) => m.id))
    // Nothing more until the list, having painted the end, asks; asked twice, it loads once.
    await new Promise((done) => setTimeout(done, 0))
    expect(t.api.conversations.get).not.toHaveBeenCalled()
    t.store.loadEarlier()
    t.store.loadEarlier()
    await vi.waitFor(() => expect(t.store.get().earlier).toBe(0))
    expect(t.api.conversations.get).toHaveBeenCalledTimes(1)
    expect(t.api.conversations.get).toHaveBeenCalledWith('long')
    const whole = t.store.get()
    expect(whole.messages.map((m) => m.id)).toEqual(turns.map((m) => m.id))
    // The messages already shown keep their objects, so their rows do not render again.
    expect(whole.messages.at(-1)).toBe(first.messages.at(-1))
    expect(whole.focusMessageId).toBe('m3')
  })

  it('the rest of a long conversation is dropped when another one was opened meanwhile', async () => {
    const turns = Array.from({ length: OPEN_TAIL + 5 }, (_, i) => message(`m${i}`, 'user', `turn ${i}`))
    const long: Conversation = {
      id: 'long',
      title: 'Long',
      createdAt: 1,
      updatedAt: 1,
      model: null,
      systemPrompt: '',
      messages: turns,
    }
    const t = await setup([long])
    const other = await t.api.conversations.create()
    await t.store.open('long')
    expect(t.store.get().earlier).toBe(5)
    const whole = deferred<Conversation>()
    vi.mocked(t.api.conversations.get).mockImplementationOnce(() => whole.promise)
    t.store.loadEarlier()
    await t.store.open(other.id)
    whole.resolve(long)
    await new Promise((done) => setTimeout(done, 0))
    expect(t.store.get()).toMatchObject({ conversationId: other.id, earlier: 0, messages: [] })
    // Nothing is left to load for a conversation opened whole.
    t.store.loadEarlier()
    expect(t.api.conversations.get).toHaveBeenCalledTimes(1)
  })

  it('earlier messages that fail to load are reported; Try again loads them, and only it asks again', async () => {
    const turns = Array.from({ length: OPEN_TAIL + 5 }, (_, i) => message(`m${i}`, 'user', `turn ${i}`))
    const long: Conversation = {
      id: 'long',
      title: 'Long',
      createdAt: 1,
      updatedAt: 1,
      model: null,
      systemPrompt: '',
      messages: turns,
    }
    const t = await setup([long])
    await t.store.open('long')
    vi.mocked(t.api.conversations.get).mockRejectedValueOnce(new Error('EACCES: permission denied'))
    t.store.loadEarlier()
    await vi.waitFor(() => expect(t.store.get().earlierError).toBe('EACCES: permission denied'))
    expect(t.store.get()).toMatchObject({ earlier: 5, loadError: null })
    expect(t.store.get().messages).toHaveLength(OPEN_TAIL)
    // Scrolling about does not hammer a failing read: only the user's Try again asks once more.
    t.store.loadEarlier()
    expect(t.api.conversations.get).toHaveBeenCalledTimes(1)
    t.store.retryEarlier()
    await vi.waitFor(() => expect(t.store.get().earlier).toBe(0))
    expect(t.store.get().earlierError).toBeNull()
    expect(t.store.get().messages.map((m) => m.id)).toEqual(turns.map((m) => m.id))
    expect(t.api.conversations.get).toHaveBeenCalledTimes(2)
  })

  it('a failed reload of a conversation shown whole changes nothing on screen', async () => {
    const t = await chatting()
    const before = t.store.get()
    vi.mocked(t.api.conversations.get).mockRejectedValueOnce(new Error('disk gone'))
    await t.store.reconcile()
    expect(t.store.get()).toBe(before)
  })

  it('a load that answers after another conversation was opened is dropped', async () => {
    const t = await setup()
    const a = await t.api.conversations.create()
    const b = await t.api.conversations.create()
    const slow = deferred<ConversationTail>()
    vi.mocked(t.api.conversations.getTail).mockImplementationOnce(() => slow.promise)
    const first = t.store.open(a.id)
    await t.store.open(b.id)
    slow.resolve({ conversation: structuredClone(a), earlier: 0 })
    await first
    expect(t.store.get().conversationId).toBe(b.id)
    expect(t.store.get().conversation?.id).toBe(b.id)
  })

  it('a failed load says why, and opening the conversation again retries', async () => {
    const t = await setup()
    const a = await t.api.conversations.create()
    vi.mocked(t.api.conversations.getTail).mockRejectedValueOnce(new Error('unreadable'))
    await t.store.open(a.id)
    expect(t.store.get()).toMatchObject({ loading: false, loadError: 'unreadable' })
    await t.store.open(a.id)
    expect(t.store.get()).toMatchObject({ loading: false, loadError: null, conversationId: a.id })
  })

  it('stop during a retry: the retry status and the silence clock go with the stream', async () => {
    const t = await chatting()
    t.api.stream.retry({ attempt: 2, maxAttempts: 3, delayMs: 4_000, reason: 'server' })
    const reply = t.store.activeStream()?.messageId ?? ''
    expect(t.store.activeStream()?.retry?.attempt).toBe(2)
    expect(t.store.lastHeardAt(reply)).toBe(5_000)
    await t.store.stop()
    expect(t.api.chat.stop).toHaveBeenCalledWith(t.id)
    expect(t.store.activeStream()).toBeNull()
    expect(t.store.lastHeardAt(reply)).toBeUndefined()
    expect(t.store.get().messages.at(-1)?.status).toBe('stopped')
  })

  it('a stream that fails before its request resolves shows the failure and no live stream', async () => {
    const t = await setup()
    const conversation = await t.api.conversations.create()
    await t.store.open(conversation.id)
    vi.mocked(t.api.chat.send).mockImplementationOnce(async (request) => {
      const started = await t.api.chat.send(request)
      t.api.stream.error('auth', 'HTTP 401')
      return started
    })
    await t.store.send('Hi', null)
    expect(t.store.activeStream()).toBeNull()
    expect(t.store.get().messages.map((m) => m.status)).toEqual(['done', 'error'])
    expect(t.store.get().messages.at(-1)?.error?.message).toBe('HTTP 401')
  })

  it('done before the last delta is flushed: the final message, and the frame then changes nothing', async () => {
    const t = await chatting()
    t.delta('Hel')
    t.api.stream.done()
    let commits = 0
    t.store.subscribe(() => commits++)
    t.frame()
    expect(commits).toBe(0)
    expect(t.store.get().messages.at(-1)?.status).toBe('done')
  })

  it('events of another conversation do not touch the open one, nor ask for a frame', async () => {
    const t = await chatting()
    const other = await t.api.conversations.create()
    await t.store.open(other.id)
    const before = t.store.get().messages
    t.delta('elsewhere')
    t.api.stream.done()
    expect(t.store.get().messages).toBe(before)
    expect(t.frames).toHaveLength(0)
    expect(t.store.get().streams).toEqual({})
  })

  it('after dispose, events are ignored', async () => {
    const t = await chatting()
    t.store.dispose()
    const before = t.store.get()
    t.api.stream.done()
    expect(t.store.get()).toBe(before)
  })

  it('the default frame is the browser\u2019s animation frame', async () => {
    const api = new FakeApi()
    const frames: FrameRequestCallback[] = []
    vi.stubGlobal('requestAnimationFrame', (callback: FrameRequestCallback) => frames.push(callback))
    try {
      const store = new ChatStore(api)
      const conversation = await api.conversations.create()
      await store.open(conversation.id)
      const started = await api.chat.send({ conversationId: conversation.id, content: 'Hi' })
      const ids = {
        streamId: started.streamId,
        conversationId: conversation.id,
        messageId: started.assistantMessage.id,
      }
      store.handleEvent({ type: 'delta', ...ids, content: 'x', reasoning: '' })
      expect(frames).toHaveLength(1)
      frames[0]?.(0)
      expect(store.get().messages.at(-1)?.content).toBe('x')
    } finally {
      vi.unstubAllGlobals()
    }
  })
})

describe('the chat store\u2019s actions', () => {
  it('a new chat keeps its model and system prompt in the draft, and creates the conversation with them', async () => {
    const t = await setup()
    const model = { providerId: 'p', model: 'm' }
    await t.store.setModel(model)
    await t.store.setSystemPrompt('Be brief')
    expect(t.store.get().draft).toEqual({ model, systemPrompt: 'Be brief' })
    const id = await t.store.send('Hi', null)
    expect(t.api.conversations.create).toHaveBeenCalledWith({ model, systemPrompt: 'Be brief' })
    expect(t.store.get().conversationId).toBe(id)
    expect(t.store.activeStream()?.conversationId).toBe(id)
  })

  it('an open conversation saves its model and system prompt (an unchanged prompt is not saved)', async () => {
    const t = await chatting()
    const model = { providerId: 'p', model: 'm' }
    await t.store.setModel(model)
    expect(t.store.get().conversation?.model).toEqual(model)
    expect(t.api.conversations.setModel).toHaveBeenCalledWith(t.id, model)
    await t.store.setSystemPrompt('Terse')
    await t.store.setSystemPrompt('Terse')
    expect(t.api.conversations.setSystemPrompt).toHaveBeenCalledTimes(1)
    expect(t.store.get().conversation?.systemPrompt).toBe('Terse')
  })

  it('regenerate replaces the reply; continue resumes it; edit resends from the edited message', async () => {
    const t = await chatting()
    t.api.stream.delta('First')
    t.api.stream.done()
    const [question, first] = t.store.get().messages
    await t.store.regenerate(first?.id ?? '', { providerId: 'p', model: 'm' })
    expect(t.api.chat.regenerate).toHaveBeenCalledWith(
      expect.objectContaining({ model: { providerId: 'p', model: 'm' } }),
    )
    expect(t.store.get().messages.map((m) => m.content)).toEqual(['Hi', ''])
    t.api.stream.delta('Second')
    t.api.stream.stopped()
    const second = t.store.get().messages.at(-1)
    await t.store.continueMessage(second?.id ?? '')
    expect(t.store.activeStream()?.messageId).toBe(second?.id)
    t.api.stream.done()
    await t.store.editAndResend(question?.id ?? '', 'Hello', null)
    await vi.waitFor(() => expect(t.store.get().messages.map((m) => m.content)).toEqual(['Hello', '']))
  })

  it('deletes a message, renames and forgets the open conversation, clears the focus', async () => {
    const t = await chatting()
    t.api.stream.done()
    const [question] = t.store.get().messages
    await t.store.deleteMessage(question?.id ?? '')
    expect(t.store.get().messages).toHaveLength(1)
    t.store.renamed('elsewhere', 'No')
    t.store.renamed(t.id, 'Renamed')
    expect(t.store.get().conversation?.title).toBe('Renamed')
    await t.store.open(t.id, 'focus-me')
    expect(t.store.get().focusMessageId).toBe('focus-me')
    t.store.clearFocus()
    t.store.clearFocus()
    expect(t.store.get().focusMessageId).toBeNull()
    t.store.deleted('elsewhere')
    expect(t.store.get().conversationId).toBe(t.id)
    t.store.deleted(t.id)
    await vi.waitFor(() => expect(t.store.get().conversationId).toBeNull())
  })

  it('refuses message actions with no conversation open, and stop does nothing', async () => {
    const t = await setup()
    await expect(t.store.regenerate('m', null)).rejects.toThrow('No conversation is open')
    await t.store.stop()
    expect(t.api.chat.stop).not.toHaveBeenCalled()
  })

  it('reconcile: nothing open, main unreachable, or another conversation opened meanwhile: no change', async () => {
    const t = await setup()
    await t.store.reconcile()
    expect(t.api.conversations.get).not.toHaveBeenCalled()
    const a = await t.api.conversations.create()
    const b = await t.api.conversations.create()
    await t.store.open(a.id)
    const before = t.store.get()
    vi.mocked(t.api.conversations.get).mockRejectedValueOnce(new Error('gone'))
    await t.store.reconcile()
    expect(t.store.get()).toBe(before)
    const slow = deferred<Conversation>()
    vi.mocked(t.api.conversations.get).mockImplementationOnce(() => slow.promise)
    const reconciling = t.store.reconcile()
    await t.store.open(b.id)
    slow.resolve({ ...a, title: 'stale' })
    await reconciling
    expect(t.store.get().conversation?.id).toBe(b.id)
  })

  it('a failed load that answers after another conversation was opened is dropped; so is a load after dispose', async () => {
    const t = await setup()
    const a = await t.api.conversations.create()
    const b = await t.api.conversations.create()
    const slow = deferred<ConversationTail>()
    vi.mocked(t.api.conversations.getTail).mockImplementationOnce(() => slow.promise)
    const first = t.store.open(a.id)
    await t.store.open(b.id)
    slow.reject(new Error('late'))
    await first
    expect(t.store.get().loadError).toBeNull()
    const later = deferred<ConversationTail>()
    vi.mocked(t.api.conversations.getTail).mockImplementationOnce(() => later.promise)
    const opening = t.store.open(a.id)
    t.store.dispose()
    later.resolve({ conversation: a, earlier: 0 })
    await opening
    expect(t.store.get().loading).toBe(true)
  })

  it('a load error that is not an Error is shown as text', async () => {
    const t = await setup()
    const a = await t.api.conversations.create()
    vi.mocked(t.api.conversations.getTail).mockImplementationOnce(() => Promise.reject('plain'))
    await t.store.open(a.id)
    expect(t.store.get().loadError).toBe('plain')
  })
})
