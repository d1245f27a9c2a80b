/**
 * The window never stays invisible: a failed load or a dead renderer shows it and offers a reload, and a
 * page that never paints is shown after a fallback delay (an injected scheduler stands in for time).
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'

vi.mock('electron', () => import('../../mocks/electron'))

import { app, resetElectronMock } from '../../mocks/electron'
import type { MockBrowserWindow, MockWebContents } from '../../mocks/electron'
import { APP_ENTRY_URL } from '../../../src/main/app-protocol'
import type { MainWindowOptions, PageTrouble, TimerScheduler } from '../../../src/main/window'
import { createMainWindow, createOriginPolicy, FALLBACK_SHOW_MS } from '../../../src/main/window'

/** Timers that run only when the test moves the clock. */
function manualScheduler(): TimerScheduler & { advance(ms: number): void; pending(): number } {
  let now = 0
  let timers: { at: number; run: () => void; id: number }[] = []
  let nextId = 1
  return {
    setTimeout(run, ms) {
      const id = nextId++
      timers.push({ at: now + ms, run, id })
      return id
    },
    clearTimeout(handle) {
      timers = timers.filter((timer) => timer.id !== handle)
    },
    advance(ms) {
      now += ms
      const due = timers.filter((timer) => timer.at <= now)
      timers = timers.filter((timer) => timer.at > now)
      for (const timer of due) timer.run()
    },
    pending: () => timers.length,
  }
}

let dir: string
beforeEach(() => {
  resetElectronMock()
  // The window logs a failed load; expected here.
  vi.spyOn(console, 'error').mockImplementation(() => undefined)
  dir = mkdtempSync(join(tmpdir(), 'proxychat-visibility-'))
})
afterEach(() => {
  vi.restoreAllMocks()
  rmSync(dir, { recursive: true, force: true })
})

interface Opened {
  window: MockBrowserWindow
  contents: MockWebContents
  asked: PageTrouble[]
  quit: ReturnType<typeof vi.fn>
  scheduler: ReturnType<typeof manualScheduler>
  loads: () => number
}

/** Opens the main window; `prepare` sees its web contents before the first load (as Electron announces it). */
function open(
  answer: 'reload' | 'quit' = 'reload',
  prepare: (contents: MockWebContents) => void = () => undefined,
): Opened {
  const asked: PageTrouble[] = []
  const quit = vi.fn()
  const scheduler = manualScheduler()
  let loads = 0
  app.once('web-contents-created', (_event: unknown, contents: MockWebContents) => {
    contents.on('did-start-loading', () => {
      loads += 1
    })
    prepare(contents)
  })
  const options: MainWindowOptions = {
    policy: createOriginPolicy(),
    preload: '/app/out/preload/index.cjs',
    stateFile: join(dir, 'window-state.json'),
    dark: false,
    devTools: false,
    askAboutPage: (trouble) => {
      asked.push(trouble)
      return Promise.resolve(answer)
    },
    quit,
    scheduler,
  }
  const window = createMainWindow(options) as unknown as MockBrowserWindow
  return { window, contents: window.webContents, asked, quit, scheduler, loads: () => loads }
}

describe('the window is shown', () => {
  it('on ready-to-show, and the fallback timer is cleared', async () => {
    const { window, scheduler } = open()
    await vi.waitFor(() => {
      expect(window.isVisible()).toBe(true)
    })
    expect(scheduler.pending()).toBe(0)
  })

  it(`after ${FALLBACK_SHOW_MS} ms when ready-to-show never comes`, async () => {
    const { window, scheduler } = open('reload', (contents) => {
      contents.hangLoads()
    })
    await new Promise((resolve) => setTimeout(resolve, 10))
    scheduler.advance(FALLBACK_SHOW_MS - 1)
    expect(window.isVisible()).toBe(false)
    scheduler.advance(1)
    expect(window.isVisible()).toBe(true)
  })
})

describe('a page that failed to load', () => {
  it('shows the window, asks, and reloads the page when the user says so', async () => {
    const { window, contents, asked, loads } = open('reload', (c) => {
      c.failNextLoad(-6, 'ERR_FILE_NOT_FOUND')
    })
    await vi.waitFor(() => {
      expect(asked).toEqual([{ kind: 'load-failed', code: -6, description: 'ERR_FILE_NOT_FOUND' }])
    })
    expect(window.isVisible()).toBe(true)
    await vi.waitFor(() => {
      expect(loads()).toBe(2)
      expect(contents.isLoading()).toBe(false)
    })
    expect(contents.getURL()).toBe(APP_ENTRY_URL)
  })

  it('quits when the user chooses Quit', async () => {
    const { quit } = open('quit', (c) => {
      c.failNextLoad(-105, 'ERR_NAME_NOT_RESOLVED')
    })
    await vi.waitFor(() => {
      expect(quit).toHaveBeenCalledTimes(1)
    })
  })

  it('ignores an aborted load (-3), which is a load replaced by another', async () => {
    const { asked, window } = open('reload', (c) => {
      c.failNextLoad(-3, 'ERR_ABORTED')
    })
    await new Promise((resolve) => setTimeout(resolve, 10))
    expect(asked).toEqual([])
    window.destroy()
  })
})

describe('a renderer that is gone', () => {
  it('offers a reload and reloads the page', async () => {
    const { window, contents, asked, loads } = open('reload')
    await vi.waitFor(() => {
      expect(window.isVisible()).toBe(true)
    })
    contents.crash('oom')
    await vi.waitFor(() => {
      expect(asked).toEqual([{ kind: 'gone', reason: 'oom' }])
      expect(loads()).toBe(2)
    })
    expect(contents.isCrashed()).toBe(false)
  })

  it('shows a window that had not been shown yet', async () => {
    const { window, contents, asked } = open('reload', (c) => {
      c.hangLoads()
    })
    contents.crash('launch-failed')
    expect(window.isVisible()).toBe(true)
    await vi.waitFor(() => {
      expect(asked).toHaveLength(1)
    })
  })

  it('asks once while a question is open, and not at all for a clean exit', async () => {
    let answer: (value: 'reload' | 'quit') => void = () => undefined
    const asked: PageTrouble[] = []
    // The question stays open until answered.
    const held = createMainWindow({
      policy: createOriginPolicy(),
      preload: '/p.cjs',
      stateFile: join(dir, 's.json'),
      dark: false,
      devTools: false,
      askAboutPage: (trouble) => {
        asked.push(trouble)
        return new Promise((resolve) => {
          answer = resolve
        })
      },
      quit: () => undefined,
      scheduler: manualScheduler(),
    }) as unknown as MockBrowserWindow
    held.webContents.emit('render-process-gone', {}, { reason: 'clean-exit', exitCode: 0 })
    expect(asked).toEqual([])
    held.webContents.crash('crashed')
    held.webContents.crash('crashed')
    expect(asked).toHaveLength(1)
    answer('reload')
    await vi.waitFor(() => {
      expect(held.webContents.isCrashed()).toBe(false)
    })
  })
})
