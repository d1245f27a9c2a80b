import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { basename, join } from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { startTestBackend, type TestBackend } from '../fixtures/backend'
import { createLogger } from '../../src/main/logging/logger'

vi.mock('electron', () => import('../mocks/electron'))

const dirs: string[] = []
const backends: TestBackend[] = []
afterEach(async () => {
  await Promise.all(backends.splice(0).map((b) => b.shutdown()))
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
})

async function backend(): Promise<TestBackend> {
  const dir = mkdtempSync(join(tmpdir(), 'proxychat-backend-'))
  dirs.push(dir)
  const started = await startTestBackend({ userDataDir: join(dir, 'data') })
  backends.push(started)
  return started
}

describe('backend: export and import', () => {
  it('exports all conversations to the chosen file, and imports them into another data folder once', async () => {
    const a = await backend()
    const conversation = await a.backend.conversations.create()
    await a.backend.conversations.rename(conversation.id, 'Proxy setup')
    await a.backend.settings.setSecret({
      target: { type: 'route', routeId: 'system' },
      value: 'hunter2-secret',
    })
    const exported = await a.backend.conversations.exportAll()
    expect(exported.saved).toBe(true)
    const json = readFileSync(exported.path ?? '', 'utf8')
    expect(json).toContain('Proxy setup')
    expect(json).not.toContain('hunter2-secret')

    const b = await backend()
    const none = { added: 0, skipped: 0, copied: 0, invalid: 0 }
    expect(await b.backend.conversations.import({ json })).toEqual({ ...none, added: 1 })
    // The same file again: nothing is duplicated.
    expect(await b.backend.conversations.import({ json })).toEqual({ ...none, skipped: 1 })
    expect((await b.backend.conversations.list()).map((c) => c.title)).toEqual(['Proxy setup'])
  })

  it('names a Markdown export after the title, never with a name Windows reserves', async () => {
    const a = await backend()
    const conversation = await a.backend.conversations.create()
    await a.backend.conversations.rename(conversation.id, 'CON')
    const exported = await a.backend.conversations.exportMarkdown(conversation.id)
    expect(basename(exported.path ?? '')).toBe('conversation CON.md')
    expect(readFileSync(exported.path ?? '', 'utf8')).toContain('# CON')
  })
})

describe('backend: log', () => {
  it('logs a notice (a corrupt file set aside) as one warning line, and still sends it to the window', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'proxychat-backend-'))
    dirs.push(dir)
    const data = join(dir, 'data')
    mkdirSync(data, { recursive: true })
    writeFileSync(join(data, 'settings.json'), '{ not json')
    const lines: string[] = []
    const started = await startTestBackend({
      userDataDir: data,
      logger: createLogger({ sink: (line) => lines.push(line) }),
    })
    backends.push(started)
    expect(started.events.map((e) => e.channel)).toContain('event:notice')
    expect(lines).toHaveLength(1)
    expect(lines[0]).toMatch(/ WARN {2}\[storage\] .* code=corrupt_file level=warning$/)
  })
})
