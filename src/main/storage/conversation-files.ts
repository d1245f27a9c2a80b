/**
 * The conversation files behind the repository: `<userData>/conversations/<id>.json`, one electron-store
 * each, and the conversations in memory (least recently used dropped, never one that is streaming).
 * `load` reads synchronously and keeps the result; `read` reads asynchronously without keeping it (for
 * search, export and import, which touch many files). A file that cannot be parsed is set aside and
 * reported; one that cannot be read now (locked, no permission) is skipped, never set aside.
 */
import { existsSync, rmSync } from 'node:fs'
import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { Conversation } from '../../shared/domain'
import { AppError } from '../app-error'
import { recoverInterrupted, sameSummary, summarize } from './conversation-edits'
import {
  CONVERSATIONS_DIR,
  isSafeId,
  parseConversationFile,
  toConversationFile,
  type ParsedConversation,
} from './conversation-file'
import type { ConversationIndex } from './conversation-index'
import { openJsonStore, storePath, writeJsonStore, type JsonStore } from './json-store'
import { corruptFileNotice, notice, type NoticeSink } from './notices'
import { copyAside, moveAside } from './set-aside'

export interface Entry {
  conversation: Conversation
  store: JsonStore
}

export interface ConversationFilesOptions {
  dataDir: string
  index: ConversationIndex
  onNotice: NoticeSink
  /** Conversations kept in memory. */
  cacheSize: number
  /** Files read at once. */
  readConcurrency: number
}

export function notFound(id: string): AppError {
  return new AppError('not_found', `No conversation ${id}`)
}

export class ConversationFiles {
  readonly dir: string
  readonly readConcurrency: number
  readonly #cache = new Map<string, Entry>()
  readonly #index: ConversationIndex
  readonly #onNotice: NoticeSink
  readonly #cacheSize: number

  constructor(options: ConversationFilesOptions) {
    this.dir = join(options.dataDir, CONVERSATIONS_DIR)
    this.#index = options.index
    this.#onNotice = options.onNotice
    this.#cacheSize = options.cacheSize
    this.readConcurrency = options.readConcurrency
  }

  path(id: string): string {
    return storePath({ cwd: this.dir, name: id })
  }

  /** Ids of the conversation files in the folder (none when it does not exist yet). */
  async ids(): Promise<string[]> {
    let names: string[]
    try {
      names = await readdir(this.dir)
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return []
      throw error
    }
    // Skips files set aside (`<id>.corrupt-….json`) and atomic-write leftovers (`<id>.json.tmp-…`).
    return names
      .filter((n) => n.endsWith('.json'))
      .map((n) => n.slice(0, -5))
      .filter(isSafeId)
  }

  /** The conversation in memory, reading its file on first use; throws not_found when it cannot be had. */
  load(id: string): Entry {
    const cached = this.#cache.get(id)
    if (cached) {
      // Most recently used last.
      this.#cache.delete(id)
      this.#cache.set(id, cached)
      return cached
    }
    if (!isSafeId(id) || !this.#index.has(id)) throw notFound(id)
    const path = this.path(id)
    if (!existsSync(path)) {
      this.#index.remove(id)
      throw notFound(id)
    }
    const opened = openJsonStore({ cwd: this.dir, name: id, compact: true })
    if (opened.asidePath) {
      this.#reportCorrupt(id, opened.asidePath)
      throw notFound(id)
    }
    const parsed = parseConversationFile(opened.data, id)
    if (!parsed.ok) {
      this.#reportCorrupt(id, moveAside(path))
      throw notFound(id)
    }
    // Nothing streams in this process yet for a conversation read now: 'streaming' means the app stopped.
    const conversation = recoverInterrupted(parsed.conversation)
    const entry: Entry = { conversation, store: opened.store }
    if (parsed.newerVersion !== undefined) {
      const copy = copyAside(path, `v${parsed.newerVersion}`)
      this.#onNotice(
        notice(
          'warning',
          'generic',
          'A conversation was saved by a newer version of the app; a copy is kept.',
          copy,
        ),
      )
      writeJsonStore(entry.store, toConversationFile(conversation))
    }
    // Migrated files are written back on their next change only: until then the original stays untouched.
    const summary = summarize(conversation)
    const known = this.#index.get(id)
    if (!known || !sameSummary(known, summary)) this.#index.put(summary)
    this.keep(id, entry)
    return entry
  }

  /** A new conversation's store (its file is written by the first `writeJsonStore`). */
  open(id: string): JsonStore {
    return openJsonStore({ cwd: this.dir, name: id, compact: true }).store
  }

  /** Keeps an entry in memory, dropping the least recently used beyond the cache size. */
  keep(id: string, entry: Entry): void {
    this.#cache.set(id, entry)
    for (const [cachedId, cached] of this.#cache) {
      if (this.#cache.size <= this.#cacheSize) return
      // A streaming message lives only here between checkpoints; reloading it would mark it interrupted.
      if (cached.conversation.messages.some((m) => m.status === 'streaming')) continue
      this.#cache.delete(cachedId)
    }
  }

  /** Removes the conversation's file and forgets it. */
  remove(id: string): void {
    this.#cache.delete(id)
    rmSync(this.path(id), { force: true })
  }

  /** Forgets the conversation in memory (its file was removed by someone else: a staged deletion). */
  forget(id: string): void {
    this.#cache.delete(id)
  }

  clear(): void {
    this.#cache.clear()
  }

  #reportCorrupt(id: string, asidePath: string): void {
    this.#cache.delete(id)
    this.#index.remove(id)
    this.#onNotice(corruptFileNotice('A conversation', asidePath))
  }

  /** Reads a conversation without caching it: memory if loaded, else the file, asynchronously. */
  async read(id: string): Promise<Conversation | undefined> {
    const cached = this.#cache.get(id)
    if (cached) return cached.conversation
    let parsed: ParsedConversation
    try {
      const text = await readFile(this.path(id), 'utf8')
      parsed = parseConversationFile(JSON.parse(text), id)
    } catch (error) {
      // Unreadable now (gone, locked, no permission) is not corrupt: skip it, never set it aside.
      if (typeof (error as NodeJS.ErrnoException).code === 'string') return undefined
      parsed = { ok: false, reason: String(error) }
    }
    // Loaded meanwhile: memory is newer than what was read.
    const loaded = this.#cache.get(id)
    if (loaded) return loaded.conversation
    if (!parsed.ok) {
      if (existsSync(this.path(id))) this.#reportCorrupt(id, moveAside(this.path(id)))
      return undefined
    }
    return recoverInterrupted(parsed.conversation)
  }

  /** Reads `ids` a few files at a time, in order: each batch's conversations (undefined: unreadable). */
  async *readBatches(
    ids: readonly string[],
    signal?: AbortSignal,
  ): AsyncGenerator<{ ids: readonly string[]; conversations: (Conversation | undefined)[] }> {
    for (let start = 0; start < ids.length; start += this.readConcurrency) {
      signal?.throwIfAborted()
      const batch = ids.slice(start, start + this.readConcurrency)
      yield { ids: batch, conversations: await Promise.all(batch.map((id) => this.read(id))) }
    }
  }
}
