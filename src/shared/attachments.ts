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

/**
 * A pick of files split by the limits, in order: a file over the per-file limit is skipped on its own (it can
 * never go), and at the first file the count or the total cannot take, it and every file after it are left
 * out (the files that went in are the first ones picked, as the user sees them in the dialog).
 */
export interface AttachmentPick<T> {
  accepted: T[]
  tooLarge: T[]
  leftOut: { code: 'attachment_too_many' | 'attachment_total_too_large'; limit: number; files: T[] } | null
}

export function fitAttachments<T extends { size: number }>(
  held: readonly { size: number }[],
  picked: readonly T[],
): AttachmentPick<T> {
  const pick: AttachmentPick<T> = { accepted: [], tooLarge: [], leftOut: null }
  let count = held.length
  let total = held.reduce((sum, f) => sum + f.size, 0)
  for (const file of picked) {
    if (pick.leftOut) pick.leftOut.files.push(file)
    else if (file.size > ATTACHMENT_LIMITS.maxFileBytes) pick.tooLarge.push(file)
    else if (count + 1 > ATTACHMENT_LIMITS.maxCount)
      pick.leftOut = { code: 'attachment_too_many', limit: ATTACHMENT_LIMITS.maxCount, files: [file] }
    else if (total + file.size > ATTACHMENT_LIMITS.maxTotalBytes)
      pick.leftOut = {
        code: 'attachment_total_too_large',
        limit: ATTACHMENT_LIMITS.maxTotalBytes,
        files: [file],
      }
    else {
      pick.accepted.push(file)
      count++
      total += file.size
    }
  }
  return pick
}

/**
 * What a kind of provider takes (from each API's documentation; see docs/ARCHITECTURE.md). An image over
 * `imageMaxSide` or `imageMaxBytes` is scaled down when sent (src/main/attachments/image-fit.ts); the
 * stored file never changes, and an image within both is sent byte for byte.
 */
export interface ProviderCapabilities {
  images: boolean
  /**
   * Largest image file sent (the base64 in the request is a third larger: where an API counts the base64,
   * this is three quarters of its limit).
   */
  imageMaxBytes: number
  /**
   * Longest side in pixels sent: the API's limit, or less where the API scales larger images down to this
   * before the model sees them (sending more pixels would only cost upload time through the user's proxy).
   */
  imageMaxSide: number
  /** PDFs as `file` parts (OpenAI) or `document` blocks (Anthropic); without, as their extracted text. */
  pdf: boolean
}

const MB = 1024 * 1024
/** The file size whose base64 fits an API limit counted on the base64 text. */
const base64Fits = (limit: number): number => Math.floor((limit * 3) / 4)

/**
 * - OpenAI: 20 MB per image; "high" detail fits the image in 2048×2048 before the model reads it.
 * - Anthropic: 5 MB per image, counted on the base64; 8000 px at most (2000 px when a request has more than
 *   20 images), and the long edge is scaled to 1568 px before the model reads it.
 * - OpenRouter and custom gateways may hand the image to any model, Claude included: Anthropic's limits.
 * - Groq: 4 MB of base64 per image, 33 megapixels.
 * - Gemini: 20 MB per request inline; images are scaled to fit 3072×3072.
 * - Ollama and LM Studio run on the user's machine: nothing to save on the way, the model scales itself.
 */
export const PROVIDER_CAPABILITIES: Readonly<Record<ProviderKind, ProviderCapabilities>> = {
  openai: { images: true, imageMaxBytes: 20 * MB, imageMaxSide: 2048, pdf: true },
  anthropic: { images: true, imageMaxBytes: base64Fits(5 * MB), imageMaxSide: 1568, pdf: true },
  openrouter: { images: true, imageMaxBytes: base64Fits(5 * MB), imageMaxSide: 1568, pdf: true },
  groq: { images: true, imageMaxBytes: base64Fits(4 * MB), imageMaxSide: 4096, pdf: false },
  deepseek: { images: false, imageMaxBytes: 0, imageMaxSide: 0, pdf: false },
  gemini: { images: true, imageMaxBytes: 15 * MB, imageMaxSide: 3072, pdf: false },
  ollama: { images: true, imageMaxBytes: 20 * MB, imageMaxSide: 16_384, pdf: false },
  lmstudio: { images: true, imageMaxBytes: 20 * MB, imageMaxSide: 16_384, pdf: false },
  custom: { images: true, imageMaxBytes: base64Fits(5 * MB), imageMaxSide: 1568, pdf: false },
}

/** Why a provider cannot take an attachment, as facts; null when it can. */
export type AttachmentCapabilityProblem =
  | { code: 'attachment_no_images'; name: string }
  /** An image that could not be scaled down to the provider's limits (it cannot be decoded). */
  | { code: 'attachment_image_too_large'; name: string; limitBytes: number; limitSide: number }
  /** A PDF that must go as text (the provider takes no PDFs) but has none: a scan. Known only when sent. */
  | { code: 'attachment_pdf_no_text'; name: string }

/** Checked before sending: an image too large for the provider is not a problem (it is scaled down). */
export function checkAttachmentFits(
  kind: ProviderKind,
  ref: Pick<AttachmentRef, 'name' | 'mediaType' | 'size' | 'width' | 'height'>,
): AttachmentCapabilityProblem | null {
  const caps = PROVIDER_CAPABILITIES[kind]
  if (attachmentKind(ref.mediaType) === 'image' && !caps.images)
    return { code: 'attachment_no_images', name: ref.name }
  return null
}

/** Whether an image must be scaled down for `caps` (unknown pixel size: read the file to know). */
export function imageNeedsFitting(
  caps: Pick<ProviderCapabilities, 'imageMaxBytes' | 'imageMaxSide'>,
  ref: Pick<AttachmentRef, 'size' | 'width' | 'height'>,
): boolean {
  if (ref.width === undefined || ref.height === undefined) return true
  return ref.size > caps.imageMaxBytes || Math.max(ref.width, ref.height) > caps.imageMaxSide
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
