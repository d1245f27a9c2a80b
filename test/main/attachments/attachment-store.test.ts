/** The content-addressed attachment store, on a real temporary folder (and a real crash in a child process). */
import { spawn } from 'node:child_process'
import { createHash } from 'node:crypto'
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { afterEach, describe, expect, it } from 'vitest'
import { AttachmentStore } from '../../../src/main/attachments/attachment-store'

const dirs: string[] = []
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
})
function dataDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'proxychat-attachments-'))
  dirs.push(dir)
  return dir
}
const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s)
const sha256 = (s: string): string => createHash('sha256').update(s).digest('hex')

describe('AttachmentStore', () => {
  it('stores bytes once under their SHA-256, and reads them back', async () => {
    const store = new AttachmentStore(dataDir())
    const first = await store.put(utf8('отчёт за третий квартал'))
    const again = await store.put(utf8('отчёт за третий квартал'))
    expect(first).toEqual({ hash: sha256('отчёт за третий квартал'), size: 43 })
    expect(again).toEqual(first)
    expect(readdirSync(store.dir)).toEqual([first.hash])
    expect((await store.read(first.hash)).toString('utf8')).toBe('отчёт за третий квартал')
  })

  it('turns only a well-formed hash into a path', async () => {
    const store = new AttachmentStore(dataDir())
    await expect(store.read('../secrets.json')).rejects.toThrow('Not an attachment hash')
    await expect(store.read(sha256('x').toUpperCase())).rejects.toThrow('Not an attachment hash')
  })

  it('collects files no message refers to and partial files, keeps referenced ones and anything not its own', async () => {
    const store = new AttachmentStore(dataDir())
    const kept = await store.put(utf8('still in a message'))
    const orphan = await store.put(utf8('its message was deleted'))
    writeFileSync(join(store.dir, '.partial-2b1c'), 'half a file')
    writeFileSync(join(store.dir, 'README.txt'), 'put here by the user')
    expect(await store.collect(new Set([kept.hash]))).toEqual({ removed: 2, kept: 1 })
    expect(readdirSync(store.dir).sort()).toEqual([kept.hash, 'README.txt'].sort())
    expect(orphan.hash).not.toBe(kept.hash)
  })

  it('after a crash between storing a file and saving its message, the next start removes the file and only it', async () => {
    const dir = dataDir()
    const store = new AttachmentStore(dir)
    const referenced = await store.put(utf8('a photo already in a saved message'))

    const child = spawn(
      process.execPath,
      ['--import', 'tsx', join(import.meta.dirname, 'put-then-crash.ts'), dir, 'never saved'],
      {
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    )
    const line = await new Promise<string>((resolve) =>
      createInterface({ input: child.stdout }).once('line', resolve),
    )
    const stored = JSON.parse(line) as { hash: string }
    const exited = new Promise((resolve) => child.once('exit', resolve))
    child.kill('SIGKILL')
    await exited
    expect(readdirSync(store.dir)).toContain(stored.hash)

    // The next start: the saved messages refer to the first file only.
    expect(await new AttachmentStore(dir).collect(new Set([referenced.hash]))).toEqual({
      removed: 1,
      kept: 1,
    })
    expect(readdirSync(store.dir)).toEqual([referenced.hash])
  })

  it('has nothing to collect before anything was stored', async () => {
    expect(await new AttachmentStore(dataDir()).collect(new Set())).toEqual({ removed: 0, kept: 0 })
  })
})
