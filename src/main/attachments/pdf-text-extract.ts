/**
 * A PDF's text with unpdf (pdf.js built for servers: no native code, no downloads; see
 * docs/ARCHITECTURE.md). pdf.js parses on the thread that calls it, so main never calls this: it runs in
 * the PDF worker (pdf-text-worker.ts), and main talks to that through pdf-text.ts. Bounded in pages and
 * characters, so one huge file cannot flood a request.
 */
import { getDocumentProxy } from 'unpdf'
import type { PdfText, PdfTextLimits } from './pdf-text-protocol'

/** The text of one page's items: pdf.js marks line ends; other items run on (marked content has no text). */
function pageText(items: readonly object[]): string {
  let out = ''
  for (const item of items) {
    if ('str' in item && typeof item.str === 'string') out += item.str
    if ('hasEOL' in item && item.hasEOL === true) out += '\n'
  }
  return out.trim()
}

/** Extracts the text; pdf.js may take over `bytes` (the worker owns them: they were transferred to it). */
export async function extractPdfText(bytes: Uint8Array, limits: PdfTextLimits): Promise<PdfText> {
  // Verbosity 0: errors only (pdf.js otherwise logs its repairs of damaged files to the console).
  const pdf = await getDocumentProxy(bytes, { verbosity: 0 })
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
    }
    return { text: texts.join('\n\n'), pages, pagesRead, truncated }
  } finally {
    await pdf.destroy()
  }
}
