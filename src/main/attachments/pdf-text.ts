/**
 * A PDF's text, for providers that take no PDF documents (they get it as a fenced block instead). Uses
 * unpdf (pdf.js built for servers: no native code, no downloads; see docs/ARCHITECTURE.md). pdf.js parses
 * in this thread, so pages are read one at a time with a turn of the event loop between them: a long PDF
 * never holds main for more than a page. Bounded in pages and characters, so one huge file cannot flood a
 * request.
 */
import { getDocumentProxy } from 'unpdf'

export interface PdfTextLimits {
  maxPages: number
  maxChars: number
}

export const PDF_TEXT_LIMITS: PdfTextLimits = { maxPages: 300, maxChars: 400_000 }

export interface PdfText {
  /** Pages separated by a blank line; '' when the PDF has no text layer (a scan). */
  text: string
  pages: number
  /** How many pages were read (fewer than `pages` when a limit cut it short). */
  pagesRead: number
  truncated: boolean
}

const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve))

/** The text of one page's items: pdf.js marks line ends; other items run on (marked content has no text). */
function pageText(items: readonly object[]): string {
  let out = ''
  for (const item of items) {
    if ('str' in item && typeof item.str === 'string') out += item.str
    if ('hasEOL' in item && item.hasEOL === true) out += '\n'
  }
  return out.trim()
}

export async function pdfText(bytes: Uint8Array, limits: PdfTextLimits = PDF_TEXT_LIMITS): Promise<PdfText> {
  // pdf.js may take over the buffer it is given: a copy leaves the caller's bytes intact.
  // Verbosity 0: errors only (pdf.js otherwise logs its repairs of damaged files to the console).
  const pdf = await getDocumentProxy(new Uint8Array(bytes), { verbosity: 0 })
  try {
    const pages = pdf.numPages
    const texts: string[] = []
    let chars = 0
    let truncated = false
    let pagesRead = 0
    for (let n = 1; n <= pages; n++) {
      if (n > limits.maxPages || chars >= limits.maxChars) {
        truncated = true
        break
      }
      const page = await pdf.getPage(n)
      const content = await page.getTextContent()
      page.cleanup()
      const text = pageText(content.items)
      pagesRead = n
      if (text !== '') {
        const room = limits.maxChars - chars
        texts.push(text.length > room ? text.slice(0, room) : text)
        if (text.length > room) truncated = true
        chars += Math.min(text.length, room) + 2
      }
      await nextTurn()
    }
    return { text: texts.join('\n\n'), pages, pagesRead, truncated }
  } finally {
    await pdf.destroy()
  }
}

const REMEMBERED = 8
const remembered = new Map<string, Promise<PdfText | null>>()

/**
 * The text of a stored PDF by hash (null when pdf.js cannot parse it). A stored file never changes (its name
 * is its hash) and every later turn of a conversation sends its files again, so the last few are extracted
 * once per run. A failed read is not remembered.
 */
export function storedPdfText(hash: string, read: () => Promise<Uint8Array>): Promise<PdfText | null> {
  const known = remembered.get(hash)
  if (known) {
    remembered.delete(hash)
    remembered.set(hash, known)
    return known
  }
  const pending = read().then((bytes) => pdfText(bytes).catch(() => null))
  pending.catch(() => remembered.delete(hash))
  remembered.set(hash, pending)
  const oldest = remembered.keys().next().value
  if (remembered.size > REMEMBERED && oldest !== undefined) remembered.delete(oldest)
  return pending
}
