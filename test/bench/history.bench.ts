/**
 * History benchmark: npm run bench:history
 * (`node --import tsx --import ./test/mocks/register-electron-mock.ts test/bench/history.bench.ts`).
 *
 * Generates 10 and 10,000 conversations of 20 messages on disk (written directly, as a previous run would
 * have left them), then measures with the real storage code, real electron-store and the real disk:
 *   - opening the index: a new ConversationRepository, then list();
 *   - appending one message to one conversation, write to disk included (median of many);
 * and, for context, compacting the index, a full-text search and rebuilding a lost index.
 * No assertions: the figures go in the note. Goals: append ratio 10,000 / 10 ≤ 1.5; open < 200 ms at 10,000.
 *
 * `electron` resolves to test/mocks/electron.ts (register-electron-mock.ts; electron-store imports it for
 * app.getPath); nothing else of Electron is involved.
 */
import { execFileSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { monitorEventLoopDelay, performance } from 'node:perf_hooks'
import type { Conversation, ConversationSummary, Message } from '../../src/shared/domain'
import { appMock } from '../mocks/electron'
import { ConversationRepository } from '../../src/main/storage/conversation-repository'

const SIZES = [10, 10_000]
const MESSAGES_PER_CONVERSATION = 20
const OPEN_RUNS = 7
const APPENDS = 200

const USER_TEXT =
  'How do I route only some hosts through the SOCKS5 proxy while the rest goes direct? '.repeat(2)
const ASSISTANT_TEXT =
  'You can list the hosts that bypass the proxy. Requests to those hosts go direct; the rest use the proxy. '.repeat(
    6,
  )

function makeConversation(i: number): Conversation {
  const base = 1_700_000_000_000 + i * 60_000
  const messages: Message[] = []
  for (let m = 0; m < MESSAGES_PER_CONVERSATION; m++) {
    const user = m % 2 === 0
    messages.push({
      id: `msg-${i}-${m}`,
      role: user ? 'user' : 'assistant',
      content: `${user ? USER_TEXT : ASSISTANT_TEXT} (${i}.${m})`,
      createdAt: base + m * 1000,
      status: 'done',
      ...(user ? {} : { meta: { providerId: 'openai', model: 'gpt-4o-mini', durationMs: 1234 } }),
    })
  }
  return {
    id: `bench-${String(i).padStart(8, '0')}`,
    title: `Conversation number ${i}`,
    createdAt: base,
    updatedAt: base + MESSAGES_PER_CONVERSATION * 1000,
    model: { providerId: 'openai', model: 'gpt-4o-mini' },
    systemPrompt: '',
    messages,
  }
}

/** Conversation files and a flushed index, in the formats the app writes. */
function generate(dir: string, count: number): string {
  const conversationsDir = join(dir, 'conversations')
  mkdirSync(conversationsDir, { recursive: true })
  const summaries: ConversationSummary[] = []
  let bytes = 0
  for (let i = 0; i < count; i++) {
    const c = makeConversation(i)
    const text = JSON.stringify({ schemaVersion: 1, ...c })
    bytes += text.length
    writeFileSync(join(conversationsDir, `${c.id}.json`), text)
    const { messages, systemPrompt: _prompt, ...rest } = c
    summaries.push({ ...rest, messageCount: messages.length })
  }
  const index = JSON.stringify({ schemaVersion: 1, conversations: summaries })
  writeFileSync(join(dir, 'conversation-index.json'), index)
  return `${(bytes / 1e6).toFixed(1)} MB of conversations, index ${(index.length / 1e6).toFixed(2)} MB`
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.floor(s.length / 2)] ?? NaN
}
const percentile = (xs: number[], p: number): number => {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.min(s.length - 1, Math.floor(s.length * p))] ?? NaN
}

interface Figures {
  files: string
  openMs: number
  appendMedianMs: number
  appendP95Ms: number
  compactMs: number
  searchMs: number
  searchMaxBlockMs: number
  rebuildMs: number
}

function settleDisk(): void {
  if (process.platform !== 'win32') execFileSync('sync')
}

async function measure(count: number): Promise<Figures> {
  const dir = mkdtempSync(join(tmpdir(), `proxychat-bench-${count}-`))
  appMock.setUserData(dir)
  try {
    const files = generate(dir, count)
    // Writing 100 MB leaves the kernel flushing dirty pages for seconds, which would slow every fsync measured
    // below: wait for the disk to settle, so both sizes are measured in the same steady state.
    settleDisk()
    const options = { dataDir: dir, onNotice: () => {} }

    const opens: number[] = []
    for (let run = 0; run < OPEN_RUNS; run++) {
      const t0 = performance.now()
      const repository = await ConversationRepository.open(options)
      const list = repository.list()
      opens.push(performance.now() - t0)
      if (list.length !== count) throw new Error(`listed ${list.length} of ${count}`)
    }

    const repository = await ConversationRepository.open(options)
    const target = makeConversation(Math.floor(count / 2)).id
    repository.get(target) // loaded once, as when the user opens it; the appends are what is timed
    const appends: number[] = []
    for (let i = 0; i < APPENDS; i++) {
      const message: Message = {
        id: `new-${i}`,
        role: 'user',
        content: USER_TEXT,
        createdAt: Date.now(),
        status: 'done',
      }
      const t0 = performance.now()
      repository.appendMessage(target, message)
      appends.push(performance.now() - t0)
    }

    let t0 = performance.now()
    repository.flush()
    const compactMs = performance.now() - t0

    const delay = monitorEventLoopDelay({ resolution: 1 })
    delay.enable()
    t0 = performance.now()
    const hits = await repository.search('this phrase is nowhere')
    const searchMs = performance.now() - t0
    delay.disable()
    if (hits.length !== 0) throw new Error('unexpected search hits')

    rmSync(join(dir, 'conversation-index.json'))
    t0 = performance.now()
    const rebuilt = await ConversationRepository.open(options)
    const rebuildMs = performance.now() - t0
    if (rebuilt.list().length !== count) throw new Error('rebuild lost conversations')

    return {
      files,
      openMs: median(opens),
      appendMedianMs: median(appends),
      appendP95Ms: percentile(appends, 0.95),
      compactMs,
      searchMs,
      searchMaxBlockMs: delay.max / 1e6,
      rebuildMs,
    }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

const results = new Map<number, Figures>()
for (const size of SIZES) {
  process.stdout.write(`measuring ${size} conversations…\n`)
  results.set(size, await measure(size))
}

const [small, large] = SIZES.map((s) => results.get(s) as Figures) as [Figures, Figures]
const ms = (x: number): string => `${x.toFixed(2)} ms`
const rows: [string, (f: Figures) => number][] = [
  ['open index (new repository + list()), median', (f) => f.openMs],
  ['append one message, median (write included)', (f) => f.appendMedianMs],
  ['append one message, p95', (f) => f.appendP95Ms],
  ['index compaction (every 500 changes, at quit)', (f) => f.compactMs],
  ['search, full scan, no hit', (f) => f.searchMs],
  ['  longest event-loop block during search', (f) => f.searchMaxBlockMs],
  ['rebuild a lost index from the files', (f) => f.rebuildMs],
]
const pad = (s: string, n: number): string => s.padEnd(n)
console.log(
  `\nNode ${process.version}, ${process.platform}; ${MESSAGES_PER_CONVERSATION} messages per conversation`,
)
console.log(`  10:     ${small.files}\n  10,000: ${large.files}\n`)
console.log(`${pad('', 48)}${pad('10 conv.', 14)}${pad('10,000 conv.', 14)}ratio`)
for (const [label, pick] of rows) {
  const a = pick(small)
  const b = pick(large)
  console.log(`${pad(label, 48)}${pad(ms(a), 14)}${pad(ms(b), 14)}${a > 0 ? (b / a).toFixed(2) : '–'}`)
}
console.log(
  `\nGoals: append ratio ≤ 1.5 (measured ${(large.appendMedianMs / small.appendMedianMs).toFixed(2)}); ` +
    `open at 10,000 < 200 ms (measured ${large.openMs.toFixed(1)} ms).`,
)

/* ----------------------------------------------- deltas reaching the page while streaming fast */

/**
 * The real backend and chat service, a fake provider sending 3,000 chunks a second for 3 s: how many delta
 * messages the page would receive, per second and in the busiest one-second window.
 */
async function measureCoalescing(): Promise<{
  chunks: number
  deltas: number
  seconds: number
  maxPerSecond: number
}> {
  const { startFakeProvider } = await import('../fixtures/fake-provider')
  const { startTestBackend } = await import('../fixtures/backend')
  const chunks = 9_000
  const fake = await startFakeProvider()
  const dir = mkdtempSync(join(tmpdir(), 'proxychat-coalesce-'))
  try {
    const test = await startTestBackend({ userDataDir: dir })
    const { backend } = test
    await backend.settings.update({
      providers: [{ id: 'fake', kind: 'custom', name: 'Fake', baseURL: fake.baseURL, enabled: true }],
      defaultModel: { providerId: 'fake', model: 'gpt-4o-mini' },
    })
    fake.enqueue({ text: Array.from({ length: chunks }, (_, i) => ` t${i}`), ratePerSecond: 3_000 })
    const conversation = await backend.conversations.create()
    const started = await backend.chat.send({ conversationId: conversation.id, content: 'fast' })
    while (!test.streamEvents().some((e) => e.streamId === started.streamId && e.type === 'done')) {
      await new Promise((resolve) => setTimeout(resolve, 50))
    }
    const times = test.events
      .filter((e) => e.channel === 'event:stream' && (e.payload as { type: string }).type === 'delta')
      .map((e) => e.at)
    let maxPerSecond = 0
    for (let i = 0, j = 0; i < times.length; i++) {
      while ((times[i] ?? 0) - (times[j] ?? 0) >= 1000) j++
      maxPerSecond = Math.max(maxPerSecond, i - j + 1)
    }
    await test.shutdown()
    return {
      chunks,
      deltas: times.length,
      seconds: ((times.at(-1) ?? 0) - (times[0] ?? 0)) / 1000,
      maxPerSecond,
    }
  } finally {
    await fake.close()
    rmSync(dir, { recursive: true, force: true })
  }
}

const coalescing = await measureCoalescing()
console.log(
  `\nStreaming: ${coalescing.chunks.toLocaleString('en-US')} chunks at 3,000/s became ${coalescing.deltas} delta ` +
    `messages over ${coalescing.seconds.toFixed(2)} s (${(coalescing.deltas / coalescing.seconds).toFixed(1)}/s); ` +
    `busiest second: ${coalescing.maxPerSecond} (goal ≤ 60 per second).`,
)
