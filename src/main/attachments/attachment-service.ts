/**
 * Attachments for the rest of main: files the user picked, dropped or pasted are checked (type from the
 * bytes, size limits) and stored; a message's references are checked against what is stored; unreferenced
 * files are collected once at start, in the background.
 *
 * Collection and storing never overlap: everything that stores a file or brings references in (add,
 * import) waits for the collection first, so a file cannot be removed between being stored and being
 * referred to by a message.
 */
import { randomUUID } from 'node:crypto'
import { open, stat } from 'node:fs/promises'
import { join } from 'node:path'
import {
  ATTACHMENT_HASH,
  ATTACHMENT_LIMITS,
  attachmentKind,
  checkAttachmentLimits,
  type AttachmentRef,
} from '../../shared/attachments'
import type { Conversation } from '../../shared/domain'
import type { AddAttachmentRequest } from '../../shared/schemas'
import type { AttachmentErrorFacts, AttachmentStoreCause } from '../../shared/app-error'
import { AppError } from '../app-error'
import { AttachmentStore } from './attachment-store'
import { sniffMediaType, type Sniffed } from './media-type'

/** A refusal the window words by its code (and the file's name, which it knows). */
export class AttachmentError extends AppError {
  constructor(
    override readonly code:
      | 'attachment_unsupported'
      | 'attachment_missing'
      | 'attachment_too_large'
      | 'attachment_too_many'
      | 'attachment_total_too_large'
      | 'attachment_store_failed',
    message: string,
    attachment?: AttachmentErrorFacts,
    cause?: unknown,
  ) {
    super(code, message, { ...(attachment ? { attachment } : {}), ...(cause === undefined ? {} : { cause }) })
  }
}

/** What a failed write of the data folder means for the user (a full disk and a read-only folder differ). */
export function storeFailureCause(error: unknown): AttachmentStoreCause {
  const code = error instanceof Error && 'code' in error ? error.code : undefined
  if (code === 'ENOSPC' || code === 'EDQUOT') return 'no_space'
  if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') return 'no_permission'
  return 'io'
}

/** Enough of a file's start to know its type and an image's pixel size (JPEG's may follow EXIF data). */
const HEAD_BYTES = 256 * 1024

export interface ServedAttachment {
  bytes: Uint8Array
  mediaType: string
}

export class AttachmentService {
  readonly store: AttachmentStore
  #collected: Promise<unknown> = Promise.resolve()

  constructor(dataDir: string) {
    this.store = new AttachmentStore(dataDir)
  }

  /**
   * Removes the files no conversation refers to. Skipped (nothing removed) when any conversation could not be
   * read: its references are unknown, and a file must never go while a message may still refer to it.
   */
  startCollecting(
    conversations: () => AsyncIterable<Conversation>,
    expected: () => number,
  ): Promise<unknown> {
    this.#collected = (async () => {
      const want = expected()
      const referenced = new Set<string>()
      let read = 0
      for await (const conversation of conversations()) {
        read++
        for (const hash of referencedHashes(conversation)) referenced.add(hash)
      }
      if (read < want) return { removed: 0, kept: referenced.size, skipped: true }
      return this.store.collect(referenced)
    })().catch(() => undefined)
    return this.#collected
  }

  /** Resolves once the collection at start is over (whether it removed anything or not). */
  ready(): Promise<unknown> {
    return this.#collected
  }

  /** Checks and stores one file; the reference it returns goes with the message that carries it. */
  async add(request: AddAttachmentRequest): Promise<AttachmentRef> {
    const { name, bytes } = request
    const problem = checkAttachmentLimits([{ name, size: bytes.length }])
    if (problem) {
      throw new AttachmentError(
        'attachment_too_large',
        `"${name}" is larger than ${ATTACHMENT_LIMITS.maxFileBytes / (1024 * 1024)} MB.`,
        { name, limit: ATTACHMENT_LIMITS.maxFileBytes },
      )
    }
    const sniffed = sniffMediaType(bytes)
    if (sniffed.kind === 'unsupported') {
      throw new AttachmentError(
        'attachment_unsupported',
        `"${name}" is not an image (PNG, JPEG, GIF, WebP), a PDF or a text file.`,
        { name },
      )
    }
    await this.ready()
    // The file is fine: a failure here is the data folder's (a full disk, no permission), worded as such.
    const stored = await this.store.put(bytes).catch((error: unknown) => {
      const cause = storeFailureCause(error)
      throw new AttachmentError(
        'attachment_store_failed',
        `"${name}" could not be stored in the data folder (${cause}).`,
        { name, cause },
        error,
      )
    })
    return toRef(randomUUID(), name, stored.hash, stored.size, sniffed)
  }

  /**
   * The references a message will keep, checked against the store: each file must exist, and its type and
   * size are read again from what is stored (the page's word for them is not taken).
   */
  async verify(refs: readonly AttachmentRef[]): Promise<AttachmentRef[]> {
    const problem = checkAttachmentLimits(refs)
    if (problem) {
      const message =
        problem.code === 'attachment_too_large'
          ? `"${problem.name}" is over the size limit.`
          : problem.code === 'attachment_too_many'
            ? `At most ${problem.limit} files go with one message.`
            : `The files of one message may be ${problem.limit / (1024 * 1024)} MB together at most.`
      throw new AttachmentError(problem.code, message, {
        ...('name' in problem ? { name: problem.name } : {}),
        limit: problem.limit,
      })
    }
    const verified: AttachmentRef[] = []
    for (const ref of refs) {
      const head = await this.#head(ref.hash)
      if (!head)
        throw new AttachmentError(
          'attachment_missing',
          `"${ref.name}" is no longer stored: attach it again.`,
          {
            name: ref.name,
          },
        )
      const sniffed = sniffMediaType(head.bytes)
      if (sniffed.kind === 'unsupported')
        throw new AttachmentError('attachment_unsupported', `"${ref.name}" cannot be sent.`, {
          name: ref.name,
        })
      verified.push(toRef(ref.id, ref.name, ref.hash, head.size, sniffed))
    }
    const total = checkAttachmentLimits(verified)
    if (total) {
      throw new AttachmentError(total.code, 'The files are over the size limits.', {
        ...('name' in total ? { name: total.name } : {}),
        limit: total.limit,
      })
    }
    return verified
  }

  async read(hash: string): Promise<Buffer> {
    return this.store.read(hash)
  }

  /** Whether a file is stored under this hash. */
  async has(hash: string): Promise<boolean> {
    if (!ATTACHMENT_HASH.test(hash)) return false
    return (await stat(join(this.store.dir, hash)).catch(() => undefined))?.isFile() === true
  }

  /** Stores bytes brought by an import (checked against their hash by the caller), after the collection. */
  async putImported(bytes: Uint8Array): Promise<string> {
    await this.ready()
    return (await this.store.put(bytes)).hash
  }

  /** A stored image for the window, by hash only; undefined for anything else (never SVG, never text). */
  async serveImage(hash: string): Promise<ServedAttachment | undefined> {
    if (!ATTACHMENT_HASH.test(hash)) return undefined
    const bytes = await this.store.read(hash).catch(() => undefined)
    if (!bytes) return undefined
    const sniffed = sniffMediaType(bytes)
    if (sniffed.kind !== 'image' || attachmentKind(sniffed.mediaType) !== 'image') return undefined
    return { bytes, mediaType: sniffed.mediaType }
  }

  async #head(hash: string): Promise<{ bytes: Uint8Array; size: number } | undefined> {
    if (!ATTACHMENT_HASH.test(hash)) return undefined
    const path = join(this.store.dir, hash)
    const info = await stat(path).catch(() => undefined)
    if (!info?.isFile()) return undefined
    const handle = await open(path, 'r')
    try {
      const buffer = new Uint8Array(Math.min(HEAD_BYTES, info.size))
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0)
      return { bytes: buffer.subarray(0, bytesRead), size: info.size }
    } finally {
      await handle.close()
    }
  }
}

function toRef(id: string, name: string, hash: string, size: number, sniffed: Sniffed): AttachmentRef {
  return {
    id,
    name,
    // SVG and other text is kept as text/plain: it is never shown or sent as an image.
    mediaType: sniffed.kind === 'text' ? 'text/plain' : sniffed.mediaType,
    size,
    hash,
    ...(sniffed.kind === 'image' && sniffed.width ? { width: sniffed.width } : {}),
    ...(sniffed.kind === 'image' && sniffed.height ? { height: sniffed.height } : {}),
  }
}

/** Every hash a conversation's messages refer to. */
export function referencedHashes(conversation: Conversation): string[] {
  return conversation.messages.flatMap((m) => (m.attachments ?? []).map((a) => a.hash))
}
