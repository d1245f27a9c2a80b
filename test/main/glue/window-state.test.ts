import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import {
  DEFAULT_SIZE,
  isReachable,
  loadWindowState,
  parseWindowState,
  restoreWindowState,
  saveWindowState,
} from '../../../src/main/window-state'

const laptop = { x: 0, y: 25, width: 1440, height: 875 }
const rightMonitor = { x: 1440, y: 0, width: 2560, height: 1440 }

describe('restoreWindowState', () => {
  it('uses the default size, centred, without a saved state', () => {
    expect(restoreWindowState(null, [laptop])).toEqual({ ...DEFAULT_SIZE, isMaximized: false })
  })

  it('keeps a position that is on a display', () => {
    const saved = { bounds: { x: 1600, y: 100, width: 1200, height: 900 }, isMaximized: true }
    expect(restoreWindowState(saved, [laptop, rightMonitor])).toEqual({ ...saved.bounds, isMaximized: true })
  })

  it('drops the position when the display it was on is gone', () => {
    const saved = { bounds: { x: 1600, y: 100, width: 1200, height: 800 }, isMaximized: false }
    const restored = restoreWindowState(saved, [laptop])
    expect(restored.x).toBeUndefined()
    expect(restored.y).toBeUndefined()
    expect(restored).toMatchObject({ width: 1200, height: 800 })
  })

  it('drops a position whose title bar is above the screen', () => {
    const saved = { bounds: { x: 100, y: -500, width: 800, height: 600 }, isMaximized: false }
    expect(restoreWindowState(saved, [laptop]).y).toBeUndefined()
  })

  it('drops a position with only a sliver on screen', () => {
    const saved = { bounds: { x: 1420, y: 100, width: 800, height: 600 }, isMaximized: false }
    expect(restoreWindowState(saved, [laptop]).x).toBeUndefined()
  })

  it('shrinks a window bigger than every display', () => {
    const saved = { bounds: { x: 0, y: 25, width: 5000, height: 3000 }, isMaximized: false }
    expect(restoreWindowState(saved, [laptop])).toMatchObject({ width: 1440, height: 875 })
  })

  it('grows a window below the minimum size', () => {
    const saved = { bounds: { x: 10, y: 30, width: 50, height: 40 }, isMaximized: false }
    expect(restoreWindowState(saved, [laptop])).toMatchObject({ width: 480, height: 360 })
  })
})

describe('isReachable', () => {
  it('needs the title bar on a work area', () => {
    expect(isReachable({ x: 0, y: 25, width: 800, height: 600 }, [laptop])).toBe(true)
    expect(isReachable({ x: 0, y: 900, width: 800, height: 600 }, [laptop])).toBe(false)
    expect(isReachable({ x: -780, y: 100, width: 800, height: 600 }, [laptop])).toBe(false)
  })
})

describe('parseWindowState', () => {
  it.each([
    null,
    42,
    'text',
    {},
    { bounds: { x: 0, y: 0, width: 800 }, isMaximized: false },
    { bounds: { x: 0, y: 0, width: -1, height: 600 }, isMaximized: false },
    { bounds: { x: Number.NaN, y: 0, width: 800, height: 600 }, isMaximized: false },
    { bounds: { x: 1e12, y: 0, width: 800, height: 600 }, isMaximized: false },
    { bounds: { x: 0, y: 0, width: 800, height: 600 }, isMaximized: 'yes' },
  ])('refuses %j', (raw) => {
    expect(parseWindowState(raw)).toBeNull()
  })
})

describe('state file', () => {
  let dir: string
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'proxychat-state-'))
  })
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true })
  })

  it('round-trips and leaves no temporary file', () => {
    const file = join(dir, 'window-state.json')
    const state = { bounds: { x: 1, y: 2, width: 800, height: 600 }, isMaximized: false }
    saveWindowState(file, state)
    expect(loadWindowState(file)).toEqual(state)
    expect(readdirSync(dir)).toEqual(['window-state.json'])
  })

  it('reads a missing or corrupt file as no state', () => {
    expect(loadWindowState(join(dir, 'missing.json'))).toBeNull()
    writeFileSync(join(dir, 'bad.json'), '{"bounds":')
    expect(loadWindowState(join(dir, 'bad.json'))).toBeNull()
  })
})
