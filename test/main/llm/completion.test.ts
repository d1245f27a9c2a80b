import { describe, expect, it } from 'vitest'
import { readAnthropicMessage, readOpenAICompletion } from '../../../src/main/llm/completion'
import { ProviderError } from '../../../src/main/llm/errors'

const base = { id: 'chatcmpl-1', object: 'chat.completion', created: 1738492867, model: 'm' }

function thrown(fn: () => unknown): ProviderError {
  try {
    fn()
  } catch (error) {
    if (error instanceof ProviderError) return error
    throw error
  }
  throw new Error('expected a ProviderError')
}

describe('readOpenAICompletion', () => {
  it('reads DeepSeek reasoning_content beside the answer, and usage', () => {
    const c = readOpenAICompletion('DeepSeek', {
      ...base,
      choices: [
        {
          index: 0,
          message: { role: 'assistant', content: 'Hi', reasoning_content: 'Okay' },
          logprobs: null,
          finish_reason: 'stop',
        },
      ],
      usage: { prompt_tokens: 10, completion_tokens: 5, total_tokens: 15 },
    })
    expect(c.choices[0]).toStrictEqual({
      index: 0,
      message: { role: 'assistant', content: 'Hi', reasoning: 'Okay' },
      finish_reason: 'stop',
    })
    expect(c.usage).toStrictEqual({ prompt_tokens: 10, completion_tokens: 5, total_tokens: 15 })
  })

  it('shows a refusal as text, reads Mistral content parts and Groq usage', () => {
    const refusal = readOpenAICompletion('OpenAI', {
      ...base,
      choices: [{ index: 0, message: { content: null, refusal: 'I can’t help' }, finish_reason: 'stop' }],
    })
    expect(refusal.choices[0].message.content).toBe('I can’t help')
    const parts = readOpenAICompletion('Groq', {
      ...base,
      choices: [
        {
          index: 0,
          message: {
            content: [
              { type: 'text', text: 'a' },
              { type: 'text', text: 'b' },
            ],
          },
        },
      ],
      x_groq: { usage: { prompt_tokens: 3, completion_tokens: 2 } },
    })
    expect(parts.choices[0].message.content).toBe('ab')
    expect(parts.choices[0].finish_reason).toBeNull()
    expect(parts.usage).toStrictEqual({ prompt_tokens: 3, completion_tokens: 2, total_tokens: 5 })
  })

  it('throws a classified error for an error body, and a protocol error for anything that is not a reply', () => {
    expect(
      thrown(() => readOpenAICompletion('X', { error: { message: 'Overloaded', type: 'server_error' } }))
        .kind,
    ).toBe('server')
    for (const body of [null, [], 'text', { choices: [] }, { choices: [{ index: 0 }] }]) {
      const error = thrown(() => readOpenAICompletion('X', body))
      expect(error.kind).toBe('protocol')
      expect(error.message).not.toContain('choices')
    }
  })
})

describe('readAnthropicMessage', () => {
  it('joins text blocks, keeps thinking apart, skips tool use, counts cached prompt tokens', () => {
    const c = readAnthropicMessage(
      'Anthropic',
      {
        id: 'msg_1',
        type: 'message',
        role: 'assistant',
        model: 'claude-opus-4-20250514',
        content: [
          { type: 'thinking', thinking: 'Let me see', signature: 'c2ln' },
          { type: 'redacted_thinking', data: 'xx' },
          { type: 'text', text: 'Part one. ' },
          { type: 'tool_use', id: 't', name: 'f', input: {} },
          { type: 'text', text: 'Part two.' },
        ],
        stop_reason: 'max_tokens',
        stop_sequence: null,
        usage: { input_tokens: 5, cache_read_input_tokens: 20, output_tokens: 7 },
      },
      () => 1_700_000_000_500,
    )
    expect(c).toStrictEqual({
      id: 'msg_1',
      object: 'chat.completion',
      created: 1_700_000_000,
      model: 'claude-opus-4-20250514',
      choices: [
        {
          index: 0,
          message: { role: 'assistant', content: 'Part one. Part two.', reasoning: 'Let me see' },
          finish_reason: 'length',
        },
      ],
      usage: {
        prompt_tokens: 25,
        completion_tokens: 7,
        total_tokens: 32,
        prompt_tokens_details: { cached_tokens: 20 },
      },
    })
  })

  it('classifies an error body and refuses a body that is not a message', () => {
    const overloaded = { type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } }
    expect(thrown(() => readAnthropicMessage('Anthropic', overloaded, Date.now)).kind).toBe('server')
    expect(thrown(() => readAnthropicMessage('Anthropic', { type: 'message' }, Date.now)).kind).toBe(
      'protocol',
    )
  })
})
