/** Shared set-up for storage tests: a fresh data folder per test and a notice collector. */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Message, Notice } from '../../../src/shared/domain'
import { app, appMock, resetElectronMock, safeStorage } from '../../mocks/electron'
import { SecretStore } from '../../../src/main/storage/secret-store'

export interface TestDir {
  dir: string
  cleanup(): void
}

/** A fresh data folder, also set as the mock's `userData` (electron-store asks for it even with `cwd`). */
export function makeTempDir(): TestDir {
  const dir = mkdtempSync(join(tmpdir(), 'proxychat-storage-'))
  resetElectronMock()
  appMock.setUserData(dir)
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) }
}

export function collectNotices(): { notices: Notice[]; onNotice: (notice: Notice) => void } {
  const notices: Notice[] = []
  return { notices, onNotice: (notice) => notices.push(notice) }
}

/** Every file under `dir`, recursively. */
export function allFiles(dir: string): string[] {
  const out: string[] = []
  for (const name of readdirSync(dir)) {
    const path = join(dir, name)
    if (statSync(path).isDirectory()) out.push(...allFiles(path))
    else out.push(path)
  }
  return out
}

export function readJson(path: string): unknown {
  return JSON.parse(readFileSync(path, 'utf8'))
}

export function filesIn(dir: string): string[] {
  return readdirSync(dir).sort()
}

let counter = 0
export function message(role: Message['role'], content: string, extra: Partial<Message> = {}): Message {
  counter++
  return {
    id: `m-${counter}`,
    role,
    content,
    createdAt: 1_700_000_000_000 + counter,
    status: 'done',
    ...extra,
  }
}

/** A clock the test moves by hand. */
export function fakeClock(start = 1_700_000_000_000): { now: () => number; tick: (ms?: number) => void } {
  let time = start
  return { now: () => time, tick: (ms = 1000) => (time += ms) }
}

/** A secret store on `dataDir` with the mock's safeStorage, as on Linux. */
export function openSecretStore(dataDir: string, onNotice = collectNotices().onNotice): SecretStore {
  return SecretStore.open({ dataDir, safeStorage, isReady: () => app.isReady(), onNotice, platform: 'linux' })
}
