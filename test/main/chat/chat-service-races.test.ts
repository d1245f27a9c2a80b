/**
 * ChatService under concurrency, with an in-memory history whose writes take a little while (like a
 * disk) and a connection that streams until it is aborted: no network.
 */
import { setTimeout as delay } from 'node:timers/promises'
import { describe, expect, it } from 'vitest'
import { ChatService, type ChatHistory, type ChatConnector } from '../../../src/main/chat/chat-service'
import { describeError } from '../../../src/main/chat/describe-error'
import { ProviderError, registerSecret } from '../../../src/main/llm/errors'
import type { ChatCompletionChunk } from '../../../src/main/llm/types'
import type { StreamEvent } from '../../../src/shared/contract'
import type { Conversation, Message } from '../../../src/shared/domain'

function chunk(content: string): ChatCompletionChunk {
  return {
    id: 'c',
    object: 'chat.completion.chunk',
    created: 0,
    model: 'm',
    choices: [{ index: 0, delta: { content }, finish_reason: null }],
  }
}

/** Text every 5 ms until the signal aborts, then the abort error a provider would throw. */
async function* endless(signal: AbortSignal): AsyncGenerator<ChatCompletionChunk> {
  while (!signal.aborted) {
    yield chunk('x')
    await delay(5)
  }
  throw new ProviderError({ provider: 'Fake', kind: 'aborted', message: 'Stopped.' })
}

function setup(options: { connect?: ChatConnector['connect'] } = {}) {
  const conversation: Conversation = {
    id: 'c1',
    title: '',
    createdAt: 0,
    updatedAt: 0,
    model: { providerId: 'p', model: 'm' },
    systemPrompt: '',
    messages: [],
  }
  const slowly = async (): Promise<void> => delay(5)
  const history: ChatHistory = {
    get: async () => {
      await slowly()
      return structuredClone(conversation)
    },
    appendMessage: async (_id, message) => {
      await slowly()
      conversation.messages.push(structuredClone(message))
    },
    updateMessage: async (_id, message: Message) => {
      await slowly()
      const index = conversation.messages.findIndex((m) => m.id === message.id)
      if (index >= 0) conversation.messages[index] = structuredClone(message)
    },
    addVersion: async () => undefined,
  }
  let streams = 0
  const connector: ChatConnector = {
    connect:
      options.connect ??
      (async () => ({
        providerName: 'Fake',
        create: async (_messages, { signal }) => {
          streams++
          return endless(signal)
        },
      })),
  }
  const events: StreamEvent[] = []
  const service = new ChatService({
    history,
    connector,
    sink: (_channel, payload) => events.push(payload as StreamEvent),
    defaultModel: () => null,
    providers: () => [{ id: 'p', kind: 'custom', name: 'P', baseURL: 'http://127.0.0.1:9', enabled: true }],
  })
  return { service, conversation, events, streams: () => streams }
}

describe('ChatService concurrency', () => {
  it('starts one stream when two sends for one conversation race in', async () => {
    const { service, conversation, streams } = setup()
    const results = await Promise.allSettled([
      service.send({ conversationId: 'c1', content: 'one' }),
      service.send({ conversationId: 'c1', content: 'two' }),
    ])
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected'])
    const rejected = results.find((r) => r.status === 'rejected')
    expect((rejected as PromiseRejectedResult).reason).toMatchObject({ code: 'busy' })
    expect(conversation.messages.map((m) => m.role)).toEqual(['user', 'assistant'])
    // The one stream is still registered, so stop reaches it and shutdown waits for it.
    await delay(20)
    expect(service.isStreaming('c1')).toBe(true)
    await service.stop('c1')
    expect(service.isStreaming('c1')).toBe(false)
    expect(streams()).toBe(1)
    expect(conversation.messages[1]?.status).toBe('stopped')
  })

  it('a stop that arrives while the send is still starting stops the stream it starts', async () => {
    const { service, conversation, events } = setup()
    const sending = service.send({ conversationId: 'c1', content: 'hi' })
    await service.stop('c1')
    const started = await sending
    expect(service.isStreaming('c1')).toBe(false)
    expect(events.find((e) => e.streamId === started.streamId && e.type === 'stopped')).toBeDefined()
    expect(conversation.messages[1]?.status).toBe('stopped')
  })

  it('shutdown waits for a send that is still starting, stops it and refuses new ones', async () => {
    const { service, conversation } = setup()
    const sending = service.send({ conversationId: 'c1', content: 'hi' })
    await service.shutdown()
    await sending
    expect(service.isStreaming('c1')).toBe(false)
    expect(conversation.messages[1]?.status).toBe('stopped')
    await expect(service.send({ conversationId: 'c1', content: 'again' })).rejects.toMatchObject({
      code: 'busy',
    })
  })

  it('never puts a secret from an unexpected error into the event or the saved reply', async () => {
    registerSecret('proxy-pass-0451')
    const { service, conversation, events } = setup({
      connect: async () => {
        throw new Error('resolveProxy failed for http://user:proxy-pass-0451@10.0.0.1:3128')
      },
    })
    await service.send({ conversationId: 'c1', content: 'hi' })
    await delay(30)
    const error = events.find((e) => e.type === 'error')
    expect(error).toBeDefined()
    expect(JSON.stringify(error)).not.toContain('proxy-pass-0451')
    expect(JSON.stringify(conversation.messages)).not.toContain('proxy-pass-0451')
    expect(describeError(new Error('Bearer sk-abcdefghijklmnop')).message).not.toContain('abcdefghijklmnop')
  })
})
