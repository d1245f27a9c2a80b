/**
 * History: one electron-store file per conversation (`<userData>/conversations/<id>.json`) and a small index
 * (see conversation-index.ts). A conversation is read from disk on first use and kept in memory; each change
 * rewrites only that conversation's file, once per call. The chat service calls `updateMessage` at most once a
 * second per stream, so a stream is never written once per token.
 *
 * Everything here is synchronous (electron-store is) except what touches many files: open (reconcile),
 * search, export and import read and write files asynchronously, a few at a time, so that the main process
 * keeps answering at 10,000 conversations. The files and the conversations in memory are in
 * conversation-files.ts, import in conversation-import.ts; this class keeps the index in step with them.
 */
import { randomUUID } from 'node:crypto'
import { basename, join } from 'node:path'
import type {
  Conversation,
  ConversationSummary,
  ConversationTail,
  Message,
  ModelParams,
  ModelRef,
  SearchHit,
} from '../../shared/domain'
import { compactParams, hasParams } from '../../shared/model-params'
import type { CreateConversationRequest } from '../../shared/schemas'
import { AppError } from '../app-error'
import { sameSummary, summarize, updateMessage, withAutoTitle, type MessagePatch } from './conversation-edits'
import {
  addVersion,
  appendToBranch,
  removeFromTree,
  selectVersion,
  visibleConversation,
} from './conversation-tree'
import { CONVERSATIONS_DIR, isSafeId, toConversationFile } from './conversation-file'
import { ConversationFiles, notFound, type Entry } from './conversation-files'
import { addConversations, DEFAULT_COPY_SUFFIX, type ImportOutcome } from './conversation-import'
import { MAX_TITLE_LENGTH } from './conversation-schemas'
import { ConversationIndex } from './conversation-index'
import { settleStagedDeletions, StagedDeletion, type MoveFile } from './conversation-trash'
import { writeJsonStore } from './json-store'
import type { NoticeSink } from './notices'
import { DEFAULT_SEARCH_LIMITS, matchConversation, normalizeQuery, type SearchLimits } from './search'

export { DEFAULT_COPY_SUFFIX, type ImportOutcome } from './conversation-import'

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
  /** For tests: how deleteMany moves a file aside (one that fails part way). */
  moveFile?: MoveFile
}

export class ConversationRepository {
  private readonly files: ConversationFiles
  private readonly now: () => number
  private readonly newId: () => string
  private readonly moveFile: MoveFile | undefined

  private constructor(
    private readonly index: ConversationIndex,
    options: RepositoryOptions,
  ) {
    this.files = new ConversationFiles({
      dataDir: options.dataDir,
      index,
      onNotice: options.onNotice,
      cacheSize: options.cacheSize ?? 50,
      readConcurrency: options.readConcurrency ?? 16,
    })
    this.now = options.now ?? Date.now
    this.newId = options.newId ?? randomUUID
    this.moveFile = options.moveFile
  }

  /** Opens the index and reconciles it with the conversation files (a crash may leave the two apart). */
  static async open(options: RepositoryOptions): Promise<ConversationRepository> {
    // Before the files are listed: a deletion a crash cut short is undone or finished first.
    settleStagedDeletions(join(options.dataDir, CONVERSATIONS_DIR))
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
    const onDisk = new Set(await this.files.ids())
    const gone = this.index.ids().filter((id) => !onDisk.has(id))
    for (const id of gone) this.index.remove(id)
    // A trusted index only lacks files written just before a crash; an untrusted one is rebuilt from all.
    const toRead = trusted ? [...onDisk].filter((id) => !this.index.has(id)) : [...onDisk]
    if (toRead.length === 0) return
    const summaries: ConversationSummary[] = []
    for await (const batch of this.files.readBatches(toRead)) {
      for (const [i, conversation] of batch.conversations.entries()) {
        const id = batch.ids[i]
        if (!conversation || id === undefined) continue
        const summary = summarize(conversation)
        const known = this.index.get(id)
        if (!known || !sameSummary(known, summary)) summaries.push(summary)
      }
    }
    this.index.putMany(summaries)
    if (!trusted) {
      this.index.markDirty()
      this.index.compact()
    }
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

  /**
   * The visible branch (see conversation-tree.ts), a copy: callers cannot change what is stored except
   * through this class. Messages that are not shown are shared with the store, never handed out.
   */
  get(id: string): Conversation {
    return structuredClone(visibleConversation(this.files.load(id).conversation))
  }

  /**
   * The last `count` messages of the visible branch, a copy, and how many come before them: opening a
   * conversation of thousands of messages sends and paints these first (only they are copied).
   */
  getTail(id: string, count: number): ConversationTail {
    const visible = visibleConversation(this.files.load(id).conversation)
    const earlier = Math.max(0, visible.messages.length - count)
    const conversation = { ...visible, messages: visible.messages.slice(earlier) }
    return { conversation: structuredClone(conversation), earlier }
  }

  /** Every conversation (or only those of `only`), newest first, read incrementally, whole trees (for export, search, attachments). */
  async *readAll(signal?: AbortSignal, only?: ReadonlySet<string>): AsyncGenerator<Conversation> {
    const ids = this.index
      .list()
      .map((s) => s.id)
      .filter((id) => !only || only.has(id))
    for await (const batch of this.files.readBatches(ids, signal)) {
      for (const conversation of batch.conversations) {
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
    let offset = 0
    for await (const batch of this.files.readBatches(
      summaries.map((s) => s.id),
      signal,
    )) {
      for (const [i, conversation] of batch.conversations.entries()) {
        const summary = summaries[offset + i]
        if (!summary) continue
        const hit = matchConversation(summary, conversation, needle)
        if (!hit) continue
        if (summary.title.toLowerCase().includes(needle)) inTitle.push(hit)
        else inText.push(hit)
        if (inTitle.length + inText.length >= limits.maxHits) return [...inTitle, ...inText]
      }
      offset += batch.ids.length
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
    const entry = this.files.load(id)
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
      ...(init.params && hasParams(init.params) ? { params: compactParams(init.params) } : {}),
    }
    if (!isSafeId(conversation.id) || this.index.has(conversation.id)) {
      throw new AppError('conflict', `Unusable conversation id ${conversation.id}`)
    }
    const entry: Entry = { conversation, store: this.files.open(conversation.id) }
    this.write(entry, conversation)
    this.files.keep(conversation.id, entry)
    return structuredClone(conversation)
  }

  /** The user's title: from now on no model title replaces it. */
  rename(id: string, title: string): ConversationSummary {
    const clean = title.trim().slice(0, MAX_TITLE_LENGTH)
    if (clean === '') throw new AppError('invalid_input', 'A title cannot be empty')
    return summarize(
      this.edit(id, (c) => ({ ...c, title: clean, titleSource: 'user' as const, updatedAt: this.now() })),
    )
  }

  /**
   * A title the model wrote. Undefined (nothing written) when the conversation is gone, the user has
   * renamed it, or the title is empty; the conversation's place in the list does not move for it.
   */
  setModelTitle(id: string, title: string): ConversationSummary | undefined {
    const clean = title.trim().slice(0, MAX_TITLE_LENGTH)
    if (clean === '' || !this.index.has(id)) return undefined
    if (this.files.load(id).conversation.titleSource === 'user') return undefined
    return summarize(this.edit(id, (c) => ({ ...c, title: clean, titleSource: 'model' as const })))
  }

  /** Pins to the top of the list (pinning again keeps its place), or unpins; updatedAt does not change. */
  setPinned(id: string, pinned: boolean): ConversationSummary {
    return summarize(
      this.edit(id, ({ pinnedAt, ...c }) => (pinned ? { ...c, pinnedAt: pinnedAt ?? this.now() } : c)),
    )
  }

  setModel(id: string, model: ModelRef | null): ConversationSummary {
    return summarize(this.edit(id, (c) => ({ ...c, model, updatedAt: this.now() })))
  }

  setSystemPrompt(id: string, systemPrompt: string): ConversationSummary {
    return summarize(this.edit(id, (c) => ({ ...c, systemPrompt, updatedAt: this.now() })))
  }

  /** The conversation's own model parameters; none set removes the field, as in files that never had one. */
  setParams(id: string, params: ModelParams): ModelParams {
    const own = compactParams(params)
    this.edit(id, ({ params: _old, ...c }) => (hasParams(own) ? { ...c, params: own } : c))
    return own
  }

  /** Removes the conversation's file. */
  delete(id: string): void {
    if (!isSafeId(id) || !this.index.has(id)) throw notFound(id)
    this.files.remove(id)
    this.index.remove(id)
  }

  /**
   * Deletes every one of `ids` or, if one cannot be deleted, none (see conversation-trash.ts). Ids not in
   * the list refuse the whole call before anything is touched.
   */
  deleteMany(ids: readonly string[]): void {
    const unique = [...new Set(ids)]
    for (const id of unique) if (!isSafeId(id) || !this.index.has(id)) throw notFound(id)
    const names = unique.map((id) => basename(this.files.path(id)))
    const staged = StagedDeletion.stage(this.files.dir, names, this.moveFile)
    try {
      // One journal write: the index records all of them or none.
      this.index.removeMany(unique)
    } catch (error) {
      staged.restore()
      throw error
    }
    for (const id of unique) this.files.forget(id)
    staged.commit()
  }

  /** Adds a message after the last one of the visible branch. */
  appendMessage(id: string, message: Message): ConversationSummary {
    const now = this.now()
    return summarize(this.edit(id, (c) => withAutoTitle({ ...appendToBranch(c, message), updatedAt: now })))
  }

  /** Regenerate and edit-and-resend: `message` becomes a new, shown version of `of`; `of` is kept. */
  addVersion(id: string, of: string, message: Message): ConversationSummary {
    const now = this.now()
    return summarize(this.edit(id, (c) => ({ ...addVersion(c, of, message), updatedAt: now })))
  }

  /** Shows version `index` (1-based) of `messageId`; returns the new visible branch. */
  selectVersion(id: string, messageId: string, index: number): Conversation {
    // Not a change of content: updatedAt stays, so the conversation keeps its place in the sidebar.
    return structuredClone(visibleConversation(this.edit(id, (c) => selectVersion(c, messageId, index))))
  }

  /** A streaming checkpoint or a final state; the caller keeps it to at most one call a second per stream. */
  updateMessage(id: string, messageId: string, patch: MessagePatch): Message {
    const next = this.edit(id, (c) => updateMessage(c, messageId, patch, this.now()))
    return structuredClone(next.messages.find((m) => m.id === messageId) as Message)
  }

  deleteMessage(id: string, messageId: string): ConversationSummary {
    const now = this.now()
    return summarize(this.edit(id, (c) => ({ ...removeFromTree(c, messageId), updatedAt: now })))
  }

  /** Adds conversations (import): see conversation-import.ts. */
  add(conversations: readonly Conversation[], copySuffix = DEFAULT_COPY_SUFFIX): Promise<ImportOutcome> {
    return addConversations(this.files, this.index, conversations, copySuffix)
  }

  /** Writes everything pending (the index); call on quit. Conversations are already on disk. */
  flush(): void {
    this.index.compact()
  }

  close(): void {
    this.flush()
    this.files.clear()
  }
}
