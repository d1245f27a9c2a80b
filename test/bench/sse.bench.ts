/**
 * SSE decoding throughput: our SseDecoder (an adapter over eventsource-parser) vs the parser alone, and the full path
 * (decode + JSON.parse + map) vs the `openai` package's Stream.
 * Run: node --import tsx test/bench/sse.bench.ts   (prints numbers; asserts nothing about time)
 */

import { createParser } from 'eventsource-parser'
import { Stream } from 'openai/streaming'
import { DONE, OpenAIStreamMapper } from '../../src/main/llm/openai-stream'
import { SseDecoder } from '../../src/main/llm/sse'

const EVENTS = 200_000
// Tiny reads cost ~100 ns each in TextDecoder alone; a quarter of the stream keeps the run short.
const TINY_EVENTS = 50_000
// Enough rounds for the median to repeat within a few per cent from run to run.
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 15)

/** A realistic OpenAI stream: ~300-byte events, one token each, mixed scripts. */
function buildStream(events: number): Uint8Array {
  const words = ['Hello', ' world', ',', ' Привет', ' мир', ' 👋', ' the', ' quick', ' brown', ' fox', '\\n']
  const parts: string[] = []
  for (let i = 0; i < events; i++) {
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
  for (let i = 0; i < bytes.length;) {
    const n = random ? next() : size
    reads.push(bytes.subarray(i, i + n))
    i += n
  }
  return reads
}

/** The floor every decoder pays: UTF-8 to string. */
function utf8Only(reads: Uint8Array[], events: number): number {
  const text = new TextDecoder()
  let n = 0
  for (const r of reads) n += text.decode(r, { stream: true }).length
  return n > 0 ? events : 0
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
  // One read per pull, like a socket: enqueuing every read up front makes web streams quadratic.
  let next = 0
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      const r = reads[next++]
      if (r) controller.enqueue(r)
      else controller.close()
    },
  })
  const stream = Stream.fromSSEResponse(new Response(body), new AbortController())
  let n = 0
  for await (const _ of stream) n++
  return n
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  return sorted.length % 2 === 1 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2
}

interface Row {
  name: string
  run: () => number | Promise<number>
  isRef: boolean
}

/**
 * Rows are run interleaved, one after another in every round, and each row's ratio is taken against the
 * reference row of the same round: drift in the machine's speed then cancels out of the ratio.
 */
async function measureRows(
  rows: Row[],
): Promise<{ name: string; perSec: number; ms: number; ratio: number; ratios: number[] }[]> {
  for (const row of rows) await row.run() // warm-up
  const times = rows.map(() => [] as number[])
  const ratios = rows.map(() => [] as number[])
  const counts = rows.map(() => 0)
  for (let round = 0; round < ROUNDS; round++) {
    const rates: number[] = []
    for (const [i, row] of rows.entries()) {
      const t0 = performance.now()
      const count = await row.run()
      const ms = performance.now() - t0
      counts[i] = count
      times[i]?.push(ms)
      rates.push(count / ms)
    }
    let ref = 0
    for (const [i, row] of rows.entries()) {
      if (row.isRef) ref = rates[i] ?? 0
      ratios[i]?.push((rates[i] ?? 0) / ref)
    }
  }
  return rows.map((row, i) => {
    const ms = median(times[i] ?? [])
    return {
      name: row.name,
      ms,
      perSec: ((counts[i] ?? 0) / ms) * 1000,
      ratio: median(ratios[i] ?? []),
      ratios: ratios[i] ?? [],
    }
  })
}

const big = buildStream(EVENTS)
const small = buildStream(TINY_EVENTS)
const runs: [string, Uint8Array[], number][] = [
  [`16 KiB reads, ${EVENTS / 1000}k ev`, split(big, 16 * 1024, false), EVENTS],
  [`1-64 B reads, ${TINY_EVENTS / 1000}k ev`, split(small, 64, true), TINY_EVENTS],
]
console.log(
  `~${Math.round(big.length / EVENTS)} bytes per event; medians of ${ROUNDS} interleaved rounds. ` +
    'Ratios are per-round ratios against the row marked 1.00 just above it, then the median; the range is min–max.',
)
console.log(
  'reads                 | path                              |   events/s |     ms |  ratio | range',
)
for (const [label, reads, events] of runs) {
  const rows: Row[] = [
    { name: 'eventsource-parser + TextDecoder', run: () => theirs(reads), isRef: true },
    { name: 'SseDecoder', run: () => ours(reads), isRef: false },
    { name: '(TextDecoder alone: the floor)', run: () => utf8Only(reads, events), isRef: false },
    { name: 'openai Stream (decode + JSON)', run: () => openaiFull(reads), isRef: true },
    { name: 'SseDecoder + map, sync', run: () => oursFull(reads), isRef: false },
    { name: 'SseDecoder + map, async generator', run: () => oursFullAsync(reads), isRef: false },
  ]
  for (const row of await measureRows(rows)) {
    const isRef = rows.find((r) => r.name === row.name)?.isRef ?? false
    const ratio = isRef ? '1.00' : `${row.ratio.toFixed(2)}x`
    const range = isRef ? '' : `${Math.min(...row.ratios).toFixed(2)}–${Math.max(...row.ratios).toFixed(2)}`
    console.log(
      `${label.padEnd(21)} | ${row.name.padEnd(33)} | ${Math.round(row.perSec).toLocaleString('en').padStart(10)} | ${row.ms.toFixed(0).padStart(6)} | ${ratio.padStart(6)} | ${range}`,
    )
  }
}
