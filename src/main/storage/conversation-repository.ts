/**
 * History: one electron-store file per conversation (`<userData>/conversations/<id>.json`) and a small index
 * (see conversation-index.ts). A conversation is read from disk on first use and kept in memory; each change
 * rewrites only that conversation's file, once per call. The chat service calls `updateMessage` at most once a
 * second per stream, so a stream is never written once per token.
 *
 * Everything here is synchronous (electron-store is) except what touches many files: open (reconcile),
 * search, export and import read and write files asynchronously, a few at a time, so that the main process
 * keeps answering at 10,000 conversations.
 */
import { randomUUID } from 'node:crypto'
import { existsSync, rmSync } from 'node:fs'
import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { setImmediate as yieldToEventLoop } from 'node:timers/promises'
import type { Conversation, ConversationSummary, Message, ModelRef, SearchHit } from '../../shared/domain'
import type { CreateConversationRequest } from '../../shared/schemas'
import {
  appendMessage,
  deleteMessage,
  recoverInterrupted,
  replaceMessagesFrom,
  sameSummary,
  summarize,
  updateMessage,
  withAutoTitle,
  type MessagePatch,
} from './conversation-edits'
import { AppError } from '../app-error'
import {
  CONVERSATIONS_DIR,
  isSafeId,
  parseConversationFile,
  toConversationFile,
  type ParsedConversation,
} from './conversation-file'
import { MAX_TITLE_LENGTH } from './conversation-schemas'
import { ConversationIndex } from './conversation-index'
import { copyTitle, derivedId, sameConversation } from './import-identity'
import { openJsonStore, storePath, writeJsonStore, type JsonStore } from './json-store'
import { corruptFileNotice, notice, type NoticeSink } from './notices'
import { DEFAULT_SEARCH_LIMITS, matchConversation, normalizeQuery, type SearchLimits } from './search'
import { copyAside, moveAside } from './set-aside'

export interface RepositoryOptions {
  /** The app's data folder (userData). */
  dataDir: string
  onNotice: NoticeSink
  now?: () => number
  newId?: () => string
  /** Conversations kept in memory (least recently used are dropped; never one that is streaming). */
  cacheSize?: number
  /** Files read at once by open, search and export. */
  readConcurrency?: number
  indexCompactAfter?: number
  indexCompactDelayMs?: number
}

interface Entry {
  conversation: Conversation
  store: JsonStore
}

export interface ImportOutcome {
  /** Added under their own id, or a new one when theirs could not name a file. */
  added: number
  /** Already here with the same content (or already imported as a copy). */
  skipped: number
  /** Their id was taken by different content: added as copies under a new id and title. */
  copied: number
  /** Ids given to conversations whose id was taken or unusable, old → new. */
  renamed: Map<string, string>
}

/** Used when the caller (the window) does not word the copies' titles itself. */
export const DEFAULT_COPY_SUFFIX = ' (imported copy)'

export class ConversationRepository {
  private readonly cache = new Map<string, Entry>()
  private readonly dir: string
  private readonly now: () => number
  private readonly newId: () => string
  private readonly cacheSize: number
  private readonly readConcurrency: number

  private constructor(
    private readonly index: ConversationIndex,
    private readonly options: RepositoryOptions,
  ) {
    this.dir = join(options.dataDir, CONVERSATIONS_DIR)
    this.now = options.now ?? Date.now
    this.newId = options.newId ?? randomUUID
    this.cacheSize = options.cacheSize ?? 50
    this.readConcurrency = options.readConcurrency ?? 16
  }

  /** Opens the index and reconciles it with the conversation files (a crash may leave the two apart). */
  static async open(options: RepositoryOptions): Promise<ConversationRepository> {
    const { index, trusted } = ConversationIndex.open({
      dataDir: options.dataDir,
      onNotice: options.onNotice,
      ...(options.indexCompactAfter === undefined ? {} : { compactAfter: options.indexCompactAfter }),
      ...(options.indexCompactDelayMs === undefined ? {} : { compactDelayMs: options.indexCompactDelayMs }),
    })
    const repository = new ConversationRepository(index, options)
    await repository.reconcile(trusted)
    return repository
  }

  private async reconcile(trusted: boolean): Promise<void> {
    const onDisk = new Set(await this.conversationFileIds())
    const gone = this.index.ids().filter((id) => !onDisk.has(id))
    for (const id of gone) this.index.remove(id)
    // A trusted index only lacks files written just before a crash; an untrusted one is rebuilt from all.
    const toRead = trusted ? [...onDisk].filter((id) => !this.index.has(id)) : [...onDisk]
    if (toRead.length === 0) return
    const summaries: ConversationSummary[] = []
    await this.forEachFile(toRead, (id, conversation) => {
      const summary = summarize(conversation)
      const known = this.index.get(id)
      if (!known || !sameSummary(known, summary)) summaries.push(summary)
      return true
    })
    this.index.putMany(summaries)
    if (!trusted) {
      this.index.markDirty()
      this.index.compact()
    }
  }

  private async conversationFileIds(): Promise<string[]> {
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

  /* ------------------------------------------------------------ reading */

  list(): ConversationSummary[] {
    return this.index.list()
  }

  has(id: string): boolean {
    return this.index.has(id)
  }

  summary(id: string): ConversationSummary {
    const summary = this.index.get(id)
    if (!summary) throw notFound(id)
    return summary
  }

  /** A copy: callers cannot change what is stored except through this class. */
  get(id: string): Conversation {
    return structuredClone(this.load(id).conversation)
  }

  private filePath(id: string): string {
    return storePath({ cwd: this.dir, name: id })
  }

  private load(id: string): Entry {
    const cached = this.cache.get(id)
    if (cached) {
      // Most recently used last.
      this.cache.delete(id)
      this.cache.set(id, cached)
      return cached
    }
    if (!isSafeId(id) || !this.index.has(id)) throw notFound(id)
    const path = this.filePath(id)
    if (!existsSync(path)) {
      this.index.remove(id)
      throw notFound(id)
    }
    const opened = openJsonStore({ cwd: this.dir, name: id, compact: true })
    if (opened.asidePath) {
      this.reportCorrupt(id, opened.asidePath)
      throw notFound(id)
    }
    const parsed = parseConversationFile(opened.data, id)
    if (!parsed.ok) {
      this.reportCorrupt(id, moveAside(path))
      throw notFound(id)
    }
    // Nothing streams in this process yet for a conversation read now: 'streaming' means the app stopped.
    const conversation = recoverInterrupted(parsed.conversation)
    const entry: Entry = { conversation, store: opened.store }
    if (parsed.newerVersion !== undefined) {
      const copy = copyAside(path, `v${parsed.newerVersion}`)
      this.options.onNotice(
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
    const known = this.index.get(id)
    if (!known || !sameSummary(known, summary)) this.index.put(summary)
    this.cache.set(id, entry)
    this.evict()
    return entry
  }

  private evict(): void {
    for (const [id, entry] of this.cache) {
      if (this.cache.size <= this.cacheSize) return
      // A streaming message lives only here between checkpoints; reloading it would mark it interrupted.
      if (entry.conversation.messages.some((m) => m.status === 'streaming')) continue
      this.cache.delete(id)
    }
  }

  private reportCorrupt(id: string, asidePath: string): void {
    this.cache.delete(id)
    this.index.remove(id)
    this.options.onNotice(corruptFileNotice('A conversation', asidePath))
  }

  /** Reads a conversation without caching it: memory if loaded, else the file, asynchronously. */
  private async read(id: string): Promise<Conversation | undefined> {
    const cached = this.cache.get(id)
    if (cached) return cached.conversation
    let parsed: ParsedConversation
    try {
      const text = await readFile(this.filePath(id), 'utf8')
      parsed = parseConversationFile(JSON.parse(text), id)
    } catch (error) {
      // Unreadable now (gone, locked, no permission) is not corrupt: skip it, never set it aside.
      if (typeof (error as NodeJS.ErrnoException).code === 'string') return undefined
      parsed = { ok: false, reason: String(error) }
    }
    // Loaded meanwhile: memory is newer than what was read.
    const loaded = this.cache.get(id)
    if (loaded) return loaded.conversation
    if (!parsed.ok) {
      if (existsSync(this.filePath(id))) this.reportCorrupt(id, moveAside(this.filePath(id)))
      return undefined
    }
    return recoverInterrupted(parsed.conversation)
  }

  /** Calls `visit` for each readable conversation among `ids`, in order, reading a few files at a time. */
  private async forEachFile(
    ids: readonly string[],
    /** Returns false to stop. */
    visit: (id: string, conversation: Conversation) => boolean,
    signal?: AbortSignal,
  ): Promise<void> {
    for (let start = 0; start < ids.length; start += this.readConcurrency) {
      signal?.throwIfAborted()
      const batch = ids.slice(start, start + this.readConcurrency)
      const conversations = await Promise.all(batch.map((id) => this.read(id)))
      for (const [i, conversation] of conversations.entries()) {
        const id = batch[i]
        if (conversation && id !== undefined && visit(id, conversation) === false) return
      }
    }
  }

  /** Every conversation, newest first, read incrementally (for export). */
  async *readAll(signal?: AbortSignal): AsyncGenerator<Conversation> {
    const ids = this.index.list().map((s) => s.id)
    for (let start = 0; start < ids.length; start += this.readConcurrency) {
      signal?.throwIfAborted()
      const batch = ids.slice(start, start + this.readConcurrency)
      for (const conversation of await Promise.all(batch.map((id) => this.read(id)))) {
        if (conversation) yield structuredClone(conversation)
      }
    }
  }

  /**
   * One hit per conversation, with how many matches it has: conversations whose title matches first, then
   * the others, newest first within each.
   */
  async search(
    query: string,
    limits: SearchLimits = DEFAULT_SEARCH_LIMITS,
    signal?: AbortSignal,
  ): Promise<SearchHit[]> {
    const needle = normalizeQuery(query)
    if (needle === '') return []
    const summaries = this.index.list()
    const inTitle: SearchHit[] = []
    const inText: SearchHit[] = []
    for (let start = 0; start < summaries.length; start += this.readConcurrency) {
      signal?.throwIfAborted()
      const batch = summaries.slice(start, start + this.readConcurrency)
      const conversations = await Promise.all(batch.map((s) => this.read(s.id)))
      for (const [i, summary] of batch.entries()) {
        const hit = matchConversation(summary, conversations[i], needle)
        if (!hit) continue
        if (summary.title.toLowerCase().includes(needle)) inTitle.push(hit)
        else inText.push(hit)
        if (inTitle.length + inText.length >= limits.maxHits) return [...inTitle, ...inText]
      }
    }
    return [...inTitle, ...inText]
  }

  /* ------------------------------------------------------------ writing */

  private write(entry: Entry, next: Conversation): Conversation {
    // The conversation first: it is the truth, the index can be rebuilt from it.
    writeJsonStore(entry.store, toConversationFile(next))
    entry.conversation = next
    this.index.put(summarize(next))
    return next
  }

  private edit(id: string, change: (conversation: Conversation) => Conversation): Conversation {
    const entry = this.load(id)
    return this.write(entry, change(entry.conversation))
  }

  create(init: CreateConversationRequest = {}): Conversation {
    const now = this.now()
    const conversation: Conversation = {
      id: this.newId(),
      // Empty until the first user message names it (the window shows a placeholder meanwhile).
      title: '',
      createdAt: now,
      updatedAt: now,
      model: init.model ?? null,
      systemPrompt: init.systemPrompt ?? '',
      messages: [],
    }
    if (!isSafeId(conversation.id) || this.index.has(conversation.id)) {
      throw new AppError('conflict', `Unusable conversation id ${conversation.id}`)
    }
    const { store } = openJsonStore({ cwd: this.dir, name: conversation.id, compact: true })
    const entry: Entry = { conversation, store }
    this.write(entry, conversation)
    this.cache.set(conversation.id, entry)
    this.evict()
    return structuredClone(conversation)
  }

  rename(id: string, title: string): ConversationSummary {
    const clean = title.trim().slice(0, MAX_TITLE_LENGTH)
    if (clean === '') throw new AppError('invalid_input', 'A title cannot be empty')
    return summarize(this.edit(id, (c) => ({ ...c, title: clean, updatedAt: this.now() })))
  }

  setModel(id: string, model: ModelRef | null): ConversationSummary {
    return summarize(this.edit(id, (c) => ({ ...c, model, updatedAt: this.now() })))
  }

  setSystemPrompt(id: string, systemPrompt: string): ConversationSummary {
    return summarize(this.edit(id, (c) => ({ ...c, systemPrompt, updatedAt: this.now() })))
  }

  /** Removes the conversation's file. */
  delete(id: string): void {
    if (!isSafeId(id) || !this.index.has(id)) throw notFound(id)
    this.cache.delete(id)
    rmSync(this.filePath(id), { force: true })
    this.index.remove(id)
  }

  appendMessage(id: string, message: Message): ConversationSummary {
    return summarize(this.edit(id, (c) => appendMessage(c, message, this.now())))
  }

  /** A streaming checkpoint or a final state; the caller keeps it to at most one call a second per stream. */
  updateMessage(id: string, messageId: string, patch: MessagePatch): Message {
    const next = this.edit(id, (c) => updateMessage(c, messageId, patch, this.now()))
    return structuredClone(next.messages.find((m) => m.id === messageId) as Message)
  }

  /** Edit-and-resend and regenerate: `messageId` and every later message give way to `messages`. */
  replaceMessagesFrom(id: string, messageId: string, messages: readonly Message[]): Conversation {
    return structuredClone(this.edit(id, (c) => replaceMessagesFrom(c, messageId, messages, this.now())))
  }

  deleteMessage(id: string, messageId: string): ConversationSummary {
    return summarize(this.edit(id, (c) => deleteMessage(c, messageId, this.now())))
  }

  /**
   * Adds conversations (import), idempotently and never overwriting: one already here with the same content
   * is skipped; one whose id is taken by different content is added as a copy, titled with `copySuffix`.
   * A copy's id derives from the imported content, so importing the same file again skips the copies too.
   * Writes one file at a time, yielding between them.
   */
  async add(
    conversations: readonly Conversation[],
    copySuffix = DEFAULT_COPY_SUFFIX,
  ): Promise<ImportOutcome> {
    const outcome: ImportOutcome = { added: 0, skipped: 0, copied: 0, renamed: new Map() }
    const summaries: ConversationSummary[] = []
    // Written by this import: a file listing the same id twice is compared with what was just written.
    const written = new Map<string, Conversation>()
    const present = async (id: string): Promise<Conversation | 'unreadable' | undefined> => {
      const here = written.get(id)
      if (here) return here
      if (!this.index.has(id) && !existsSync(this.filePath(id))) return undefined
      return (await this.read(id)) ?? 'unreadable'
    }
    const put = (conversation: Conversation): void => {
      const { store } = openJsonStore({ cwd: this.dir, name: conversation.id, compact: true })
      writeJsonStore(store, toConversationFile(conversation))
      written.set(conversation.id, conversation)
      summaries.push(summarize(conversation))
    }
    try {
      for (const [i, imported] of conversations.entries()) {
        const incoming = withAutoTitle(recoverInterrupted(imported))
        const existing = isSafeId(imported.id) ? await present(imported.id) : 'unusable'
        if (existing === undefined) {
          put(incoming)
          outcome.added++
        } else if (typeof existing !== 'string' && sameConversation(existing, incoming)) {
          outcome.skipped++
        } else {
          // Unusable ids (not a safe file name) get a new one too, but are not copies of anything here.
          const copy = existing !== 'unusable'
          const id = derivedId(imported)
          if ((await present(id)) !== undefined) {
            outcome.skipped++
          } else {
            const title = copy ? copyTitle(incoming.title, copySuffix) : incoming.title
            put({ ...incoming, id, title })
            outcome.renamed.set(imported.id, id)
            if (copy) outcome.copied++
            else outcome.added++
          }
        }
        if (i % 20 === 19) await yieldToEventLoop()
      }
    } finally {
      // Files already written are listed even if a later one failed.
      this.index.putMany(summaries)
    }
    return outcome
  }

  /** Writes everything pending (the index); call on quit. Conversations are already on disk. */
  flush(): void {
    this.index.compact()
  }

  close(): void {
    this.flush()
    this.cache.clear()
  }
}

function notFound(id: string): AppError {
  return new AppError('not_found', `No conversation ${id}`)
}
