/**
 * The PDF worker: pdf.js runs off main's thread (unpdf is made unusable here, on main, and extraction
 * still works), main keeps turning while a big PDF is read, and a worker that hangs or crashes is a
 * PdfTextError, never a hang; the next PDF gets a fresh worker.
 */
import { afterAll, describe, expect, it, vi } from 'vitest'
import {
  PdfTextError,
  PdfTextWorker,
  PdfUnreadableError,
  storedPdfText,
} from '../../../src/main/attachments/pdf-text'
import { PDF_BYTES, textPdf } from '../../fixtures/attachment-bytes'

// If anything on this thread parsed a PDF, it would fail: only the worker has the real unpdf.
vi.mock('unpdf', () => ({
  getDocumentProxy: () => {
    throw new Error('pdf.js ran on the main thread')
  },
}))

const fixture = (name: string): URL => new URL(`../../fixtures/workers/${name}`, import.meta.url)

const workers: PdfTextWorker[] = []
const worker = (options?: ConstructorParameters<typeof PdfTextWorker>[0]): PdfTextWorker => {
  const made = new PdfTextWorker(options)
  workers.push(made)
  return made
}
afterAll(async () => {
  await Promise.all(workers.map((w) => w.close()))
})

describe('PdfTextWorker', () => {
  it('extracts off the main thread, and main keeps turning meanwhile', async () => {
    const pages = Array.from({ length: 150 }, (_, i) =>
      Array.from({ length: 40 }, (_, j) => `Page ${i + 1} line ${j} quarterly report`).join('\n'),
    )
    const bytes = textPdf(pages)
    const reader = worker()
    let turns = 0
    let done = false
    const ticking = (async () => {
      while (!done) {
        turns++
        await new Promise((resolve) => setImmediate(resolve))
      }
    })()
    const result = await reader.extract(bytes)
    done = true
    await ticking
    expect(result.pages).toBe(150)
    expect(result.text).toContain('Page 150 line 39 quarterly report')
    // The bytes moved to the worker rather than being copied.
    expect(bytes.byteLength).toBe(0)
    // Many turns of main's loop while the worker parsed (pdf.js on main would give about one per page).
    expect(turns).toBeGreaterThan(150)
  })

  it('reuses one worker for several PDFs, concurrently too', async () => {
    const reader = worker()
    const [a, b] = await Promise.all([
      reader.extract(textPdf(['First'])),
      reader.extract(textPdf(['Second'])),
    ])
    expect([a.text, b.text]).toEqual(['First', 'Second'])
    expect((await reader.extract(textPdf(['Third']))).text).toBe('Third')
  })

  it('tells a file pdf.js cannot parse from a failed worker', async () => {
    const reader = worker()
    await expect(reader.extract(PDF_BYTES.slice())).rejects.toBeInstanceOf(PdfUnreadableError)
    // The worker survives a bad file.
    expect((await reader.extract(textPdf(['Still here']))).text).toBe('Still here')
  })

  it('ends a worker that takes too long, with a timeout error', async () => {
    const reader = worker({ entry: fixture('hangs.mjs'), timeoutMs: 200 })
    const failure = await reader.extract(textPdf(['Never read'])).catch((e: unknown) => e)
    expect(failure).toBeInstanceOf(PdfTextError)
    expect(failure).toMatchObject({ code: 'attachment_pdf_failed', failure: 'timeout' })
  })

  it('reports a crashed worker, and the next PDF starts a fresh one', async () => {
    const reader = worker({ entry: fixture('crashes.mjs') })
    const failure = await reader.extract(textPdf(['Crash'])).catch((e: unknown) => e)
    expect(failure).toMatchObject({ code: 'attachment_pdf_failed', failure: 'crashed' })
    expect((failure as Error).message).toContain('exit code 7')
    // A fresh worker for the next job (it crashes again: a new failure, not a hang on the dead one).
    await expect(reader.extract(textPdf(['Again']))).rejects.toMatchObject({ failure: 'crashed' })
  })

  it('rejects what is still waiting when it is closed', async () => {
    const reader = worker({ entry: fixture('hangs.mjs'), timeoutMs: 60_000 })
    const waiting = reader.extract(textPdf(['Waiting'])).catch((e: unknown) => e)
    await reader.close()
    expect(await waiting).toBeInstanceOf(PdfTextError)
  })

  it('does not remember a worker failure for a stored file', async () => {
    const hash = 'f'.repeat(64)
    const broken = worker({ entry: fixture('crashes.mjs') })
    await expect(storedPdfText(hash, async () => textPdf(['Stored']), broken)).rejects.toBeInstanceOf(
      PdfTextError,
    )
    expect((await storedPdfText(hash, async () => textPdf(['Stored']), worker()))?.text).toBe('Stored')
  })
})
