/**
 * A log file that rotates by size: `main.log` grows to `maxBytes`, then becomes `main.log.1` (older ones
 * shift to `.2`, `.3`, the oldest kept is dropped). Lines are queued and appended asynchronously, in
 * order, one write per batch: logging never blocks the main process on disk work.
 */
import { appendFile, mkdir, rename, rm, stat } from 'node:fs/promises'
import { join } from 'node:path'

export interface RotatingFileOptions {
  dir: string
  /** The current file's name; rotated files get `.1`, `.2`, ... after it. */
  name?: string
  /** Rotate before a write would take the file past this size. */
  maxBytes?: number
  /** How many rotated files are kept. */
  keep?: number
  /** Lines waiting beyond this are dropped (and counted) rather than piling up in memory. */
  maxQueuedLines?: number
}

export const DEFAULT_MAX_BYTES = 1024 * 1024
export const DEFAULT_KEEP = 3

export class RotatingFile {
  readonly path: string
  readonly #options: Required<RotatingFileOptions>
  #queue: string[] = []
  #dropped = 0
  /** The current file's size, read once from disk and then tracked. */
  #size: number | undefined
  #draining: Promise<void> | null = null

  constructor(options: RotatingFileOptions) {
    this.#options = {
      name: 'main.log',
      maxBytes: DEFAULT_MAX_BYTES,
      keep: DEFAULT_KEEP,
      maxQueuedLines: 10_000,
      ...options,
    }
    this.path = join(this.#options.dir, this.#options.name)
  }

  /** Queues one line (a newline is added); returns at once. */
  write(line: string): void {
    if (this.#queue.length >= this.#options.maxQueuedLines) {
      this.#dropped += 1
      return
    }
    this.#queue.push(`${line}\n`)
    this.#draining ??= this.#drain().finally(() => {
      this.#draining = null
    })
  }

  /** Resolves once every line queued so far is on disk (or failed to get there). */
  async flush(): Promise<void> {
    while (this.#draining) await this.#draining
  }

  async #drain(): Promise<void> {
    while (this.#queue.length > 0) {
      const lines = this.#queue
      this.#queue = []
      if (this.#dropped > 0) {
        lines.push(`(${this.#dropped} log lines dropped: the disk could not keep up)\n`)
        this.#dropped = 0
      }
      try {
        await this.#append(lines)
      } catch {
        // Nowhere to report a failing log file; the app goes on, and the size is read again next time.
        this.#size = undefined
      }
    }
  }

  async #append(lines: string[]): Promise<void> {
    if (this.#size === undefined) {
      await mkdir(this.#options.dir, { recursive: true })
      this.#size = await stat(this.path).then(
        (s) => s.size,
        () => 0,
      )
    }
    // Written in chunks that each fit the current file, so no file grows past maxBytes (but a single
    // line longer than that, which still gets a file of its own).
    let chunk = ''
    let chunkBytes = 0
    for (const line of lines) {
      const bytes = Buffer.byteLength(line)
      if (this.#size + chunkBytes + bytes > this.#options.maxBytes && this.#size + chunkBytes > 0) {
        if (chunk !== '') await appendFile(this.path, chunk)
        chunk = ''
        chunkBytes = 0
        await this.#rotate()
      }
      chunk += line
      chunkBytes += bytes
    }
    if (chunk !== '') await appendFile(this.path, chunk)
    this.#size += chunkBytes
  }

  async #rotate(): Promise<void> {
    const { keep } = this.#options
    await rm(`${this.path}.${keep}`, { force: true })
    for (let n = keep - 1; n >= 1; n -= 1) {
      await rename(`${this.path}.${n}`, `${this.path}.${n + 1}`).catch(() => undefined)
    }
    if (keep > 0) await rename(this.path, `${this.path}.1`)
    else await rm(this.path, { force: true })
    this.#size = 0
  }
}
