/**
 * Attachments benchmark: npm run bench:attachments
 * (`node --expose-gc --import tsx --import ./test/mocks/register-electron-mock.ts test/bench/attachments.bench.ts`).
 *
 * With the real main-side code and the real disk:
 *   - attaching a 20 MB PDF (200 pages of text and filler, written by hand) and a 12-megapixel photo (a 4000×3000
 *     PNG rendered by resvg): AttachmentService.add, then the sending path (filesAsParts → content parts,
 *     then the request body as JSON), for a provider that takes PDFs (openai: base64 document) and one that
 *     does not (ollama: the PDF's extracted text). Measured: the event-loop delay while it runs
 *     (monitorEventLoopDelay, max and p99) and the peak memory growth (heap + external memory sampled every 5 ms
 *     and once at the end) against the files' size;
 *   - the conversation file with 200 image messages (references only) written by ConversationRepository;
 *   - scaling a 12-megapixel JPEG photo down to OpenAI's, Anthropic's and Gemini's limits (sharp).
 * Medians of ROUNDS rounds; the first round's delay is shown too (it includes loading pdf.js, once per run). No assertions: the figures go in the note. Goals (issue 12): event-loop delay
 * under 50 ms, memory growth under 3× the files' size, the conversation file under 1 MB.
 *
 * Sampling runs on the same thread, so a block longer than 5 ms is seen as delay, and a memory peak inside
 * one block can be missed (the end-of-run figure bounds what was kept). The PDF's text is read in the PDF
 * worker (src/main/attachments/pdf-text.ts): main's loop delay is what the user feels; the worker's own heap
 * is not in main's heapUsed (the bytes are transferred, so they are counted once, as external memory, until
 * they move).
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { monitorEventLoopDelay, performance } from 'node:perf_hooks'
import { Resvg } from '@resvg/resvg-js'
import { AttachmentService } from '../../src/main/attachments/attachment-service'
import { filesAsParts } from '../../src/main/chat/attachment-parts'
import { ConversationRepository } from '../../src/main/storage/conversation-repository'
import { CONVERSATIONS_DIR } from '../../src/main/storage/conversation-file'
import type { AttachmentRef, Message, ProviderKind } from '../../src/shared/domain'
import { textPdf } from '../fixtures/attachment-bytes'
import { appMock } from '../mocks/electron'
import { fitImage } from '../../src/main/attachments/image-fit'
import { PROVIDER_CAPABILITIES } from '../../src/shared/attachments'
import { photoJpeg } from '../fixtures/real-images'

const ROUNDS = 5
const MB = 1024 * 1024

/** Different text each round: extracted text is remembered by hash, and each round must extract anew. */
function bigPdf(round: number): Uint8Array {
  // 200 pages of 50 lines of text, the rest of the 20 MB in a filler stream (as images would be).
  const line = 'The quarterly figures show steady growth in every region that we serve, again. '
  const page = (n: number): string => Array.from({ length: 50 }, (_, i) => `${n}.${i} ${line}`).join('\n')
  return textPdf(
    Array.from({ length: 200 }, (_, i) => `Round ${round}\n${page(i + 1)}`),
    20 * MB - 200 * 5_000,
  )
}

/** A 12-megapixel picture with gradients, shapes and turbulence, so the PNG is photo-sized, not trivial. */
function photo(): Uint8Array {
  const circles = Array.from({ length: 300 }, (_, i) => {
    const x = (i * 7919) % 4000
    const y = (i * 104_729) % 3000
    return `<circle cx="${x}" cy="${y}" r="${20 + (i % 90)}" fill="hsl(${(i * 37) % 360},70%,55%)" fill-opacity="0.6"/>`
  }).join('')
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="4000" height="3000">
    <defs>
      <linearGradient id="sky" x1="0" y1="0" x2="1" y2="1">
        <stop offset="0" stop-color="#1d4e89"/><stop offset="1" stop-color="#f5a65b"/>
      </linearGradient>
      <filter id="grain"><feTurbulence type="fractalNoise" baseFrequency="0.02" numOctaves="2"/>
        <feColorMatrix type="saturate" values="0.3"/><feBlend in="SourceGraphic" mode="multiply"/></filter>
    </defs>
    <rect width="4000" height="3000" fill="url(#sky)"/>
    <g filter="url(#grain)">${circles}</g>
  </svg>`
  return new Resvg(svg).render().asPng()
}

/** JavaScript heap plus memory outside it (Buffers, ArrayBuffers): what the files' bytes take; RSS lags GC. */
function memory(): number {
  const usage = process.memoryUsage()
  return usage.heapUsed + usage.external
}

interface Run {
  ms: number
  delayMaxMs: number
  delayP99Ms: number
  peakGrowthMB: number
  keptGrowthMB: number
}

async function measured(work: () => Promise<unknown>): Promise<Run> {
  globalThis.gc?.()
  const base = memory()
  let peak = base
  const sampler = setInterval(() => {
    peak = Math.max(peak, memory())
  }, 5)
  const delay = monitorEventLoopDelay({ resolution: 1 })
  delay.enable()
  const t0 = performance.now()
  await work()
  const ms = performance.now() - t0
  delay.disable()
  clearInterval(sampler)
  const end = memory()
  peak = Math.max(peak, end)
  return {
    ms,
    delayMaxMs: delay.max / 1e6,
    delayP99Ms: delay.percentile(99) / 1e6,
    peakGrowthMB: (peak - base) / MB,
    keptGrowthMB: (end - base) / MB,
  }
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)] ?? NaN
}

function medians(runs: Run[]): Run {
  return {
    ms: median(runs.map((r) => r.ms)),
    delayMaxMs: median(runs.map((r) => r.delayMaxMs)),
    delayP99Ms: median(runs.map((r) => r.delayP99Ms)),
    peakGrowthMB: median(runs.map((r) => r.peakGrowthMB)),
    keptGrowthMB: median(runs.map((r) => r.keptGrowthMB)),
  }
}

function userMessage(id: string, refs: AttachmentRef[]): Message {
  return {
    id,
    role: 'user',
    content: 'What is in these?',
    createdAt: Date.now(),
    status: 'done',
    attachments: refs,
  }
}

async function attachAndSend(png: Uint8Array, kinds: ProviderKind[]): Promise<void> {
  const filesMB = (bigPdf(0).length + png.length) / MB
  const rows: Record<string, Run[]> = { add: [] }
  for (const kind of kinds) rows[`send (${kind})`] = []
  for (let round = 0; round < ROUNDS; round++) {
    const dir = mkdtempSync(join(tmpdir(), 'proxychat-bench-attach-'))
    const pdf = bigPdf(round)
    try {
      const service = new AttachmentService(dir)
      let refs: AttachmentRef[] = []
      rows.add?.push(
        await measured(async () => {
          refs = [
            await service.add({ name: 'report.pdf', bytes: pdf }),
            await service.add({ name: 'photo.png', bytes: png }),
          ]
        }),
      )
      for (const kind of kinds) {
        const history = [userMessage('m1', refs)]
        rows[`send (${kind})`]?.push(
          await measured(async () => {
            const parts = await filesAsParts(history, kind, (hash) => service.read(hash), true)
            // The chat client serializes the request body: part of sending.
            const body = JSON.stringify({ messages: [{ role: 'user', content: parts.get('m1') }] })
            if (body.length < 1000) throw new Error('empty body')
          }),
        )
      }
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  }
  console.log(
    `files: PDF ${(bigPdf(0).length / MB).toFixed(1)} MB + PNG ${(png.length / MB).toFixed(1)} MB = ${filesMB.toFixed(1)} MB`,
  )
  console.log(`medians of ${ROUNDS} rounds:`)
  console.table(
    Object.fromEntries(
      Object.entries(rows).map(([name, runs]) => {
        const m = medians(runs)
        return [
          name,
          {
            'time ms': Math.round(m.ms),
            'loop delay max ms': +m.delayMaxMs.toFixed(1),
            'loop delay p99 ms': +m.delayP99Ms.toFixed(1),
            'first round max ms': +(runs[0]?.delayMaxMs ?? NaN).toFixed(1),
            'peak memory growth MB': +m.peakGrowthMB.toFixed(1),
            '× files': +(m.peakGrowthMB / filesMB).toFixed(2),
            'kept at the end MB': +m.keptGrowthMB.toFixed(1),
          },
        ]
      }),
    ),
  )
}

async function conversationFile(): Promise<void> {
  const sizes: number[] = []
  for (let round = 0; round < ROUNDS; round++) {
    const dir = mkdtempSync(join(tmpdir(), 'proxychat-bench-conv-'))
    appMock.setUserData(dir)
    try {
      const repository = await ConversationRepository.open({ dataDir: dir, onNotice: () => {} })
      const conversation = repository.create()
      for (let i = 0; i < 200; i++) {
        const hash = (i.toString(16).padStart(4, '0') + 'ab'.repeat(30)).slice(0, 64)
        const ref: AttachmentRef = {
          id: `00000000-0000-4000-8000-${i.toString().padStart(12, '0')}`,
          name: `IMG_${String(4000 + i)}.jpg`,
          mediaType: 'image/jpeg',
          size: 3_500_000 + i,
          hash,
          width: 4000,
          height: 3000,
          sentAs: 'image',
        }
        repository.appendMessage(conversation.id, userMessage(`msg-${i}`, [ref]))
      }
      repository.flush()
      repository.close()
      sizes.push(statSync(join(dir, CONVERSATIONS_DIR, `${conversation.id}.json`)).size)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  }
  console.log(`conversation file with 200 image messages: ${(median(sizes) / 1024).toFixed(1)} KB (median)`)
}

/**
 * Scaling a 12-megapixel camera photo (4000×3000 JPEG, EXIF orientation 6) down for each provider, as
 * sending does: time and the main event loop's delay while sharp works on libuv's pool.
 */
async function downscale(): Promise<void> {
  const jpeg = await photoJpeg(4000, 3000, 6)
  const known = { mediaType: 'image/jpeg', size: jpeg.byteLength, width: 4000, height: 3000 }
  console.log(`\ndownscaling a ${(jpeg.byteLength / MB).toFixed(1)} MB 4000×3000 JPEG (sharp):`)
  await fitImage(jpeg, known, PROVIDER_CAPABILITIES.openai) // loads libvips once, outside the rounds
  // The same wait with nothing to do: the delay this loaded machine shows anyway.
  const idle: Run[] = []
  for (let round = 0; round < ROUNDS; round++)
    idle.push(await measured(() => new Promise((resolve) => setTimeout(resolve, 430))))
  const quiet = medians(idle)
  console.log(
    `  (idle 430 ms: event-loop delay max ${quiet.delayMaxMs.toFixed(1)} ms, p99 ${quiet.delayP99Ms.toFixed(1)})`,
  )
  for (const kind of ['openai', 'anthropic', 'gemini'] as const) {
    const runs: Run[] = []
    let sent = ''
    for (let round = 0; round < ROUNDS; round++) {
      runs.push(
        await measured(async () => {
          const fitted = await fitImage(jpeg, known, PROVIDER_CAPABILITIES[kind])
          sent = `${fitted.width}×${fitted.height} ${fitted.mediaType}, ${(fitted.bytes.byteLength / 1024).toFixed(0)} KB`
        }),
      )
    }
    const m = medians(runs)
    console.log(
      `  ${kind.padEnd(10)} ${m.ms.toFixed(0).padStart(5)} ms, event-loop delay max ${m.delayMaxMs.toFixed(1)} ms (p99 ${m.delayP99Ms.toFixed(1)}), peak growth ${m.peakGrowthMB.toFixed(1)} MB → ${sent}`,
    )
  }
}

await attachAndSend(photo(), ['openai', 'ollama'])
await conversationFile()
await downscale()
