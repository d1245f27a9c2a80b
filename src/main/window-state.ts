/**
 * Remembers the window's size and position in a small JSON file. The restore is checked against
 * the displays present now, so a window saved on a monitor that has gone never opens off-screen.
 * Pure functions plus two tiny file helpers: no electron import, so it is trivially testable.
 */
import { readFileSync, renameSync, writeFileSync } from 'node:fs'
import { z } from 'zod'

export interface Rect {
  x: number
  y: number
  width: number
  height: number
}

export interface WindowState {
  /** Bounds of the window when not maximized (so un-maximizing restores a sensible size). */
  bounds: Rect
  isMaximized: boolean
}

/** What to create the window with: a position only when it is known to be visible. */
export interface RestoredWindowState {
  x?: number
  y?: number
  width: number
  height: number
  isMaximized: boolean
}

export const DEFAULT_SIZE = { width: 1100, height: 760 } as const
export const MIN_SIZE = { width: 480, height: 360 } as const

/** How much of the title bar must lie on a display for the window to count as reachable. */
const MIN_VISIBLE_WIDTH = 120
const MIN_VISIBLE_HEIGHT = 40

const coordinate = z.number().int().min(-100_000).max(100_000)
const length = z.number().int().min(1).max(100_000)
const windowStateSchema = z.object({
  bounds: z.object({ x: coordinate, y: coordinate, width: length, height: length }),
  isMaximized: z.boolean(),
})

/** Anything unreadable (old format, hand-edited, truncated) means "no saved state", never a crash. */
export function parseWindowState(raw: unknown): WindowState | null {
  const result = windowStateSchema.safeParse(raw)
  return result.success ? result.data : null
}

function overlap(a: Rect, b: Rect): { width: number; height: number } {
  return {
    width: Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x),
    height: Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y),
  }
}

/** True when enough of the window's top strip (where the title bar is) lies on some work area. */
export function isReachable(bounds: Rect, workAreas: readonly Rect[]): boolean {
  const titleBar = { x: bounds.x, y: bounds.y, width: bounds.width, height: MIN_VISIBLE_HEIGHT }
  return workAreas.some((area) => {
    const o = overlap(titleBar, area)
    return o.width >= Math.min(MIN_VISIBLE_WIDTH, bounds.width) && o.height >= MIN_VISIBLE_HEIGHT
  })
}

function clamp(value: number, min: number, max: number): number {
  return Math.max(min, Math.min(max, value))
}

/**
 * Turns a saved state into creation options for the displays present now: the size is clamped to
 * the largest work area, and the position is kept only when the window would be reachable there
 * (otherwise Electron centres it on the primary display).
 */
export function restoreWindowState(
  saved: WindowState | null,
  workAreas: readonly Rect[],
): RestoredWindowState {
  if (saved === null || workAreas.length === 0)
    return { ...DEFAULT_SIZE, isMaximized: saved?.isMaximized ?? false }
  const maxWidth = Math.max(...workAreas.map((a) => a.width))
  const maxHeight = Math.max(...workAreas.map((a) => a.height))
  const width = clamp(saved.bounds.width, Math.min(MIN_SIZE.width, maxWidth), maxWidth)
  const height = clamp(saved.bounds.height, Math.min(MIN_SIZE.height, maxHeight), maxHeight)
  const bounds = { x: saved.bounds.x, y: saved.bounds.y, width, height }
  if (!isReachable(bounds, workAreas)) return { width, height, isMaximized: saved.isMaximized }
  return { ...bounds, isMaximized: saved.isMaximized }
}

export function loadWindowState(file: string): WindowState | null {
  try {
    return parseWindowState(JSON.parse(readFileSync(file, 'utf8')))
  } catch {
    return null
  }
}

/** Written to a temporary file and renamed, so a crash mid-write never leaves half a file. */
export function saveWindowState(file: string, state: WindowState): void {
  const temporary = `${file}.tmp`
  writeFileSync(temporary, JSON.stringify(state), 'utf8')
  renameSync(temporary, file)
}
