/** Pins, model titles and deleting several conversations at once: the files, the index and its journal. */
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import {
  ConversationRepository,
  type RepositoryOptions,
} from '../../../src/main/storage/conversation-repository'
import { STAGING_PREFIX } from '../../../src/main/storage/conversation-trash'
import { collectNotices, fakeClock, makeTempDir, message, readJson, type TestDir } from './helpers'

vi.mock('electron', () => import('../../mocks/electron'))

let tmp: TestDir
let clock: ReturnType<typeof fakeClock>
beforeEach(() => {
  tmp = makeTempDir()
  clock = fakeClock()
})
afterEach(() => tmp.cleanup())

const convDir = (): string => join(tmp.dir, 'conversations')
const convFile = (id: string): string => join(convDir(), `${id}.json`)
const indexFile = (): string => join(tmp.dir, 'conversation-index.json')
const journalFile = (): string => join(tmp.dir, 'conversation-index.journal')
const journalLines = (): unknown[] =>
  readFileSync(journalFile(), 'utf8')
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as unknown)

function open(options: Partial<RepositoryOptions> = {}): Promise<ConversationRepository> {
  return ConversationRepository.open({ dataDir: tmp.dir, onNotice: () => {}, now: clock.now, ...options })
}

async function withConversations(count: number, options: Partial<RepositoryOptions> = {}) {
  const repo = await open(options)
  const ids: string[] = []
  for (let i = 0; i < count; i++) {
    clock.tick()
    const c = repo.create()
    repo.appendMessage(c.id, message('user', `Беседа ${i}`))
    ids.push(c.id)
  }
  return { repo, ids }
}

describe('pinning', () => {
  it('stores pinnedAt on the conversation and its summary, without moving updatedAt', async () => {
    const { repo, ids } = await withConversations(2)
    const [a] = ids as [string]
    const before = repo.summary(a).updatedAt
    clock.tick(5000)
    const pinned = repo.setPinned(a, true)
    expect(pinned).toMatchObject({ id: a, pinnedAt: clock.now(), updatedAt: before })
    expect(repo.get(a).pinnedAt).toBe(clock.now())
    expect((readJson(convFile(a)) as { pinnedAt?: number }).pinnedAt).toBe(clock.now())
    // Pinning again keeps its place among the pinned.
    clock.tick()
    expect(repo.setPinned(a, true).pinnedAt).toBe(pinned.pinnedAt)
    const unpinned = repo.setPinned(a, false)
    expect(unpinned).not.toHaveProperty('pinnedAt')
    expect(readJson(convFile(a))).not.toHaveProperty('pinnedAt')
  })

  it('journals a pin and replays it after a crash, and keeps it through compaction', async () => {
    const { repo, ids } = await withConversations(2)
    const b = ids[1] as string
    repo.flush()
    clock.tick()
    repo.setPinned(b, true)
    expect(journalLines()).toEqual([{ put: expect.objectContaining({ id: b, pinnedAt: clock.now() }) }])
    // No flush: only the journal knows.
    const replayed = await open()
    expect(replayed.summary(b).pinnedAt).toBe(clock.now())
    replayed.flush()
    expect(existsSync(journalFile())).toBe(false)
    const index = readJson(indexFile()) as { conversations: { id: string; pinnedAt?: number }[] }
    expect(index.conversations.find((c) => c.id === b)?.pinnedAt).toBe(clock.now())
    const compacted = await open()
    expect(compacted.summary(b).pinnedAt).toBe(clock.now())
  })

  it('rebuilds pins from the files when the index is lost', async () => {
    const { repo, ids } = await withConversations(1)
    const a = ids[0] as string
    repo.setPinned(a, true)
    repo.flush()
    writeFileSync(indexFile(), '{ not json')
    const rebuilt = await open({ onNotice: collectNotices().onNotice })
    expect(rebuilt.summary(a).pinnedAt).toBe(clock.now())
  })
})

describe('model titles', () => {
  it('replaces the local title, but never one the user wrote', async () => {
    const { repo, ids } = await withConversations(2)
    const [a, b] = ids as [string, string]
    const updatedAt = repo.summary(a).updatedAt
    clock.tick()
    expect(repo.setModelTitle(a, '  Разговор о погоде ')).toMatchObject({
      title: 'Разговор о погоде',
      updatedAt,
    })
    expect(repo.get(a).titleSource).toBe('model')
    repo.rename(b, 'Mine')
    expect(repo.setModelTitle(b, 'From the model')).toBeUndefined()
    expect(repo.summary(b).title).toBe('Mine')
    // A rename after a model title wins too.
    repo.rename(a, 'Renamed')
    expect(repo.setModelTitle(a, 'Late title')).toBeUndefined()
    expect(repo.get(a)).toMatchObject({ title: 'Renamed', titleSource: 'user' })
  })

  it('writes nothing for a deleted conversation or an empty title', async () => {
    const { repo, ids } = await withConversations(1)
    const a = ids[0] as string
    expect(repo.setModelTitle(a, '   ')).toBeUndefined()
    repo.delete(a)
    expect(repo.setModelTitle(a, 'Too late')).toBeUndefined()
    expect(existsSync(convFile(a))).toBe(false)
  })
})

describe('deleting several', () => {
  it('deletes them all with one journal write, and leaves the others', async () => {
    const { repo, ids } = await withConversations(5)
    repo.flush()
    const gone = ids.slice(0, 3)
    repo.deleteMany(gone)
    expect(
      repo
        .list()
        .map((s) => s.id)
        .sort(),
    ).toEqual(ids.slice(3).sort())
    for (const id of gone) expect(existsSync(convFile(id))).toBe(false)
    expect(journalLines()).toEqual(gone.map((id) => ({ del: id })))
    expect(readdirSync(convDir()).filter((n) => n.startsWith(STAGING_PREFIX))).toEqual([])
    const after = await open()
    expect(
      after
        .list()
        .map((s) => s.id)
        .sort(),
    ).toEqual(ids.slice(3).sort())
  })

  it('deletes nothing when one file cannot be moved in the middle', async () => {
    let moves = 0
    const { repo, ids } = await withConversations(4, {
      moveFile: (from, to) => {
        moves++
        // The third file is locked (as Windows does with a file another program holds open).
        if (moves === 3) throw Object.assign(new Error('EBUSY: resource busy or locked'), { code: 'EBUSY' })
        renameSync(from, to)
      },
    })
    repo.flush()
    const before = repo.list()
    expect(() => repo.deleteMany(ids.slice(0, 3))).toThrow(/EBUSY/)
    expect(moves).toBe(3)
    expect(repo.list()).toEqual(before)
    for (const id of ids) {
      expect(existsSync(convFile(id))).toBe(true)
      expect(repo.get(id).messages).toHaveLength(1)
    }
    expect(existsSync(journalFile())).toBe(false)
    expect(readdirSync(convDir()).filter((n) => n.startsWith(STAGING_PREFIX))).toEqual([])
  })

  it('refuses the whole call when one id is unknown, before touching anything', async () => {
    const { repo, ids } = await withConversations(2)
    expect(() => repo.deleteMany([ids[0] as string, 'no-such-conversation'])).toThrow(/No conversation/)
    expect(repo.list()).toHaveLength(2)
  })

  it('after a crash while staging, puts the files back; after the index recorded it, finishes', async () => {
    const { repo, ids } = await withConversations(3)
    const [a, b, c] = ids as [string, string, string]
    repo.flush()
    // A crash part way: two files in a staging folder, no marker, the index untouched.
    const cut = join(convDir(), `${STAGING_PREFIX}crash-1`)
    mkdirSync(cut)
    renameSync(convFile(a), join(cut, `${a}.json`))
    renameSync(convFile(b), join(cut, `${b}.json`))
    // A crash after the index recorded the deletion: the marker is there.
    const done = join(convDir(), `${STAGING_PREFIX}crash-2`)
    mkdirSync(done)
    renameSync(convFile(c), join(done, `${c}.json`))
    writeFileSync(join(done, 'committed'), '')
    const after = await open()
    expect(
      after
        .list()
        .map((s) => s.id)
        .sort(),
    ).toEqual([a, b].sort())
    expect(after.get(a).messages).toHaveLength(1)
    expect(existsSync(convFile(c))).toBe(false)
    expect(readdirSync(convDir()).filter((n) => n.startsWith(STAGING_PREFIX))).toEqual([])
  })
})
