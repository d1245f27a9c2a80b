import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import {
  ConversationRepository,
  type RepositoryOptions,
} from '../../../src/main/storage/conversation-repository'
import type { Conversation } from '../../../src/shared/domain'
import { AppError } from '../../../src/main/app-error'
import { collectNotices, fakeClock, filesIn, makeTempDir, message, readJson, type TestDir } from './helpers'

vi.mock('electron', () => import('../../mocks/electron'))

const FIXTURES = join(import.meta.dirname, '../../fixtures/storage')
const FIXTURE_ID = '0b1e7c52-4a7e-4f3e-9d5c-2f1a9e8b7c60'

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

function open(options: Partial<RepositoryOptions> = {}): Promise<ConversationRepository> {
  return ConversationRepository.open({ dataDir: tmp.dir, onNotice: () => {}, now: clock.now, ...options })
}

/** A conversation file as a previous run would have left it. */
function writeConversationFile(conversation: Conversation): void {
  mkdirSync(convDir(), { recursive: true })
  writeFileSync(convFile(conversation.id), JSON.stringify({ schemaVersion: 1, ...conversation }))
}

function conversation(id: string, extra: Partial<Conversation> = {}): Conversation {
  return {
    id,
    title: `Title ${id}`,
    createdAt: 1,
    updatedAt: 2,
    model: null,
    systemPrompt: '',
    messages: [message('user', `hello from ${id}`)],
    ...extra,
  }
}

describe('creating and editing', () => {
  it('creates a conversation in its own file and lists it', async () => {
    const repo = await open()
    const created = repo.create({ model: { providerId: 'p1', model: 'm1' }, systemPrompt: 'Be brief.' })
    expect(created).toMatchObject({
      title: '',
      messages: [],
      systemPrompt: 'Be brief.',
      createdAt: clock.now(),
    })
    expect(existsSync(convFile(created.id))).toBe(true)
    expect(repo.list()).toEqual([
      {
        id: created.id,
        title: '',
        createdAt: clock.now(),
        updatedAt: clock.now(),
        model: { providerId: 'p1', model: 'm1' },
        messageCount: 0,
      },
    ])
    expect(repo.get(created.id)).toEqual(created)
  })

  it('appends messages, names the conversation after the first user message, and keeps the newest first', async () => {
    const repo = await open()
    const a = repo.create()
    clock.tick()
    const b = repo.create()
    clock.tick()
    const first = message(
      'user',
      '  How do I configure a SOCKS5 proxy with remote DNS for my whole team?\nDetails follow',
    )
    const summary = repo.appendMessage(a.id, first)
    expect(summary).toMatchObject({
      title: 'How do I configure a SOCKS5 proxy with remote DNS for my…',
      messageCount: 1,
    })
    repo.appendMessage(a.id, message('assistant', 'Like this.'))
    repo.appendMessage(a.id, message('user', 'A later question does not rename it'))
    expect(repo.summary(a.id).title).toBe(summary.title)
    expect(repo.list().map((s) => s.id)).toEqual([a.id, b.id])
    expect(repo.get(a.id).messages.map((m) => m.content)).toEqual([
      first.content,
      'Like this.',
      'A later question does not rename it',
    ])
    expect(() => repo.appendMessage(a.id, first)).toThrow(/already exists/)
  })

  it('refuses with the app’s error codes: not_found, conflict, invalid_input', async () => {
    const repo = await open()
    const c = repo.create()
    const first = message('user', 'Hi')
    repo.appendMessage(c.id, first)
    const codeOf = (action: () => unknown): unknown => {
      try {
        action()
      } catch (error) {
        expect(error).toBeInstanceOf(AppError)
        return (error as AppError).code
      }
      return 'nothing thrown'
    }
    expect(codeOf(() => repo.get('00000000-0000-4000-8000-000000000000'))).toBe('not_found')
    expect(codeOf(() => repo.updateMessage(c.id, 'nope', { content: 'x' }))).toBe('not_found')
    expect(codeOf(() => repo.appendMessage(c.id, first))).toBe('conflict')
    expect(codeOf(() => repo.rename(c.id, ' '))).toBe('invalid_input')
  })

  it('does not rename a conversation the user already named', async () => {
    const repo = await open()
    const c = repo.create()
    repo.rename(c.id, '  My title  ')
    repo.appendMessage(c.id, message('user', 'Something else'))
    expect(repo.summary(c.id).title).toBe('My title')
    expect(() => repo.rename(c.id, '   ')).toThrow(/empty/)
  })

  it('updates a message in place (streaming checkpoints) without touching its identity', async () => {
    const repo = await open()
    const c = repo.create()
    const reply = message('assistant', '', { status: 'streaming' })
    repo.appendMessage(c.id, reply)
    clock.tick(1000)
    repo.updateMessage(c.id, reply.id, { content: 'Partial text' })
    const done = repo.updateMessage(c.id, reply.id, {
      content: 'Partial text, complete.',
      status: 'done',
      meta: { model: 'm1', usage: { promptTokens: 1, completionTokens: 2, totalTokens: 3 } },
      id: 'hijack',
    } as never)
    expect(done).toMatchObject({
      id: reply.id,
      role: 'assistant',
      createdAt: reply.createdAt,
      status: 'done',
    })
    expect(repo.summary(c.id).updatedAt).toBe(clock.now())
    const onDisk = readJson(convFile(c.id)) as Conversation
    expect(onDisk.messages[0]).toMatchObject({ content: 'Partial text, complete.', status: 'done' })
    expect(() => repo.updateMessage(c.id, 'nope', { content: 'x' })).toThrow(/No message/)
  })

  it('keeps an edited message and a regenerated reply as versions, and the chosen one across reopening', async () => {
    const repo = await open()
    const c = repo.create()
    const [u1, a1, u2, a2] = [
      message('user', 'one'),
      message('assistant', 'two'),
      message('user', 'three'),
      message('assistant', 'four'),
    ]
    for (const m of [u1, a1, u2, a2]) repo.appendMessage(c.id, m)
    const edited = message('user', 'three, edited')
    repo.addVersion(c.id, u2.id, edited)
    repo.appendMessage(c.id, message('assistant', 'five'))
    const shown = repo.get(c.id)
    expect(shown.messages.map((m) => m.content)).toEqual(['one', 'two', 'three, edited', 'five'])
    expect(shown.messages[2]?.versions).toEqual({ index: 2, count: 2 })
    expect(shown.messages[3]?.versions).toBeUndefined()
    expect(shown).not.toHaveProperty('selected')
    expect(repo.summary(c.id).messageCount).toBe(6)

    const back = repo.selectVersion(c.id, edited.id, 1)
    expect(back.messages.map((m) => m.content)).toEqual(['one', 'two', 'three', 'four'])
    expect(back.messages[2]?.versions).toEqual({ index: 1, count: 2 })
    repo.close()
    const reopened = await open()
    expect(reopened.get(c.id).messages.map((m) => m.content)).toEqual(['one', 'two', 'three', 'four'])
    const onDisk = readJson(convFile(c.id)) as Conversation
    expect(onDisk.messages).toHaveLength(6)
    expect(onDisk.selected).toEqual({ [a1.id]: u2.id })
    expect(() => reopened.addVersion(c.id, a1.id, u1)).toThrow(/already exists/)
    expect(() => reopened.addVersion(c.id, 'missing', message('user', 'x'))).toThrow(/No message/)
    expect(() => reopened.selectVersion(c.id, u2.id, 3)).toThrow(/no version 3/)
  })

  it('hands out the end of the visible branch, and how many messages come before it', async () => {
    const repo = await open()
    const c = repo.create({ systemPrompt: 'Be brief.' })
    const turns = Array.from({ length: 6 }, (_, i) => message(i % 2 ? 'assistant' : 'user', `m${i}`))
    for (const m of turns) repo.appendMessage(c.id, m)
    // A second version of the fourth message, with its own reply: the tail follows the chosen branch.
    const edited = message('assistant', 'm3, regenerated')
    repo.addVersion(c.id, turns[3]?.id ?? '', edited)
    repo.appendMessage(c.id, message('user', 'm4 on the new branch'))

    const tail = repo.getTail(c.id, 2)
    expect(tail.earlier).toBe(3)
    expect(tail.conversation.messages.map((m) => m.content)).toEqual([
      'm3, regenerated',
      'm4 on the new branch',
    ])
    expect(tail.conversation.messages[0]?.versions).toEqual({ index: 2, count: 2 })
    expect(tail.conversation).toMatchObject({ id: c.id, systemPrompt: 'Be brief.' })
    expect(tail.conversation).not.toHaveProperty('selected')
    // The tail is the end of what get() returns.
    expect(repo.get(c.id).messages.slice(tail.earlier)).toEqual(tail.conversation.messages)
    // More than there is: the whole branch, nothing before it.
    const whole = repo.getTail(c.id, 100)
    expect(whole.earlier).toBe(0)
    expect(whole.conversation.messages).toHaveLength(5)
    // A copy, like get().
    const shown = tail.conversation.messages[0]
    if (shown) shown.content = 'sneaky'
    expect(repo.getTail(c.id, 2).conversation.messages[0]?.content).toBe('m3, regenerated')
    expect(() => repo.getTail('missing', 2)).toThrow(/No conversation/)
  })
  it('deletes one message, and a whole conversation with its file', async () => {
    const repo = await open()
    const c = repo.create()
    const m1 = message('user', 'keep')
    const m2 = message('assistant', 'drop')
    repo.appendMessage(c.id, m1)
    repo.appendMessage(c.id, m2)
    expect(repo.deleteMessage(c.id, m2.id).messageCount).toBe(1)
    expect(repo.get(c.id).messages.map((m) => m.id)).toEqual([m1.id])

    repo.delete(c.id)
    expect(existsSync(convFile(c.id))).toBe(false)
    expect(repo.list()).toEqual([])
    expect(() => repo.get(c.id)).toThrow(/No conversation/)
    expect(() => repo.delete(c.id)).toThrow(/No conversation/)
  })

  it('sets the model and the system prompt', async () => {
    const repo = await open()
    const c = repo.create()
    expect(repo.setModel(c.id, { providerId: 'p', model: 'm' }).model).toEqual({
      providerId: 'p',
      model: 'm',
    })
    repo.setSystemPrompt(c.id, 'Answer in Russian.')
    const reopened = await open()
    expect(reopened.get(c.id)).toMatchObject({
      model: { providerId: 'p', model: 'm' },
      systemPrompt: 'Answer in Russian.',
    })
  })

  it('hands out copies: changing what get() returned changes nothing stored', async () => {
    const repo = await open()
    const c = repo.create()
    const copy = repo.get(c.id)
    copy.messages.push(message('user', 'sneaky'))
    copy.title = 'sneaky'
    expect(repo.get(c.id).messages).toEqual([])
  })

  it('rejects ids that are not file names of its own', async () => {
    const repo = await open()
    writeFileSync(join(tmp.dir, 'settings.json'), '{}')
    for (const id of ['../settings', '..', 'CON', 'a/b/c/d/e/f', 'UPPERCASE-ID-1234', '']) {
      expect(() => repo.get(id)).toThrow(/No conversation/)
      expect(() => repo.delete(id)).toThrow(/No conversation/)
    }
    expect(existsSync(join(tmp.dir, 'settings.json'))).toBe(true)
  })
})

describe('crash recovery', () => {
  it('reopens a reply that was streaming when the app stopped as interrupted, with its text', async () => {
    const partial = message('assistant', 'The first half of an ans', { status: 'streaming' })
    writeConversationFile(conversation('conv-crashed-01', { messages: [message('user', 'q'), partial] }))
    const repo = await open()
    const loaded = repo.get('conv-crashed-01')
    expect(loaded.messages[1]).toEqual({ ...partial, status: 'interrupted' })
    // Continuing it works like any other update.
    repo.updateMessage('conv-crashed-01', partial.id, { content: `${partial.content}wer.`, status: 'done' })
    expect((await open()).get('conv-crashed-01').messages[1]).toMatchObject({
      content: 'The first half of an answer.',
    })
  })

  it('does not mark its own running stream interrupted, even when memory is tight', async () => {
    const repo = await open({ cacheSize: 1 })
    const c = repo.create()
    const reply = message('assistant', 'tok', { status: 'streaming' })
    repo.appendMessage(c.id, reply)
    for (let i = 0; i < 3; i++) repo.create()
    expect(repo.get(c.id).messages[0]?.status).toBe('streaming')
  })

  it('keeps the index consistent after a crash without flush (journal replay)', async () => {
    const repo = await open()
    const kept = repo.create()
    const gone = repo.create()
    repo.appendMessage(kept.id, message('user', 'Journaled title'))
    repo.appendMessage(kept.id, message('assistant', 'reply'))
    repo.delete(gone.id)
    // No flush(): the index file was never written, only the journal.
    expect(existsSync(indexFile())).toBe(false)
    expect(existsSync(journalFile())).toBe(true)
    const { notices, onNotice } = collectNotices()
    const after = await open({ onNotice })
    expect(after.list()).toEqual(repo.list())
    expect(after.list()).toMatchObject([{ id: kept.id, title: 'Journaled title', messageCount: 2 }])
    expect(notices).toEqual([])
  })

  it('picks up a conversation written just before a crash that the journal never saw', async () => {
    const repo = await open()
    repo.create()
    repo.flush()
    writeConversationFile(conversation('conv-orphan-001'))
    const after = await open()
    expect(after.list().map((s) => s.id)).toContain('conv-orphan-001')
    expect(after.get('conv-orphan-001').messages).toHaveLength(1)
  })

  it('drops index entries whose file is gone, and fixes stale counts when a conversation is read', async () => {
    const repo = await open()
    const a = repo.create()
    const b = repo.create()
    repo.flush()
    rmSync(convFile(b.id))
    // The file moved on without the index (a crash between the two writes).
    writeConversationFile({
      ...repo.get(a.id),
      messages: [message('user', 'one'), message('assistant', 'two')],
    })
    const after = await open()
    expect(after.list().map((s) => s.id)).toEqual([a.id])
    after.get(a.id)
    expect(after.summary(a.id).messageCount).toBe(2)
  })

  it('sets aside a journal with a torn line and rebuilds the index from the files', async () => {
    const repo = await open()
    const a = repo.create()
    repo.appendMessage(a.id, message('user', 'First words'))
    writeFileSync(journalFile(), `${readFileSync(journalFile(), 'utf8')}{"put":{"id":"conv-`)
    const { notices, onNotice } = collectNotices()
    const after = await open({ onNotice })
    expect(notices).toMatchObject([{ code: 'corrupt_file' }])
    expect(notices[0]?.path).toMatch(/conversation-index\.corrupt-.*\.journal$/)
    expect(after.list()).toMatchObject([{ id: a.id, title: 'First words', messageCount: 1 }])
    expect(existsSync(indexFile())).toBe(true)
  })
})

describe('compaction of the index', () => {
  it('writes the index and empties the journal on flush', async () => {
    const repo = await open()
    const c = repo.create()
    repo.appendMessage(c.id, message('user', 'hi'))
    repo.flush()
    expect(existsSync(journalFile())).toBe(false)
    expect(readJson(indexFile())).toEqual({ schemaVersion: 1, conversations: repo.list() })
    const after = await open()
    expect(after.list()).toEqual(repo.list())
  })

  it('compacts by itself after many changes, off the hot path', async () => {
    const repo = await open({ indexCompactAfter: 5, indexCompactDelayMs: 1 })
    const c = repo.create()
    for (let i = 0; i < 3; i++) repo.appendMessage(c.id, message('user', `m${i}`))
    expect(existsSync(indexFile())).toBe(false)
    repo.appendMessage(c.id, message('user', 'fifth change'))
    // Scheduled, not done inline.
    expect(existsSync(indexFile())).toBe(false)
    await sleep(20)
    expect(existsSync(journalFile())).toBe(false)
    expect(readJson(indexFile())).toMatchObject({ conversations: [{ id: c.id, messageCount: 4 }] })
  })
})

describe('corrupt and unreadable files', () => {
  it('rebuilds a corrupt index from the conversation files, and says so', async () => {
    const repo = await open()
    const a = repo.create()
    repo.appendMessage(a.id, message('user', 'Rebuilt title'))
    const b = repo.create()
    repo.flush()
    writeFileSync(indexFile(), '{"schemaVersion":1,"conversations":[{"id":')
    const { notices, onNotice } = collectNotices()
    const after = await open({ onNotice })
    expect(notices).toMatchObject([{ code: 'corrupt_file' }])
    expect(notices[0]?.path).toMatch(/conversation-index\.corrupt-.*\.json$/)
    expect(
      after
        .list()
        .map((s) => s.id)
        .sort(),
    ).toEqual([a.id, b.id].sort())
    expect(after.summary(a.id)).toMatchObject({ title: 'Rebuilt title', messageCount: 1 })
    // The rebuilt index is written at once.
    expect(readJson(indexFile())).toMatchObject({
      conversations: expect.arrayContaining([expect.objectContaining({ id: a.id })]),
    })
  })

  it('rebuilds an index whose entries are invalid', async () => {
    writeConversationFile(conversation('conv-valid-0001'))
    writeFileSync(
      indexFile(),
      JSON.stringify({ schemaVersion: 1, conversations: [{ id: 'conv-valid-0001' }] }),
    )
    const { notices, onNotice } = collectNotices()
    const repo = await open({ onNotice })
    expect(notices).toMatchObject([{ code: 'corrupt_file' }])
    expect(repo.list()).toMatchObject([{ id: 'conv-valid-0001', messageCount: 1 }])
  })

  it('rebuilds a missing index quietly', async () => {
    writeConversationFile(conversation('conv-valid-0001'))
    writeConversationFile(conversation('conv-valid-0002'))
    const { notices, onNotice } = collectNotices()
    const repo = await open({ onNotice })
    expect(repo.list()).toHaveLength(2)
    expect(notices).toEqual([])
  })

  it('sets aside an unparseable conversation on read; the others carry on', async () => {
    const repo = await open()
    const good = repo.create()
    const bad = repo.create()
    repo.appendMessage(good.id, message('user', 'fine'))
    repo.flush()
    writeFileSync(convFile(bad.id), '{"schemaVersion":1,"id":"x","messages":[{"role":"us')
    const { notices, onNotice } = collectNotices()
    const after = await open({ onNotice })
    expect(() => after.get(bad.id)).toThrow(/No conversation/)
    expect(notices).toMatchObject([{ code: 'corrupt_file' }])
    const aside = notices[0]?.path ?? ''
    expect(aside).toMatch(new RegExp(`conversations/${bad.id}\\.corrupt-.*\\.json$`))
    expect(readFileSync(aside, 'utf8')).toContain('"role":"us')
    expect(after.list().map((s) => s.id)).toEqual([good.id])
    expect(after.get(good.id).messages).toHaveLength(1)
    // Set-aside files are not conversations on the next open either.
    expect((await open()).list().map((s) => s.id)).toEqual([good.id])
  })

  it('sets aside a conversation that parses but is not valid', async () => {
    writeConversationFile(
      conversation('conv-invalid-01', { messages: [message('user', 'x', { status: 'bogus' as never })] }),
    )
    const { notices, onNotice } = collectNotices()
    const repo = await open({ onNotice })
    expect(() => repo.get('conv-invalid-01')).toThrow(/No conversation/)
    expect(notices).toMatchObject([{ code: 'corrupt_file' }])
    expect(filesIn(convDir())).toEqual([expect.stringMatching(/^conv-invalid-01\.corrupt-.*\.json$/)])
  })

  it('sets aside corrupt conversations met while rebuilding the index', async () => {
    writeConversationFile(conversation('conv-valid-0001'))
    mkdirSync(convDir(), { recursive: true })
    writeFileSync(convFile('conv-broken-001'), 'not json')
    const { notices, onNotice } = collectNotices()
    const repo = await open({ onNotice })
    expect(repo.list().map((s) => s.id)).toEqual(['conv-valid-0001'])
    expect(notices).toMatchObject([{ code: 'corrupt_file' }])
  })

  it('keeps a copy of a conversation written by a newer version', async () => {
    mkdirSync(convDir(), { recursive: true })
    writeFileSync(
      convFile('conv-future-001'),
      JSON.stringify({ ...conversation('conv-future-001'), schemaVersion: 3, tags: ['x'] }),
    )
    const { notices, onNotice } = collectNotices()
    const repo = await open({ onNotice })
    expect(repo.get('conv-future-001').messages).toHaveLength(1)
    expect(notices).toMatchObject([{ code: 'generic' }])
    expect(readJson(notices[0]?.path ?? '')).toMatchObject({ schemaVersion: 3, tags: ['x'] })
  })
})

describe('conversation file migrations', () => {
  it('reads the version 1 fixture (and recovers its streaming message)', async () => {
    mkdirSync(convDir(), { recursive: true })
    copyFileSync(join(FIXTURES, 'conversation.v1.json'), convFile(FIXTURE_ID))
    copyFileSync(join(FIXTURES, 'conversation-index.v1.json'), indexFile())
    const { notices, onNotice } = collectNotices()
    const repo = await open({ onNotice })
    expect(notices).toEqual([])
    const fixture = readJson(join(FIXTURES, 'conversation-index.v1.json')) as { conversations: unknown[] }
    expect(repo.list()).toEqual(fixture.conversations)
    const loaded = repo.get(FIXTURE_ID)
    expect(loaded.messages.map((m) => m.status)).toEqual(['done', 'done', 'done', 'interrupted', 'error'])
    expect(loaded.messages[1]?.meta?.usage?.totalTokens).toBe(48)
    expect(loaded.messages[3]?.content).toBe('After the threshold the window grows')
    expect(loaded.messages.some((m) => m.versions !== undefined)).toBe(false)
    // The original stays untouched until the next change; then it is written as one linked branch.
    expect(readJson(convFile(FIXTURE_ID))).toMatchObject({ schemaVersion: 1 })
    repo.appendMessage(FIXTURE_ID, message('user', 'Next'))
    const onDisk = readJson(convFile(FIXTURE_ID)) as Conversation
    expect(onDisk).toMatchObject({ schemaVersion: 2 })
    expect(onDisk.messages.map((m) => m.parentId)).toEqual([
      null,
      ...onDisk.messages.slice(0, -1).map((m) => m.id),
    ])
  })

  it('reads the version 2 fixture: the branch the user chose, with the other versions reachable', async () => {
    mkdirSync(convDir(), { recursive: true })
    copyFileSync(join(FIXTURES, 'conversation.v2.json'), convFile(FIXTURE_ID))
    const { notices, onNotice } = collectNotices()
    const repo = await open({ onNotice })
    expect(notices).toEqual([])
    const loaded = repo.get(FIXTURE_ID)
    expect(loaded.messages.map((m) => m.id.slice(-4))).toEqual(['0001', '0002', '0003', '0004', '0005'])
    expect(loaded.messages.map((m) => m.versions)).toEqual([
      { index: 1, count: 2 },
      { index: 1, count: 2 },
      undefined,
      undefined,
      undefined,
    ])
    expect(loaded.messages[3]?.status).toBe('interrupted')
    const edited = repo.selectVersion(FIXTURE_ID, 'a1b2c3d4-0001', 2)
    expect(edited.messages.map((m) => m.content)).toEqual([
      'Объясни медленный старт TCP одним предложением.',
      'Окно перегрузки растёт экспоненциально, начиная с малого значения.',
    ])
    expect(repo.selectVersion(FIXTURE_ID, 'a1b2c3d4-0007', 1).messages[1]?.id).toBe('a1b2c3d4-0002')
  })
})

describe('search', () => {
  it('finds titles and message text, case-insensitively, with a snippet and the message id', async () => {
    const repo = await open()
    const a = repo.create()
    repo.appendMessage(a.id, message('user', 'Tell me about Proxy chains'))
    const hitMessage = message(
      'assistant',
      `${'x '.repeat(40)}A SOCKS5 proxy forwards TCP.${' y'.repeat(60)}`,
    )
    repo.appendMessage(a.id, hitMessage)
    const b = repo.create()
    repo.appendMessage(b.id, message('user', 'Unrelated'))
    repo.flush()

    // A fresh instance: nothing loaded, everything read from disk.
    const fresh = await open()
    const hits = await fresh.search('socks5 PROXY')
    expect(hits).toEqual([
      {
        conversationId: a.id,
        title: 'Tell me about Proxy chains',
        snippet: expect.stringMatching(/^….*A SOCKS5 proxy forwards TCP\..*…$/),
        messageId: hitMessage.id,
        matches: 1,
      },
    ])
    const titleHits = await fresh.search('proxy chains')
    // The title and the first message (it named the conversation): one row, two matches.
    expect(titleHits).toEqual([
      {
        conversationId: a.id,
        title: 'Tell me about Proxy chains',
        snippet: 'Tell me about Proxy chains',
        messageId: expect.any(String),
        matches: 2,
      },
    ])
    repo.rename(a.id, 'Proxy chains explained')
    expect(await repo.search('explained')).toEqual([
      {
        conversationId: a.id,
        title: 'Proxy chains explained',
        snippet: 'Proxy chains explained',
        matches: 1,
      },
    ])
    expect(await fresh.search('   ')).toEqual([])
    expect(await fresh.search('nothing like this')).toEqual([])
  })

  it('lists each conversation once, with its match count and the best snippet', async () => {
    const repo = await open()
    const titled = repo.create()
    repo.appendMessage(titled.id, message('user', 'Настройка прокси для OpenAI'))
    repo.appendMessage(titled.id, message('assistant', 'Укажите прокси: http://proxy:3128'))
    const best = message('assistant', 'Прокси, прокси и ещё раз прокси.')
    repo.appendMessage(titled.id, best)
    clock.tick()
    const body = repo.create()
    repo.rename(body.id, 'Сети')
    repo.appendMessage(body.id, message('user', 'Что такое SOCKS-прокси?'))
    clock.tick()
    const none = repo.create()
    repo.appendMessage(none.id, message('user', 'Unrelated'))
    const hits = await repo.search('ПРОКСИ')
    // The title match comes first although the other conversation is newer.
    expect(hits.map((h) => [h.conversationId, h.matches])).toEqual([
      [titled.id, 6],
      [body.id, 1],
    ])
    expect(hits[0]).toMatchObject({ messageId: best.id, snippet: 'Прокси, прокси и ещё раз прокси.' })
  })

  it('stops at its limit of conversations', async () => {
    const repo = await open()
    for (let i = 0; i < 5; i++) {
      const c = repo.create()
      for (let j = 0; j < 4; j++) repo.appendMessage(c.id, message('user', `needle ${i}.${j}`))
    }
    const hits = await repo.search('needle')
    expect(hits).toHaveLength(5)
    expect(new Set(hits.map((h) => h.conversationId)).size).toBe(5)
    // Title ("needle i.0", named after the first message) and four messages each.
    expect(hits.every((h) => h.matches === 5)).toBe(true)
    expect(await repo.search('needle', { maxHits: 3 })).toHaveLength(3)
  })

  it('sees what is in memory, not an older file', async () => {
    const repo = await open()
    const c = repo.create()
    const m = message('assistant', 'old words', { status: 'streaming' })
    repo.appendMessage(c.id, m)
    repo.updateMessage(c.id, m.id, { content: 'new words' })
    expect(await repo.search('new words')).toHaveLength(1)
  })
})
