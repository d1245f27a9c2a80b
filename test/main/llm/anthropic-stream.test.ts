import { describe, it, expect } from 'vitest'
import { AnthropicStreamMapper } from '../../../src/main/llm/anthropic-stream'
import { ProviderError } from '../../../src/main/llm/errors'
import { DONE } from '../../../src/main/llm/openai-stream'
import { SseDecoder } from '../../../src/main/llm/sse'
import type { ChatCompletionChunk } from '../../../src/main/llm/types'

interface Run {
  chunks: ChatCompletionChunk[]
  done: boolean
  error?: ProviderError
}

const NOW = 1_750_000_000_123

function run(stream: string): Run {
  const decoder = new SseDecoder()
  const mapper = new AnthropicStreamMapper('Anthropic', () => NOW)
  const chunks: ChatCompletionChunk[] = []
  try {
    for (const ev of [...decoder.push(new TextEncoder().encode(stream)), ...decoder.end()]) {
      const r = mapper.map(ev)
      if (r === DONE) return { chunks, done: true }
      if (r) chunks.push(r)
    }
    mapper.finish()
  } catch (e) {
    if (!(e instanceof ProviderError)) throw e
    return { chunks, done: false, error: e }
  }
  return { chunks, done: false }
}

const ev = (event: string, data: string): string => `event: ${event}\ndata: ${data}\n\n`

const START = ev(
  'message_start',
  '{"type":"message_start","message":{"id":"msg_1","type":"message","role":"assistant","content":[],"model":"claude-opus-4-20250514","stop_reason":null,"usage":{"input_tokens":25,"output_tokens":1}}}',
)
const textDelta = (t: string): string =>
  ev(
    'content_block_delta',
    `{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":${JSON.stringify(t)}}}`,
  )
const stopWith = (reason: string): string =>
  ev(
    'message_delta',
    `{"type":"message_delta","delta":{"stop_reason":"${reason}","stop_sequence":null},"usage":{"output_tokens":15}}`,
  )
const STOP = ev('message_stop', '{"type":"message_stop"}')

const FULL =
  START +
  ev(
    'content_block_start',
    '{"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}',
  ) +
  ev('ping', '{"type":"ping"}') +
  textDelta('Hello') +
  ev('content_block_stop', '{"type":"content_block_stop","index":0}') +
  stopWith('end_turn') +
  STOP

describe('AnthropicStreamMapper', () => {
  it('maps the recorded stream', () => {
    const r = run(FULL)
    expect(r.error).toBeUndefined()
    expect(r.done).toBe(true)
    const base = {
      id: 'msg_1',
      object: 'chat.completion.chunk',
      created: Math.floor(NOW / 1000),
      model: 'claude-opus-4-20250514',
    }
    expect(r.chunks).toStrictEqual([
      { ...base, choices: [{ index: 0, delta: { role: 'assistant' }, finish_reason: null }] },
      { ...base, choices: [{ index: 0, delta: { content: 'Hello' }, finish_reason: null }] },
      {
        ...base,
        choices: [{ index: 0, delta: {}, finish_reason: 'stop' }],
        usage: { prompt_tokens: 25, completion_tokens: 15, total_tokens: 40 },
      },
    ])
  })

  it('maps every stop reason', () => {
    const cases: [string, string][] = [
      ['end_turn', 'stop'],
      ['stop_sequence', 'stop'],
      ['max_tokens', 'length'],
      ['tool_use', 'tool_calls'],
      ['refusal', 'content_filter'],
      ['pause_turn', 'pause_turn'],
    ]
    for (const [reason, expected] of cases) {
      const r = run(START + stopWith(reason) + STOP)
      expect(r.chunks.at(-1)?.choices[0].finish_reason, reason).toBe(expected)
    }
  })

  it('maps thinking to reasoning and skips signature and tool input deltas', () => {
    const r = run(
      START +
        ev(
          'content_block_start',
          '{"type":"content_block_start","index":0,"content_block":{"type":"thinking","thinking":""}}',
        ) +
        ev(
          'content_block_delta',
          '{"type":"content_block_delta","index":0,"delta":{"type":"thinking_delta","thinking":"Let me think"}}',
        ) +
        ev(
          'content_block_delta',
          '{"type":"content_block_delta","index":0,"delta":{"type":"signature_delta","signature":"EqQBCgIYAh"}}',
        ) +
        textDelta('Answer') +
        ev(
          'content_block_delta',
          '{"type":"content_block_delta","index":2,"delta":{"type":"input_json_delta","partial_json":"{\\"loc"}}',
        ) +
        stopWith('tool_use') +
        STOP,
    )
    expect(r.chunks.map((c) => c.choices[0].delta)).toStrictEqual([
      { role: 'assistant' },
      { reasoning: 'Let me think' },
      { content: 'Answer' },
      {},
    ])
  })

  it('ignores unknown event types', () => {
    const r = run(
      START +
        ev('future_event', '{"type":"future_event","x":1}') +
        textDelta('a') +
        stopWith('end_turn') +
        STOP,
    )
    expect(r.error).toBeUndefined()
    expect(r.chunks).toHaveLength(3)
  })

  it('counts cached prompt tokens apart and takes the counts repeated in message_delta', () => {
    const start = ev(
      'message_start',
      '{"type":"message_start","message":{"id":"m","model":"c","usage":{"input_tokens":5,"cache_creation_input_tokens":100,"cache_read_input_tokens":20,"output_tokens":1}}}',
    )
    expect(run(start + stopWith('end_turn') + STOP).chunks.at(-1)?.usage).toStrictEqual({
      prompt_tokens: 125,
      completion_tokens: 15,
      total_tokens: 140,
      prompt_tokens_details: { cached_tokens: 20, cache_write_tokens: 100 },
    })
    const delta = ev(
      'message_delta',
      '{"type":"message_delta","delta":{"stop_reason":"end_turn"},"usage":{"input_tokens":7,"output_tokens":3}}',
    )
    // The input count is repeated; the cache counts it leaves out stay message_start's.
    expect(run(start + delta + STOP).chunks.at(-1)?.usage).toStrictEqual({
      prompt_tokens: 127,
      completion_tokens: 3,
      total_tokens: 130,
      prompt_tokens_details: { cached_tokens: 20, cache_write_tokens: 100 },
    })
  })

  it('throws the error event as a ProviderError of the right kind', () => {
    const cases: [string, string][] = [
      ['overloaded_error', 'server'],
      ['rate_limit_error', 'rate_limit'],
      ['api_error', 'server'],
      ['authentication_error', 'auth'],
      ['permission_error', 'auth'],
      ['invalid_request_error', 'bad_request'],
    ]
    for (const [type, kind] of cases) {
      const r = run(
        START +
          textDelta('Par') +
          ev('error', `{"type":"error","error":{"type":"${type}","message":"Overloaded"}}`),
      )
      expect(r.error?.kind, type).toBe(kind)
      expect(r.error?.code).toBe(type)
      expect(r.error?.provider).toBe('Anthropic')
      expect(r.error?.message).toContain('"Overloaded"')
      expect(r.chunks.map((c) => c.choices[0].delta.content ?? '').join('')).toBe('Par')
    }
  })

  it('throws a protocol error for invalid JSON', () => {
    const r = run(START + ev('content_block_delta', '{"type":"content_block_delta","delta":{"type":"text_de'))
    expect(r.error?.kind).toBe('protocol')
    expect(r.error?.message).toContain('could not be read')
  })

  it('keeps no byte of an unreadable payload in the error message, cause or stack', () => {
    const payload = 'PAYLOAD-SECRET-7f3a9c is not an event'
    const r = run(START + ev('content_block_delta', payload))
    expect(r.error?.kind).toBe('protocol')
    for (const field of [r.error?.message, JSON.stringify(r.error?.cause), r.error?.stack]) {
      expect(field).not.toContain('PAYLOAD')
    }
    expect(r.error?.cause).toStrictEqual({
      name: 'SyntaxError',
      message: `A stream event of ${payload.length} characters is not valid JSON`,
    })
  })

  it('finish() throws when the stream ends before message_stop or a stop reason', () => {
    const r = run(START + textDelta('Hel'))
    expect(r.chunks).toHaveLength(2)
    expect(r.error?.kind).toBe('protocol')
    expect(r.error?.message).toBe(
      'The reply from Anthropic was cut off before it finished. The text received so far is kept.',
    )
  })

  it('finish() accepts a stream that ends after the stop reason without message_stop', () => {
    const r = run(START + textDelta('Hi') + stopWith('end_turn'))
    expect(r.error).toBeUndefined()
    expect(r.done).toBe(false)
  })
})
