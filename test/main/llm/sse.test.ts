import { describe, it, expect } from 'vitest'
import { SseDecoder } from '../../../src/main/llm/sse'
import type { SseEvent } from '../../../src/main/llm/sse'

const utf8 = new TextEncoder()

/** Feeds the reads one by one, then ends the stream. */
function decode(reads: (string | Uint8Array)[]): SseEvent[] {
  const decoder = new SseDecoder()
  const events: SseEvent[] = []
  for (const r of reads) events.push(...decoder.push(typeof r === 'string' ? utf8.encode(r) : r))
  events.push(...decoder.end())
  return events
}

/** Plain copies, compared field by field. */
function plain(events: readonly SseEvent[]): { event: string; data: string }[] {
  return events.map((e) => ({ event: e.event, data: e.data }))
}

describe('SseDecoder', () => {
  it('decodes several whole events from one read, in order', () => {
    const decoder = new SseDecoder()
    const events = decoder.push(utf8.encode('data: {"a":1}\n\ndata: {"a":2}\n\ndata: [DONE]\n\n'))
    expect(plain(events)).toEqual([
      { event: 'message', data: '{"a":1}' },
      { event: 'message', data: '{"a":2}' },
      { event: 'message', data: '[DONE]' },
    ])
    expect(decoder.end()).toEqual([])
  })

  it('returns nothing until the blank line arrives', () => {
    const decoder = new SseDecoder()
    expect(decoder.push(utf8.encode('data: x\n'))).toEqual([])
    expect(plain(decoder.push(utf8.encode('\n')))).toEqual([{ event: 'message', data: 'x' }])
  })

  it('accepts LF, CRLF, CR and mixed line endings', () => {
    const expected = [
      { event: 'message', data: 'a' },
      { event: 'message', data: 'b' },
    ]
    expect(plain(decode(['data: a\n\ndata: b\n\n']))).toEqual(expected)
    // Gemini ends its events with CRLF.
    expect(plain(decode(['data: a\r\n\r\ndata: b\r\n\r\n']))).toEqual(expected)
    expect(plain(decode(['data: a\r\rdata: b\r\r']))).toEqual(expected)
    expect(plain(decode(['data: a\r\n\rdata: b\n\r\n']))).toEqual(expected)
  })

  it('treats a CR ending one read and an LF starting the next as one line ending', () => {
    // Two line endings here would end the event after "a".
    expect(plain(decode(['data: a\r', '\ndata: b\r\n\r\n']))).toEqual([{ event: 'message', data: 'a\nb' }])
    // Also when an empty read comes in between.
    expect(plain(decode(['data: a\r', new Uint8Array(0), '\ndata: b\n\n']))).toEqual([
      { event: 'message', data: 'a\nb' },
    ])
  })

  it('keeps a lone CR at the end of a read as a line ending', () => {
    expect(plain(decode(['data: a\r', '\r', 'data: b\r', '\r']))).toEqual([
      { event: 'message', data: 'a' },
      { event: 'message', data: 'b' },
    ])
  })

  it('strips one leading byte-order mark, even split across reads', () => {
    expect(plain(decode(['\uFEFFdata: x\n\n']))).toEqual([{ event: 'message', data: 'x' }])
    expect(plain(decode([new Uint8Array([0xef]), new Uint8Array([0xbb, 0xbf]), 'data: x\n\n']))).toEqual([
      { event: 'message', data: 'x' },
    ])
    // Only once: a second BOM makes the field name "\uFEFFdata", which is unknown, so nothing is dispatched.
    expect(decode(['\uFEFF\uFEFFdata: x\n\n'])).toEqual([])
    // And a BOM inside the data is data.
    expect(plain(decode(['data: \uFEFFx\n\n']))).toEqual([{ event: 'message', data: '\uFEFFx' }])
  })

  it('ignores comment lines, including keep-alives before and between events', () => {
    const text = ': OPENROUTER PROCESSING\n\n: keep-alive\ndata: a\n: in between\n\n:\n\n'
    expect(plain(decode([text]))).toEqual([{ event: 'message', data: 'a' }])
  })

  it('removes exactly one space after the colon', () => {
    expect(plain(decode(['data:x\n\n', 'data:  y\n\n', 'data:\n\n']))).toEqual([
      { event: 'message', data: 'x' },
      { event: 'message', data: ' y' },
      { event: 'message', data: '' },
    ])
  })

  it('joins multiple data lines with LF', () => {
    expect(plain(decode(['data: one\ndata:two\ndata\ndata: three\n\n']))).toEqual([
      { event: 'message', data: 'one\ntwo\n\nthree' },
    ])
  })

  it('reads the event field, defaulting to "message", and resets it after each event', () => {
    const text = 'event: message_start\ndata: {}\n\ndata: plain\n\nevent:\ndata: empty name\n\n'
    expect(plain(decode([text]))).toEqual([
      { event: 'message_start', data: '{}' },
      { event: 'message', data: 'plain' },
      { event: 'message', data: 'empty name' },
    ])
  })

  it('does not dispatch an event without a data field, nor let its name leak into the next', () => {
    expect(plain(decode(['event: ping\n\nid: 7\n\ndata: x\n\n']))).toEqual([{ event: 'message', data: 'x' }])
  })

  it('ignores retry and unknown fields', () => {
    expect(plain(decode(['retry: 1000\nfoo: bar\nbaz\ndata: x\n\n']))).toEqual([
      { event: 'message', data: 'x' },
    ])
  })

  it('delivers a last event whose blank line never came, when the stream ends', () => {
    expect(plain(decode(['data: a\n\ndata: b\n']))).toEqual([
      { event: 'message', data: 'a' },
      { event: 'message', data: 'b' },
    ])
    expect(plain(decode(['data: [DONE]']))).toEqual([{ event: 'message', data: '[DONE]' }])
    expect(decode([': only a comment'])).toEqual([])
  })

  it('decodes UTF-8 split across reads, and flags a sequence cut off at the end', () => {
    const bytes = utf8.encode('data: Привет 👋\n\n')
    expect(plain(decode([...bytes].map((b) => new Uint8Array([b]))))).toEqual([
      { event: 'message', data: 'Привет 👋' },
    ])
    // The stream ends in the middle of the emoji.
    expect(plain(decode([utf8.encode('data: x👋').slice(0, -2)]))).toEqual([
      { event: 'message', data: 'x\uFFFD' },
    ])
  })

  it('decodes an event identically whatever single split point the reads have', () => {
    const text =
      '\uFEFF: keep-alive\r\nevent: delta\r\ndata: {"text":"Привет, мир 👋🏽"}\r\ndata:second line\r\n\r\n' +
      'data: ёжик\rdata: 🎉\r\rdata: last\n\n'
    const bytes = utf8.encode(text)
    const whole = decode([bytes])
    expect(plain(whole)).toEqual([
      { event: 'delta', data: '{"text":"Привет, мир 👋🏽"}\nsecond line' },
      { event: 'message', data: 'ёжик\n🎉' },
      { event: 'message', data: 'last' },
    ])
    for (let i = 0; i <= bytes.length; i++) {
      expect(decode([bytes.slice(0, i), bytes.slice(i)]), `split at byte ${i}`).toEqual(whole)
    }
  })

  it('decodes identically with two split points anywhere, and in one-byte reads', () => {
    const bytes = utf8.encode('data: Ж👋\r\n\r\ndata: a\rdata: b\r\r')
    const whole = decode([bytes])
    expect(whole).toHaveLength(2)
    for (let i = 0; i <= bytes.length; i++) {
      for (let j = i; j <= bytes.length; j++) {
        expect(decode([bytes.slice(0, i), bytes.slice(i, j), bytes.slice(j)]), `split at ${i}, ${j}`).toEqual(
          whole,
        )
      }
    }
    expect(decode([...bytes].map((b) => new Uint8Array([b])))).toEqual(whole)
  })

  it('finishes a 256 KiB event fed one byte at a time (linear, no rescanning)', () => {
    // A decoder that re-copies or rescans its buffer per read does ~3·10^10 steps here and times out.
    const payload = 'é'.repeat(128 * 1024)
    const bytes = utf8.encode(`data: ${payload}\n\n`)
    const decoder = new SseDecoder()
    const events: SseEvent[] = []
    for (let i = 0; i < bytes.length; i++) events.push(...decoder.push(bytes.subarray(i, i + 1)))
    events.push(...decoder.end())
    expect(events).toHaveLength(1)
    expect(events[0]?.data.length).toBe(payload.length)
    expect(events[0]?.data === payload).toBe(true)
  })

  it('finishes a large event made of many data lines in tiny reads', () => {
    const lines = Array.from({ length: 20_000 }, (_, i) => `data: ${i}\r\n`).join('')
    const bytes = utf8.encode(`${lines}\r\n`)
    const decoder = new SseDecoder()
    const events: SseEvent[] = []
    for (let i = 0; i < bytes.length; i += 3) events.push(...decoder.push(bytes.subarray(i, i + 3)))
    events.push(...decoder.end())
    expect(events).toHaveLength(1)
    const data = events[0]?.data.split('\n') ?? []
    expect(data).toHaveLength(20_000)
    expect(data[19_999]).toBe('19999')
  })

  it('can be reused after end()', () => {
    const decoder = new SseDecoder()
    decoder.push(utf8.encode('id: 1\ndata: a'))
    expect(plain(decoder.end())).toEqual([{ event: 'message', data: 'a' }])
    expect(plain(decoder.push(utf8.encode('\uFEFFdata: b\n\n')))).toEqual([{ event: 'message', data: 'b' }])
  })
})
