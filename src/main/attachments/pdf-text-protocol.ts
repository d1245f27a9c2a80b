/**
 * What main and the PDF worker share: the limits, the result, and the messages between them
 * (structured-cloned; the bytes are transferred). No pdf.js here: main never loads it.
 */
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

export interface PdfJob {
  id: number
  bytes: Uint8Array
  limits: PdfTextLimits
}

export type PdfJobResult =
  | { id: number; ok: true; result: PdfText }
  /** pdf.js could not parse the file (its message, for the log). */
  | { id: number; ok: false; message: string }
