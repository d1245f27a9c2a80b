/**
 * Attachments stored once, by content: `attachments/<sha256>` in the data folder. Messages hold references,
 * never bytes, so a conversation file does not grow with its attachments. All I/O is asynchronous: a 20 MB
 * file never blocks the main process.
 */
import { createHash, randomUUID } from 'node:crypto'
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises'
import { join } from 'node:path'

const HASH = /^[0-9a-f]{64}$/
/** A file being written: renamed to its hash once whole, so a crash never leaves a half file under a hash. */
const PARTIAL = '.partial-'

export interface StoredFile {
  hash: string
  size: number
}

export class AttachmentStore {
  readonly dir: string

  constructor(dataDir: string) {
    this.dir = join(dataDir, 'attachments')
  }

  /** Stores the bytes (once: the same bytes twice are one file) and returns their hash. */
  async put(bytes: Uint8Array): Promise<StoredFile> {
    const hash = createHash('sha256').update(bytes).digest('hex')
    const path = join(this.dir, hash)
    const existing = await stat(path).catch(() => undefined)
    if (existing?.size === bytes.length) return { hash, size: bytes.length }
    await mkdir(this.dir, { recursive: true })
    const partial = join(this.dir, `${PARTIAL}${randomUUID()}`)
    await writeFile(partial, bytes, { mode: 0o600 })
    await rename(partial, path)
    return { hash, size: bytes.length }
  }

  /** The bytes of a stored file; only a well-formed hash is ever turned into a path. */
  async read(hash: string): Promise<Buffer> {
    if (!HASH.test(hash)) throw new Error('Not an attachment hash.')
    return readFile(join(this.dir, hash))
  }

  /**
   * Removes every file no message refers to, and partial files a crash left behind. Run at start, before
   * anything new is stored: a file written just before a crash, whose message was never saved, goes too.
   */
  async collect(referenced: ReadonlySet<string>): Promise<{ removed: number; kept: number }> {
    const names = await readdir(this.dir).catch(() => [] as string[])
    let removed = 0
    let kept = 0
    for (const name of names) {
      if (HASH.test(name) && referenced.has(name)) {
        kept++
        continue
      }
      // Only our own files: anything else someone put here is left alone.
      if (!HASH.test(name) && !name.startsWith(PARTIAL)) continue
      await rm(join(this.dir, name), { force: true })
      removed++
    }
    return { removed, kept }
  }
}
