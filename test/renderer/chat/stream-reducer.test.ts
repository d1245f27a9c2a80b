import { describe, expect, it } from 'vitest'
import type { StreamEvent } from '../../../src/shared/contract'
import type { ChatView } from '../../../src/renderer/src/features/chat/chat-state'
import { applyStreamEvent, commitPending } from '../../../src/renderer/src/features/chat/stream-reducer'
import { AT, OPEN, OTHER, REPLY, STREAM, events, message, question, reply, view } from './views'

const retrying = {
  providerName: 'OpenAI',
  attempt: 2,
  maxAttempts: 5,
  until: AT.wall + 2_000,
  reason: 'rate_limit' as const,
  facts: { kind: 'rate_limit' as const, status: 429 },
}
const inRetry = view({
  state: {
    streams: { [OPEN]: { streamId: STREAM, conversationId: OPEN, messageId: REPLY, retry: retrying } },
  },
})
const loading = view({ state: { loading: true, messages: [] } }, [])
const elsewhere = view({
  state: { streams: { [OTHER]: { streamId: STREAM, conversationId: OTHER, messageId: REPLY, retry: null } } },
})
const shadowed = (v: ChatView, content: string): ChatView => ({
  ...v,
  book: { ...v.book, shadow: new Map([[REPLY, { content, reasoning: '' }]]) },
})
const pending = (v: ChatView, content: string): ChatView => ({
  ...v,
  book: { ...v.book, pending: new Map([[REPLY, { content, reasoning: '' }]]) },
})
const ended = (v: ChatView): ChatView => ({ ...v, book: { ...v.book, ended: new Set([STREAM]) } })

interface Case {
  name: string
  given: ChatView
  event: StreamEvent
  then: (next: ChatView, given: ChatView) => void
}

function table(cases: Case[]): void {
  it.each(cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const frozen = structuredClone(c.given)
    const next = applyStreamEvent(c.given, c.event, AT)
    c.then(next, c.given)
    // Pure: the view it was given is untouched.
    expect(c.given).toEqual(frozen)
  })
}

describe('started', () => {
  table([
    {
      name: 'puts a streaming placeholder in the open conversation when the reply is not there yet',
      given: view({}, [question]),
      event: events.started(),
      then: (next) => {
        expect(reply(next)).toEqual({
          ...message(REPLY, { createdAt: AT.wall }),
          meta: { providerName: 'OpenAI', model: 'gpt-4o' },
        })
        expect(next.state.streams[OPEN]).toEqual({
          streamId: STREAM,
          conversationId: OPEN,
          messageId: REPLY,
          retry: null,
        })
        expect(next.book.heardAt.get(REPLY)).toBe(AT.clock)
      },
    },
    {
      name: 'marks the reply main returned as streaming, keeping its text and meta',
      given: view({}, [
        question,
        message(REPLY, { content: 'Hi', status: 'stopped', meta: { providerId: 'p' } }),
      ]),
      event: events.started(),
      then: (next) => {
        expect(reply(next)).toMatchObject({ content: 'Hi', status: 'streaming' })
        expect(reply(next)?.meta).toEqual({ providerId: 'p', providerName: 'OpenAI', model: 'gpt-4o' })
      },
    },
    {
      name: 'commits pending text first',
      given: pending(view(), 'Hel'),
      event: events.started(),
      then: (next) => {
        expect(reply(next)?.content).toBe('Hel')
        expect(next.book.pending.size).toBe(0)
      },
    },
    {
      name: 'before the conversation is loaded: registers the stream, adds no message',
      given: loading,
      event: events.started(),
      then: (next) => {
        expect(next.state.messages).toEqual([])
        expect(next.state.streams[OPEN]?.streamId).toBe(STREAM)
        expect(next.book.heardAt.get(REPLY)).toBe(AT.clock)
      },
    },
    {
      name: 'for another conversation: registers its stream, leaves the open list alone',
      given: view({ state: { streams: {} } }),
      event: events.started({ conversationId: OTHER, messageId: 'other-reply' }),
      then: (next, given) => {
        expect(next.state.messages).toBe(given.state.messages)
        expect(Object.keys(next.state.streams)).toEqual([OTHER])
      },
    },
  ])
})

describe('delta', () => {
  table([
    {
      name: 'buffers text of the open conversation without touching the rendered state',
      given: view(),
      event: events.delta('Hel', 'hmm'),
      then: (next, given) => {
        expect(next.state).toBe(given.state)
        expect(next.book.pending.get(REPLY)).toEqual({ content: 'Hel', reasoning: 'hmm' })
        expect(next.book.heardAt.get(REPLY)).toBe(AT.clock)
      },
    },
    {
      name: 'adds to text already buffered',
      given: pending(view(), 'Hel'),
      event: events.delta('lo', 'r'),
      then: (next) => expect(next.book.pending.get(REPLY)).toEqual({ content: 'Hello', reasoning: 'r' }),
    },
    {
      name: 'an empty delta changes nothing',
      given: view(),
      event: events.delta(''),
      then: (next, given) => expect(next).toBe(given),
    },
    {
      name: 'an empty delta still ends the retry status, but is not news from the provider',
      given: inRetry,
      event: events.delta(''),
      then: (next) => {
        expect(next.state.streams[OPEN]?.retry).toBeNull()
        expect(next.book.heardAt.has(REPLY)).toBe(false)
        expect(next.book.pending.size).toBe(0)
      },
    },
    {
      name: 'text ends the retry status',
      given: inRetry,
      event: events.delta('Back'),
      then: (next) => {
        expect(next.state.streams[OPEN]?.retry).toBeNull()
        expect(next.book.pending.get(REPLY)?.content).toBe('Back')
      },
    },
    {
      name: 'another conversation, left while streaming: its shadow grows',
      given: shadowed(elsewhere, 'Hel'),
      event: events.delta('lo', '', { conversationId: OTHER }),
      then: (next) => {
        expect(next.book.shadow.get(REPLY)?.content).toBe('Hello')
        expect(next.book.pending.size).toBe(0)
      },
    },
    {
      name: 'another conversation never shown: dropped (its load will bring main\u2019s text)',
      given: elsewhere,
      event: events.delta('lo', '', { conversationId: OTHER }),
      then: (next, given) => {
        expect(next.state).toBe(given.state)
        expect(next.book.shadow).toBe(given.book.shadow)
        expect(next.book.pending.size).toBe(0)
        expect(next.book.heardAt.get(REPLY)).toBe(AT.clock)
      },
    },
    {
      name: 'before the conversation is loaded: the shadow kept when it was left grows',
      given: shadowed(loading, 'Hel'),
      event: events.delta('lo'),
      then: (next) => {
        expect(next.book.shadow.get(REPLY)?.content).toBe('Hello')
        expect(next.book.pending.size).toBe(0)
      },
    },
    {
      name: 'before the conversation is loaded, with no shadow: not buffered into a list that is not there',
      given: loading,
      event: events.delta('lo'),
      then: (next) => {
        expect(next.book.pending.size).toBe(0)
        expect(next.book.shadow.size).toBe(0)
      },
    },
  ])
})

describe('retry', () => {
  table([
    {
      name: 'shows the retry on the running stream and counts silence from the next attempt',
      given: view(),
      event: events.retry({ nextProviderName: 'Backup' }),
      then: (next) => {
        expect(next.state.streams[OPEN]?.retry).toEqual({ ...retrying, providerName: 'Backup' })
        expect(next.book.heardAt.get(REPLY)).toBe(AT.clock + 2_000)
      },
    },
    {
      name: 'names the failed provider when the same one is tried again',
      given: view(),
      event: events.retry(),
      then: (next) => expect(next.state.streams[OPEN]?.retry?.providerName).toBe('OpenAI'),
    },
    {
      name: 'before started: registers the stream from the event',
      given: view({ state: { streams: {} } }),
      event: events.retry(),
      then: (next) =>
        expect(next.state.streams[OPEN]).toEqual({
          streamId: STREAM,
          conversationId: OPEN,
          messageId: REPLY,
          retry: retrying,
        }),
    },
    {
      name: 'keeps the ids of the stream already registered',
      given: view({
        state: {
          streams: { [OPEN]: { streamId: 's0', conversationId: OPEN, messageId: 'm0', retry: null } },
        },
      }),
      event: events.retry(),
      then: (next) => expect(next.state.streams[OPEN]).toMatchObject({ streamId: 's0', messageId: 'm0' }),
    },
    {
      name: 'commits pending text first',
      given: pending(view(), 'partial'),
      event: events.retry(),
      then: (next) => expect(reply(next)?.content).toBe('partial'),
    },
  ])
})

const final = message(REPLY, {
  content: 'Hello',
  status: 'done',
  meta: { usage: { promptTokens: 9, completionTokens: 9, totalTokens: 18 } },
})

const PDF_REF = {
  id: 'f1',
  name: 'q3.pdf',
  mediaType: 'application/pdf',
  size: 900,
  hash: 'a'.repeat(64),
}

describe('done, stopped, error', () => {
  table([
    {
      name: 'done: the final message replaces the reply, with usage and duration; the stream is over',
      given: view(),
      event: events.done(final),
      then: (next) => {
        expect(reply(next)).toEqual({
          ...final,
          meta: { usage: { promptTokens: 1, completionTokens: 2, totalTokens: 3 }, durationMs: 900 },
        })
        expect(next.state.streams).toEqual({})
        expect(next.book.heardAt.has(REPLY)).toBe(false)
        expect(next.book.ended.has(STREAM)).toBe(true)
      },
    },
    {
      name: 'done without usage keeps the usage the message has',
      given: view(),
      event: {
        type: 'done',
        streamId: STREAM,
        conversationId: OPEN,
        messageId: REPLY,
        message: final,
        durationMs: 5,
      },
      then: (next) => expect(reply(next)?.meta).toEqual({ ...final.meta, durationMs: 5 }),
    },
    {
      name: "done with the question: its files' notes change (a fallback took the PDF as text), its place stays",
      given: view({}, [
        { ...question, attachments: [{ ...PDF_REF, sentAs: 'document' }] },
        message(REPLY, { content: 'Hel' }),
      ]),
      event: {
        type: 'done',
        streamId: STREAM,
        conversationId: OPEN,
        messageId: REPLY,
        message: final,
        question: { ...question, content: 'ignored', attachments: [{ ...PDF_REF, sentAs: 'text' }] },
        durationMs: 5,
      },
      then: (next) => {
        expect(next.state.messages.map((m) => m.id)).toEqual([question.id, REPLY])
        expect(next.state.messages[0]).toEqual({ ...question, attachments: [{ ...PDF_REF, sentAs: 'text' }] })
      },
    },
    {
      name: 'done before the last delta is flushed: the final message wins, nothing stays pending',
      given: pending(view({}, [question, message(REPLY, { content: 'Hel' })]), 'lo'),
      event: events.done(final),
      then: (next) => {
        expect(reply(next)?.content).toBe('Hello')
        expect(next.state.messages).toHaveLength(2)
        expect(next.book.pending.size).toBe(0)
      },
    },
    {
      name: 'a newer stream of the same conversation stays',
      given: view({
        state: {
          streams: { [OPEN]: { streamId: 'stream-2', conversationId: OPEN, messageId: 'r2', retry: null } },
        },
      }),
      event: events.done(final),
      then: (next) => expect(next.state.streams[OPEN]?.streamId).toBe('stream-2'),
    },
    {
      name: 'another conversation: its stream and shadow go, the open list stays',
      given: shadowed(elsewhere, 'Hel'),
      event: events.done(final, { conversationId: OTHER }),
      then: (next, given) => {
        expect(next.state.messages).toBe(given.state.messages)
        expect(next.state.streams[OTHER]).toBeUndefined()
        expect(next.book.shadow.size).toBe(0)
      },
    },
    {
      name: 'while the conversation loads: the load will bring the final message',
      given: loading,
      event: events.done(final),
      then: (next) => {
        expect(next.state.messages).toEqual([])
        expect(next.state.streams).toEqual({})
      },
    },
    {
      name: 'stopped: the saved partial reply replaces the live one',
      given: view(),
      event: events.stopped(message(REPLY, { content: 'Hel', status: 'stopped' })),
      then: (next) => {
        expect(reply(next)).toEqual(message(REPLY, { content: 'Hel', status: 'stopped' }))
        expect(next.state.streams).toEqual({})
      },
    },
    {
      name: 'stop during a retry: the retry status goes with the stream',
      given: inRetry,
      event: events.stopped(message(REPLY, { status: 'stopped' })),
      then: (next) => {
        expect(next.state.streams[OPEN]).toBeUndefined()
        expect(reply(next)?.status).toBe('stopped')
        expect(next.book.heardAt.has(REPLY)).toBe(false)
      },
    },
    {
      name: 'error: a message saved without its error gets the event\u2019s kind and text',
      given: view(),
      event: events.error(message(REPLY, { content: 'Hel', status: 'streaming' })),
      then: (next) =>
        expect(reply(next)).toMatchObject({
          status: 'error',
          content: 'Hel',
          error: { kind: 'network', message: 'socket hang up' },
        }),
    },
    {
      name: 'error: a message saved with its error is shown as saved',
      given: view(),
      event: events.error(message(REPLY, { status: 'error', error: { kind: 'auth', message: 'HTTP 401' } })),
      then: (next) => expect(reply(next)?.error).toEqual({ kind: 'auth', message: 'HTTP 401' }),
    },
  ])
})

describe('duplicate and late events after the end', () => {
  const over = ended(view({ state: { streams: {} } }, [question, final]))
  table(
    [
      events.started(),
      events.delta('late'),
      events.retry(),
      events.done(final),
      events.stopped(message(REPLY, { status: 'stopped' })),
      events.error(message(REPLY)),
    ].map((event) => ({
      name: `a ${event.type} of an ended stream changes nothing`,
      given: over,
      event,
      then: (next: ChatView, given: ChatView) => expect(next).toBe(given),
    })),
  )

  it('a new stream of the same conversation after the end is followed', () => {
    const next = applyStreamEvent(over, events.started({ streamId: 'stream-2', messageId: 'r2' }), AT)
    expect(next.state.streams[OPEN]?.streamId).toBe('stream-2')
    expect(reply(next, 'r2')?.status).toBe('streaming')
  })
})

describe('commitPending', () => {
  it('is the same view when nothing is pending', () => {
    const given = view()
    expect(commitPending(given, AT.wall)).toBe(given)
  })

  it('appends text and reasoning, and starts a reply the list does not have yet', () => {
    const given: ChatView = {
      ...view({}, [question, message(REPLY, { content: 'A', reasoning: 'x' })]),
      book: {
        ...view().book,
        pending: new Map([
          [REPLY, { content: 'B', reasoning: 'y' }],
          ['r2', { content: 'C', reasoning: '' }],
        ]),
      },
    }
    const next = commitPending(given, AT.wall)
    expect(reply(next)).toMatchObject({ content: 'AB', reasoning: 'xy' })
    expect(reply(next, 'r2')).toEqual(message('r2', { content: 'C', createdAt: AT.wall }))
    expect(next.book.pending.size).toBe(0)
  })
})
