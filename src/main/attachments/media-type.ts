/**
 * What a file is, read from its bytes (never from its name): images ProxyChat can send, PDFs, text, or
 * something it cannot send. SVG is text, never an image: it is a document that can carry script.
 */

export type AttachmentKind = 'image' | 'pdf' | 'text' | 'unsupported'

export interface Sniffed {
  kind: AttachmentKind
  /** The media type the bytes show, e.g. image/png, application/pdf, text/plain. */
  mediaType: string
  /** Pixel size of an image, when its header says. */
  width?: number
  height?: number
}

/** How much of a file decides whether it is text. */
const TEXT_PROBE_BYTES = 8192

const startsWith = (bytes: Uint8Array, magic: readonly number[], at = 0): boolean =>
  bytes.length >= at + magic.length && magic.every((b, i) => bytes[at + i] === b)
const ascii = (s: string): number[] => [...s].map((c) => c.charCodeAt(0))

const PNG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]
const JPEG = [0xff, 0xd8, 0xff]
const GIF87 = ascii('GIF87a')
const GIF89 = ascii('GIF89a')
const RIFF = ascii('RIFF')
const WEBP = ascii('WEBP')
const PDF = ascii('%PDF-')

export function sniffMediaType(bytes: Uint8Array): Sniffed {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  if (startsWith(bytes, PNG)) {
    // IHDR is always the first chunk: width and height at bytes 16 and 20, big-endian.
    const size = bytes.length >= 24 ? { width: view.getUint32(16), height: view.getUint32(20) } : {}
    return { kind: 'image', mediaType: 'image/png', ...size }
  }
  if (startsWith(bytes, JPEG)) return { kind: 'image', mediaType: 'image/jpeg', ...jpegSize(bytes, view) }
  if (startsWith(bytes, GIF87) || startsWith(bytes, GIF89)) {
    const size = bytes.length >= 10 ? { width: view.getUint16(6, true), height: view.getUint16(8, true) } : {}
    return { kind: 'image', mediaType: 'image/gif', ...size }
  }
  if (startsWith(bytes, RIFF) && startsWith(bytes, WEBP, 8)) {
    return { kind: 'image', mediaType: 'image/webp', ...webpSize(bytes, view) }
  }
  if (startsWith(bytes, PDF)) return { kind: 'pdf', mediaType: 'application/pdf' }
  const text = decodeText(bytes.subarray(0, TEXT_PROBE_BYTES), bytes.length > TEXT_PROBE_BYTES)
  if (text !== undefined) {
    return { kind: 'text', mediaType: isSvg(text) ? 'image/svg+xml' : 'text/plain' }
  }
  return { kind: 'unsupported', mediaType: 'application/octet-stream' }
}

/** The text of the probe, or undefined when it is not UTF-8 text (a NUL byte, or invalid sequences). */
function decodeText(probe: Uint8Array, truncated: boolean): string | undefined {
  if (probe.includes(0)) return undefined
  // A multi-byte character cut at the probe's end is not an error.
  const decoder = new TextDecoder('utf-8', { fatal: true })
  try {
    return truncated ? decoder.decode(probe, { stream: true }) : decoder.decode(probe)
  } catch {
    return undefined
  }
}

function isSvg(text: string): boolean {
  // After an optional BOM, XML declaration, doctype and comments, the root element is <svg.
  const head = text
    .replace(/^\uFEFF/, '')
    .replace(/^\s*(<\?xml[\s\S]*?\?>|<!--[\s\S]*?-->|<!DOCTYPE[\s\S]*?>|\s)*/i, '')
  return /^<svg[\s>]/i.test(head)
}

/** A JPEG's size, from its first start-of-frame marker. */
function jpegSize(bytes: Uint8Array, view: DataView): { width?: number; height?: number } {
  let at = 2
  while (at + 9 < bytes.length) {
    if (bytes[at] !== 0xff) return {}
    const marker = bytes[at + 1] ?? 0
    // Fill bytes, and markers without a length.
    if (marker === 0xff) {
      at += 1
      continue
    }
    if (marker === 0xd8 || (marker >= 0xd0 && marker <= 0xd7) || marker === 0x01) {
      at += 2
      continue
    }
    const length = view.getUint16(at + 2)
    const isFrame = marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc
    if (isFrame) return { height: view.getUint16(at + 5), width: view.getUint16(at + 7) }
    at += 2 + length
  }
  return {}
}

/** A WebP's size from its first chunk: lossy (VP8), lossless (VP8L) or extended (VP8X). */
function webpSize(bytes: Uint8Array, view: DataView): { width?: number; height?: number } {
  const chunk = String.fromCharCode(...bytes.subarray(12, 16))
  if (chunk === 'VP8 ' && bytes.length >= 30) {
    return { width: view.getUint16(26, true) & 0x3fff, height: view.getUint16(28, true) & 0x3fff }
  }
  if (chunk === 'VP8L' && bytes.length >= 25) {
    const bits = view.getUint32(21, true)
    return { width: (bits & 0x3fff) + 1, height: ((bits >> 14) & 0x3fff) + 1 }
  }
  if (chunk === 'VP8X' && bytes.length >= 30) {
    const width = 1 + ((bytes[24] ?? 0) | ((bytes[25] ?? 0) << 8) | ((bytes[26] ?? 0) << 16))
    const height = 1 + ((bytes[27] ?? 0) | ((bytes[28] ?? 0) << 8) | ((bytes[29] ?? 0) << 16))
    return { width, height }
  }
  return {}
}
