/**
 * A data file that exists but cannot be read (a folder in its place: EISDIR, for real; no permission or a
 * lock: EACCES / EBUSY, simulated at the fs layer because tests run as root) must not stop the app. The file
 * is left as it is (or, for the index and on a settings change, moved aside), never deleted, and the user is
 * told which file and why.
 */
import fs, { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { syncBuiltinESMExports } from 'node:module'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { Storage } from '../../../src/main/storage/storage'
import type { Notice } from '../../../src/shared/domain'
import { app, safeStorage } from '../../mocks/electron'
import { collectNotices, makeTempDir, message, type TestDir } from './helpers'

vi.mock('electron', () => import('../../mocks/electron'))

let tmp: TestDir
beforeEach(() => {
  tmp = makeTempDir()
})
afterEach(() => {
  vi.restoreAllMocks()
  syncBuiltinESMExports()
  tmp.cleanup()
})

function open(onNotice = collectNotices().onNotice): Promise<Storage> {
  return Storage.open({
    dataDir: tmp.dir,
    safeStorage,
    isReady: () => app.isReady(),
    onNotice,
    platform: 'linux',
  })
}

const provider = {
  id: 'openai-main',
  kind: 'openai',
  name: 'OpenAI',
  baseURL: 'https://api.openai.com/v1',
  enabled: true,
} as const

/** Puts a folder where `name` should be, with a file inside that must survive everything. */
function folderInPlaceOf(name: string): string {
  const path = join(tmp.dir, name)
  mkdirSync(path)
  writeFileSync(join(path, 'keep-me.txt'), 'precious')
  return path
}

function unreadable(notices: readonly Notice[]): Notice['unreadable'][] {
  return notices.filter((n) => n.code === 'unreadable_file').map((n) => n.unreadable)
}

/** Makes reading `path` fail with `code`, as a locked or forbidden file does (conf reads with fs.readFileSync). */
function failReads(path: string, code: string): void {
  const real = fs.readFileSync
  vi.spyOn(fs, 'readFileSync').mockImplementation(((file: fs.PathOrFileDescriptor, options?: unknown) => {
    if (file === path) throw Object.assign(new Error(`${code}: simulated, open '${path}'`), { code })
    return real(file, options as BufferEncoding)
  }) as typeof fs.readFileSync)
}

describe('settings.json unreadable', () => {
  it('EISDIR: the app starts with default settings, says so, and leaves the folder alone', async () => {
    const folder = folderInPlaceOf('settings.json')
    const { notices, onNotice } = collectNotices()
    const storage = await open(onNotice)
    expect(storage.settings.get().providers).toEqual([])
    expect(unreadable(notices)).toEqual([{ file: 'settings.json', reason: 'EISDIR', outcome: 'defaults' }])
    storage.flush()
    expect(statSync(folder).isDirectory()).toBe(true)
    expect(readFileSync(join(folder, 'keep-me.txt'), 'utf8')).toBe('precious')
  })

  it('the first change moves it aside (kept whole), saves the new settings and says where it went', async () => {
    folderInPlaceOf('settings.json')
    const { notices, onNotice } = collectNotices()
    const storage = await open(onNotice)
    storage.updateSettings({ providers: [provider] })
    const told = notices.filter((n) => n.unreadable?.outcome === 'set-aside')
    expect(told).toHaveLength(1)
    const aside = told[0]?.path ?? ''
    expect(aside).toMatch(/settings\.unreadable-.*\.json$/)
    expect(readFileSync(join(aside, 'keep-me.txt'), 'utf8')).toBe('precious')
    // Told once; later changes are written normally.
    storage.updateSettings({ language: 'ru' })
    expect(notices.filter((n) => n.code === 'unreadable_file')).toHaveLength(2)
    const again = await open()
    expect(again.settings.get()).toMatchObject({ providers: [provider], language: 'ru' })
  })

  it('EACCES (simulated): starts, and the file is byte for byte untouched through the session', async () => {
    const path = join(tmp.dir, 'settings.json')
    const original = JSON.stringify({ schemaVersion: 2, language: 'ru' })
    writeFileSync(path, original)
    failReads(path, 'EACCES')
    const { notices, onNotice } = collectNotices()
    const storage = await open(onNotice)
    expect(unreadable(notices)).toEqual([{ file: 'settings.json', reason: 'EACCES', outcome: 'defaults' }])
    expect(storage.settings.get().language).toBeNull()
    storage.setSecret({ target: { type: 'route', routeId: 'system' }, value: 'a-password-1234' })
    storage.flush()
    expect(readFileSync(path, 'utf8')).toBe(original)
  })

  it('EBUSY (simulated) and it cannot be moved either: changes last the session, the file stays', async () => {
    const path = join(tmp.dir, 'settings.json')
    const original = JSON.stringify({ schemaVersion: 2, language: 'ru' })
    writeFileSync(path, original)
    failReads(path, 'EBUSY')
    vi.spyOn(fs, 'renameSync').mockImplementation(() => {
      throw Object.assign(new Error('EBUSY: simulated rename'), { code: 'EBUSY' })
    })
    syncBuiltinESMExports()
    const { notices, onNotice } = collectNotices()
    const storage = await open(onNotice)
    expect(storage.updateSettings({ language: 'en' }).language).toBe('en')
    expect(unreadable(notices)).toEqual([
      { file: 'settings.json', reason: 'EBUSY', outcome: 'defaults' },
      { file: 'settings.json', reason: 'EBUSY', outcome: 'not-saved' },
    ])
    vi.restoreAllMocks()
    syncBuiltinESMExports()
    expect(readFileSync(path, 'utf8')).toBe(original)
    expect(readdirSync(tmp.dir).filter((n) => n.startsWith('settings.'))).toEqual(['settings.json'])
  })
})

describe('secrets.json unreadable', () => {
  it('EISDIR: starts, keeps secrets entered now in memory only, never writes over the folder', async () => {
    const folder = folderInPlaceOf('secrets.json')
    const { notices, onNotice } = collectNotices()
    const storage = await open(onNotice)
    expect(unreadable(notices)).toEqual([{ file: 'secrets.json', reason: 'EISDIR', outcome: 'session-only' }])
    storage.updateSettings({ providers: [provider] })
    storage.setSecret({
      target: { type: 'provider', providerId: provider.id },
      value: 'sk-test-1234567890abcd',
    })
    expect(storage.secrets.get({ type: 'provider', providerId: provider.id })).toBe('sk-test-1234567890abcd')
    storage.flush()
    expect(statSync(folder).isDirectory()).toBe(true)
    expect(readdirSync(folder)).toEqual(['keep-me.txt'])
  })

  it('EACCES (simulated): the encrypted file is left byte for byte as it was', async () => {
    const first = await open()
    first.setSecret({ target: { type: 'route', routeId: 'system' }, value: 'first-password-123' })
    const path = join(tmp.dir, 'secrets.json')
    const before = readFileSync(path, 'utf8')
    failReads(path, 'EACCES')
    const { notices, onNotice } = collectNotices()
    const storage = await open(onNotice)
    expect(unreadable(notices)).toEqual([{ file: 'secrets.json', reason: 'EACCES', outcome: 'session-only' }])
    storage.setSecret({ target: { type: 'route', routeId: 'system' }, value: 'second-password-456' })
    vi.restoreAllMocks()
    expect(readFileSync(path, 'utf8')).toBe(before)
  })
})

describe('conversation-index.json unreadable', () => {
  async function twoConversations(): Promise<string[]> {
    const storage = await open()
    const ids = ['first', 'second'].map((text) => {
      const c = storage.conversations.create()
      storage.conversations.appendMessage(c.id, message('user', `${text} question`))
      return c.id
    })
    storage.flush()
    return ids
  }

  it('EISDIR: the list is rebuilt from the conversation files; the folder is kept aside, not deleted', async () => {
    const ids = await twoConversations()
    fs.rmSync(join(tmp.dir, 'conversation-index.json'))
    folderInPlaceOf('conversation-index.json')
    const { notices, onNotice } = collectNotices()
    const storage = await open(onNotice)
    expect(
      storage.conversations
        .list()
        .map((s) => s.id)
        .sort(),
    ).toEqual([...ids].sort())
    expect(unreadable(notices)).toEqual([
      { file: 'conversation-index.json', reason: 'EISDIR', outcome: 'rebuilt' },
    ])
    const aside = notices.find((n) => n.code === 'unreadable_file')?.path ?? ''
    expect(readFileSync(join(aside, 'keep-me.txt'), 'utf8')).toBe('precious')
    storage.flush()
    // A new index was written, so the next start is normal.
    const { notices: later, onNotice: laterSink } = collectNotices()
    expect((await open(laterSink)).conversations.list()).toHaveLength(2)
    expect(later).toEqual([])
  })

  it('EBUSY (simulated), cannot be moved: rebuilt in memory, the file is never written', async () => {
    const ids = await twoConversations()
    const path = join(tmp.dir, 'conversation-index.json')
    const before = readFileSync(path, 'utf8')
    failReads(path, 'EBUSY')
    vi.spyOn(fs, 'renameSync').mockImplementation(() => {
      throw Object.assign(new Error('EBUSY: simulated rename'), { code: 'EBUSY' })
    })
    syncBuiltinESMExports()
    const { notices, onNotice } = collectNotices()
    const storage = await open(onNotice)
    expect(storage.conversations.list()).toHaveLength(ids.length)
    expect(notices.find((n) => n.code === 'unreadable_file')?.path).toBeUndefined()
    storage.conversations.create()
    storage.flush()
    vi.restoreAllMocks()
    syncBuiltinESMExports()
    expect(readFileSync(path, 'utf8')).toBe(before)
    expect(existsSync(path)).toBe(true)
  })
})
