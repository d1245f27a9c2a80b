import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { ConversationRepository } from '../../../src/main/storage/conversation-repository'
import {
  conversationToMarkdown,
  exportAll,
  exportAllToFile,
  importJson,
  parseImport,
} from '../../../src/main/storage/export-import'
import type { Conversation } from '../../../src/shared/domain'
import { fakeClock, filesIn, makeTempDir, message, readJson, type TestDir } from './helpers'

vi.mock('electron', () => import('../../mocks/electron'))

let tmp: TestDir
beforeEach(() => {
  tmp = makeTempDir()
})
afterEach(() => tmp.cleanup())

function open(): Promise<ConversationRepository> {
  return ConversationRepository.open({ dataDir: tmp.dir, onNotice: () => {}, now: fakeClock().now })
}

function sample(id: string, extra: Partial<Conversation> = {}): Conversation {
  return {
    id,
    title: `Imported ${id}`,
    createdAt: 1_700_000_000_000,
    updatedAt: 1_700_000_100_000,
    model: { providerId: 'openai-main', model: 'gpt-4o' },
    systemPrompt: '',
    messages: [message('user', `question in ${id}`), message('assistant', `answer in ${id}`)],
    ...extra,
  }
}

const NONE = { added: 0, skipped: 0, copied: 0, invalid: 0 }

const envelope = (conversations: unknown[]): string =>
  JSON.stringify({
    format: 'proxychat-export',
    version: 1,
    exportedAt: '2025-01-01T00:00:00.000Z',
    conversations,
  })

describe('export', () => {
  it('exports every conversation in a versioned envelope', async () => {
    const repo = await open()
    const c = repo.create()
    repo.appendMessage(c.id, message('user', 'Hello'))
    repo.create()
    const out = await exportAll(repo, new Date('2025-02-03T04:05:06.000Z'))
    expect(out).toMatchObject({
      format: 'proxychat-export',
      version: 2,
      exportedAt: '2025-02-03T04:05:06.000Z',
    })
    expect(out.conversations).toHaveLength(2)
    expect(out.conversations.find((x) => x.id === c.id)?.messages[0]?.content).toBe('Hello')
  })

  it('streams the same envelope to a file, and round-trips through import', async () => {
    const repo = await open()
    for (let i = 0; i < 3; i++) {
      const c = repo.create()
      repo.appendMessage(c.id, message('user', `conversation ${i} with "quotes" and\nnewlines`))
    }
    const path = join(tmp.dir, 'export.json')
    expect(await exportAllToFile(repo, path)).toBe(3)
    const written = readJson(path) as { conversations: Conversation[] }
    expect(written).toMatchObject({ format: 'proxychat-export', version: 2 })
    expect(written.conversations).toEqual((await exportAll(repo)).conversations)
    expect(filesIn(tmp.dir)).not.toContain('export.json.partial')

    // Importing into the same history changes nothing: every conversation is already here.
    expect(await importJson(repo, readFileSync(path, 'utf8'))).toEqual({ ...NONE, skipped: 3 })
    expect(repo.list()).toHaveLength(3)
  })

  it('fails cleanly when the file cannot be written', async () => {
    const repo = await open()
    repo.create()
    await expect(exportAllToFile(repo, join(tmp.dir, 'no-such-dir', 'export.json'))).rejects.toThrow(/ENOENT/)
  })

  it('writes one conversation as Markdown: title, role headings, reasoning folded, code kept', () => {
    const md = conversationToMarkdown(
      sample('conv-markdown-1', {
        title: 'Sorting in Rust',
        systemPrompt: 'Be brief.',
        messages: [
          message('user', 'How do I sort a Vec?'),
          message('assistant', 'Use `sort`:\n\n```rust\nlet mut v = vec![3, 1, 2];\nv.sort();\n```', {
            reasoning: 'Simple question.',
            meta: { providerName: 'OpenAI', model: 'gpt-4o' },
          }),
          message('assistant', 'Half an ans', { status: 'interrupted' }),
          message('assistant', '', { status: 'error', error: { kind: 'rate_limit', message: 'Slow down.' } }),
        ],
      }),
    )
    expect(md).toContain('# Sorting in Rust\n')
    expect(md).toContain('## System prompt\n\n> Be brief.')
    expect(md).toContain('## User\n\nHow do I sort a Vec?')
    expect(md).toContain('## Assistant\n\n_OpenAI gpt-4o_')
    expect(md).toContain('<details>\n<summary>Reasoning</summary>\n\nSimple question.\n\n</details>')
    expect(md).toContain('```rust\nlet mut v = vec![3, 1, 2];\nv.sort();\n```')
    expect(md).toContain('_interrupted_\n\nHalf an ans')
    expect(md).toContain('> **Error (rate_limit):** Slow down.')
    expect(conversationToMarkdown(sample('conv-untitled1', { title: '' }))).toMatch(
      /^# Untitled conversation\n/,
    )
  })
})

describe('Markdown names providers, never their internal ids', () => {
  const providerId = '91acfd60-1b2c-4d3e-8f90-a1b2c3d4e5f6'
  const conversation = (messages: Conversation['messages']): Conversation =>
    sample('conv-md-names-1', { model: { providerId, model: 'gpt-4o' }, messages })

  it("writes the name each reply recorded, and today's name in the header", () => {
    const md = conversationToMarkdown(
      conversation([
        message('user', 'Hi'),
        message('assistant', 'Hello', { meta: { providerId, providerName: 'Work OpenAI', model: 'gpt-4o' } }),
      ]),
      (id) => (id === providerId ? 'OpenAI (renamed)' : undefined),
    )
    expect(md).toContain('Model: OpenAI (renamed) / gpt-4o')
    expect(md).toContain('_Work OpenAI gpt-4o_')
    expect(md).not.toContain(providerId)
  })

  it('a removed provider: the recorded name; no name anywhere: the model alone', () => {
    const recorded = conversationToMarkdown(
      conversation([
        message('assistant', 'Hello', { meta: { providerId, providerName: 'Groq', model: 'gpt-4o' } }),
      ]),
    )
    expect(recorded).toContain('Model: Groq / gpt-4o')
    const bare = conversationToMarkdown(
      conversation([message('assistant', 'Hello', { meta: { providerId, model: 'gpt-4o' } })]),
    )
    expect(bare).toContain('Model: gpt-4o')
    expect(bare).toContain('## Assistant\n\n_gpt-4o_')
    expect(`${recorded}${bare}`).not.toContain(providerId)
  })
})

describe('reply versions', () => {
  async function branched(repo: ConversationRepository): Promise<Conversation> {
    const c = repo.create()
    const [q, a1, a2, f, e] = [
      message('user', 'Question'),
      message('assistant', 'Answer one'),
      message('assistant', 'Answer two'),
      message('user', 'Follow-up on two'),
      message('user', 'Question, edited'),
    ]
    repo.appendMessage(c.id, q)
    repo.appendMessage(c.id, a1)
    repo.addVersion(c.id, a1.id, a2)
    repo.appendMessage(c.id, f)
    repo.addVersion(c.id, q.id, e)
    return repo.selectVersion(c.id, q.id, 1)
  }

  it('writes the visible branch to Markdown, and the whole tree to JSON that imports back whole', async () => {
    const repo = await open()
    const shown = await branched(repo)
    const md = conversationToMarkdown(repo.get(shown.id))
    expect(md).toContain('Answer two')
    expect(md).toContain('Follow-up on two')
    expect(md).not.toContain('Answer one')
    expect(md).not.toContain('Question, edited')

    const path = join(tmp.dir, 'export.json')
    await exportAllToFile(repo, path)
    const written = readJson(path) as { conversations: Conversation[] }
    expect(written.conversations[0]?.messages).toHaveLength(5)
    expect(written.conversations[0]?.selected).toBeDefined()

    const other = makeTempDir()
    try {
      const elsewhere = await ConversationRepository.open({ dataDir: other.dir, onNotice: () => {} })
      expect(await importJson(elsewhere, readFileSync(path, 'utf8'))).toEqual({ ...NONE, added: 1 })
      expect(elsewhere.get(shown.id)).toEqual(repo.get(shown.id))
      expect(elsewhere.selectVersion(shown.id, shown.messages[0]?.id ?? '', 2).messages).toHaveLength(1)
      // Importing the export back where it came from finds it unchanged.
      expect(await importJson(repo, readFileSync(path, 'utf8'))).toEqual({ ...NONE, skipped: 1 })
    } finally {
      other.cleanup()
    }
  })

  it('refuses a conversation whose messages follow a message that is not before them', () => {
    const [a, b] = [message('user', 'a'), message('assistant', 'b')]
    const cyclic = sample('conv-cyclic-01', {
      messages: [
        { ...a, parentId: b.id },
        { ...b, parentId: a.id },
      ],
    })
    const parsed = parseImport(
      JSON.stringify({ format: 'proxychat-export', version: 2, conversations: [cyclic] }),
    )
    expect(parsed).toMatchObject({ conversations: [], skipped: 1 })
  })
})

describe('import', () => {
  it('adds, never overwrites: a taken id with different content is added as a named copy', async () => {
    const repo = await open()
    const existing = repo.create()
    repo.appendMessage(existing.id, message('user', 'original'))
    const clash = sample(existing.id)
    const fresh = sample('conv-imported-01')
    expect(await importJson(repo, envelope([clash, fresh]), ' (копия)')).toEqual({
      ...NONE,
      added: 1,
      copied: 1,
    })
    expect(repo.get(existing.id).messages.map((m) => m.content)).toEqual(['original'])
    // A version 1 export is a flat list: it reads back as one branch, the same messages in order.
    expect(repo.get('conv-imported-01')).toEqual(fresh)
    const copy = repo.list().find((s) => s.id !== existing.id && s.id !== 'conv-imported-01')
    expect(copy).toMatchObject({ title: `Imported ${existing.id} (копия)`, messageCount: 2 })
    // Listed after a restart too.
    expect((await open()).list()).toHaveLength(3)
  })

  it('is idempotent: the same file twice adds nothing the second time, copies included', async () => {
    const repo = await open()
    const existing = repo.create()
    repo.appendMessage(existing.id, message('user', 'mine'))
    const file = envelope([sample('conv-once-000001'), sample('conv-once-000002'), sample(existing.id)])
    expect(await importJson(repo, file)).toEqual({ ...NONE, added: 2, copied: 1 })
    const files = filesIn(join(tmp.dir, 'conversations'))
    const titles = repo.list().map((s) => s.title)
    expect(titles).toContain(`Imported ${existing.id} (imported copy)`)
    expect(await importJson(repo, file)).toEqual({ ...NONE, skipped: 3 })
    expect(filesIn(join(tmp.dir, 'conversations'))).toEqual(files)
    expect(repo.list().map((s) => s.title)).toEqual(titles)
    // After a restart (read from the files, not memory) too.
    expect(await importJson(await open(), file)).toEqual({ ...NONE, skipped: 3 })
  })

  it('an export of this history imported back is recognised, whatever the key order in the file', async () => {
    const repo = await open()
    const c = repo.create({ model: { providerId: 'p1', model: 'gpt-4o' } })
    repo.appendMessage(c.id, message('user', 'Привет'))
    repo.appendMessage(c.id, message('assistant', 'Здравствуйте', { meta: { providerName: 'OpenAI' } }))
    const exported = (await exportAll(repo)).conversations[0] as Conversation
    const reordered = Object.fromEntries(Object.entries(exported).reverse())
    expect(await importJson(repo, envelope([reordered]))).toEqual({ ...NONE, skipped: 1 })
    // One changed character makes it a copy.
    const changed = { ...exported, title: `${exported.title}!` }
    expect(await importJson(repo, envelope([changed]))).toEqual({ ...NONE, copied: 1 })
    expect(repo.list()).toHaveLength(2)
  })

  it('the suffix always fits: a title at the maximum length gives way to it', async () => {
    const repo = await open()
    const existing = repo.create()
    repo.appendMessage(existing.id, message('user', 'mine'))
    await importJson(repo, envelope([sample(existing.id, { title: 'Я'.repeat(200) })]))
    const copy = repo.list().find((s) => s.id !== existing.id)
    expect(copy?.title).toHaveLength(200)
    expect(copy?.title.endsWith(' (imported copy)')).toBe(true)
  })

  it('duplicates within the file are skipped or copied; ids that cannot name a file get a new one', async () => {
    const repo = await open()
    const dup = sample('conv-dup-00001')
    const result = await importJson(
      repo,
      envelope([dup, dup, { ...dup, title: 'Changed' }, sample('../../evil')]),
    )
    expect(result).toEqual({ ...NONE, added: 2, skipped: 1, copied: 1 })
    expect(
      repo
        .list()
        .map((s) => s.title)
        .sort(),
    ).toEqual(['Changed (imported copy)', 'Imported ../../evil', 'Imported conv-dup-00001'].sort())
    expect(filesIn(tmp.dir)).not.toContain('evil.json')
    expect(filesIn(join(tmp.dir, 'conversations')).every((name) => /^[a-z0-9-]+\.json$/.test(name))).toBe(
      true,
    )
  })

  it('skips invalid conversations and keeps the rest', async () => {
    const repo = await open()
    const bad = [
      { ...sample('conv-bad-000001'), messages: [{ role: 'user' }] },
      { ...sample('conv-bad-000002'), title: 'x'.repeat(201) },
      { ...sample('conv-bad-000003'), messages: [message('user', 'x'.repeat(1_000_001))] },
      'not an object',
      { ...sample('conv-bad-000004'), createdAt: -5 },
    ]
    expect(await importJson(repo, envelope([...bad, sample('conv-good-00001')]))).toEqual({
      ...NONE,
      added: 1,
      invalid: 5,
    })
    expect(repo.list().map((s) => s.id)).toEqual(['conv-good-00001'])
  })

  it('marks imported streaming messages interrupted and names untitled conversations', async () => {
    const repo = await open()
    const c = sample('conv-stream-0001', {
      title: '',
      messages: [message('user', 'Name me'), message('assistant', 'partial', { status: 'streaming' })],
    })
    await importJson(repo, envelope([c]))
    expect(repo.get('conv-stream-0001')).toMatchObject({
      title: 'Name me',
      messages: [{}, { status: 'interrupted' }],
    })
  })

  it('refuses what is not an export', () => {
    expect(() => parseImport('nope')).toThrow(/not JSON/)
    expect(() => parseImport('{"format":"other","version":1,"conversations":[]}')).toThrow(
      /not a ProxyChat export/,
    )
    expect(() => parseImport('{"format":"proxychat-export","version":3,"conversations":[]}')).toThrow(
      /not a ProxyChat/,
    )
    expect(() => parseImport('[]')).toThrow(/not a ProxyChat/)
  })

  it('drops unknown fields instead of storing them', async () => {
    const repo = await open()
    await importJson(repo, envelope([{ ...sample('conv-extra-0001'), apiKey: 'sk-smuggled' }]))
    expect(readFileSync(join(tmp.dir, 'conversations', 'conv-extra-0001.json'), 'utf8')).not.toContain(
      'smuggled',
    )
  })
})
