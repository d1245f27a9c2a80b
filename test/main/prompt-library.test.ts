import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { startTestBackend, type TestBackend } from '../fixtures/backend'

vi.mock('electron', () => import('../mocks/electron'))

const dirs: string[] = []
const backends: TestBackend[] = []
afterEach(async () => {
  await Promise.all(backends.splice(0).map((b) => b.shutdown()))
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
})

async function backend(): Promise<TestBackend> {
  const dir = mkdtempSync(join(tmpdir(), 'proxychat-prompts-'))
  dirs.push(dir)
  const started = await startTestBackend({ userDataDir: join(dir, 'data') })
  backends.push(started)
  return started
}

const PROMPTS = [
  { id: 'p1', name: 'Translator', text: 'Translate into English.' },
  { id: 'p2', name: 'Редактор', text: 'Исправь ошибки, не меняя смысла.' },
]

describe('backend: the prompt library', () => {
  it('keeps prompts with the settings, across a restart', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'proxychat-prompts-'))
    dirs.push(dir)
    const first = await startTestBackend({ userDataDir: join(dir, 'data') })
    expect((await first.backend.settings.get()).prompts).toEqual([])
    await first.backend.settings.update({ prompts: PROMPTS })
    await first.shutdown()
    const second = await startTestBackend({ userDataDir: join(dir, 'data') })
    backends.push(second)
    expect((await second.backend.settings.get()).prompts).toEqual(PROMPTS)
  })

  it('refuses two prompts of one name, and saves nothing', async () => {
    const b = await backend()
    await b.backend.settings.update({ prompts: PROMPTS })
    await expect(
      b.backend.settings.update({ prompts: [...PROMPTS, { id: 'p3', name: ' translator', text: 'Other' }] }),
    ).rejects.toMatchObject({ code: 'invalid_input' })
    expect((await b.backend.settings.get()).prompts).toEqual(PROMPTS)
  })

  it('exports the library and imports it into another data folder once', async () => {
    const a = await backend()
    await a.backend.settings.update({ prompts: PROMPTS })
    const exported = await a.backend.prompts.export()
    expect(exported.saved).toBe(true)
    const json = readFileSync(exported.path ?? '', 'utf8')
    expect(exported.path).toMatch(/proxychat-prompts-\d{4}-\d\d-\d\d\.json$/)

    const b = await backend()
    await b.backend.settings.update({
      prompts: [{ id: 'mine', name: 'Translator', text: 'Translate into Russian.' }],
    })
    expect(await b.backend.prompts.import({ json })).toEqual({ added: 1, skipped: 0, copied: 1, invalid: 0 })
    expect((await b.backend.settings.get()).prompts.map((p) => [p.name, p.text])).toEqual([
      ['Translator', 'Translate into Russian.'],
      ['Translator (2)', 'Translate into English.'],
      ['Редактор', 'Исправь ошибки, не меняя смысла.'],
    ])
    // Importing the same file again adds nothing.
    expect(await b.backend.prompts.import({ json })).toEqual({ added: 0, skipped: 2, copied: 0, invalid: 0 })
    expect((await b.backend.settings.get()).prompts).toHaveLength(3)
  })

  it('refuses a file that holds no prompts, and changes nothing', async () => {
    const b = await backend()
    await b.backend.settings.update({ prompts: PROMPTS })
    const conversations = await b.backend.conversations.exportAll()
    const json = readFileSync(conversations.path ?? '', 'utf8')
    await expect(b.backend.prompts.import({ json })).rejects.toMatchObject({ code: 'invalid_input' })
    await expect(b.backend.prompts.import({ json: 'not json' })).rejects.toMatchObject({
      code: 'invalid_input',
    })
    expect((await b.backend.settings.get()).prompts).toEqual(PROMPTS)
  })
})
