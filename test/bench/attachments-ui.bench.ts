/**
 * npm run bench:attachments-ui — opening a conversation of 200 image messages in headless Chromium (the
 * e2e harness: real services and attachment route, the built renderer): click in the sidebar → its last
 * message painted, median of RUNS opens (after opening another conversation each time), and how many
 * thumbnails the page fetched by then (loading="lazy" and the virtualized list fetch only what is near
 * the view). Goal (issue 12): first paint under 300 ms. Prints figures; asserts nothing.
 * Run after `npm run build`, with `electron` resolved to the mock:
 *   node --import tsx --import ./test/mocks/register-electron-mock.ts test/bench/attachments-ui.bench.ts
 */
import { closeBrowser, launchApp } from '../e2e/harness'
import { conversation, exportEnvelope, newDataDir, removeDataDirs } from '../e2e/helpers'
import { realPng } from '../fixtures/attachment-bytes'
import type { AttachmentRef, Message } from '../../src/shared/domain'
import { PROBES } from './ui/probes'

const RUNS = Number(process.env.BENCH_OPEN_RUNS ?? 7)
const IMAGES = 200
const MARK = 'END-OF-IMAGE-CONVERSATION'
const MARK_SMALL = 'END-OF-SMALL-CONVERSATION'

interface OpenTiming {
  dom: number
  frame: number
  painted: number
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)] ?? NaN
}

async function main(): Promise<void> {
  const app = await launchApp({
    userDataDir: newDataDir(),
    viewport: { width: 1280, height: 800 },
    localServers: [],
  })
  const { page, backend } = app
  page.setDefaultTimeout(120_000)
  try {
    await page.addInitScript({ content: PROBES })
    // 200 different photos (stored once each, as a user would attach them), 640×480 so each is a real fetch.
    const refs: AttachmentRef[] = []
    for (let i = 0; i < IMAGES; i++) {
      const bytes = realPng(640, 480, [(i * 37) % 256, (i * 91) % 256, (i * 53) % 256])
      refs.push(await backend.attachments.add({ name: `IMG_${4000 + i}.png`, bytes }))
    }
    const now = Date.now()
    const messages: Message[] = []
    refs.forEach((ref, i) => {
      messages.push({
        id: `u${i}`,
        role: 'user',
        content: `Фото ${i + 1}: что на нём?`,
        createdAt: now + i * 2,
        status: 'done',
        attachments: [{ ...ref, sentAs: 'image' }],
      })
      messages.push({
        id: `a${i}`,
        role: 'assistant',
        content: i === IMAGES - 1 ? `Последнее фото. ${MARK}` : `На фото ${i + 1} — цветной прямоугольник.`,
        createdAt: now + i * 2 + 1,
        status: 'done',
      })
    })
    const images = conversation('bench-images', '200 фотографий', messages, null, now)
    const small = conversation(
      'bench-small',
      'A short conversation',
      [{ id: 's1', role: 'assistant', content: `Hi! ${MARK_SMALL}`, createdAt: now, status: 'done' }],
      null,
      now - 1000,
    )
    await backend.backend.conversations.import({ json: exportEnvelope([images, small]) })
    await page.reload()
    await page.locator('nav button', { hasText: images.title }).waitFor()

    // The probes' timer (test/bench/ui/probes.ts), called by name: ui.bench.ts declares its type on window.
    const open = async (title: string, marker: string): Promise<OpenTiming> => {
      const timing: unknown = await page.evaluate(
        `window.__bench.open(${JSON.stringify(title)}, ${JSON.stringify(marker)})`,
      )
      if (typeof timing !== 'object' || timing === null || !('painted' in timing))
        throw new Error('no timing')
      const { dom, frame, painted } = timing as Record<string, unknown>
      return { dom: Number(dom), frame: Number(frame), painted: Number(painted) }
    }
    const fetched = (): Promise<number> =>
      page.evaluate(
        () => performance.getEntriesByType('resource').filter((e) => e.name.includes('/attachments/')).length,
      )

    const inDom = (): Promise<number> =>
      page.evaluate(() => document.querySelectorAll('img[src*="/attachments/"]').length)

    // The first open fetches thumbnails from the app; later ones find them in the page's image cache.
    await open(small.title, MARK_SMALL)
    await page.evaluate(() => performance.clearResourceTimings())
    const cold = await open(images.title, MARK)
    const coldFetched = await fetched()
    const coldInDom = await inDom()
    const opens: OpenTiming[] = []
    const rendered: number[] = []
    for (let run = 0; run < RUNS; run++) {
      await open(small.title, MARK_SMALL)
      opens.push(await open(images.title, MARK))
      rendered.push(await inDom())
    }
    await page.waitForTimeout(500)
    const settledFetched = await fetched()
    await page.screenshot({ path: '/tmp/attachments-ui-bench.png' })

    console.log(
      `open a conversation of ${IMAGES} image messages (${IMAGES * 2} messages), median of ${RUNS}:`,
    )
    console.table({
      'click → DOM has the last message (ms)': Math.round(median(opens.map((o) => o.dom))),
      'click → next frame (ms)': Math.round(median(opens.map((o) => o.frame))),
      'click → painted (ms), goal < 300': Math.round(median(opens.map((o) => o.painted))),
      'slowest painted (ms)': Math.round(Math.max(...opens.map((o) => o.painted))),
      'first (cold) open, painted (ms)': Math.round(cold.painted),
      'thumbnails in the DOM at first paint (of 200)': median(rendered),
      'cold open: thumbnails in the DOM / fetched by paint': `${coldInDom} / ${coldFetched}`,
      'thumbnails fetched in all (0.5 s after the last open)': settledFetched,
    })
  } finally {
    await app.close()
    await closeBrowser()
    removeDataDirs()
  }
}

await main()
