/**
 * Attachments as every process sees them: the reference a message keeps (never the bytes), the limits
 * checked by the window before sending and by main again, and what each kind of provider takes. One table
 * each, so the window and main can never disagree.
 */
import type { ProviderKind } from './domain'

/** A file a message refers to; its bytes live once in `attachments/<hash>` in the data folder. */
export interface AttachmentRef {
  id: string
  /** The file's name as the user had it (no path). */
  name: string
  /** Read from the bytes, never from the name. */
  mediaType: string
  size: number
  /** SHA-256 of the bytes, lower-case hex: the stored file's name. */
  hash: string
  width?: number
  height?: number
  /** How it went to the model the last time the message was sent. */
  sentAs?: AttachmentSentAs
}

export type AttachmentSentAs = 'image' | 'document' | 'text'

export type AttachmentKindOfRef = 'image' | 'pdf' | 'text'

export const ATTACHMENT_LIMITS = {
  /** Per file. */
  maxFileBytes: 20 * 1024 * 1024,
  /** Per message. */
  maxCount: 10,
  /** All files of one message together. */
  maxTotalBytes: 50 * 1024 * 1024,
  maxNameLength: 255,
} as const

export const ATTACHMENT_HASH = /^[0-9a-f]{64}$/

/** Images a provider is sent; SVG is text (a document that can carry script), never one of these. */
export const RASTER_IMAGE_TYPES: readonly string[] = ['image/png', 'image/jpeg', 'image/gif', 'image/webp']

export function attachmentKind(mediaType: string): AttachmentKindOfRef {
  if (RASTER_IMAGE_TYPES.includes(mediaType)) return 'image'
  if (mediaType === 'application/pdf') return 'pdf'
  return 'text'
}

/** Why a set of files cannot go with one message, as facts for the window to word. */
export type AttachmentLimitProblem =
  | { code: 'attachment_too_large'; name: string; limit: number }
  | { code: 'attachment_too_many'; limit: number }
  | { code: 'attachment_total_too_large'; limit: number }

export function checkAttachmentLimits(
  files: readonly { name: string; size: number }[],
): AttachmentLimitProblem | null {
  const tooLarge = files.find((f) => f.size > ATTACHMENT_LIMITS.maxFileBytes)
  if (tooLarge)
    return { code: 'attachment_too_large', name: tooLarge.name, limit: ATTACHMENT_LIMITS.maxFileBytes }
  if (files.length > ATTACHMENT_LIMITS.maxCount)
    return { code: 'attachment_too_many', limit: ATTACHMENT_LIMITS.maxCount }
  const total = files.reduce((sum, f) => sum + f.size, 0)
  if (total > ATTACHMENT_LIMITS.maxTotalBytes)
    return { code: 'attachment_total_too_large', limit: ATTACHMENT_LIMITS.maxTotalBytes }
  return null
}

/** What a kind of provider takes (from each API's documentation; see docs/ARCHITECTURE.md). */
export interface ProviderCapabilities {
  images: boolean
  /** Largest image file it takes (the base64 is a third larger). */
  imageMaxBytes: number
  /** Longest side in pixels it takes. */
  imageMaxSide: number
  /** PDFs as `file` parts (OpenAI) or `document` blocks (Anthropic); without, as their extracted text. */
  pdf: boolean
}

const MB = 1024 * 1024

export const PROVIDER_CAPABILITIES: Readonly<Record<ProviderKind, ProviderCapabilities>> = {
  openai: { images: true, imageMaxBytes: 20 * MB, imageMaxSide: 16_384, pdf: true },
  anthropic: { images: true, imageMaxBytes: 5 * MB, imageMaxSide: 8_000, pdf: true },
  openrouter: { images: true, imageMaxBytes: 20 * MB, imageMaxSide: 16_384, pdf: true },
  groq: { images: true, imageMaxBytes: 4 * MB, imageMaxSide: 8_000, pdf: false },
  deepseek: { images: false, imageMaxBytes: 0, imageMaxSide: 0, pdf: false },
  gemini: { images: true, imageMaxBytes: 20 * MB, imageMaxSide: 16_384, pdf: false },
  ollama: { images: true, imageMaxBytes: 20 * MB, imageMaxSide: 16_384, pdf: false },
  lmstudio: { images: true, imageMaxBytes: 20 * MB, imageMaxSide: 16_384, pdf: false },
  custom: { images: true, imageMaxBytes: 20 * MB, imageMaxSide: 16_384, pdf: false },
}

/** Why a provider cannot take an attachment, as facts; null when it can. */
export type AttachmentCapabilityProblem =
  | { code: 'attachment_no_images'; name: string }
  | { code: 'attachment_image_too_large'; name: string; limitBytes: number; limitSide: number }
  /** A PDF that must go as text (the provider takes no PDFs) but has none: a scan. Known only when sent. */
  | { code: 'attachment_pdf_no_text'; name: string }

export function checkAttachmentFits(
  kind: ProviderKind,
  ref: Pick<AttachmentRef, 'name' | 'mediaType' | 'size' | 'width' | 'height'>,
): AttachmentCapabilityProblem | null {
  const caps = PROVIDER_CAPABILITIES[kind]
  const what = attachmentKind(ref.mediaType)
  if (what === 'image') {
    if (!caps.images) return { code: 'attachment_no_images', name: ref.name }
    const side = Math.max(ref.width ?? 0, ref.height ?? 0)
    if (ref.size > caps.imageMaxBytes || side > caps.imageMaxSide)
      return {
        code: 'attachment_image_too_large',
        name: ref.name,
        limitBytes: caps.imageMaxBytes,
        limitSide: caps.imageMaxSide,
      }
  }
  return null
}

/** How a file goes to a provider of `kind`: a PDF as a document where the provider takes them, else as text. */
export function attachmentSentAs(kind: ProviderKind, mediaType: string): AttachmentSentAs {
  const what = attachmentKind(mediaType)
  if (what === 'image') return 'image'
  if (what === 'pdf' && PROVIDER_CAPABILITIES[kind].pdf) return 'document'
  return 'text'
}

/** The path the window loads a stored image from (same origin as the page: app://proxychat/…). */
export function attachmentPath(hash: string): string {
  return `/attachments/${hash}`
}
