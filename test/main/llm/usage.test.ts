/**
 * Usage as each provider reports it, mapped into the OpenAI-shaped chunk's `usage`. The chunks are the exact ones
 * in /work/shared/reference/provider-streams.md and peer-streams/ (cited per case), plus the fields the providers
 * document for caching (OpenAI `prompt_tokens_details.cached_tokens`, DeepSeek `prompt_cache_hit_tokens`,
 * Anthropic `cache_*_input_tokens`).
 */
import { describe, expect, it } from 'vitest'
import { AnthropicStreamMapper } from '../../../src/main/llm/anthropic-stream'
import { DONE, OpenAIStreamMapper } from '../../../src/main/llm/openai-stream'
import { SseDecoder } from '../../../src/main/llm/sse'
import type { ChatCompletionChunk, Usage } from '../../../src/main/llm/types'
import { anthropicUsage, readAnthropicCounts, readUsage } from '../../../src/main/llm/usage'

function chunksOf(stream: string, mapper: OpenAIStreamMapper | AnthropicStreamMapper): ChatCompletionChunk[] {
  const decoder = new SseDecoder()
  const out: ChatCompletionChunk[] = []
  for (const ev of [...decoder.push(new TextEncoder().encode(stream)), ...decoder.end()]) {
    const r = mapper.map(ev)
    if (r === DONE) break
    if (r) out.push(r)
  }
  return out
}

const lastUsage = (chunks: ChatCompletionChunk[]): Usage | undefined => chunks.findLast((c) => c.usage)?.usage

const data = (lines: string[]): string => lines.map((l) => `data: ${l}\n\n`).join('') + 'data: [DONE]\n\n'

// The message_start and message_delta events of two peer recordings (anthropic-sdk-typescript
// tests/fixtures/fable-fallback, peer-streams/anthropic-sdk), byte for byte, each followed by its blank line.
const STREAM_A_REFUSAL =
  [
    'event: message_start\n',
    'data: {"type":"message_start","message":{"model":"claude-fable-5","id":"msg_fixture_a_0001","type":"message","role":"assistant","content":[],"stop_reason":null,"stop_sequence":null,"stop_details":null,"usage":{"input_tokens":28,"cache_creation_input_tokens":0,"cache_read_input_tokens":0,"cache_creation":{"ephemeral_5m_input_tokens":0,"ephemeral_1h_input_tokens":0},"output_tokens":5,"service_tier":"standard","inference_geo":"global"}}               }\n',
    '\n',
    'event: message_delta\n',
    'data: {"type":"message_delta","delta":{"stop_reason":"refusal","stop_sequence":null,"stop_details":{"type":"refusal","category":null,"explanation":null,"fallback_credit_token":"tok_synthetic_fixture_a","fallback_has_prefill_claim":true}},"usage":{"input_tokens":28,"cache_creation_input_tokens":0,"cache_read_input_tokens":0,"output_tokens":106,"output_tokens_details":{"thinking_tokens":67},"iterations":[{"input_tokens":28,"output_tokens":106,"cache_read_input_tokens":0,"cache_creation_input_tokens":0,"cache_creation":{"ephemeral_5m_input_tokens":0,"ephemeral_1h_input_tokens":0},"type":"message"}]}    }\n',
  ].join('') + '\n'
const STREAM_B_FALLBACK =
  [
    'event: message_start\n',
    'data: {"type":"message_start","message":{"model":"claude-opus-4-8","id":"msg_fixture_b_0001","type":"message","role":"assistant","content":[],"stop_reason":null,"stop_sequence":null,"stop_details":null,"usage":{"input_tokens":31,"cache_creation_input_tokens":0,"cache_read_input_tokens":0,"cache_creation":{"ephemeral_5m_input_tokens":0,"ephemeral_1h_input_tokens":0},"output_tokens":7,"service_tier":"standard","inference_geo":"global"}}               }\n',
    '\n',
    'event: message_delta\n',
    'data: {"type":"message_delta","delta":{"stop_reason":"end_turn","stop_sequence":null,"stop_details":null},"usage":{"input_tokens":31,"cache_creation_input_tokens":0,"cache_read_input_tokens":0,"output_tokens":547,"output_tokens_details":{"thinking_tokens":0},"iterations":[{"input_tokens":31,"output_tokens":547,"cache_read_input_tokens":0,"cache_creation_input_tokens":0,"cache_creation":{"ephemeral_5m_input_tokens":0,"ephemeral_1h_input_tokens":0},"type":"message"}]}               }\n',
  ].join('') + '\n'

describe('OpenAI-compatible usage', () => {
  it('OpenAI: the final choices:[] chunk (provider-streams.md) carries the usage', () => {
    const chunks = chunksOf(
      data([
        '{"id":"chatcmpl-A1","object":"chat.completion.chunk","created":1727889370,"model":"gpt-4o-mini-2024-07-18","choices":[{"index":0,"delta":{},"logprobs":null,"finish_reason":"stop"}],"usage":null}',
        '{"id":"chatcmpl-A1","object":"chat.completion.chunk","created":1727889370,"model":"gpt-4o-mini-2024-07-18","choices":[],"usage":{"prompt_tokens":8,"completion_tokens":9,"total_tokens":17}}',
      ]),
      new OpenAIStreamMapper('OpenAI'),
    )
    expect(lastUsage(chunks)).toStrictEqual({ prompt_tokens: 8, completion_tokens: 9, total_tokens: 17 })
  })

  it('OpenAI: cached prompt tokens and reasoning tokens from the details objects', () => {
    // The shape OpenAI documents for a gpt-5 reply with a cache hit (all four detail fields present).
    const chunks = chunksOf(
      data([
        '{"id":"c","object":"chat.completion.chunk","created":1,"model":"gpt-5-mini","choices":[],"usage":{"prompt_tokens":1486,"completion_tokens":651,"total_tokens":2137,"prompt_tokens_details":{"cached_tokens":1408,"audio_tokens":0},"completion_tokens_details":{"reasoning_tokens":512,"audio_tokens":0,"accepted_prediction_tokens":0,"rejected_prediction_tokens":0}}}',
      ]),
      new OpenAIStreamMapper('OpenAI'),
    )
    expect(lastUsage(chunks)).toStrictEqual({
      prompt_tokens: 1486,
      completion_tokens: 651,
      total_tokens: 2137,
      prompt_tokens_details: { cached_tokens: 1408 },
      completion_tokens_details: { reasoning_tokens: 512 },
    })
  })

  it('zero cached or reasoning tokens leave the report plain', () => {
    expect(
      readUsage({
        prompt_tokens: 3,
        completion_tokens: 4,
        total_tokens: 7,
        prompt_tokens_details: { cached_tokens: 0 },
        completion_tokens_details: { reasoning_tokens: 0 },
      }),
    ).toStrictEqual({ prompt_tokens: 3, completion_tokens: 4, total_tokens: 7 })
  })

  it('DeepSeek: the finish chunk (provider-streams.md) and prompt_cache_hit_tokens as cached tokens', () => {
    const finish =
      '{"id":"fa7e","object":"chat.completion.chunk","created":1738492867,"model":"deepseek-reasoner","choices":[{"index":0,"delta":{"content":""},"logprobs":null,"finish_reason":"stop"}],"usage":{"prompt_tokens":10,"completion_tokens":5,"total_tokens":15}}'
    expect(lastUsage(chunksOf(data([finish]), new OpenAIStreamMapper('DeepSeek')))).toStrictEqual({
      prompt_tokens: 10,
      completion_tokens: 5,
      total_tokens: 15,
    })
    const cached = finish.replace(
      '"total_tokens":15}',
      '"total_tokens":15,"prompt_cache_hit_tokens":8,"prompt_cache_miss_tokens":2,"completion_tokens_details":{"reasoning_tokens":3}}',
    )
    expect(lastUsage(chunksOf(data([cached]), new OpenAIStreamMapper('DeepSeek')))).toStrictEqual({
      prompt_tokens: 10,
      completion_tokens: 5,
      total_tokens: 15,
      prompt_tokens_details: { cached_tokens: 8 },
      completion_tokens_details: { reasoning_tokens: 3 },
    })
  })

  it('Groq: usage in x_groq on the finish chunk', () => {
    const chunks = chunksOf(
      data([
        '{"id":"g","object":"chat.completion.chunk","created":1,"model":"llama-3.3-70b-versatile","choices":[{"index":0,"delta":{},"finish_reason":"stop"}],"x_groq":{"id":"req_1","usage":{"queue_time":0.01,"prompt_tokens":12,"prompt_time":0.002,"completion_tokens":439,"completion_time":0.798,"total_tokens":451,"total_time":0.8}}}',
      ]),
      new OpenAIStreamMapper('Groq'),
    )
    expect(lastUsage(chunks)).toStrictEqual({ prompt_tokens: 12, completion_tokens: 439, total_tokens: 451 })
  })

  it('OpenRouter: cached and cache-write tokens in prompt_tokens_details; its cost field is ignored', () => {
    const chunks = chunksOf(
      data([
        '{"id":"gen-1","object":"chat.completion.chunk","created":1,"model":"anthropic/claude-sonnet-4.5","choices":[{"index":0,"delta":{"content":""},"finish_reason":"stop"}],"usage":{"prompt_tokens":2100,"completion_tokens":20,"total_tokens":2120,"cost":0.0012,"prompt_tokens_details":{"cached_tokens":2000,"cache_write_tokens":0},"completion_tokens_details":{"reasoning_tokens":0}}}',
      ]),
      new OpenAIStreamMapper('OpenRouter'),
    )
    expect(lastUsage(chunks)).toStrictEqual({
      prompt_tokens: 2100,
      completion_tokens: 20,
      total_tokens: 2120,
      prompt_tokens_details: { cached_tokens: 2000 },
    })
  })

  it('Gemini (OpenAI-compatible): a total above prompt + completion is kept as sent', () => {
    // Gemini counts thinking in total_tokens but not in completion_tokens.
    expect(readUsage({ completion_tokens: 102, prompt_tokens: 758, total_tokens: 1725 })).toStrictEqual({
      prompt_tokens: 758,
      completion_tokens: 102,
      total_tokens: 1725,
    })
  })

  it('refuses negative and non-numeric counts', () => {
    expect(readUsage({ prompt_tokens: 'x', completion_tokens: -1 })).toBeUndefined()
    expect(readUsage({ prompt_tokens: 5, prompt_tokens_details: { cached_tokens: -3 } })).toStrictEqual({
      prompt_tokens: 5,
      completion_tokens: 0,
      total_tokens: 5,
    })
  })
})

describe('Anthropic usage', () => {
  const ev = (type: string, json: string): string => `event: ${type}\ndata: ${json}\n\n`

  it('message_start (provider-streams.md) gives the input, message_delta the output', () => {
    const chunks = chunksOf(
      ev(
        'message_start',
        '{"type":"message_start","message":{"id":"msg_1","type":"message","role":"assistant","content":[],"model":"claude-opus-4-20250514","stop_reason":null,"usage":{"input_tokens":25,"output_tokens":1}}}',
      ) +
        ev(
          'message_delta',
          '{"type":"message_delta","delta":{"stop_reason":"end_turn","stop_sequence":null},"usage":{"output_tokens":15}}',
        ) +
        ev('message_stop', '{"type":"message_stop"}'),
      new AnthropicStreamMapper('Anthropic', () => 0),
    )
    expect(lastUsage(chunks)).toStrictEqual({ prompt_tokens: 25, completion_tokens: 15, total_tokens: 40 })
  })

  it('a cache hit and a cache write: cached and written tokens are part of the prompt, shown apart', () => {
    const chunks = chunksOf(
      ev(
        'message_start',
        '{"type":"message_start","message":{"id":"m","model":"claude-sonnet-4-5","usage":{"input_tokens":12,"cache_creation_input_tokens":300,"cache_read_input_tokens":4000,"output_tokens":1}}}',
      ) +
        ev(
          'message_delta',
          '{"type":"message_delta","delta":{"stop_reason":"end_turn"},"usage":{"output_tokens":50}}',
        ),
      new AnthropicStreamMapper('Anthropic', () => 0),
    )
    expect(lastUsage(chunks)).toStrictEqual({
      prompt_tokens: 4312,
      completion_tokens: 50,
      total_tokens: 4362,
      prompt_tokens_details: { cached_tokens: 4000, cache_write_tokens: 300 },
    })
  })

  it('peer recording stream-a-refusal.sse: thinking tokens from output_tokens_details', () => {
    const chunks = chunksOf(STREAM_A_REFUSAL, new AnthropicStreamMapper('Anthropic', () => 0))
    expect(lastUsage(chunks)).toStrictEqual({
      prompt_tokens: 28,
      completion_tokens: 106,
      total_tokens: 134,
      completion_tokens_details: { reasoning_tokens: 67 },
    })
  })

  it('peer recording stream-b-fallback.sse: cumulative counts repeated in message_delta', () => {
    const chunks = chunksOf(STREAM_B_FALLBACK, new AnthropicStreamMapper('Anthropic', () => 0))
    expect(lastUsage(chunks)).toStrictEqual({ prompt_tokens: 31, completion_tokens: 547, total_tokens: 578 })
  })

  it('a non-streaming Message usage maps the same way', () => {
    expect(
      anthropicUsage(
        readAnthropicCounts({
          input_tokens: 5,
          cache_read_input_tokens: 20,
          cache_creation_input_tokens: 0,
          output_tokens: 7,
          output_tokens_details: { thinking_tokens: 2 },
        }),
      ),
    ).toStrictEqual({
      prompt_tokens: 25,
      completion_tokens: 7,
      total_tokens: 32,
      prompt_tokens_details: { cached_tokens: 20 },
      completion_tokens_details: { reasoning_tokens: 2 },
    })
  })
})
