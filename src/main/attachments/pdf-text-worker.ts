/**
 * The PDF worker's entry (a worker_threads Worker, started by pdf-text.ts; emitted as its own file by
 * electron.vite.config.ts). One job at a time is enough: main sends one PDF per send, and the jobs queue
 * on this thread, never on main's.
 */
import { parentPort } from 'node:worker_threads'
import { extractPdfText } from './pdf-text-extract'
import type { PdfJob, PdfJobResult } from './pdf-text-protocol'

const port = parentPort
if (port === null) throw new Error('pdf-text-worker runs only as a worker thread')

port.on('message', (job: PdfJob) => {
  extractPdfText(job.bytes, job.limits).then(
    (result) => port.postMessage({ id: job.id, ok: true, result } satisfies PdfJobResult),
    (error: unknown) =>
      port.postMessage({
        id: job.id,
        ok: false,
        message: error instanceof Error ? error.message : String(error),
      } satisfies PdfJobResult),
  )
})
