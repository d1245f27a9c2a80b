/** Moving a bad file out of the way under a name that says why, so nothing is ever silently lost. */
import { copyFileSync, existsSync, renameSync } from 'node:fs'
import { basename, dirname, extname, join } from 'node:path'

/** `<dir>/<name>.<tag>-<ISO time>.json`; ':' becomes '-' because Windows forbids it in file names. */
export function asidePath(filePath: string, tag: string, date: Date): string {
  const ext = extname(filePath) || '.json'
  const base = basename(filePath, extname(filePath))
  const stamp = date.toISOString().replace(/:/g, '-')
  const first = join(dirname(filePath), `${base}.${tag}-${stamp}${ext}`)
  if (!existsSync(first)) return first
  for (let n = 2; ; n++) {
    const candidate = join(dirname(filePath), `${base}.${tag}-${stamp}-${n}${ext}`)
    if (!existsSync(candidate)) return candidate
  }
}

/** Renames the file aside; returns its new path. */
export function moveAside(filePath: string, tag = 'corrupt', date = new Date()): string {
  const target = asidePath(filePath, tag, date)
  renameSync(filePath, target)
  return target
}

/** Copies the file aside (the original stays in use); returns the copy's path. */
export function copyAside(filePath: string, tag: string, date = new Date()): string {
  const target = asidePath(filePath, tag, date)
  copyFileSync(filePath, target)
  return target
}
