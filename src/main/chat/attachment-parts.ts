/**
 * A message's attachments as the content parts the chat client takes (OpenAI's shape; the Anthropic
 * provider translates them): images as base64 data URLs, PDFs as `file` parts where the provider takes
 * them and as their extracted text (fenced, under their name) where it does not, text files as fenced text
 * under their name. What a provider can take is in one table
 * (src/shared/attachments.ts, PROVIDER_CAPABILITIES).
 *
 * The message being sent is strict: a file its provider cannot take refuses the send before anything is
 * saved. Earlier messages are lenient: a file that no longer fits (another model was chosen since, or it is
 * gone) becomes a short note, so one old photo never blocks a conversation.
 */
import { AppError } from '../app-error'
import {
  attachmentKind,
  attachmentSentAs,
  checkAttachmentFits,
  PROVIDER_CAPABILITIES,
  type AttachmentCapabilityProblem,
  type AttachmentRef,
} from '../../shared/attachments'
import type { Message, ProviderKind } from '../../shared/domain'
import type { ContentPart } from '../llm/types'
import { PdfTextError, storedPdfText } from '../attachments/pdf-text'
import { fitImage, ImageFitError } from '../attachments/image-fit'

/** Reads a stored file's bytes by hash. */
export type ReadAttachment = (hash: string) => Promise<Uint8Array>

/** A file the provider cannot take, as the code the window words (with the file's name). */
export class AttachmentSendError extends AppError {
  override readonly code: AttachmentCapabilityProblem['code']
  constructor(readonly problem: AttachmentCapabilityProblem) {
    super(problem.code, describeProblem(problem), {
      attachment: {
        name: problem.name,
        ...(problem.code === 'attachment_image_too_large'
          ? { limit: problem.limitBytes, side: problem.limitSide }
          : {}),
      },
    })
    this.code = problem.code
  }
}

function describeProblem(problem: AttachmentCapabilityProblem): string {
  switch (problem.code) {
    case 'attachment_no_images':
      return `"${problem.name}" is an image, and this model's provider takes no images: choose a vision model.`
    case 'attachment_image_too_large':
      return `"${problem.name}" is larger than this provider takes (${Math.round(problem.limitBytes / (1024 * 1024))} MB, ${problem.limitSide} pixels on the longest side) and could not be scaled down: the file may be damaged.`
    case 'attachment_pdf_no_text':
      return `"${problem.name}" has no text to extract (a scanned PDF?), and this provider takes no PDF files: choose an OpenAI, Anthropic or OpenRouter model, or attach the text itself.`
  }
}

/** How each reference will go to a provider of `kind`; throws AttachmentSendError for one it cannot take. */
export function planAttachments(kind: ProviderKind, refs: readonly AttachmentRef[]): AttachmentRef[] {
  return refs.map((ref) => {
    const problem = checkAttachmentFits(kind, ref)
    if (problem) throw new AttachmentSendError(problem)
    return { ...ref, sentAs: attachmentSentAs(kind, ref.mediaType) }
  })
}

/**
 * The question as the provider that answered (`kind`, a fallback perhaps) got its files: its notes ("sent as
 * extracted text") must name what happened, not what was planned. Null when nothing changes.
 */
export function questionAsAnswered(question: Message, kind: ProviderKind): Message | null {
  const refs = question.attachments
  if (!refs?.some((ref) => ref.sentAs !== undefined && ref.sentAs !== attachmentSentAs(kind, ref.mediaType)))
    return null
  const attachments = refs.map((ref) =>
    ref.sentAs === undefined ? ref : { ...ref, sentAs: attachmentSentAs(kind, ref.mediaType) },
  )
  return { ...question, attachments }
}

/**
 * The content of every history message that has files, by message id. The last message is the one being
 * sent (unless `strictLast` is false, when a reply is continued): its files are checked strictly.
 */
export async function filesAsParts(
  history: readonly Message[],
  kind: ProviderKind,
  read: ReadAttachment,
  strictLast: boolean,
): Promise<Map<string, string | ContentPart[]>> {
  const last = history.at(-1)
  const entries = await Promise.all(
    history
      .filter((m) => m.attachments?.length)
      .map(async (m) => [m.id, await messageContent(m, kind, read, strictLast && m === last)] as const),
  )
  return new Map(entries)
}

/**
 * A user message's content for the request: its files first (models read the material, then the question),
 * then its text. Without files, the text as it is.
 */
export async function messageContent(
  message: Message,
  kind: ProviderKind,
  read: ReadAttachment,
  strict: boolean,
): Promise<string | ContentPart[]> {
  const refs = message.attachments ?? []
  if (refs.length === 0 || message.role !== 'user') return message.content
  const parts: ContentPart[] = []
  for (const ref of refs) parts.push(await attachmentPart(ref, kind, read, strict))
  if (message.content !== '') parts.push({ type: 'text', text: message.content })
  return parts
}

async function attachmentPart(
  ref: AttachmentRef,
  kind: ProviderKind,
  read: ReadAttachment,
  strict: boolean,
): Promise<ContentPart> {
  const problem = checkAttachmentFits(kind, ref)
  if (problem) {
    if (strict) throw new AttachmentSendError(problem)
    return {
      type: 'text',
      text: `[Attachment "${ref.name}" left out: this model's provider cannot take it.]`,
    }
  }
  if (attachmentKind(ref.mediaType) === 'pdf' && !PROVIDER_CAPABILITIES[kind].pdf)
    return pdfAsText(ref, read, strict)
  let bytes: Uint8Array
  try {
    bytes = await read(ref.hash)
  } catch (error) {
    if (strict) throw error
    return { type: 'text', text: `[Attachment "${ref.name}" left out: its file is no longer stored.]` }
  }
  const base64 = (): string =>
    Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64')
  switch (attachmentKind(ref.mediaType)) {
    case 'image':
      return imagePart(ref, bytes, kind, strict)
    case 'pdf':
      return {
        type: 'file',
        file: { filename: ref.name, file_data: `data:application/pdf;base64,${base64()}` },
      }
    case 'text':
      return { type: 'text', text: fencedFile(ref.name, new TextDecoder().decode(bytes)) }
  }
}

/** An image as a data URL, scaled down first where it is over the provider's limits. */
async function imagePart(
  ref: AttachmentRef,
  stored: Uint8Array,
  kind: ProviderKind,
  strict: boolean,
): Promise<ContentPart> {
  const caps = PROVIDER_CAPABILITIES[kind]
  let fitted
  try {
    fitted = await fitImage(stored, ref, caps)
  } catch (error) {
    if (!(error instanceof ImageFitError)) throw error
    const problem = {
      code: 'attachment_image_too_large',
      name: ref.name,
      limitBytes: caps.imageMaxBytes,
      limitSide: caps.imageMaxSide,
    } as const
    if (strict) throw new AttachmentSendError(problem)
    return {
      type: 'text',
      text: `[Attachment "${ref.name}" left out: this model's provider cannot take it.]`,
    }
  }
  const { bytes } = fitted
  const base64 = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64')
  return { type: 'image_url', image_url: { url: `data:${fitted.mediaType};base64,${base64}` } }
}

/** A PDF for a provider that takes none: its text, fenced under its name; a scan (no text) is refused. */
async function pdfAsText(ref: AttachmentRef, read: ReadAttachment, strict: boolean): Promise<ContentPart> {
  let extracted
  try {
    extracted = await storedPdfText(ref.hash, () => read(ref.hash))
  } catch (error) {
    if (strict) throw error
    const why = error instanceof PdfTextError ? 'its text could not be read' : 'its file is no longer stored'
    return { type: 'text', text: `[Attachment "${ref.name}" left out: ${why}.]` }
  }
  // A PDF pdf.js cannot parse (null) has no text to give either: the same refusal as a scan.
  if (!extracted || extracted.text === '') {
    if (strict) throw new AttachmentSendError({ code: 'attachment_pdf_no_text', name: ref.name })
    return { type: 'text', text: `[Attachment "${ref.name}" left out: it has no text to extract.]` }
  }
  // The model is told when it reads only part, so it does not answer as if it had the whole file.
  const cut = extracted.truncated
    ? `\n\n[Text of the first ${extracted.pagesRead} of ${extracted.pages} pages only; the rest was left out.]`
    : ''
  return { type: 'text', text: fencedFile(ref.name, extracted.text) + cut }
}

/** A text file as Markdown: its name, then its text in a fence longer than any backtick run inside. */
export function fencedFile(name: string, text: string): string {
  const longest = Math.max(2, ...[...text.matchAll(/`+/g)].map((m) => m[0].length))
  const fence = '`'.repeat(longest + 1)
  const body = text.endsWith('\n') ? text : `${text}\n`
  return `${name}\n\n${fence}${languageOf(name)}\n${body}${fence}`
}

const LANGUAGES: Readonly<Record<string, string>> = {
  ts: 'typescript',
  tsx: 'tsx',
  js: 'javascript',
  jsx: 'jsx',
  mjs: 'javascript',
  cjs: 'javascript',
  py: 'python',
  rb: 'ruby',
  go: 'go',
  rs: 'rust',
  java: 'java',
  kt: 'kotlin',
  c: 'c',
  h: 'c',
  cpp: 'cpp',
  cc: 'cpp',
  hpp: 'cpp',
  cs: 'csharp',
  php: 'php',
  swift: 'swift',
  sh: 'bash',
  bash: 'bash',
  ps1: 'powershell',
  sql: 'sql',
  json: 'json',
  yaml: 'yaml',
  yml: 'yaml',
  toml: 'toml',
  xml: 'xml',
  svg: 'xml',
  html: 'html',
  css: 'css',
  md: 'markdown',
  csv: 'csv',
  log: 'log',
}

/** The fence's language from the file's extension ('' when unknown: a plain fence). */
export function languageOf(name: string): string {
  const dot = name.lastIndexOf('.')
  if (dot <= 0) return ''
  return LANGUAGES[name.slice(dot + 1).toLowerCase()] ?? ''
}
