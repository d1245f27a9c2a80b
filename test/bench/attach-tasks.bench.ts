/**
 * Renderer tasks while attaching (issue 12: "attaching a 20 MB PDF and a 12-megapixel photo: no renderer task
 * over 100 ms"). In headless Chromium through the e2e harness (real services, the built renderer, the real
 * preload; bytes cross to main as Electron's IPC carries them: one copy on the page's thread, the transfer
 * off it — see test/e2e/electron-shim.ts). Each round attaches a fresh 20 MB PDF and a fresh 4000×3000 JPEG
 * the way a user does — both picked in the attach button's file input, or both dropped on the conversation
 * (disk-backed files, as a file manager gives them) — and waits until both previews show (the photo decoded).
 * A PerformanceObserver for 'longtask' in the page records every main-thread task over 50 ms from the pick
 * to 300 ms after the previews show. Median over ROUNDS rounds per way. Prints figures; asserts nothing.
 *   npm run build && node --import tsx --import ./test/mocks/register-electron-mock.ts \
 *     test/bench/attach-tasks.bench.ts          (also run by npm run bench:attachments-ui)
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { closeBrowser } from '../e2e/harness'
import { addProviderQuickly, launch, newDataDir, removeDataDirs } from '../e2e/helpers'
import { startFakeProvider } from '../fixtures/fake-provider'
import { textPdf } from '../fixtures/attachment-bytes'
import { photoJpeg } from '../fixtures/real-images'

const ROUNDS = Number(process.env.BENCH_ATTACH_ROUNDS ?? 5)
const MB = 1024 * 1024

/** Records long tasks from the page's start (buffered) in window.__longTasks. */
const OBSERVER = `
  window.__longTasks = []
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) window.__longTasks.push({ start: e.startTime, duration: e.duration })
  }).observe({ type: 'longtask', buffered: true })
`

interface Round {
  /** Pick (or drop) → both previews shown, the photo decoded (ms). */
  shown: number
  longest: number
  over50: number
  over100: number
}

/** A 20 MB PDF of 200 text pages and filler (as images would be), different each round (a new hash). */
function bigPdf(round: number): Uint8Array {
  const line = 'The quarterly figures show steady growth in every region that we serve, again. '
  const page = (n: number): string => Array.from({ length: 50 }, (_, i) => `${n}.${i} ${line}`).join('\n')
  return textPdf(
    Array.from({ length: 200 }, (_, i) => `Round ${round}\n${page(i + 1)}`),
    20 * MB - 200 * 5_000,
  )
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)] ?? NaN
}

async function longTasksSince(page: Page, since: number): Promise<{ start: number; duration: number }[]> {
  return page.evaluate(
    (from) =>
      (window as unknown as { __longTasks: { start: number; duration: number }[] }).__longTasks.filter(
        (t) => t.start >= from,
      ),
    since,
  )
}

/** Both files into the composer, by the attach button's file input or by a drop on the conversation. */
async function attach(page: Page, how: 'picker' | 'drop', files: string[]): Promise<void> {
  if (how === 'picker') {
    await page.setInputFiles('main.chat input[type=file]', files)
    return
  }
  // Files from disk (as a file manager drops them): taken through an input of our own, then dropped.
  await page.evaluate(() => {
    const input = document.createElement('input')
    input.type = 'file'
    input.multiple = true
    input.id = 'bench-drop-source'
    input.hidden = true
    document.body.append(input)
  })
  await page.setInputFiles('#bench-drop-source', files)
  await page.evaluate(() => {
    const input = document.getElementById('bench-drop-source') as HTMLInputElement
    const transfer = new DataTransfer()
    for (const file of input.files ?? []) transfer.items.add(file)
    input.remove()
    const target = document.querySelector('main.chat')
    for (const type of ['dragenter', 'dragover', 'drop']) {
      target?.dispatchEvent(new DragEvent(type, { dataTransfer: transfer, bubbles: true, cancelable: true }))
    }
  })
}

async function main(): Promise<void> {
  const fake = await startFakeProvider()
  const dir = mkdtempSync(join(tmpdir(), 'proxychat-attach-bench-'))
  const app = await launch({ userDataDir: newDataDir() })
  const { page } = app
  page.setDefaultTimeout(120_000)
  try {
    await page.addInitScript({ content: OBSERVER })
    await page.reload()
    await page.locator('.app:not(.app--loading)').waitFor()
    await addProviderQuickly(app, fake)
    const pending = page.getByRole('list', { name: 'Files to send' })
    const results: Record<'picker' | 'drop', Round[]> = { picker: [], drop: [] }
    let sizes = ''

    for (let round = 0; round < ROUNDS * 2 + 1; round++) {
      // Round 0 warms up (code paths, pdf.js in main); then picker and drop take turns.
      const how = round % 2 === 1 ? 'picker' : 'drop'
      const pdf = bigPdf(round)
      // A different photo each round (another JPEG quality): a new hash, a new decode.
      const jpeg = await photoJpeg(4000, 3000, 1, 80 + round)
      const pdfPath = join(dir, `report-${round}.pdf`)
      const jpgPath = join(dir, `IMG_${1000 + round}.jpg`)
      writeFileSync(pdfPath, pdf)
      writeFileSync(jpgPath, jpeg)
      sizes = `PDF ${(pdf.length / MB).toFixed(1)} MB, photo 4000×3000 JPEG ${(jpeg.length / MB).toFixed(1)} MB`

      const start = await page.evaluate(() => performance.now())
      await attach(page, how, [pdfPath, jpgPath])
      const image = pending.getByRole('img', { name: `IMG_${1000 + round}.jpg` })
      await pending.getByText(`report-${round}.pdf`).waitFor()
      await image.waitFor()
      await page.waitForFunction(
        (name) => {
          const img = document.querySelector<HTMLImageElement>(`img[alt="${name}"]`)
          return img !== null && img.complete && img.naturalWidth > 0
        },
        `IMG_${1000 + round}.jpg`,
        { polling: 'raf' },
      )
      const shown = (await page.evaluate(() => performance.now())) - start
      await page.waitForTimeout(300)
      const tasks = await longTasksSince(page, start)
      if (round > 0) {
        results[how].push({
          shown,
          longest: Math.max(0, ...tasks.map((t) => t.duration)),
          over50: tasks.length,
          over100: tasks.filter((t) => t.duration > 100).length,
        })
      }
      // Cleared for the next round, as the user would remove them.
      for (const name of [`report-${round}.pdf`, `IMG_${1000 + round}.jpg`])
        await page.getByRole('button', { name: `Remove ${name}` }).click()
      await pending.waitFor({ state: 'detached' })
    }
    await page.screenshot({ path: '/tmp/attach-tasks-bench.png' })

    console.log(`attaching a 20 MB PDF and a 12-megapixel photo (${sizes}), median of ${ROUNDS}:`)
    const row = (rounds: Round[]) => ({
      'pick → both previews shown (ms)': Math.round(median(rounds.map((r) => r.shown))),
      'longest renderer task (ms; 0 = none over 50)': Math.round(median(rounds.map((r) => r.longest))),
      'worst round, longest task (ms)': Math.round(Math.max(...rounds.map((r) => r.longest))),
      'tasks over 50 ms': median(rounds.map((r) => r.over50)),
      'tasks over 100 ms (goal 0)': median(rounds.map((r) => r.over100)),
    })
    console.table({ 'file input': row(results.picker), 'drop on the conversation': row(results.drop) })
  } finally {
    await app.close()
    await closeBrowser()
    await fake.close()
    removeDataDirs()
    rmSync(dir, { recursive: true, force: true })
  }
}

await main()
