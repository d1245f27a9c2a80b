import { describe, it, expect } from 'vitest'
import { ProviderError } from '../../../src/main/llm/errors'
import { DONE, OpenAIStreamMapper } from '../../../src/main/llm/openai-stream'
import { SseDecoder } from '../../../src/main/llm/sse'
import type { ChatCompletionChunk } from '../../../src/main/llm/types'

interface Run {
  chunks: ChatCompletionChunk[]
  done: boolean
  /** The error thrown by map() or finish(), if any. */
  error?: ProviderError
}

/** Runs a stream through decoder and mapper the way the provider code does. */
function run(stream: string, provider = 'OpenAI'): Run {
  const decoder = new SseDecoder()
  const mapper = new OpenAIStreamMapper(provider)
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

const events = (...data: string[]): string => data.map((d) => `data: ${d}\n\n`).join('')
const text = (r: Run): string => r.chunks.map((c) => c.choices[0].delta.content ?? '').join('')
const reasoning = (r: Run): string => r.chunks.map((c) => c.choices[0].delta.reasoning ?? '').join('')
const finishes = (r: Run): (string | null)[] => r.chunks.map((c) => c.choices[0].finish_reason)

const OPENAI = events(
  '{"id":"chatcmpl-A1","object":"chat.completion.chunk","created":1727889370,"model":"gpt-4o-mini-2024-07-18","system_fingerprint":"fp_f85bea6784","choices":[{"index":0,"delta":{"role":"assistant","content":"","refusal":null},"logprobs":null,"finish_reason":null}],"usage":null}',
  '{"id":"chatcmpl-A1","object":"chat.completion.chunk","created":1727889370,"model":"gpt-4o-mini-2024-07-18","choices":[{"index":0,"delta":{"content":"Hello"},"logprobs":null,"finish_reason":null}],"usage":null}',
  '{"id":"chatcmpl-A1","object":"chat.completion.chunk","created":1727889370,"model":"gpt-4o-mini-2024-07-18","choices":[{"index":0,"delta":{},"logprobs":null,"finish_reason":"stop"}],"usage":null}',
  '{"id":"chatcmpl-A1","object":"chat.completion.chunk","created":1727889370,"model":"gpt-4o-mini-2024-07-18","choices":[],"usage":{"prompt_tokens":8,"completion_tokens":9,"total_tokens":17}}',
  '[DONE]',
)

describe('OpenAIStreamMapper: OpenAI', () => {
  it('maps the recorded stream with usage into lean chunks', () => {
    const r = run(OPENAI)
    expect(r.error).toBeUndefined()
    expect(r.done).toBe(true)
    const base = {
      id: 'chatcmpl-A1',
      object: 'chat.completion.chunk',
      created: 1727889370,
      model: 'gpt-4o-mini-2024-07-18',
    }
    expect(r.chunks).toStrictEqual([
      { ...base, choices: [{ index: 0, delta: { role: 'assistant' }, finish_reason: null }] },
      { ...base, choices: [{ index: 0, delta: { content: 'Hello' }, finish_reason: null }] },
      { ...base, choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] },
      {
        ...base,
        choices: [{ index: 0, delta: {}, finish_reason: null }],
        usage: { prompt_tokens: 8, completion_tokens: 9, total_tokens: 17 },
      },
    ])
  })

  it('returns DONE for an exact [DONE] only', () => {
    const mapper = new OpenAIStreamMapper('OpenAI')
    expect(mapper.map({ event: 'message', data: '[DONE]' })).toBe(DONE)
    const r = run(events('[DONE]x'))
    expect(r.done).toBe(false)
    expect(r.error?.kind).toBe('protocol')
    expect(r.error?.message).toContain('OpenAI sent a reply that could not be read')
  })

  it('stops at [DONE] even when more events follow', () => {
    const r = run(OPENAI + events('{"choices":[{"index":0,"delta":{"content":"late"}}]}'))
    expect(r.done).toBe(true)
    expect(text(r)).toBe('Hello')
  })

  it('throws a protocol error for invalid JSON and for JSON that is not an object', () => {
    for (const bad of ['{"choices":[{"delta":{"content":"Hel', 'null', '42', '[1]', 'undefined']) {
      const r = run(events(bad))
      expect(r.error, bad).toBeInstanceOf(ProviderError)
      expect(r.error?.kind).toBe('protocol')
      expect(r.error?.message).toMatch(/could not be read \(the reply was cut off or corrupted\)/)
    }
  })

  // V8's JSON.parse message quotes the payload's first bytes; none of them may reach the error.
  it('keeps no byte of an unreadable payload in the error message, cause or stack', () => {
    const secret = 'PAYLOAD-SECRET-7f3a9c'
    for (const bad of [`${secret} trailing`, `{"content":"${secret}`, `[${secret}]`]) {
      const r = run(events(bad))
      expect(r.error?.kind, bad).toBe('protocol')
      const fields = [r.error?.message, JSON.stringify(r.error?.cause), r.error?.stack, String(r.error)]
      for (const field of fields) expect(field, bad).not.toContain('PAYLOAD')
      expect(r.error?.cause).toStrictEqual({
        name: 'SyntaxError',
        message: `A stream event of ${bad.length} characters is not valid JSON`,
      })
    }
  })

  it('absorbs empty data keep-alives', () => {
    const r = run(`data:\n\n${OPENAI}`)
    expect(r.error).toBeUndefined()
    expect(r.chunks).toHaveLength(4)
  })

  it('ignores unknown fields such as obfuscation and service_tier', () => {
    const r = run(
      events(
        '{"id":"c","created":1,"model":"m","service_tier":"default","obfuscation":"xYz","choices":[{"index":0,"delta":{"content":"Hi","obfuscation":"q"},"finish_reason":"stop"}]}',
      ),
    )
    expect(r.chunks).toHaveLength(1)
    const chunk = r.chunks[0]
    expect(Object.keys(chunk ?? {}).sort()).toEqual(['choices', 'created', 'id', 'model', 'object'])
    expect(chunk?.choices[0]).toStrictEqual({ index: 0, delta: { content: 'Hi' }, finish_reason: 'stop' })
  })

  it('shows refusal fragments as content and does not treat null as text', () => {
    const r = run(
      events(
        '{"choices":[{"index":0,"delta":{"role":"assistant","content":null,"refusal":""},"finish_reason":null}]}',
        '{"choices":[{"index":0,"delta":{"content":null,"refusal":"I can\'t"},"finish_reason":null}]}',
        '{"choices":[{"index":0,"delta":{"content":null,"refusal":" help with that."},"finish_reason":null}]}',
        '{"choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}',
        '[DONE]',
      ),
    )
    expect(text(r)).toBe("I can't help with that.")
    expect(r.chunks[0]?.choices[0].delta).toStrictEqual({ role: 'assistant' })
  })

  it('skips tool call fragments without crashing', () => {
    const r = run(
      events(
        '{"choices":[{"index":0,"delta":{"role":"assistant","content":null,"tool_calls":[{"index":0,"id":"call_1","type":"function","function":{"name":"GetPersonAge","arguments":""}}]},"finish_reason":null}]}',
        '{"choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":"{\\"name\\":"}}]},"finish_reason":null}]}',
        '{"choices":[{"index":0,"delta":{},"finish_reason":"tool_calls"}]}',
        '[DONE]',
      ),
    )
    expect(r.error).toBeUndefined()
    expect(r.chunks.map((c) => c.choices[0].delta)).toStrictEqual([{ role: 'assistant' }, {}])
    expect(finishes(r)).toEqual([null, 'tool_calls'])
  })

  it('fills a missing id, created and model with defaults', () => {
    const r = run(events('{"choices":[{"delta":{"content":"x"},"finish_reason":null}]}', '[DONE]'))
    expect(r.chunks[0]).toStrictEqual({
      id: '',
      object: 'chat.completion.chunk',
      created: 0,
      model: '',
      choices: [{ index: 0, delta: { content: 'x' }, finish_reason: null }],
    })
  })

  it('gives a finish chunk without a delta an empty delta object', () => {
    const r = run(events('{"id":"c","choices":[{"index":0,"finish_reason":"length"}]}'))
    expect(r.error).toBeUndefined()
    expect(r.chunks[0]?.choices).toStrictEqual([{ index: 0, delta: {}, finish_reason: 'length' }])
  })

  it('throws the in-stream error object as a ProviderError', () => {
    const r = run(
      events(
        '{"choices":[{"index":0,"delta":{"content":"Par"},"finish_reason":null}]}',
        '{"error":{"message":"The server had an error processing your request.","type":"server_error"}}',
      ),
    )
    expect(text(r)).toBe('Par')
    expect(r.error?.kind).toBe('server')
    expect(r.error?.retriable).toBe(true)
    expect(r.error?.message).toContain('The server had an error processing your request.')
  })

  it('throws for an `event: error`, even with a plain-text payload', () => {
    const r = run('event: error\ndata: upstream exploded\n\n')
    expect(r.error?.kind).toBe('server')
    expect(r.error?.message).toContain('upstream exploded')
  })

  it('absorbs chunks with empty, null or missing choices and no usage', () => {
    const r = run(
      events(
        '{"id":"c","choices":[]}',
        '{"id":"c","choices":null}',
        '{"id":"c"}',
        '{"id":"c","choices":[{"index":0,"delta":{"content":"ok"},"finish_reason":"stop"}]}',
      ),
    )
    expect(r.error).toBeUndefined()
    expect(r.chunks).toHaveLength(1)
  })

  it('yields usage from a chunk with choices null or missing', () => {
    for (const choices of ['"choices":null,', '']) {
      const r = run(
        events(
          '{"choices":[{"index":0,"delta":{"content":"ok"},"finish_reason":"stop"}]}',
          `{${choices}"usage":{"prompt_tokens":3,"completion_tokens":4}}`,
        ),
      )
      expect(r.chunks[1]?.choices).toStrictEqual([{ index: 0, delta: {}, finish_reason: null }])
      expect(r.chunks[1]?.usage).toStrictEqual({ prompt_tokens: 3, completion_tokens: 4, total_tokens: 7 })
    }
  })
})

describe('OpenAIStreamMapper: end of stream', () => {
  it('finish() throws a protocol error when the stream ends before any finish', () => {
    const r = run(events('{"choices":[{"index":0,"delta":{"content":"Hel"},"finish_reason":null}]}'), 'Groq')
    expect(text(r)).toBe('Hel')
    expect(r.error?.kind).toBe('protocol')
    expect(r.error?.message).toBe(
      'The reply from Groq was cut off before it finished. The text received so far is kept.',
    )
  })

  it('finish() accepts a finish chunk without [DONE]', () => {
    const r = run(events('{"choices":[{"index":0,"delta":{"content":"Hi"},"finish_reason":"stop"}]}'))
    expect(r.error).toBeUndefined()
    expect(r.done).toBe(false)
  })

  it('finish() accepts [DONE] without a finish chunk', () => {
    const mapper = new OpenAIStreamMapper('x')
    mapper.map({ event: 'message', data: '[DONE]' })
    expect(() => mapper.finish()).not.toThrow()
    expect(() => new OpenAIStreamMapper('x').finish()).toThrow(ProviderError)
  })
})

describe('OpenAIStreamMapper: OpenRouter', () => {
  const head =
    ': OPENROUTER PROCESSING\n\n' +
    events(
      '{"id":"gen-1","object":"chat.completion.chunk","created":1234567890,"model":"openai/gpt-4o","provider":"openai","choices":[{"index":0,"delta":{"role":"assistant","content":"Half an"},"finish_reason":null}]}',
    )

  it('passes keep-alive comments by and throws the mid-stream error after keeping the text', () => {
    const r = run(
      head +
        events(
          '{"id":"gen-1","object":"chat.completion.chunk","created":1234567890,"model":"openai/gpt-4o","provider":"openai","error":{"code":"server_error","message":"Provider disconnected unexpectedly"},"choices":[{"index":0,"delta":{"content":""},"finish_reason":"error"}]}',
        ),
      'OpenRouter',
    )
    expect(text(r)).toBe('Half an')
    expect(r.chunks[0]?.choices[0].delta.role).toBe('assistant')
    expect(r.error?.kind).toBe('server')
    expect(r.error?.provider).toBe('OpenRouter')
    expect(r.error?.code).toBe('server_error')
    expect(r.error?.message).toContain('Provider disconnected unexpectedly')
  })

  it('classifies numeric error codes', () => {
    const cases: [number, string][] = [
      [502, 'server'],
      [429, 'rate_limit'],
      [401, 'auth'],
      [400, 'bad_request'],
    ]
    for (const [code, kind] of cases) {
      const r = run(
        head + events(`{"error":{"code":${code},"message":"Network connection lost."}}`),
        'OpenRouter',
      )
      expect(r.error?.kind, String(code)).toBe(kind)
      expect(r.error?.code).toBe(String(code))
    }
  })

  it('yields only the first of two finish chunks, but keeps usage from the second', () => {
    const finish = '{"id":"gen-1","choices":[{"index":0,"delta":{"content":""},"finish_reason":"stop"}]}'
    const withUsage =
      '{"id":"gen-1","choices":[{"index":0,"delta":{"content":""},"finish_reason":"stop"}],"usage":{"prompt_tokens":5,"completion_tokens":2,"total_tokens":7,"cost":0.0001}}'
    const r = run(head + events(finish, finish, withUsage, '[DONE]'), 'OpenRouter')
    expect(finishes(r)).toEqual([null, 'stop', null])
    expect(r.chunks[2]?.usage).toStrictEqual({ prompt_tokens: 5, completion_tokens: 2, total_tokens: 7 })
  })
})

describe('OpenAIStreamMapper: other compatible servers', () => {
  it('takes Groq usage from x_groq', () => {
    const r = run(
      events(
        '{"id":"g","object":"chat.completion.chunk","created":1,"model":"llama","choices":[{"index":0,"delta":{"content":"Hi"},"finish_reason":null}],"x_groq":{"id":"req_1"}}',
        '{"id":"g","object":"chat.completion.chunk","created":1,"model":"llama","choices":[{"index":0,"delta":{},"finish_reason":"stop"}],"x_groq":{"id":"req_1","usage":{"queue_time":0.01,"prompt_tokens":12,"prompt_time":0.002,"completion_tokens":439,"completion_time":0.798,"total_tokens":451,"total_time":0.8}}}',
        '[DONE]',
      ),
      'Groq',
    )
    expect(r.chunks[0]?.usage).toBeUndefined()
    expect(r.chunks[1]?.usage).toStrictEqual({ prompt_tokens: 12, completion_tokens: 439, total_tokens: 451 })
  })

  it('maps DeepSeek reasoning_content and ignores nulls', () => {
    const r = run(
      ': keep-alive\n\n' +
        events(
          '{"id":"fa7e","object":"chat.completion.chunk","created":1738492867,"model":"deepseek-reasoner","choices":[{"index":0,"delta":{"role":"assistant","content":null,"reasoning_content":""},"logprobs":null,"finish_reason":null}]}',
          '{"id":"fa7e","object":"chat.completion.chunk","created":1738492867,"model":"deepseek-reasoner","choices":[{"index":0,"delta":{"content":null,"reasoning_content":"Okay"},"logprobs":null,"finish_reason":null}]}',
          '{"id":"fa7e","object":"chat.completion.chunk","created":1738492867,"model":"deepseek-reasoner","choices":[{"index":0,"delta":{"content":"Hi","reasoning_content":null},"logprobs":null,"finish_reason":null}]}',
          '{"id":"fa7e","object":"chat.completion.chunk","created":1738492867,"model":"deepseek-reasoner","choices":[{"index":0,"delta":{"content":""},"logprobs":null,"finish_reason":"stop"}],"usage":{"prompt_tokens":10,"completion_tokens":5,"total_tokens":15}}',
          '[DONE]',
        ),
      'DeepSeek',
    )
    expect(r.chunks.map((c) => c.choices[0].delta)).toStrictEqual([
      { role: 'assistant' },
      { reasoning: 'Okay' },
      { content: 'Hi' },
      {},
    ])
    expect(r.chunks[3]?.choices[0].finish_reason).toBe('stop')
    expect(r.chunks[3]?.usage).toStrictEqual({ prompt_tokens: 10, completion_tokens: 5, total_tokens: 15 })
  })

  it('keeps the role Ollama repeats in every delta and reads delta.reasoning', () => {
    const chunk = (delta: string, finish = 'null'): string =>
      `{"id":"chatcmpl-7","object":"chat.completion.chunk","created":1,"model":"qwen3","system_fingerprint":"fp_ollama","choices":[{"index":0,"delta":${delta},"finish_reason":${finish}}]}`
    const r = run(
      events(
        chunk('{"role":"assistant","content":"","reasoning":"Hmm"}'),
        chunk('{"role":"assistant","content":"Yes"}'),
        chunk('{"role":"assistant","content":""}', '"stop"'),
        '[DONE]',
      ),
      'Ollama',
    )
    expect(r.chunks.map((c) => c.choices[0].delta)).toStrictEqual([
      { role: 'assistant', reasoning: 'Hmm' },
      { role: 'assistant', content: 'Yes' },
      { role: 'assistant' },
    ])
    expect(reasoning(r)).toBe('Hmm')
  })

  it('absorbs Azure prompt-filter and annotation chunks and keeps the reply id on later chunks', () => {
    const r = run(
      events(
        '{"choices":[],"created":0,"id":"","model":"","object":"","prompt_filter_results":[{"prompt_index":0,"content_filter_results":{"hate":{"filtered":false,"severity":"safe"}}}]}',
        '{"choices":[{"content_filter_results":{},"delta":{"content":"","role":"assistant"},"finish_reason":null,"index":0,"logprobs":null}],"created":1736407895,"id":"chatcmpl-An","model":"gpt-4o-mini","object":"chat.completion.chunk"}',
        '{"choices":[{"content_filter_results":{"hate":{"filtered":false,"severity":"safe"}},"delta":{"content":"-"},"finish_reason":null,"index":0,"logprobs":null}],"created":1736407895,"id":"chatcmpl-An","model":"gpt-4o-mini","object":"chat.completion.chunk"}',
        '{"id":"","object":"","created":0,"model":"","choices":[{"index":0,"finish_reason":null,"content_filter_results":{"hate":{"filtered":false,"severity":"safe"}},"content_filter_offsets":{"check_offset":44,"start_offset":44,"end_offset":198}}],"usage":null}',
        '{"id":"","object":"","created":0,"model":"","choices":[{"index":0,"finish_reason":"content_filter","delta":{}}]}',
        '[DONE]',
      ),
      'Azure',
    )
    expect(r.error).toBeUndefined()
    expect(r.chunks.map((c) => c.choices[0].delta)).toStrictEqual([
      { role: 'assistant' },
      { content: '-' },
      {},
    ])
    expect(finishes(r)).toEqual([null, null, 'content_filter'])
    expect(r.chunks[2]?.id).toBe('chatcmpl-An')
    expect(r.chunks[2]?.model).toBe('gpt-4o-mini')
    expect(r.chunks[2]?.created).toBe(1736407895)
  })

  it('reads text parts of a content array', () => {
    const r = run(
      events(
        '{"choices":[{"delta":{"content":[{"type":"text","text":"a"},{"type":"image"},{"type":"text","text":"b"}]}}]}',
      ),
    )
    expect(text(r)).toBe('ab')
  })
})
