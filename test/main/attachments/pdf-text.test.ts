import { describe, expect, it } from 'vitest'
import { pdfText, storedPdfText } from '../../../src/main/attachments/pdf-text'
import { PDF_BYTES, textPdf } from '../../fixtures/attachment-bytes'

describe('pdfText', () => {
  it('reads every page’s text in order, a blank line between pages', async () => {
    const bytes = textPdf(['Quarterly report (draft)', 'Revenue grew 12%'])
    const copy = bytes.slice()
    expect(await pdfText(bytes)).toEqual({
      text: 'Quarterly report (draft)\n\nRevenue grew 12%',
      pages: 2,
      pagesRead: 2,
      truncated: false,
    })
    expect(bytes).toEqual(copy)
  })

  it('gives no text for a PDF without a text layer (a scan)', async () => {
    expect(await pdfText(textPdf([null, null]))).toMatchObject({ text: '', pages: 2 })
  })

  it('stops at the page and character bounds and says so', async () => {
    const pages = Array.from({ length: 5 }, (_, i) => `Page ${i + 1} text`)
    expect(await pdfText(textPdf(pages), { maxPages: 2, maxChars: 10_000 })).toEqual({
      text: 'Page 1 text\n\nPage 2 text',
      pages: 5,
      pagesRead: 2,
      truncated: true,
    })
    const cut = await pdfText(textPdf(pages), { maxPages: 100, maxChars: 15 })
    expect(cut.truncated).toBe(true)
    expect(cut.text.startsWith('Page 1 text')).toBe(true)
    expect(cut.text.length).toBeLessThanOrEqual(15)
  })

  it('rejects bytes pdf.js cannot parse', async () => {
    await expect(pdfText(PDF_BYTES)).rejects.toThrow()
  })
})

describe('storedPdfText', () => {
  it('extracts a stored file once, and does not remember a failed read', async () => {
    const hash = 'c'.repeat(64)
    let reads = 0
    const read = async (): Promise<Uint8Array> => {
      reads++
      return textPdf(['Remembered'])
    }
    expect((await storedPdfText(hash, read))?.text).toBe('Remembered')
    expect((await storedPdfText(hash, read))?.text).toBe('Remembered')
    expect(reads).toBe(1)

    const gone = 'd'.repeat(64)
    await expect(storedPdfText(gone, () => Promise.reject(new Error('gone')))).rejects.toThrow('gone')
    expect((await storedPdfText(gone, read))?.text).toBe('Remembered')
    expect(await storedPdfText('e'.repeat(64), async () => PDF_BYTES)).toBeNull()
  })
})
