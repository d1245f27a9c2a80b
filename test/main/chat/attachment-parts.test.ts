import { describe, expect, it } from 'vitest'
import { fencedFile, languageOf, planAttachments } from '../../../src/main/chat/attachment-parts'
import { checkAttachmentLimits } from '../../../src/shared/attachments'
import { inlineImageSrc } from '../../../src/renderer/src/features/chat/markdown/image-src'
import { rejectsImages } from '../../../src/renderer/src/features/chat/attachments/attachment-checks'

const MB = 1024 * 1024
const ref = { id: 'a', hash: 'a'.repeat(64), size: 10 }

describe('limits', () => {
  it('names the file over the per-file limit, then counts, then the total', () => {
    expect(
      checkAttachmentLimits([
        { name: 'ok.png', size: MB },
        { name: 'big.pdf', size: 20 * MB + 1 },
      ]),
    ).toEqual({
      code: 'attachment_too_large',
      name: 'big.pdf',
      limit: 20 * MB,
    })
    const eleven = Array.from({ length: 11 }, (_, i) => ({ name: `${i}.txt`, size: 1 }))
    expect(checkAttachmentLimits(eleven)).toEqual({ code: 'attachment_too_many', limit: 10 })
    const three = Array.from({ length: 3 }, (_, i) => ({ name: `${i}.pdf`, size: 18 * MB }))
    expect(checkAttachmentLimits(three)).toEqual({ code: 'attachment_total_too_large', limit: 50 * MB })
    expect(checkAttachmentLimits(three.slice(0, 2))).toBeNull()
  })
})

describe('planAttachments: the capability table', () => {
  it('marks how each file goes, and refuses what the provider kind cannot take', () => {
    const image = { ...ref, name: 'a.png', mediaType: 'image/png', width: 100, height: 100 }
    const pdf = { ...ref, name: 'r.pdf', mediaType: 'application/pdf' }
    const text = { ...ref, name: 'n.md', mediaType: 'text/plain' }
    expect(planAttachments('openai', [image, pdf, text]).map((r) => r.sentAs)).toEqual([
      'image',
      'document',
      'text',
    ])
    // Providers without PDF documents get a PDF's extracted text.
    for (const kind of ['groq', 'deepseek', 'gemini', 'ollama', 'lmstudio', 'custom'] as const)
      expect(planAttachments(kind, [pdf])[0]?.sentAs, kind).toBe('text')
    expect(planAttachments('anthropic', [pdf])[0]?.sentAs).toBe('document')
    expect(() => planAttachments('deepseek', [image])).toThrow(
      expect.objectContaining({ code: 'attachment_no_images' }),
    )
    // An image over the provider's limits is not refused: it is scaled down when sent (image-fit.ts).
    expect(planAttachments('anthropic', [{ ...image, size: 5 * MB + 1, width: 9000 }])[0]?.sentAs).toBe(
      'image',
    )
    expect(planAttachments('deepseek', [text])[0]?.sentAs).toBe('text')
  })
})

describe('text files as fenced text', () => {
  it('names the file, picks the language from the extension, and outgrows backtick runs inside', () => {
    expect(fencedFile('main.py', 'print(1)')).toBe('main.py\n\n```python\nprint(1)\n```')
    expect(fencedFile('README.md', 'Use ```js blocks\n')).toBe(
      'README.md\n\n````markdown\nUse ```js blocks\n````',
    )
    expect(languageOf('server.log')).toBe('log')
    expect(languageOf('Makefile')).toBe('')
    expect(languageOf('.env')).toBe('')
  })
})

describe('images in replies', () => {
  it('shows only raster data URLs and the app’s own attachments by hash', () => {
    const hash = 'b'.repeat(64)
    expect(inlineImageSrc('data:image/png;base64,iVBORw0KGgo=')).toBe('data:image/png;base64,iVBORw0KGgo=')
    expect(inlineImageSrc(`app://proxychat/attachments/${hash}`)).toBe(`/attachments/${hash}`)
    expect(inlineImageSrc(`/attachments/${hash}`)).toBe(`/attachments/${hash}`)
    for (const src of [
      'https://tracker.example/pixel.png',
      'data:image/svg+xml;base64,PHN2Zz4=',
      `/attachments/${hash}/../../secrets.json`,
      `app://proxychat/attachments/${hash.toUpperCase()}`,
      '//evil.example/x.png',
      undefined,
    ]) {
      expect(inlineImageSrc(src), String(src)).toBeUndefined()
    }
  })
})

describe('vision advice', () => {
  it('recognizes a provider refusing images, and nothing else', () => {
    expect(rejectsImages({ kind: 'bad_request', message: 'This model does not support image input' })).toBe(
      true,
    )
    expect(
      rejectsImages({
        kind: 'bad_request',
        message: 'HTTP 400',
        failures: [{ said: 'No endpoints support vision' }],
      }),
    ).toBe(true)
    expect(rejectsImages({ kind: 'bad_request', message: 'max_tokens is too large' })).toBe(false)
    expect(rejectsImages({ kind: 'server', message: 'image service down' })).toBe(false)
  })
})
