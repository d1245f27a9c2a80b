/**
 * The meta line of a reply (tokens, time) counts the whole reply: after Continue, the earlier part and
 * the continuation together. Pure reducer first, then through ChatService with a manual clock.
 */
import { describe, expect, it } from 'vitest'
import { ChatService, type ChatHistory } from '../../../src/main/chat/chat-service'
import type { Scheduler } from '../../../src/main/chat/coalescer'
import {
  applyChunk,
  failReply,
  finishReply,
  startReply,
  stopReply,
} from '../../../src/main/chat/reply-reducer'
import type { ChatCompletionChunk } from '../../../src/main/llm/types'
import type { StreamEvent } from '../../../src/shared/contract'
import type { Conversation, Message } from '../../../src/shared/domain'

function chunk(
  content: string,
  usage?: { prompt: number; completion: number },
  finish: 'stop' | null = null,
): ChatCompletionChunk {
  return {
    id: 'c',
    object: 'chat.completion.chunk',
    created: 0,
    model: 'm',
    choices: [{ index: 0, delta: { content }, finish_reason: finish }],
    ...(usage
      ? {
          usage: {
            prompt_tokens: usage.prompt,
            completion_tokens: usage.completion,
            total_tokens: usage.prompt + usage.completion,
          },
        }
      : {}),
  }
}

const earlierPart: Message = {
  id: 'a1',
  role: 'assistant',
  content: 'Шаг 1: откройте настройки. ',
  createdAt: 0,
  status: 'stopped',
  meta: {
    providerName: 'Fake',
    model: 'm',
    usage: { promptTokens: 12, completionTokens: 40, totalTokens: 52 },
    durationMs: 4_000,
  },
}

describe('reply reducer: the whole reply is counted', () => {
  it('a continued reply adds the continuation to the earlier tokens and time', () => {
    let state = startReply(earlierPart)
    state = applyChunk(state, chunk('Шаг 2: '))
    // Providers report usage cumulatively: the last report of this request stands for it.
    state = applyChunk(state, chunk('введите адрес.', { prompt: 70, completion: 5 }))
    state = applyChunk(state, chunk('', { prompt: 70, completion: 9 }, 'stop'))
    expect(state.message.meta?.usage).toEqual({ promptTokens: 82, completionTokens: 49, totalTokens: 131 })
    const done = finishReply(state, 1_500)
    expect(done.message.meta?.durationMs).toBe(5_500)
    expect(done.message.content).toBe('Шаг 1: откройте настройки. Шаг 2: введите адрес.')
    expect(stopReply(state, 700).message.meta?.durationMs).toBe(4_700)
    expect(failReply(state, 'network', 'Connection lost', 300).message.meta?.durationMs).toBe(4_300)
  })

  it('a new reply counts only itself', () => {
    const fresh: Message = { id: 'a2', role: 'assistant', content: '', createdAt: 0, status: 'streaming' }
    let state = startReply(fresh)
    state = applyChunk(state, chunk('Hello', { prompt: 8, completion: 1 }))
    state = applyChunk(state, chunk('', { prompt: 8, completion: 2 }, 'stop'))
    expect(state.message.meta?.usage).toEqual({ promptTokens: 8, completionTokens: 2, totalTokens: 10 })
    expect(finishReply(state, 900).message.meta?.durationMs).toBe(900)
  })

  it('keeps cached, cache-write and reasoning tokens, and adds them up after Continue', () => {
    const withDetails = (
      prompt: number,
      cached: number,
      write: number,
      reasoning: number,
    ): ChatCompletionChunk => ({
      ...chunk('', undefined, 'stop'),
      usage: {
        prompt_tokens: prompt,
        completion_tokens: 20,
        total_tokens: prompt + 20,
        prompt_tokens_details: { cached_tokens: cached, cache_write_tokens: write },
        completion_tokens_details: { reasoning_tokens: reasoning },
      },
    })
    const fresh: Message = { id: 'a3', role: 'assistant', content: '', createdAt: 0, status: 'streaming' }
    const first = applyChunk(startReply(fresh), withDetails(5000, 4000, 900, 7))
    expect(first.message.meta?.usage).toEqual({
      promptTokens: 5000,
      completionTokens: 20,
      totalTokens: 5020,
      cachedTokens: 4000,
      cacheWriteTokens: 900,
      reasoningTokens: 7,
    })
    const continued = applyChunk(startReply(finishReply(first, 10).message), withDetails(5100, 4900, 0, 0))
    expect(continued.message.meta?.usage).toEqual({
      promptTokens: 10100,
      completionTokens: 40,
      totalTokens: 10140,
      cachedTokens: 8900,
      cacheWriteTokens: 900,
      reasoningTokens: 7,
    })
  })
})

describe('chat service: Continue', () => {
  it('saves and reports the whole reply’s tokens and time', async () => {
    let now = 0
    const scheduler: Scheduler = {
      now: () => now,
      setTimeout: () => undefined,
      clearTimeout: () => undefined,
    }
    const conversation: Conversation = {
      id: 'c1',
      title: 'Прокси',
      createdAt: 0,
      updatedAt: 0,
      model: { providerId: 'p', model: 'm' },
      systemPrompt: '',
      messages: [
        { id: 'u1', role: 'user', content: 'Как настроить прокси?', createdAt: 0, status: 'done' },
        earlierPart,
      ],
    }
    const saved: Message[] = []
    const history: ChatHistory = {
      get: async () => structuredClone(conversation),
      appendMessage: async () => undefined,
      updateMessage: async (_id, message) => void saved.push(structuredClone(message)),
      addVersion: async () => undefined,
    }
    const events: StreamEvent[] = []
    const service = new ChatService({
      history,
      connector: {
        connect: async () => ({
          providerName: 'Fake',
          create: async () =>
            (async function* () {
              now += 1_000
              yield chunk('Шаг 2: введите адрес.')
              now += 2_000
              yield chunk('', { prompt: 70, completion: 9 }, 'stop')
            })(),
        }),
      },
      sink: (_channel, payload) => events.push(payload as StreamEvent),
      defaultModel: () => null,
      providers: () => [{ id: 'p', kind: 'custom', name: 'P', baseURL: 'http://127.0.0.1:9', enabled: true }],
      scheduler,
    })
    await service.continue({ conversationId: 'c1', messageId: 'a1' })
    const done = await new Promise<Extract<StreamEvent, { type: 'done' }>>((resolve) => {
      const check = (): void => {
        const found = events.find((e) => e.type === 'done')
        if (found?.type === 'done') resolve(found)
        else setImmediate(check)
      }
      check()
    })
    const whole = { promptTokens: 82, completionTokens: 49, totalTokens: 131 }
    expect(done.durationMs).toBe(7_000)
    expect(done.usage).toEqual(whole)
    expect(done.message.meta).toMatchObject({ usage: whole, durationMs: 7_000 })
    expect(saved.at(-1)?.meta).toMatchObject({ usage: whole, durationMs: 7_000 })
  })
})
