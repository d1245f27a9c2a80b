import { describe, expect, it } from 'vitest'
import type { ChatView } from '../../../src/renderer/src/features/chat/chat-state'
import { loadFailed, openView, shadowOpenStreams } from '../../../src/renderer/src/features/chat/navigation'
import { AT, OPEN, OTHER, REPLY, STREAM, message, question, view } from './views'

const model = { providerId: 'p', model: 'm' }

describe('openView', () => {
  it.each([
    ['the open conversation again: nothing to do', null],
    ['the open conversation from a search hit: only the focus moves', 'user-1'],
  ])('%s', (_name, focus) => {
    const given = view()
    const opening = openView(given, OPEN, focus, AT.wall)
    expect(opening.kind).toBe('focus')
    if (focus) expect(opening.view.state).toEqual({ ...given.state, focusMessageId: focus })
    else expect(opening.view).toBe(given)
  })

  it('the open conversation after a failed load: loads again', () => {
    const opening = openView(view({ state: { loadError: 'gone' } }), OPEN, null, AT.wall)
    expect(opening).toMatchObject({ kind: 'load', id: OPEN })
  })

  it('another conversation: an empty list while it loads; the live reply left keeps its text', () => {
    const given: ChatView = {
      ...view({ state: { focusMessageId: 'old' } }, [
        question,
        message(REPLY, { content: 'Hel', reasoning: 'r' }),
      ]),
      book: { ...view().book, pending: new Map([[REPLY, { content: 'lo', reasoning: '' }]]) },
    }
    const opening = openView(given, OTHER, 'hit', AT.wall)
    expect(opening).toMatchObject({ kind: 'load', id: OTHER })
    expect(opening.view.state).toMatchObject({
      conversationId: OTHER,
      conversation: null,
      messages: [],
      loading: true,
      loadError: null,
      focusMessageId: 'hit',
    })
    // Pending text included: coming back shows it without a gap.
    expect(opening.view.book.shadow.get(REPLY)).toEqual({ content: 'Hello', reasoning: 'r' })
    expect(opening.view.book.pending.size).toBe(0)
    expect(opening.view.state.streams[OPEN]?.streamId).toBe(STREAM)
  })

  const newChat = {
    conversationId: null,
    conversation: null,
    messages: [],
    loading: false,
    loadError: null,
    focusMessageId: null,
  }

  it('a new chat takes the model of the conversation left, and an empty system prompt', () => {
    const open = view()
    const conversation = open.state.conversation && { ...open.state.conversation, model, systemPrompt: 'x' }
    const opening = openView(view({ state: { conversation } }), null, null, AT.wall)
    expect(opening.kind).toBe('new-chat')
    expect(opening.view.state).toMatchObject({ ...newChat, draft: { model, systemPrompt: '' } })
  })

  it('a new chat from a new chat keeps the draft\u2019s model', () => {
    const given = view({
      state: { conversationId: null, conversation: null, draft: { model, systemPrompt: 'x' } },
    })
    const opening = openView(given, null, null, AT.wall)
    expect(opening.view.state).toMatchObject({ ...newChat, draft: { model, systemPrompt: '' } })
  })
})

describe('shadowOpenStreams', () => {
  it('keeps only live replies of the open conversation that are in the list', () => {
    const given = view(
      {
        state: {
          streams: {
            [OPEN]: { streamId: STREAM, conversationId: OPEN, messageId: REPLY, retry: null },
            [OTHER]: { streamId: 's2', conversationId: OTHER, messageId: 'r2', retry: null },
          },
        },
      },
      [question, message(REPLY, { content: 'a' })],
    )
    expect([...shadowOpenStreams(given).book.shadow]).toEqual([[REPLY, { content: 'a', reasoning: '' }]])
  })

  it('is the same view when there is nothing to keep', () => {
    const given = view({}, [question])
    expect(shadowOpenStreams(given)).toBe(given)
  })
})

describe('loadFailed', () => {
  it('ends the loading with the reason', () => {
    expect(loadFailed(view({ state: { loading: true } }), 'No such file').state).toMatchObject({
      loading: false,
      loadError: 'No such file',
    })
  })
})
