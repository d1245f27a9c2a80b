/** Pin, delete several and export several through the real backend (IPC handlers), with the fake provider. */
import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import { startTestBackend, type TestBackend } from '../fixtures/backend'
import { startFakeProvider, type FakeProvider } from '../fixtures/fake-provider'
import { pngBytes } from '../fixtures/attachment-bytes'

vi.mock('electron', () => import('../mocks/electron'))

let fake: FakeProvider
let app: TestBackend
beforeAll(async () => {
  fake = await startFakeProvider()
})
afterAll(() => fake.close())
beforeEach(async () => {
  app = await startTestBackend({ userDataDir: join(mkdtempSync(join(tmpdir(), 'proxychat-convs-')), 'data') })
  await app.attachments.ready()
  await app.backend.settings.update({
    providers: [{ id: 'p1', kind: 'custom', name: 'Fake', baseURL: fake.baseURL, enabled: true }],
    defaultModel: { providerId: 'p1', model: 'gpt-4o' },
  })
})
afterEach(() => app.shutdown())

async function conversations(count: number): Promise<string[]> {
  const ids: string[] = []
  for (let i = 0; i < count; i++) {
    const c = await app.backend.conversations.create()
    await app.backend.conversations.rename(c.id, `Беседа ${i}`)
    ids.push(c.id)
  }
  return ids
}

describe('conversations in the backend', () => {
  it('pins and unpins, and tells the window', async () => {
    const [a] = (await conversations(1)) as [string]
    const changes = app.events.length
    expect((await app.backend.conversations.setPinned(a, true)).pinnedAt).toEqual(expect.any(Number))
    expect(app.events.slice(changes).some((e) => e.channel === 'event:conversations-changed')).toBe(true)
    expect((await app.backend.conversations.list())[0]?.pinnedAt).toEqual(expect.any(Number))
    expect(await app.backend.conversations.setPinned(a, false)).not.toHaveProperty('pinnedAt')
  })

  it('deletes several, stopping a reply being written in one of them first', async () => {
    const ids = await conversations(4)
    fake.enqueue({ text: 'a long reply that is still streaming', stallAfterBytes: 40 })
    await app.backend.chat.send({ conversationId: ids[0] as string, content: 'Hi' })
    await expect.poll(() => app.streamEvents().some((e) => e.type === 'started')).toBe(true)
    await app.backend.conversations.deleteMany(ids.slice(0, 3))
    expect(app.streamEvents().some((e) => e.type === 'stopped')).toBe(true)
    expect((await app.backend.conversations.list()).map((s) => s.id)).toEqual([ids[3]])
  })

  it('refuses to delete any when one is unknown', async () => {
    const ids = await conversations(2)
    await expect(app.backend.conversations.deleteMany([...ids, 'gone-0000001'])).rejects.toThrow(
      /No conversation/,
    )
    expect(await app.backend.conversations.list()).toHaveLength(2)
  })

  it('exports only the chosen conversations, with their attachments', async () => {
    const ids = await conversations(3)
    const image = await app.backend.attachments.add({ name: 'dot.png', bytes: pngBytes(2, 2) })
    await app.backend.chat.send({ conversationId: ids[1] as string, content: 'See', attachments: [image] })
    await expect.poll(() => app.streamEvents().some((e) => e.type === 'done')).toBe(true)
    const result = await app.backend.conversations.exportSelected([ids[1] as string, ids[2] as string])
    expect(result.saved).toBe(true)
    const envelope = JSON.parse(readFileSync(result.path as string, 'utf8')) as {
      format: string
      conversations: { id: string }[]
      attachments?: Record<string, string>
    }
    expect(envelope.format).toBe('proxychat-export')
    expect(envelope.conversations.map((c) => c.id).sort()).toEqual([ids[1], ids[2]].sort())
    expect(Object.keys(envelope.attachments ?? {})).toEqual([image.hash])
  })
})
