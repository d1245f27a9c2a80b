/**
 * The app's one vocabulary of error codes: what main throws for the window, what the IPC envelope
 * carries, and what the page switches on (snake_case, like the notices' codes and ErrorKind). A chat client failure is `provider`, its ErrorKind carried
 * beside the code (the client's own vocabulary, kept as it is).
 */
import { ERROR_FACTS, ERROR_KINDS, type ErrorFacts, type ErrorKind } from './error-kind'
import type { SendBlock } from './send-readiness'

export const APP_ERROR_CODES = [
  // Set by the IPC layer.
  'invalid_payload',
  'forbidden_sender',
  // Asked for something that is not there (a conversation, a message).
  'not_found',
  // Would break a rule of the data (a duplicate id).
  'conflict',
  // Well-formed, but not acceptable (an empty title, settings that do not validate, a file that is not an export).
  'invalid_input',
  // Refused for now: a reply is being written, or the app is closing.
  'busy',
  // A send refused before anything was saved (see send-readiness.ts).
  'no_provider',
  'no_model',
  'provider_removed',
  'provider_disabled',
  // A file the window attached: not a kind that can be sent, gone from the store, over a limit, or not
  // something the model's provider takes (a PDF going as text that has none: a scan).
  'attachment_unsupported',
  'attachment_missing',
  'attachment_too_large',
  'attachment_too_many',
  'attachment_total_too_large',
  'attachment_no_images',
  'attachment_image_too_large',
  'attachment_pdf_no_text',
  // The PDF text reader (a worker thread) crashed or took too long: not the file's fault, try again.
  'attachment_pdf_failed',
  // A file that is fine could not be written to the data folder (`cause`: a full disk, no permission).
  'attachment_store_failed',
  // The chat client failed: `kind` says how.
  'provider',
  // Anything else: a bug, logged in main.
  'internal',
] as const

export type AppErrorCode = (typeof APP_ERROR_CODES)[number]

// A refused send's reason is an error code as it is.
type SendBlockIsCode = SendBlock extends AppErrorCode ? true : never
export const sendBlocksAreCodes: SendBlockIsCode = true

/** An error as it crosses to the page: a code, a message (redacted, bounded), and a provider's kind. */
export interface AppErrorData {
  code: AppErrorCode
  message: string
  kind?: ErrorKind
  /** A chat client failure's facts (kind, fact, status, codes): what the window words. */
  facts?: ErrorFacts
  /** An `attachment_*` refusal's facts: the file's name and the limit it broke (bytes, pixels, a count). */
  attachment?: AttachmentErrorFacts
}

export interface AttachmentErrorFacts {
  name?: string
  /** Bytes, or a count for `attachment_too_many`. */
  limit?: number
  /** The longest side in pixels, for `attachment_image_too_large`. */
  side?: number
  /** Why `attachment_store_failed`: what the user can do about it differs. */
  cause?: AttachmentStoreCause
}

export const ATTACHMENT_STORE_CAUSES = ['no_space', 'no_permission', 'io'] as const
export type AttachmentStoreCause = (typeof ATTACHMENT_STORE_CAUSES)[number]
const STORE_CAUSES: ReadonlySet<string> = new Set(ATTACHMENT_STORE_CAUSES)
const isStoreCause = (value: unknown): value is AttachmentStoreCause =>
  typeof value === 'string' && STORE_CAUSES.has(value)

const CODES: ReadonlySet<string> = new Set(APP_ERROR_CODES)

export function isAppErrorCode(value: unknown): value is AppErrorCode {
  return typeof value === 'string' && CODES.has(value)
}

/**
 * The context bridge copies only an error's message to the page, so the preload writes the code in
 * front of it (`[busy] A reply is …`) and the page reads it back with `parseAppErrorText`.
 */
export function appErrorText(error: AppErrorData): string {
  // A provider failure's facts ride along as JSON on the first line: `[provider {"kind":"auth"}] …`;
  // an attachment refusal's likewise: `[attachment_pdf_no_text {"name":"scan.pdf"}] …`.
  const extra = error.facts ?? error.attachment
  const facts = extra ? ` ${JSON.stringify(extra)}` : ''
  return `[${error.code}${facts}] ${error.message}`
}

export function parseAppErrorText(
  text: string,
): { code: AppErrorCode; message: string; facts?: ErrorFacts; attachment?: AttachmentErrorFacts } | null {
  const match = /^\[([a-z_]+)(?: (\{[^\n]*\}))?\] ([\s\S]*)$/.exec(text)
  if (!match || !isAppErrorCode(match[1])) return null
  const code = match[1]
  const message = match[3] ?? ''
  if (match[2] === undefined) return { code, message }
  if (code.startsWith('attachment_')) {
    const attachment = readAttachmentFacts(match[2])
    return { code, message, ...(attachment ? { attachment } : {}) }
  }
  const facts = readFacts(match[2])
  return { code, message, ...(facts ? { facts } : {}) }
}

/** An attachment refusal's facts read back on the page's side: only well-formed fields are kept. */
function readAttachmentFacts(json: string): AttachmentErrorFacts | undefined {
  let value: unknown
  try {
    value = JSON.parse(json)
  } catch {
    return undefined
  }
  if (typeof value !== 'object' || value === null) return undefined
  const raw = value as Record<string, unknown>
  const facts: AttachmentErrorFacts = {}
  if (typeof raw.name === 'string') facts.name = raw.name
  if (typeof raw.limit === 'number') facts.limit = raw.limit
  if (typeof raw.side === 'number') facts.side = raw.side
  if (isStoreCause(raw.cause)) facts.cause = raw.cause
  return facts
}

const KINDS: ReadonlySet<string> = new Set(ERROR_KINDS)
const FACTS: ReadonlySet<string> = new Set(ERROR_FACTS)
const isKind = (value: unknown): value is ErrorKind => typeof value === 'string' && KINDS.has(value)
const isFact = (value: unknown): value is NonNullable<ErrorFacts['fact']> =>
  typeof value === 'string' && FACTS.has(value)

/** Facts read back from the page's side of the bridge: only well-formed fields are kept. */
function readFacts(json: string): ErrorFacts | undefined {
  let value: unknown
  try {
    value = JSON.parse(json)
  } catch {
    return undefined
  }
  if (typeof value !== 'object' || value === null) return undefined
  const raw = value as Record<string, unknown>
  if (!isKind(raw.kind)) return undefined
  const facts: ErrorFacts = { kind: raw.kind }
  if (isFact(raw.fact)) facts.fact = raw.fact
  if (typeof raw.status === 'number') facts.status = raw.status
  for (const key of ['code', 'said', 'host', 'proxy'] as const) {
    const field = raw[key]
    if (typeof field === 'string') facts[key] = field
  }
  if (typeof raw.timeoutMs === 'number') facts.timeoutMs = raw.timeoutMs
  return facts
}
