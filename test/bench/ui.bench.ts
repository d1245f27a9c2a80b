/**
 * npm run bench:ui — the renderer in headless Chromium (the e2e harness: real services, built renderer):
 *   (a) a 20,000-token reply streamed at 1,000 tokens/s into a conversation with 500 earlier messages:
 *       long tasks, frame gaps (requestAnimationFrame), total time;
 *   (b) opening a conversation of 2,000 messages: click in the sidebar → its last message painted (visible,
 *       in the list's viewport);
 *       and one of 2,000 messages with 10 branches (reply versions), its visible branch;
 *   (c) the renderer JavaScript loaded at startup, gzipped.
 * Prints measured numbers next to the goals; asserts nothing.
 * Run after `npm run build`, with `electron` resolved to the mock:
 *   node --import tsx --import ./test/mocks/register-electron-mock.ts test/bench/ui.bench.ts
 * BENCH_PROFILE=1 adds a CPU profile of the stream (self time by function), to find what is slow.
 */
import { readFile } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { gzipSync } from 'node:zlib'
import type { CDPSession, Page } from 'playwright-core'
import { startFakeProvider } from '../fixtures/fake-provider'
import { closeBrowser, launchApp } from '../e2e/harness'
import { addProviderQuickly, conversation, exportEnvelope, newDataDir, removeDataDirs } from '../e2e/helpers'
import { branchedConversation, longConversation, replyPieces } from './ui/content'
import { PROBES } from './ui/probes'

const ROOT = resolve(import.meta.dirname, '../..')
const TOKENS = Number(process.env.BENCH_TOKENS ?? 20_000)
const RATE = Number(process.env.BENCH_RATE ?? 1000)
const OPEN_RUNS = Number(process.env.BENCH_OPEN_RUNS ?? 7)
const PROFILE = process.env.BENCH_PROFILE === '1'

const MARK_500 = 'END-OF-CONVERSATION-500'
const MARK_2000 = 'END-OF-CONVERSATION-2000'
const MARK_BRANCHED = 'END-OF-BRANCHED-CONVERSATION'
const MARK_SMALL = 'END-OF-SMALL-CONVERSATION'

interface LongTask {
  start: number
  duration: number
}

interface OpenTiming {
  /** When the first answer that loads messages (getTail, get) reached the page. */
  ipc: number
  dom: number
  frame: number
  painted: number
}

declare global {
  interface Window {
    __bench: {
      start(): number
      stop(): { longTasks: LongTask[]; frames: number[]; at: number }
      open(title: string, marker: string): Promise<OpenTiming>
    }
  }
}

function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN
}

const median = (values: number[]): number => percentile(values, 50)

function openRows(
  bridge: string,
  { opens, ipc }: { opens: OpenTiming[]; ipc: number[] },
  goal: string,
  what = '2,000 messages',
): string[][] {
  const painted = opens.map((o) => o.painted)
  return [
    [
      `(b) open ${what}, ${bridge}: click → painted, median of ${opens.length}`,
      `${ms(median(painted))} (min ${ms(Math.min(...painted))}, max ${ms(Math.max(...painted))})`,
      goal,
    ],
    [
      '(b)   first answer in the page / in the DOM / next frame / conversations.get alone',
      `${ms(median(opens.map((o) => o.ipc)))} / ${ms(median(opens.map((o) => o.dom)))} / ${ms(median(opens.map((o) => o.frame)))} / ${ms(median(ipc))}`,
      '—',
    ],
  ]
}
const ms = (value: number): string => `${value.toFixed(1)} ms`
const kb = (bytes: number): string => `${(bytes / 1024).toFixed(1)} KB`

function table(rows: string[][]): string {
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((row) => (row[i] ?? '').length))) ?? []
  const line = (row: string[]): string =>
    `| ${row.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join(' | ')} |`
  return [
    line(rows[0] ?? []),
    `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`,
    ...rows.slice(1).map(line),
  ].join('\n')
}

/** (c) Every script and modulepreload of the built index.html, gzipped. */
async function initialJavaScript(): Promise<{ files: { name: string; raw: number; gzip: number }[] }> {
  const dir = join(ROOT, 'out/renderer')
  const html = await readFile(join(dir, 'index.html'), 'utf8')
  const refs = [
    ...html.matchAll(/<script\b[^>]*\bsrc="([^"]+)"/g),
    ...html.matchAll(/<link\b[^>]*\brel="modulepreload"[^>]*\bhref="([^"]+)"/g),
  ].map((m) => m[1] ?? '')
  const files = []
  for (const ref of new Set(refs)) {
    const body = await readFile(join(dir, ref))
    files.push({
      name: ref.replace(/^\.\//, ''),
      raw: body.length,
      gzip: gzipSync(body, { level: 9 }).length,
    })
  }
  return { files }
}

/** Self time by function over a CPU profile, the heaviest first. */
function heaviest(profile: {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number } }[]
  samples: number[]
  timeDeltas: number[]
}): string[][] {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]))
  const self = new Map<string, number>()
  profile.samples.forEach((id, i) => {
    const node = byId.get(id)
    if (!node) return
    const { functionName, url, lineNumber } = node.callFrame
    const file = url.split('/').pop() ?? ''
    const key = `${functionName || '(anonymous)'} ${file}:${lineNumber + 1}`
    self.set(key, (self.get(key) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000)
  })
  const total = [...self.values()].reduce((a, b) => a + b, 0)
  return [...self.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 25)
    .map(([name, time]) => [name, ms(time), `${((time / total) * 100).toFixed(1)} %`])
}

async function openAndTime(page: Page, title: string, marker: string): Promise<OpenTiming> {
  return page.evaluate(([t, m]) => window.__bench.open(t, m), [title, marker] as const)
}

/** Times opening `title` from the sidebar, after opening another conversation first, `runs` times. */
async function timeOpens(
  page: Page,
  runs: number,
  target: { id: string; title: string; marker: string },
  other: { title: string; marker: string },
): Promise<{ opens: OpenTiming[]; ipc: number[] }> {
  const opens: OpenTiming[] = []
  const ipc: number[] = []
  for (let run = 0; run < runs; run++) {
    await openAndTime(page, other.title, other.marker)
    await page.waitForTimeout(300)
    opens.push(await openAndTime(page, target.title, target.marker))
    await page.waitForTimeout(300)
    ipc.push(
      await page.evaluate(async (id) => {
        const api = (
          window as unknown as { proxychat: { conversations: { get(id: string): Promise<unknown> } } }
        ).proxychat
        const t0 = performance.now()
        await api.conversations.get(id)
        return performance.now() - t0
      }, target.id),
    )
  }
  return { opens, ipc }
}

async function main(): Promise<void> {
  const fake = await startFakeProvider()
  const app = await launchApp({
    userDataDir: newDataDir(),
    viewport: { width: 1280, height: 800 },
    localServers: [],
  })
  const { page, backend } = app
  page.setDefaultTimeout(120_000)
  try {
    await page.addInitScript({ content: PROBES })
    const c500 = longConversation('bench-500', 500, MARK_500)
    const c2000 = longConversation('bench-2000', 2000, MARK_2000)
    const branched = branchedConversation('bench-branched', 2000, 10, MARK_BRANCHED)
    const now = Date.now()
    const small = conversation(
      'bench-small',
      'A short conversation',
      [
        { id: 's1', role: 'user', content: 'Hello', createdAt: now, status: 'done' },
        { id: 's2', role: 'assistant', content: `Hi! ${MARK_SMALL}`, createdAt: now, status: 'done' },
      ],
      null,
      now,
    )
    const seeded = Date.now()
    await backend.backend.conversations.import({ json: exportEnvelope([c500, c2000, branched, small]) })
    const seedMs = Date.now() - seeded
    // Adds the provider and reloads the window, which installs the probes.
    await addProviderQuickly(app, fake)
    await page.locator('nav button', { hasText: c2000.title }).waitFor()

    // ---- (b) open the 2,000-message conversation --------------------------------------------------
    const target = { id: c2000.id, title: c2000.title, marker: MARK_2000 }
    const other = { title: small.title, marker: MARK_SMALL }
    const cold = await openAndTime(page, c2000.title, MARK_2000)
    // The harness answers each request with one JSON string, about what Electron's structured clone costs.
    const opened = await timeOpens(page, OPEN_RUNS, target, other)
    const branchTarget = { id: branched.id, title: branched.title, marker: MARK_BRANCHED }
    const openedBranched = await timeOpens(page, OPEN_RUNS, branchTarget, other)
    let openProfile: Parameters<typeof heaviest>[0] | null = null
    if (PROFILE) {
      await openAndTime(page, other.title, other.marker)
      await page.waitForTimeout(300)
      const session = await page.context().newCDPSession(page)
      await session.send('Profiler.enable')
      await session.send('Profiler.setSamplingInterval', { interval: 100 })
      await session.send('Profiler.start')
      await openAndTime(page, target.title, target.marker)
      openProfile = ((await session.send('Profiler.stop')) as { profile: Parameters<typeof heaviest>[0] })
        .profile
      await session.detach()
      if (process.env.BENCH_TRACE) {
        await openAndTime(page, other.title, other.marker)
        await page.waitForTimeout(300)
        const browser = page.context().browser()
        await browser?.startTracing(page, {
          categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8.execute', 'blink'],
        })
        await openAndTime(page, target.title, target.marker)
        const trace = await browser?.stopTracing()
        await (await import('node:fs/promises')).writeFile(process.env.BENCH_TRACE, trace ?? '')
      }
    }

    // ---- (a) stream 20,000 tokens into the 500-message conversation --------------------------------
    await openAndTime(page, c500.title, MARK_500)
    await page.waitForTimeout(500)
    const pieces = replyPieces(TOKENS)
    fake.enqueue({ text: pieces, ratePerSecond: RATE })
    let cdp: CDPSession | undefined
    if (PROFILE) {
      cdp = await page.context().newCDPSession(page)
      await cdp.send('Profiler.enable')
      await cdp.send('Profiler.setSamplingInterval', { interval: 200 })
      await cdp.send('Profiler.start')
    }
    const box = page.getByRole('textbox', { name: 'Message' })
    await box.fill('Write the full migration guide, every step.')
    const startedAt = await page.evaluate(() => window.__bench.start())
    await box.press('Enter')
    await page.getByRole('button', { name: 'Stop' }).waitFor()
    await page.waitForFunction(() => !document.querySelector('button[aria-label="Stop"]'), undefined, {
      polling: 50,
      timeout: 600_000,
    })
    const recorded = await page.evaluate(() => window.__bench.stop())
    const profile = cdp
      ? ((await cdp.send('Profiler.stop')) as { profile: Parameters<typeof heaviest>[0] })
      : null
    const totalMs = recorded.at - startedAt
    const done = backend.streamEvents().find((e) => e.type === 'done')
    const saved = await backend.backend.conversations.get(c500.id)
    const expectedLength = pieces.join('').length
    const savedLength = saved.messages.at(-1)?.content.length ?? 0
    const gaps = recorded.frames.slice(1).map((t, i) => t - (recorded.frames[i] ?? t))
    const longest = Math.max(0, ...recorded.longTasks.map((t) => t.duration))
    const over100 = recorded.longTasks.filter((t) => t.duration > 100)

    // ---- (c) initial JavaScript ----------------------------------------------------------------------
    const js = await initialJavaScript()
    const jsGzip = js.files.reduce((sum, f) => sum + f.gzip, 0)
    const jsRaw = js.files.reduce((sum, f) => sum + f.raw, 0)

    console.log(`\nUI benchmark — headless Chromium (${await page.context().browser()?.version()}), 1280×800`)
    console.log(`seeded 4,502 messages through import in ${seedMs} ms\n`)
    console.log(
      table([
        ['Measure', 'Figure', 'Goal'],
        [
          `(a) longest main-thread task while streaming`,
          recorded.longTasks.length === 0
            ? 'no long task (none over 50 ms)'
            : `${ms(longest)} (${recorded.longTasks.length} tasks over 50 ms, ${over100.length} over 100 ms)`,
          'none over 100 ms',
        ],
        [
          '(a) frame gap p50 / p95 / p99 / max',
          `${ms(percentile(gaps, 50))} / ${ms(percentile(gaps, 95))} / ${ms(percentile(gaps, 99))} / ${ms(Math.max(...gaps))}`,
          'p95 under 34 ms',
        ],
        [
          `(a) total: Enter → reply done (${TOKENS.toLocaleString('en')} tokens at ${RATE}/s)`,
          `${(totalMs / 1000).toFixed(2)} s (main's stream: ${((done?.type === 'done' ? done.durationMs : NaN) / 1000).toFixed(2)} s; ideal ${(TOKENS / RATE).toFixed(1)} s)`,
          '—',
        ],
        [
          '(a) frames recorded',
          `${recorded.frames.length} (${(recorded.frames.length / (totalMs / 1000)).toFixed(1)} per s)`,
          '—',
        ],
        ...openRows('JSON bridge (≈ Electron IPC)', opened, 'under 300 ms'),
        ...openRows('JSON bridge', openedBranched, 'under 300 ms', '2,000 messages / 10 branches'),
        ['(b) first open (cold cache)', ms(cold.painted), '—'],
        [
          '(c) initial renderer JavaScript, gzipped',
          `${kb(jsGzip)} (${kb(jsRaw)} raw; ${js.files.map((f) => f.name).join(', ')})`,
          'under 400 KB',
        ],
      ]),
    )
    console.log(
      `\nreply check: ${savedLength === expectedLength ? 'complete' : `INCOMPLETE (${savedLength}/${expectedLength} chars)`}` +
        `, status ${saved.messages.at(-1)?.status}`,
    )
    if (recorded.longTasks.length > 0) {
      const top = [...recorded.longTasks].sort((a, b) => b.duration - a.duration).slice(0, 10)
      console.log(
        `longest tasks (start after Enter → duration): ${top.map((t) => `${((t.start - startedAt) / 1000).toFixed(1)} s → ${t.duration.toFixed(0)} ms`).join(', ')}`,
      )
    }
    if (openProfile) {
      console.log('\nCPU profile of one open of the 2,000-message conversation, self time:')
      console.log(table([['Function', 'Self', 'Share'], ...heaviest(openProfile)]))
    }
    if (profile) {
      console.log('\nCPU profile of the stream, self time:')
      console.log(table([['Function', 'Self', 'Share'], ...heaviest(profile.profile)]))
    }
  } finally {
    await app.close()
    await fake.close()
    await closeBrowser()
    removeDataDirs()
  }
}

await main()
