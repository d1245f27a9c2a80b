/**
 * A PDF's text, for providers that take no PDF documents (they get it as a fenced block instead). pdf.js
 * parses for hundreds of milliseconds on the thread that calls it, so it runs in one worker thread,
 * started on first use and reused; main only posts the bytes (transferred, not copied) and waits. A worker
 * that crashes or takes too long is ended and reported as a PdfTextError (`crashed` / `timeout`); the next
 * PDF starts a fresh one. Never a hang: every job has a deadline.
 */
import { createRequire } from 'node:module'
import { pathToFileURL } from 'node:url'
import { Worker } from 'node:worker_threads'
import { AppError } from '../app-error'
import {
  PDF_TEXT_LIMITS,
  type PdfJob,
  type PdfJobResult,
  type PdfText,
  type PdfTextLimits,
} from './pdf-text-protocol'

export { PDF_TEXT_LIMITS, type PdfText, type PdfTextLimits } from './pdf-text-protocol'

export type PdfTextFailure = 'crashed' | 'timeout'

/** The worker failed (not the PDF): worded by the window as `attachment_pdf_failed`. */
export class PdfTextError extends AppError {
  constructor(
    readonly failure: PdfTextFailure,
    detail: string,
  ) {
    super(
      'attachment_pdf_failed',
      `The PDF text reader ${failure === 'timeout' ? 'took too long' : 'stopped'}: ${detail}`,
    )
  }
}

/** pdf.js could not parse the bytes: not a PDF it can read (told apart from a worker failure). */
export class PdfUnreadableError extends Error {
  override readonly name = 'PdfUnreadableError'
}

/**
 * Where the worker's code is. Built (out/main/index.js), it is the sibling entry `pdf-text-worker.js`
 * (electron.vite.config.ts); run from the sources (vitest, the benches), the TypeScript file.
 * Inside app.asar a worker loads like any module: Electron sets up asar support in worker threads
 * (electron/electron#33216).
 */
function defaultEntry(): URL {
  // A variable, not a literal, so the bundler leaves the URL alone instead of copying the file as an asset.
  const file = import.meta.url.endsWith('.ts') ? 'pdf-text-worker.ts' : 'pdf-text-worker.js'
  return new URL(`./${file}`, import.meta.url)
}

/**
 * A worker for `entry`. A TypeScript entry (from the sources only) is loaded through tsx's loader inside
 * the worker: Node 20 does not pass `--import` hooks on to a worker's first module.
 */
function spawn(entry: URL): Worker {
  if (!entry.pathname.endsWith('.ts')) return new Worker(entry)
  // tsx's ESM API (its CommonJS build cannot load TypeScript that imports ES modules).
  const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx/esm/api')).href.replace(
    /\.cjs$/,
    '.mjs',
  )
  const href = JSON.stringify(entry.href)
  return new Worker(`import(${JSON.stringify(tsx)}).then((tsx) => tsx.tsImport(${href}, ${href}))`, {
    eval: true,
  })
}

export interface PdfTextWorkerOptions {
  /** The worker's script (tests point it at a worker that hangs or crashes). */
  entry?: URL
  /** The longest one PDF may take before the worker is ended. */
  timeoutMs?: number
}

interface Pending {
  resolve: (text: PdfText) => void
  reject: (error: Error) => void
  timer: NodeJS.Timeout
}

export class PdfTextWorker {
  private worker: Worker | null = null
  private readonly pending = new Map<number, Pending>()
  private nextId = 1
  private readonly timeoutMs: number

  constructor(private readonly options: PdfTextWorkerOptions = {}) {
    this.timeoutMs = options.timeoutMs ?? 60_000
  }

  /**
   * The text of `bytes`, which are transferred to the worker (the caller's view is emptied): pass bytes
   * read for this purpose. Rejects with PdfUnreadableError when pdf.js cannot parse them, PdfTextError when
   * the worker fails.
   */
  extract(bytes: Uint8Array, limits: PdfTextLimits = PDF_TEXT_LIMITS): Promise<PdfText> {
    const worker = this.start()
    const id = this.nextId++
    // A view on part of a larger buffer (a pooled Buffer) is copied once; a whole buffer moves as it is.
    const whole =
      bytes.byteOffset === 0 &&
      bytes.byteLength === bytes.buffer.byteLength &&
      bytes.buffer instanceof ArrayBuffer
        ? bytes
        : bytes.slice()
    return new Promise<PdfText>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.fail(new PdfTextError('timeout', `no text after ${this.timeoutMs} ms`))
      }, this.timeoutMs)
      this.pending.set(id, { resolve, reject, timer })
      const job: PdfJob = { id, bytes: whole, limits }
      worker.postMessage(job, [whole.buffer as ArrayBuffer])
    })
  }

  /** Ends the worker (at shutdown); anything still waiting is rejected. */
  async close(): Promise<void> {
    const worker = this.worker
    this.fail(new PdfTextError('crashed', 'the app is closing'))
    await worker?.terminate()
  }

  private start(): Worker {
    if (this.worker) return this.worker
    const worker = spawn(this.options.entry ?? defaultEntry())
    // An idle worker does not keep the process alive (tests and the benches exit without closing it).
    worker.unref()
    worker.on('message', (message: PdfJobResult) => this.settle(message))
    worker.on('error', (error) => this.fail(new PdfTextError('crashed', error.message), worker))
    worker.on('exit', (code) => this.fail(new PdfTextError('crashed', `exit code ${code}`), worker))
    this.worker = worker
    return worker
  }

  private settle(message: PdfJobResult): void {
    const job = this.pending.get(message.id)
    if (!job) return
    this.pending.delete(message.id)
    clearTimeout(job.timer)
    if (message.ok) job.resolve(message.result)
    else job.reject(new PdfUnreadableError(message.message))
  }

  /** Rejects every waiting job and ends the worker (only `which`, when an old worker reports late). */
  private fail(error: PdfTextError, which: Worker | null = this.worker): void {
    if (which !== this.worker) return
    const worker = this.worker
    this.worker = null
    for (const job of this.pending.values()) {
      clearTimeout(job.timer)
      job.reject(error)
    }
    this.pending.clear()
    void worker?.terminate()
  }
}

/** The app's one PDF worker. */
const shared = new PdfTextWorker()

/** Ends the PDF worker (at shutdown). */
export function closePdfTextWorker(): Promise<void> {
  return shared.close()
}

/** The text of `bytes` (left intact: they are copied once for the worker). */
export function pdfText(bytes: Uint8Array, limits: PdfTextLimits = PDF_TEXT_LIMITS): Promise<PdfText> {
  return shared.extract(bytes.slice(), limits)
}

const REMEMBERED = 8
const remembered = new Map<string, Promise<PdfText | null>>()

/**
 * The text of a stored PDF by hash (null when pdf.js cannot parse it). A stored file never changes (its name
 * is its hash) and every later turn of a conversation sends its files again, so the last few are extracted
 * once per run. A failed read or a failed worker is not remembered. The bytes read go to the worker as they are.
 */
export function storedPdfText(
  hash: string,
  read: () => Promise<Uint8Array>,
  worker: PdfTextWorker = shared,
): Promise<PdfText | null> {
  const known = remembered.get(hash)
  if (known) {
    remembered.delete(hash)
    remembered.set(hash, known)
    return known
  }
  const pending = read().then((bytes) =>
    worker.extract(bytes).catch((error: unknown) => {
      if (error instanceof PdfUnreadableError) return null
      throw error
    }),
  )
  pending.catch(() => remembered.delete(hash))
  remembered.set(hash, pending)
  const oldest = remembered.keys().next().value
  if (remembered.size > REMEMBERED && oldest !== undefined) remembered.delete(oldest)
  return pending
}
