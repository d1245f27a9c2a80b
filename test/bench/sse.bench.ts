/**
 * SSE decoding throughput: SseDecoder vs eventsource-parser, and the full path
 * (decode + JSON.parse + map) vs the `openai` package's Stream.
 * Run: node --import tsx test/bench/sse.bench.ts   (prints numbers; asserts nothing about time)
 */

import { createParser } from 'eventsource-parser'
import { Stream } from 'openai/streaming'
import { DONE, OpenAIStreamMapper } from '../../src/main/llm/openai-stream'
import { SseDecoder } from '../../src/main/llm/sse'

const EVENTS = 200_000
const ROUNDS = 5

/** A realistic OpenAI stream: ~300-byte events, one token each, mixed scripts. */
function buildStream(): Uint8Array {
  const words = ['Hello', ' world', ',', ' Привет', ' мир', ' 👋', ' the', ' quick', ' brown', ' fox', '\\n']
  const parts: string[] = []
  for (let i = 0; i < EVENTS; i++) {
    const word = words[i % words.length] ?? ''
    parts.push(
      `data: {"id":"chatcmpl-B9MBs8CjcvOU2jLn4n570S5qMJKcT","object":"chat.completion.chunk","created":1741569952,` +
        `"model":"gpt-4o-2024-08-06","service_tier":"default","system_fingerprint":"fp_f9f4fb6dbf",` +
        `"choices":[{"index":0,"delta":{"content":"${word}"},"logprobs":null,"finish_reason":null}],` +
        `"usage":null,"obfuscation":"${'x'.repeat(i % 9)}"}\n\n`,
    )
  }
  parts.push('data: [DONE]\n\n')
  return new TextEncoder().encode(parts.join(''))
}

/** Splits into reads of `size` bytes, or random sizes 1..`size` when `random`. */
function split(bytes: Uint8Array, size: number, random: boolean): Uint8Array[] {
  let seed = 42
  const next = (): number => {
    seed = (Math.imul(seed, 1103515245) + 12345) & 0x7fffffff
    return 1 + (seed % size)
  }
  const reads: Uint8Array[] = []
  for (let i = 0; i < bytes.length; ) {
    const n = random ? next() : size
    reads.push(bytes.subarray(i, i + n))
    i += n
  }
  return reads
}

function ours(reads: Uint8Array[]): number {
  const decoder = new SseDecoder()
  let n = 0
  for (const r of reads) n += decoder.push(r).length
  return n + decoder.end().length
}

function theirs(reads: Uint8Array[]): number {
  let n = 0
  const parser = createParser({ onEvent: () => void n++ })
  const text = new TextDecoder()
  for (const r of reads) parser.feed(text.decode(r, { stream: true }))
  parser.feed(text.decode())
  parser.reset({ consume: true })
  return n
}

function oursFull(reads: Uint8Array[]): number {
  const decoder = new SseDecoder()
  const mapper = new OpenAIStreamMapper('bench')
  let n = 0
  for (const r of reads) {
    for (const ev of decoder.push(r)) {
      const c = mapper.map(ev)
      if (c === DONE) return n
      if (c) n++
    }
  }
  return n
}

/** What the provider code does: an async generator over the body, yielding mapped chunks. */
async function oursFullAsync(reads: Uint8Array[]): Promise<number> {
  async function* body(): AsyncGenerator<Uint8Array> {
    for (const r of reads) yield r
  }
  async function* chunks(): AsyncGenerator<unknown> {
    const decoder = new SseDecoder()
    const mapper = new OpenAIStreamMapper('bench')
    for await (const bytes of body()) {
      for (const ev of decoder.push(bytes)) {
        const c = mapper.map(ev)
        if (c === DONE) return
        if (c) yield c
      }
    }
  }
  let n = 0
  for await (const _ of chunks()) n++
  return n
}

async function openaiFull(reads: Uint8Array[]): Promise<number> {
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      for (const r of reads) controller.enqueue(r)
      controller.close()
    },
  })
  const stream = Stream.fromSSEResponse(new Response(body), new AbortController())
  let n = 0
  for await (const _ of stream) n++
  return n
}

async function measure(fn: () => number | Promise<number>): Promise<{ perSec: number; ms: number }> {
  let best = Infinity
  let count = 0
  await fn() // warm-up
  for (let i = 0; i < ROUNDS; i++) {
    const t0 = performance.now()
    count = await fn()
    best = Math.min(best, performance.now() - t0)
  }
  return { perSec: (count / best) * 1000, ms: best }
}

const bytes = buildStream()
const runs: [string, Uint8Array[]][] = [
  ['16 KiB reads', split(bytes, 16 * 1024, false)],
  ['random 1-64 B reads', split(bytes, 64, true)],
]
console.log(`${EVENTS} events, ${(bytes.length / 1e6).toFixed(1)} MB, best of ${ROUNDS}`)
console.log('reads                | path                                   |     events/s |      ms | vs ref')
for (const [label, reads] of runs) {
  const rows: [string, () => number | Promise<number>][] = [
    ['eventsource-parser (+TextDecoder)', () => theirs(reads)],
    ['SseDecoder', () => ours(reads)],
    ['openai Stream (decode+parse)', () => openaiFull(reads)],
    ['SseDecoder+map, sync', () => oursFull(reads)],
    ['SseDecoder+map, async generator', () => oursFullAsync(reads)],
  ]
  let ref = 0
  for (const [i, [name, fn]] of rows.entries()) {
    const { perSec, ms } = await measure(fn)
    if (i === 0 || i === 2) ref = perSec
    const ratio = i === 0 || i === 2 ? '   1.00' : `${(perSec / ref).toFixed(2).padStart(6)}x`
    console.log(
      `${label.padEnd(20)} | ${name.padEnd(38)} | ${Math.round(perSec).toLocaleString('en').padStart(12)} | ${ms.toFixed(0).padStart(7)} | ${ratio}`,
    )
  }
}
