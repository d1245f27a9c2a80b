/**
 * Message content parts (OpenAI's shape) checked and read before any byte is sent: a part a provider cannot
 * take is a `bad_request` naming the part, never a request the provider refuses halfway or silently drops.
 */
import { ProviderError } from './errors'
import type { ChatMessage, ContentPart } from './types'

/** The bytes of a data URL, or of bare base64 when `fallbackType` says what they are. */
export interface InlineData {
  mediaType: string
  base64: string
}

const DATA_URL = /^data:([\w.+-]+\/[\w.+-]+)((?:;[\w-]+=[^;,]*)*);base64,(.*)$/s
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/

/** Reads `data:<type>;base64,<data>`; undefined for anything else (an https URL, plain text, bad base64). */
export function parseDataUrl(url: string): InlineData | undefined {
  const match = DATA_URL.exec(url)
  if (!match) return undefined
  const [, mediaType = '', , base64 = ''] = match
  if (!BASE64.test(base64)) return undefined
  return { mediaType: mediaType.toLowerCase(), base64 }
}

/** A PDF part's bytes: a data URL of type application/pdf, or bare base64 (taken as a PDF). */
export function pdfData(part: Extract<ContentPart, { type: 'file' }>): InlineData | undefined {
  const data = part.file.file_data
  const parsed = data.startsWith('data:')
    ? parseDataUrl(data)
    : BASE64.test(data)
      ? { mediaType: 'application/pdf', base64: data }
      : undefined
  return parsed?.mediaType === 'application/pdf' && parsed.base64 !== '' ? parsed : undefined
}

/** Where a part is, for messages: "message 2, part 3 (file "report.pdf")". 1-based, as people count. */
export function describePart(messageIndex: number, partIndex: number, part: ContentPart): string {
  const what =
    part.type === 'text'
      ? 'text'
      : part.type === 'file'
        ? `file "${part.file.filename}"`
        : part.image_url.url.startsWith('data:')
          ? 'image (inline)'
          : `image ${part.image_url.url.slice(0, 80)}`
  return `message ${messageIndex + 1}, part ${partIndex + 1} (${what})`
}

export function unsupportedPart(
  provider: string,
  where: { message: number; part: number; content: ContentPart },
  why: string,
): ProviderError {
  return new ProviderError({
    provider,
    kind: 'bad_request',
    fact: 'unsupported_content_part',
    message: `${provider} cannot take ${describePart(where.message, where.part, where.content)}: ${why}. Nothing was sent.`,
  })
}

/** The image types every vision API takes. SVG is never one: it is a document that can carry script. */
export const IMAGE_TYPES: ReadonlySet<string> = new Set([
  'image/jpeg',
  'image/png',
  'image/gif',
  'image/webp',
])

/**
 * Checks every part against what any OpenAI-compatible API takes: text; images as https or data URLs of a
 * raster type; files as PDFs with a name. Roles that take only text (system) are checked too.
 */
export function checkOpenAIParts(provider: string, messages: readonly ChatMessage[]): void {
  for (const [m, message] of messages.entries()) {
    if (typeof message.content === 'string') continue
    for (const [p, part] of message.content.entries()) {
      const where = { message: m, part: p, content: part }
      if (part.type === 'text') continue
      if (message.role !== 'user')
        throw unsupportedPart(provider, where, `only user messages can carry images and files`)
      if (part.type === 'image_url') {
        const why = imageProblem(part.image_url.url)
        if (why) throw unsupportedPart(provider, where, why)
      } else if (!part.file.filename.trim()) {
        throw unsupportedPart(provider, where, 'a file needs its name')
      } else if (!pdfData(part)) {
        throw unsupportedPart(
          provider,
          where,
          'only PDF files can be sent as files (base64, application/pdf)',
        )
      }
    }
  }
}

/** Why an image URL cannot be sent, or undefined when it can. */
export function imageProblem(url: string): string | undefined {
  if (url.startsWith('data:')) {
    const data = parseDataUrl(url)
    if (!data) return 'an inline image must be a base64 data URL'
    if (!IMAGE_TYPES.has(data.mediaType))
      return `${data.mediaType} is not an image type it takes (JPEG, PNG, GIF or WebP)`
    return undefined
  }
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    return 'an image must be an https or a data URL'
  }
  return parsed.protocol === 'https:' ? undefined : 'an image must be an https or a data URL'
}

/** The text of content, parts joined in order (for roles that take text only). */
export function textOf(content: string | readonly ContentPart[]): string {
  if (typeof content === 'string') return content
  return content
    .filter((part): part is Extract<ContentPart, { type: 'text' }> => part.type === 'text')
    .map((part) => part.text)
    .join('\n\n')
}
