/**
 * Media types come from the bytes. Images are a real PNG rendered by resvg, and headers written byte by byte
 * from each format's specification (JPEG SOF0, GIF89a, WebP VP8/VP8L/VP8X).
 */
import { Resvg } from '@resvg/resvg-js'
import { describe, expect, it } from 'vitest'
import { sniffMediaType } from '../../../src/main/attachments/media-type'

const bytes = (...parts: (number[] | string)[]): Uint8Array =>
  Uint8Array.from(parts.flatMap((p) => (typeof p === 'string' ? [...Buffer.from(p, 'latin1')] : p)))
const le16 = (n: number): number[] => [n & 0xff, n >> 8]
const be16 = (n: number): number[] => [n >> 8, n & 0xff]
const le24 = (n: number): number[] => [n & 0xff, (n >> 8) & 0xff, n >> 16]

const png = (width: number, height: number): Uint8Array =>
  new Resvg(`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"/>`).render().asPng()

// SOI, an APP0 (JFIF) segment, then SOF0 with precision 8, height, width.
const jpeg = (width: number, height: number): Uint8Array =>
  bytes(
    [0xff, 0xd8],
    [0xff, 0xe0, ...be16(16)],
    'JFIF\0',
    [1, 1, 0, 0, 1, 0, 1, 0, 0],
    [0xff, 0xc0, ...be16(17), 8, ...be16(height), ...be16(width), 3],
  )
const gif = (width: number, height: number): Uint8Array =>
  bytes('GIF89a', le16(width), le16(height), [0xf7, 0, 0])
const webpVp8x = (width: number, height: number): Uint8Array =>
  bytes('RIFF', [0, 0, 0, 0], 'WEBP', 'VP8X', [10, 0, 0, 0], [0, 0, 0, 0], le24(width - 1), le24(height - 1))
// VP8L: signature 0x2f, then 14 bits width-1, 14 bits height-1, little-endian.
const webpVp8l = (width: number, height: number): Uint8Array => {
  const bits = (width - 1) | ((height - 1) << 14)
  return bytes(
    'RIFF',
    [0, 0, 0, 0],
    'WEBP',
    'VP8L',
    [5, 0, 0, 0],
    [0x2f],
    [bits & 0xff, (bits >> 8) & 0xff, (bits >> 16) & 0xff, (bits >>> 24) & 0xff],
  )
}
// VP8: frame tag (3 bytes), start code 9d 01 2a, then 14-bit width and height.
const webpVp8 = (width: number, height: number): Uint8Array =>
  bytes(
    'RIFF',
    [0, 0, 0, 0],
    'WEBP',
    'VP8 ',
    [10, 0, 0, 0],
    [0, 0, 0],
    [0x9d, 0x01, 0x2a],
    le16(width),
    le16(height),
  )

describe('sniffMediaType', () => {
  it.each([
    ['PNG', png(640, 480), 'image/png', 640, 480],
    ['JPEG', jpeg(4032, 3024), 'image/jpeg', 4032, 3024],
    ['GIF', gif(320, 200), 'image/gif', 320, 200],
    ['WebP (extended)', webpVp8x(5000, 2), 'image/webp', 5000, 2],
    ['WebP (lossless)', webpVp8l(1024, 768), 'image/webp', 1024, 768],
    ['WebP (lossy)', webpVp8(800, 600), 'image/webp', 800, 600],
  ])('reads a %s and its pixel size', (_name, data, mediaType, width, height) => {
    expect(sniffMediaType(data)).toEqual({ kind: 'image', mediaType, width, height })
  })

  it('reads a PDF', () => {
    expect(sniffMediaType(bytes('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n'))).toEqual({
      kind: 'pdf',
      mediaType: 'application/pdf',
    })
  })

  it.each([
    ['code', 'def ask(q: str) -> str:\n    return client.chat(q)\n'],
    ['Russian text', 'Привет! Это длинный русский текст с ёлками и «кавычками».\n'.repeat(400)],
    ['CSV', 'name,value\n"a, b",1\n'],
    ['JSON', '{"a": {"b": [1, 2, {"c": null}]}}'],
  ])('takes %s as text', (_name, text) => {
    expect(sniffMediaType(new TextEncoder().encode(text))).toEqual({ kind: 'text', mediaType: 'text/plain' })
  })

  it('does not mistake UTF-8 cut at the probe’s end for binary', () => {
    // 1 + 8194 bytes: the 8192-byte probe ends in the middle of a two-byte letter.
    const text = 'я'.repeat(4097)
    expect(sniffMediaType(new TextEncoder().encode(`x${text}`)).kind).toBe('text')
  })

  it.each([
    ['plain', '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'],
    [
      'with a declaration and a comment',
      '\uFEFF<?xml version="1.0"?>\n<!-- drawn by hand -->\n<!DOCTYPE svg>\n<svg>\n</svg>',
    ],
  ])('never takes an SVG for an image (%s)', (_name, text) => {
    expect(sniffMediaType(new TextEncoder().encode(text))).toEqual({
      kind: 'text',
      mediaType: 'image/svg+xml',
    })
  })

  it('judges by the bytes, whatever the name said', () => {
    // A PNG someone renamed to .txt is still a PNG; random bytes are nothing it can send.
    expect(sniffMediaType(png(2, 2)).mediaType).toBe('image/png')
    expect(sniffMediaType(Uint8Array.from([0x00, 0x01, 0xfe, 0xff, 0x13]))).toEqual({
      kind: 'unsupported',
      mediaType: 'application/octet-stream',
    })
    expect(sniffMediaType(Uint8Array.from([0xc3, 0x28, 0x41]))).toMatchObject({ kind: 'unsupported' })
  })

  it('survives truncated headers', () => {
    expect(sniffMediaType(bytes([0x89], 'PNG\r\n\x1a\n'))).toEqual({ kind: 'image', mediaType: 'image/png' })
    expect(sniffMediaType(bytes([0xff, 0xd8, 0xff, 0xe0]))).toEqual({
      kind: 'image',
      mediaType: 'image/jpeg',
    })
    expect(sniffMediaType(new Uint8Array())).toEqual({ kind: 'text', mediaType: 'text/plain' })
  })
})
