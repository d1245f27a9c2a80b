/**
 * What is on screen stays where it is while a long conversation's earlier messages are put above it:
 * the conversation opens at its end, and the rest, loaded just after, is prepended. Every animation
 * frame, the page notes where one message on screen is; it must never move.
 */
import { afterAll, afterEach, expect, it, vi } from 'vitest'
import type { Conversation } from '../../src/shared/domain'
import type { LaunchedApp } from './harness'
import { closeBrowser } from './harness'
import { launch, newDataDir, removeDataDirs, sidebarItem } from './helpers'
import { importLong, TITLE } from './long-fixture'

let app: LaunchedApp | undefined
afterEach(async () => {
  vi.restoreAllMocks()
  await app?.close()
  app = undefined
})
afterAll(async () => {
  await closeBrowser()
  removeDataDirs()
})

/** One frame as the page saw it: where the watched message's top was, relative to the list's top. */
interface Sample {
  frame: number
  top: number | null
  scrollTop: number
  scrollHeight: number
}

interface Watch {
  text: string
  samples: Sample[]
  /** Errors the page reported meanwhile (a measuring loop that could not settle is one). */
  errors: string[]
  stop: boolean
}

type WatchWindow = Window & { __watch?: Watch }

/**
 * Starts noting, on every animation frame and every scroll event, where the message nearest the middle
 * of the list is (chosen in the first frame the list is shown with messages; it may start before the
 * conversation is opened). The message is found by its text each time: a row rendered anew still counts.
 */
function startWatching(page: LaunchedApp['page']): Promise<void> {
  return page.evaluate(() => {
    const watch: Watch = { text: '', samples: [], errors: [], stop: false }
    window.addEventListener('error', (event) => watch.errors.push(event.message))
    ;(window as WatchWindow).__watch = watch
    const rows = (): HTMLElement[] => [...document.querySelectorAll<HTMLElement>('.message')]
    let frame = 0
    const note = (): void => {
      const scroller = document.querySelector<HTMLElement>('.message-list:not(.message-list--placing)')
      if (!scroller) return
      if (watch.text === '') {
        const view = scroller.getBoundingClientRect()
        const middle = view.top + view.height / 2
        const distance = (row: HTMLElement): number => Math.abs(row.getBoundingClientRect().top - middle)
        const nearest = rows().reduce<HTMLElement | null>(
          (best, row) => (best === null || distance(row) < distance(best) ? row : best),
          null,
        )
        if (!nearest) return
        watch.text = nearest.textContent ?? ''
        scroller.addEventListener('scroll', note, { passive: true })
      }
      const row = rows().find((m) => m.textContent === watch.text)
      // On screen: where the user sees it (the list does not move in the window).
      const top = row ? row.getBoundingClientRect().top : null
      watch.samples.push({ frame, top, scrollTop: scroller.scrollTop, scrollHeight: scroller.scrollHeight })
    }
    const tick = (): void => {
      frame++
      note()
      if (!watch.stop) requestAnimationFrame(tick)
    }
    requestAnimationFrame(tick)
  })
}

/** Stops watching after `frames` more frames and returns what was seen. */
function stopWatching(page: LaunchedApp['page'], frames: number): Promise<Watch> {
  return page.evaluate(
    (more) =>
      new Promise<Watch>((done) => {
        const watch = (window as WatchWindow).__watch
        if (!watch) throw new Error('not watching')
        let left = more
        const tick = (): void => {
          if (--left > 0) return void requestAnimationFrame(tick)
          watch.stop = true
          done(watch)
        }
        requestAnimationFrame(tick)
      }),
    frames,
  )
}

/** The frames in which the watched message was not where it was first seen, and by how much. */
function moves(samples: Sample[]): { frame: number; by: number }[] {
  const first = samples.find((s) => s.top !== null)?.top
  if (first === undefined || first === null) throw new Error('the watched message was never on screen')
  return samples
    .map((s) => ({ frame: s.frame, by: s.top === null ? Infinity : s.top - first }))
    .filter((m) => Math.abs(m.by) > 1)
}

/** The samples from the last frame before the earlier messages were in the list (it became far taller). */
function fromPrepend(samples: Sample[]): Sample[] {
  const shown = samples[0]?.scrollHeight ?? 0
  const arrived = samples.findIndex((s) => s.scrollHeight > shown * 2)
  if (arrived < 1) throw new Error('the earlier messages were not seen arriving')
  return samples.slice(arrived - 1)
}

/**
 * Opens the long conversation with its earlier messages held back until `release` is called, and waits
 * until its end is on screen and the list has asked for the rest.
 */
async function openHeldBack(current: LaunchedApp): Promise<{ release: () => void; loaded: () => boolean }> {
  const { page } = current
  await importLong(current)
  const { conversations } = current.backend.backend
  const read = conversations.get.bind(conversations)
  let release = (): void => undefined
  const held = new Promise<void>((done) => (release = done))
  let loaded = false
  vi.spyOn(conversations, 'get').mockImplementation(async (id: string): Promise<Conversation> => {
    await held
    const whole = await read(id)
    loaded = true
    return whole
  })
  await sidebarItem(page, TITLE).click()
  await page.locator('.message-list:not(.message-list--placing) .message').first().waitFor()
  await expect.poll(() => vi.mocked(conversations.get).mock.calls.length).toBe(1)
  return { release, loaded: () => loaded }
}

/** Lets the earlier messages in and watches until they are in the list and a second more. */
async function watchPrepend(
  page: LaunchedApp['page'],
  held: { release: () => void; loaded: () => boolean },
): Promise<Watch> {
  await startWatching(page)
  await expect.poll(() => page.evaluate(() => (window as WatchWindow).__watch?.text ?? '')).not.toBe('')
  // A few frames with nothing happening: the baseline.
  await page.evaluate(() => new Promise((done) => setTimeout(done, 100)))
  const before = await page.locator('.message-list').evaluate((el) => el.scrollHeight)
  held.release()
  await expect.poll(held.loaded).toBe(true)
  // The list is taller once the 340 earlier messages are in it.
  await expect
    .poll(() => page.locator('.message-list').evaluate((el) => el.scrollHeight))
    .toBeGreaterThan(before * 2)
  return stopWatching(page, 60)
}

/**
 * Where the user is when the earlier messages come: `null` at the end, a distance from the end, or
 * `'top'`: at the first of the messages shown first (the list asks for the rest there too).
 */
const PLACES: [string, number | 'top' | null][] = [
  ['at the end', null],
  ['a few messages up', 1200],
  ['at the top of the messages shown first', 'top'],
]

/** Turns the mouse wheel up, as a user does, until `place` is reached. */
async function scrollUpTo(page: LaunchedApp['page'], place: number | 'top'): Promise<void> {
  const list = page.locator('.message-list')
  await list.hover()
  const reached = (): Promise<boolean> =>
    list.evaluate(
      (el, to) =>
        to === 'top' ? el.scrollTop === 0 : el.scrollHeight - el.scrollTop - el.clientHeight >= to,
      place,
    )
  await expect
    .poll(
      async () => {
        if (await reached()) return true
        await page.mouse.wheel(0, -400)
        return reached()
      },
      { timeout: 10_000, interval: 50 },
    )
    .toBe(true)
  // The wheel's scrolling and the rows it brought in have settled.
  await page.evaluate(() => new Promise((done) => setTimeout(done, 300)))
}

it.each(PLACES)(
  'a user %s of a long conversation sees nothing move while its earlier messages are put above',
  async (name, place) => {
    app = await launch({ userDataDir: newDataDir() })
    const { page } = app
    const held = await openHeldBack(app)
    if (place !== null) await scrollUpTo(page, place)

    const { samples, errors } = await watchPrepend(page, held)
    const moved = moves(samples)
    console.log(`${name}: ${samples.length} samples; moved in ${moved.length}: ${JSON.stringify(moved)}`)
    await page.screenshot({ path: `/tmp/list-stability-${place ?? 'end'}.png` })
    expect(moved).toEqual([])
    // The list measures rows as soon as they are laid out (so it can correct before the frame is painted);
    // the browser then reports a measuring loop it defers to the next frame, which react-virtuoso
    // documents as benign (`skipAnimationFrameInResizeObserver`). Anything else is a fault.
    expect(errors.filter((e) => !e.startsWith('ResizeObserver loop'))).toEqual([])
  },
)

it.each([
  { width: 1280, height: 800 },
  { width: 900, height: 560 },
])(
  'opening a long conversation in a $width×$height window: from its first frame, as the earlier messages arrive, nothing moves',
  async (viewport) => {
    app = await launch({ userDataDir: newDataDir(), viewport })
    const { page } = app
    await importLong(app)
    const read = vi.spyOn(app.backend.backend.conversations, 'get')
    // Watching from before the click: the earlier messages arrive when they do, right after the end is shown.
    await startWatching(page)
    await sidebarItem(page, TITLE).click()
    await expect.poll(() => read.mock.results[0]?.type).toBe('return')
    await read.mock.results[0]?.value
    const { samples, errors } = await stopWatching(page, 60)
    // From the first frame the list is shown: neither its placing at the end nor the prepend moves a thing.
    expect(fromPrepend(samples).length).toBeGreaterThan(0)
    const moved = moves(samples)
    console.log(
      `${viewport.width}×${viewport.height}: ${samples.length} samples; moved in ${moved.length}: ${JSON.stringify(moved)}`,
    )
    expect(moved).toEqual([])
    expect(errors.filter((e) => !e.startsWith('ResizeObserver loop'))).toEqual([])
  },
)
