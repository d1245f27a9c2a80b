import { describe, expect, it } from 'vitest'
import type { StartedStream } from '../../../src/shared/contract'
import type { Conversation, Message } from '../../../src/shared/domain'
import type { ChatView } from '../../../src/renderer/src/features/chat/chat-state'
import {
  adoptConversation,
  applyStarted,
  cutForEdit,
  mergeReply,
  reconcileMessage,
  reconcileMessages,
  reconcileView,
  sameMessage,
  startedReply,
  withShadowText,
  type StartEdit,
} from '../../../src/renderer/src/features/chat/merge'
import { AT, OPEN, OTHER, REPLY, STREAM, message, question, reply, view } from './views'

function conversation(id: string, messages: Message[]): Conversation {
  return { id, title: 'From main', createdAt: 1, updatedAt: 2, model: null, systemPrompt: '', messages }
}

describe('rule shadow text', () => {
  it.each([
    ['the shadow is longer: its text and reasoning', 'Hello', 'Hel', { content: 'Hello', reasoning: 'r' }],
    ['as long: the shadow', 'Hello', 'Hello', { content: 'Hello', reasoning: 'r' }],
    ['main has more: main', 'He', 'Hello', { content: 'Hello' }],
  ])('%s', (_name, shadow, fromMain, expected) => {
    const merged = withShadowText(message(REPLY, { content: fromMain }), { content: shadow, reasoning: 'r' })
    expect(merged).toEqual(message(REPLY, expected))
  })

  it('no reasoning in the shadow adds none', () => {
    expect(withShadowText(message(REPLY, { content: 'a' }), { content: 'ab', reasoning: '' })).toEqual(
      message(REPLY, { content: 'ab' }),
    )
  })
})

describe('adoptConversation', () => {
  it('opens main\u2019s copy, merging and using up the shadow of streaming replies only', () => {
    const given: ChatView = {
      ...view({ state: { conversationId: OTHER, loading: true, loadError: 'x', focusMessageId: 'f' } }, []),
      book: {
        ...view().book,
        shadow: new Map([
          [REPLY, { content: 'Hello', reasoning: '' }],
          ['done-1', { content: 'stale', reasoning: '' }],
          ['elsewhere', { content: 'kept', reasoning: '' }],
        ]),
      },
    }
    const fromMain = conversation(OPEN, [
      question,
      message(REPLY, { content: 'Hel' }),
      message('done-1', { content: 'final', status: 'done' }),
    ])
    const next = adoptConversation(given, fromMain)
    expect(next.state).toMatchObject({
      conversationId: OPEN,
      loading: false,
      loadError: null,
      focusMessageId: 'f',
    })
    expect(next.state.conversation).toEqual({ ...fromMain, messages: undefined })
    expect(next.state.conversation).not.toHaveProperty('messages')
    expect(reply(next)?.content).toBe('Hello')
    expect(reply(next, 'done-1')?.content).toBe('final')
    expect([...next.book.shadow.keys()]).toEqual(['done-1', 'elsewhere'])
  })
})

describe('rule same message', () => {
  const base = message(REPLY, {
    content: 'a',
    reasoning: 'r',
    status: 'error',
    error: { kind: 'auth', message: 'm' },
    meta: { model: 'x' },
  })
  it.each<[string, Partial<Message>, boolean]>([
    ['identical', {}, true],
    ['content', { content: 'b' }, false],
    ['status', { status: 'done' }, false],
    ['reasoning', { reasoning: 's' }, false],
    ['error kind', { error: { kind: 'server', message: 'm' } }, false],
    ['error text', { error: { kind: 'auth', message: 'n' } }, false],
    ['meta', { meta: { model: 'y' } }, false],
    ['creation time only', { createdAt: 99 }, true],
  ])('%s', (_name, patch, same) => {
    expect(sameMessage(base, { ...base, ...patch })).toBe(same)
  })
})

describe('reconcileMessage', () => {
  const live = message(REPLY, { content: 'Hello wor' })
  it.each<[string, Message | undefined, Message, 'mine' | 'main']>([
    ['new in main', undefined, message(REPLY, { content: 'x' }), 'main'],
    [
      'both streaming, local text extends main\u2019s checkpoint',
      live,
      message(REPLY, { content: 'Hello' }),
      'mine',
    ],
    ['both streaming, the texts disagree', live, message(REPLY, { content: 'Bye' }), 'main'],
    ['main finished it', live, message(REPLY, { content: 'Hello world', status: 'done' }), 'main'],
    ['unchanged', message(REPLY, { status: 'done' }), message(REPLY, { status: 'done' }), 'mine'],
    ['changed', message(REPLY, { status: 'done' }), message(REPLY, { status: 'done', content: 'x' }), 'main'],
  ])('%s', (_name, mine, fromMain, winner) => {
    expect(reconcileMessage(mine, fromMain)).toBe(winner === 'mine' ? mine : fromMain)
  })
})

describe('reconcileMessages', () => {
  it('follows main\u2019s list, keeping a reply that started after main answered', () => {
    const late = message('late', { content: 'new' })
    const finished = message('gone', { status: 'done' })
    const local = [question, finished, late]
    const fromMain = [{ ...question }, message('extra', { status: 'done' })]
    const merged = reconcileMessages(local, fromMain)
    expect(merged.map((m) => m.id)).toEqual(['user-1', 'extra', 'late'])
    expect(merged[0]).toBe(question)
  })
})

describe('reconcileView (a reload during a stream)', () => {
  it('commits pending text first, so live text that extends main\u2019s checkpoint stays', () => {
    const given: ChatView = {
      ...view({}, [question, message(REPLY, { content: 'Hello' })]),
      book: { ...view().book, pending: new Map([[REPLY, { content: ' world', reasoning: '' }]]) },
    }
    const fromMain = conversation(OPEN, [question, message(REPLY, { content: 'Hello' })])
    const next = reconcileView(given, fromMain, AT.wall)
    expect(reply(next)?.content).toBe('Hello world')
    expect(next.state.conversation?.title).toBe('From main')
    expect(next.book.pending.size).toBe(0)
  })
})

describe('rule early text', () => {
  it.each([
    ['local text continues main\u2019s', 'Hel', 'Hello', 'Hello'],
    ['main\u2019s text comes before the local one (continue)', 'Once', ' upon', 'Once upon'],
  ])('%s', (_name, fromMain, local, content) => {
    const merged = mergeReply(
      message(REPLY, { content: fromMain, meta: { providerId: 'p', model: 'a' } }),
      message(REPLY, { content: local, reasoning: 'r', meta: { model: 'b' } }),
    )
    expect(merged).toEqual(message(REPLY, { content, reasoning: 'r', meta: { providerId: 'p', model: 'b' } }))
  })

  it('takes no reasoning when the stream showed none', () => {
    expect(mergeReply(message(REPLY), message(REPLY, { content: 'x' }))).not.toHaveProperty('reasoning')
  })
})

describe('rule cut', () => {
  const a = message('a', { role: 'user', content: 'one', status: 'done' })
  const b = message('b', { content: 'two', status: 'done' })
  const c = message('c', { role: 'user', content: 'three', status: 'done' })
  it.each<[string, StartEdit, Message[]]>([
    ['no edit', null, [a, b, c]],
    ['regenerate drops the reply and what follows', { replace: 'b' }, [a]],
    ['regenerate of an unknown message keeps all', { replace: 'x' }, [a, b, c]],
    ['edit drops the edited message: its new version comes from main', { after: 'a', content: 'uno' }, []],
    ['edit of an unknown message keeps all', { after: 'x', content: 'uno' }, [a, b, c]],
  ])('%s', (_name, edit, expected) => {
    const messages = [a, b, c]
    expect(cutForEdit(messages, edit)).toEqual(expected)
    expect(messages).toEqual([a, b, c])
  })
})

describe('startedReply', () => {
  const fromMain = message(REPLY, { content: 'He' })
  const early = message(REPLY, { content: 'Hello' })
  it.each<[string, Message | undefined, boolean, Message]>([
    ['no events yet: main\u2019s reply', undefined, false, fromMain],
    ['events came first: their text', early, false, mergeReply(fromMain, early)],
    [
      'the stream already ended: the final event\u2019s message',
      { ...early, status: 'error' },
      true,
      { ...early, status: 'error' },
    ],
    ['an early message that is not streaming: main\u2019s', { ...early, status: 'done' }, false, fromMain],
  ])('%s', (_name, local, ended, expected) => {
    expect(startedReply(fromMain, local, ended)).toEqual(expected)
  })
})

describe('applyStarted', () => {
  const user = message('user-2', { role: 'user', content: 'Again', status: 'done' })
  const started: StartedStream = {
    streamId: STREAM,
    conversationId: OPEN,
    userMessage: user,
    assistantMessage: message(REPLY),
  }
  const fresh = view({ state: { streams: {} } }, [question])

  it('ignores a stream of a conversation no longer open', () => {
    const given = view({ state: { conversationId: OTHER } })
    expect(applyStarted(given, started, null, AT)).toBe(given)
  })

  it('adds the user message and the reply, registers the stream and starts the silence clock', () => {
    const next = applyStarted(fresh, started, null, AT)
    expect(next.state.messages).toEqual([question, user, message(REPLY)])
    expect(next.state.streams[OPEN]).toEqual({
      streamId: STREAM,
      conversationId: OPEN,
      messageId: REPLY,
      retry: null,
    })
    expect(next.book.heardAt.get(REPLY)).toBe(AT.clock)
  })

  it('events first: keeps their text, the stream they registered and when they were heard', () => {
    const given: ChatView = {
      ...view({}, [question, message(REPLY, { meta: { providerName: 'OpenAI' } })]),
      book: {
        ...view().book,
        heardAt: new Map([[REPLY, 7]]),
        pending: new Map([[REPLY, { content: 'Hi!', reasoning: '' }]]),
      },
    }
    const next = applyStarted(given, { ...started, streamId: 'from-request' }, null, AT)
    expect(next.state.messages.map((m) => m.id)).toEqual(['user-1', 'user-2', REPLY])
    expect(reply(next)).toMatchObject({ content: 'Hi!', meta: { providerName: 'OpenAI' } })
    expect(next.state.streams[OPEN]?.streamId).toBe(STREAM)
    expect(next.book.heardAt.get(REPLY)).toBe(7)
    expect(next.book.pending.size).toBe(0)
  })

  it('a stream already over (a fast failure): shows its final message, registers nothing', () => {
    const failed = message(REPLY, { status: 'error', error: { kind: 'auth', message: '401' } })
    const given: ChatView = {
      ...view({ state: { streams: {} } }, [question, user, failed]),
      book: { ...view().book, ended: new Set([STREAM]) },
    }
    const next = applyStarted(given, started, null, AT)
    expect(next.state.messages).toEqual([question, user, failed])
    expect(next.state.streams).toEqual({})
    expect(next.book.heardAt.has(REPLY)).toBe(false)
  })

  it('regenerate: the old reply goes and the new one takes its place', () => {
    const old = message('old', { content: 'old', status: 'done' })
    const next = applyStarted(
      view({ state: { streams: {} } }, [question, old]),
      { streamId: STREAM, conversationId: OPEN, assistantMessage: message(REPLY) },
      { replace: 'old' },
      AT,
    )
    expect(next.state.messages).toEqual([question, message(REPLY)])
  })
})
