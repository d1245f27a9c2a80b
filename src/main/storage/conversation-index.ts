/**
 * The conversation index: one summary per conversation, all in memory.
 *
 * Rewriting a 10,000-entry index on every change would make each append cost more as history grows, so a
 * change is appended as one line to a journal (`conversation-index.journal`, O(1)), and the index file
 * (`conversation-index.json`, electron-store) is rewritten only on compaction: after many journal lines
 * (debounced, off the hot path) and on flush at quit. Opening reads the index and replays the journal,
 * so a crash loses nothing the journal saw. The index is derived data: the conversation files are the truth,
 * and the repository reconciles the two on open.
 */
import { appendFileSync, existsSync, readFileSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { z } from 'zod'
import type { ConversationSummary } from '../../shared/domain'
import { idSchema } from '../../shared/schemas'
import { summarySchema } from './conversation-schemas'
import {
  openJsonStore,
  openJsonStoreOrReport,
  writeJsonStore,
  type JsonStore,
  type OpenedJsonStore,
} from './json-store'
import { runMigrations, type Migration, type MigrationPlan } from './migrations'
import { corruptFileNotice, unreadableFileNotice, type NoticeSink } from './notices'
import { moveAside } from './set-aside'

export const INDEX_FILE = 'conversation-index'
export const JOURNAL_FILE = `${INDEX_FILE}.journal`
export const INDEX_VERSION = 1
export const indexMigrations: readonly Migration[] = []
const plan: MigrationPlan = { current: INDEX_VERSION, migrations: indexMigrations }

const indexFileSchema = z.object({ conversations: z.array(summarySchema).max(1_000_000) })
const journalEntrySchema = z.union([z.object({ put: summarySchema }), z.object({ del: idSchema })])
type JournalEntry = z.infer<typeof journalEntrySchema>

export interface IndexOptions {
  dataDir: string
  onNotice: NoticeSink
  /** Journal lines before a compaction is scheduled. */
  compactAfter?: number
  /** Delay before that compaction, so a burst of changes is written once. */
  compactDelayMs?: number
}

export interface OpenedIndex {
  index: ConversationIndex
  /** False when the index or its journal was unreadable: every summary must be rebuilt from the files. */
  trusted: boolean
}

export class ConversationIndex {
  private readonly summaries = new Map<string, ConversationSummary>()
  private journalLines = 0
  private dirty = false
  private timer: NodeJS.Timeout | undefined
  private readonly compactAfter: number
  private readonly compactDelayMs: number

  private constructor(
    /** Undefined when the index file could be neither read nor moved aside: the index lives in memory. */
    private readonly store: JsonStore | undefined,
    private readonly journalPath: string,
    options: IndexOptions,
  ) {
    this.compactAfter = options.compactAfter ?? 500
    this.compactDelayMs = options.compactDelayMs ?? 2000
  }

  static open(options: IndexOptions): OpenedIndex {
    const { onNotice } = options
    const journalPath = join(options.dataDir, JOURNAL_FILE)
    const openedOrNot = openJsonStoreOrReport({ cwd: options.dataDir, name: INDEX_FILE, compact: true })
    if ('unreadable' in openedOrNot) {
      const index = new ConversationIndex(
        ConversationIndex.replaceUnreadable(openedOrNot, options),
        journalPath,
        options,
      )
      // Rebuilt from the conversation files; the journal is not needed for that.
      index.dirty = true
      return { index, trusted: false }
    }
    const opened: OpenedJsonStore = openedOrNot
    const index = new ConversationIndex(opened.store, journalPath, options)
    let trusted = true
    if (opened.asidePath) {
      onNotice(corruptFileNotice('The conversation list', opened.asidePath))
      trusted = false
    }
    if (opened.data) {
      const migrated = runMigrations(opened.data, plan)
      const parsed = migrated.kind === 'invalid' ? undefined : indexFileSchema.safeParse(migrated.data)
      if (parsed?.success) {
        for (const summary of parsed.data.conversations) index.summaries.set(summary.id, frozen(summary))
        if (migrated.kind !== 'current') index.dirty = true
      } else {
        onNotice(corruptFileNotice('The conversation list', moveAside(opened.path)))
        trusted = false
      }
    }
    if (!index.replayJournal(onNotice)) trusted = false
    return { index, trusted }
  }

  /**
   * The index is derived data, so an unreadable one is moved aside (kept, never deleted) and a new one is
   * started; if it cannot be moved either, the rebuilt index stays in memory and the file is left alone.
   */
  private static replaceUnreadable(
    unreadable: { path: string; unreadable: string },
    options: IndexOptions,
  ): JsonStore | undefined {
    const facts = {
      file: 'conversation-index.json',
      reason: unreadable.unreadable,
      outcome: 'rebuilt',
    } as const
    let asidePath: string
    try {
      asidePath = moveAside(unreadable.path, 'unreadable')
    } catch {
      options.onNotice(unreadableFileNotice(facts))
      return undefined
    }
    options.onNotice(unreadableFileNotice(facts, asidePath))
    return openJsonStore({ cwd: options.dataDir, name: INDEX_FILE, compact: true }).store
  }

  /** Applies the journal; on any unreadable line the journal is set aside and false is returned. */
  private replayJournal(onNotice: NoticeSink): boolean {
    if (!existsSync(this.journalPath)) return true
    const lines = readFileSync(this.journalPath, 'utf8').split('\n')
    for (const line of lines) {
      if (line.trim() === '') continue
      let entry: JournalEntry | undefined
      try {
        const parsed = journalEntrySchema.safeParse(JSON.parse(line))
        if (parsed.success) entry = parsed.data
      } catch {
        entry = undefined
      }
      if (!entry) {
        // A torn last line after a power cut lands here too; the files hold the truth, so rebuild from them.
        onNotice(corruptFileNotice('The conversation list journal', moveAside(this.journalPath)))
        this.dirty = true
        return false
      }
      this.apply(entry)
      this.journalLines++
    }
    return true
  }

  private apply(entry: JournalEntry): void {
    if ('put' in entry) this.summaries.set(entry.put.id, frozen(entry.put))
    else this.summaries.delete(entry.del)
  }

  has(id: string): boolean {
    return this.summaries.has(id)
  }

  get(id: string): ConversationSummary | undefined {
    return this.summaries.get(id)
  }

  ids(): string[] {
    return [...this.summaries.keys()]
  }

  /** Newest first. */
  list(): ConversationSummary[] {
    return [...this.summaries.values()].sort((a, b) => b.updatedAt - a.updatedAt || (a.id < b.id ? -1 : 1))
  }

  get size(): number {
    return this.summaries.size
  }

  put(summary: ConversationSummary): void {
    this.record([{ put: summary }])
  }

  remove(id: string): void {
    if (this.summaries.has(id)) this.record([{ del: id }])
  }

  /** Many deletions in one journal write: they are recorded together or not at all. */
  removeMany(ids: readonly string[]): void {
    this.record(ids.filter((id) => this.summaries.has(id)).map((id) => ({ del: id })))
  }

  /** Many changes in one journal write (rebuild, import). */
  putMany(summaries: readonly ConversationSummary[]): void {
    this.record(summaries.map((summary) => ({ put: summary })))
  }

  private record(entries: readonly JournalEntry[]): void {
    if (entries.length === 0) return
    // Journal first: if it cannot be written, memory still matches the disk.
    appendFileSync(this.journalPath, entries.map((e) => `${JSON.stringify(e)}\n`).join(''))
    for (const entry of entries) this.apply(entry)
    this.journalLines += entries.length
    if (this.journalLines >= this.compactAfter) this.scheduleCompaction()
  }

  private scheduleCompaction(): void {
    if (this.timer) return
    this.timer = setTimeout(() => {
      this.timer = undefined
      this.compact()
    }, this.compactDelayMs)
    // Never keep the process alive for this: flush() at quit compacts anyway.
    this.timer.unref()
  }

  /** Rewrites the index file from memory and empties the journal. */
  compact(): void {
    if (this.timer) {
      clearTimeout(this.timer)
      this.timer = undefined
    }
    if (this.journalLines === 0 && !this.dirty) return
    // In memory only: the journal keeps every change until the index file can be written again.
    if (!this.store) return
    writeJsonStore(this.store, { schemaVersion: INDEX_VERSION, conversations: [...this.summaries.values()] })
    // A crash between the two writes is harmless: replaying the old journal over the new index is idempotent.
    rmSync(this.journalPath, { force: true })
    this.journalLines = 0
    this.dirty = false
  }

  /** Marks the index file as out of date (after a rebuild), so that the next compaction writes it. */
  markDirty(): void {
    this.dirty = true
  }

  close(): void {
    this.compact()
  }
}

/** list() hands out the stored objects themselves (no copies of 10,000 entries): frozen, they cannot be changed. */
function frozen(summary: ConversationSummary): ConversationSummary {
  const model = summary.model ? Object.freeze({ ...summary.model }) : null
  return Object.freeze({ ...summary, model })
}
