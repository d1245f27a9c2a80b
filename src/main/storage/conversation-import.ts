/**
 * Adding conversations to the history (import), idempotently and never overwriting: one already here with
 * the same content is skipped; one whose id is taken by different content is added as a copy, titled with
 * the copy suffix. A copy's id derives from the imported content, so importing the same file again skips
 * the copies too. Writes one file at a time, yielding between them.
 */
import { existsSync } from 'node:fs'
import { setImmediate as yieldToEventLoop } from 'node:timers/promises'
import type { Conversation, ConversationSummary } from '../../shared/domain'
import { recoverInterrupted, summarize, withAutoTitle } from './conversation-edits'
import { isSafeId, toConversationFile } from './conversation-file'
import type { ConversationFiles } from './conversation-files'
import type { ConversationIndex } from './conversation-index'
import { copyTitle, derivedId, sameConversation } from './import-identity'
import { writeJsonStore } from './json-store'

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

export async function addConversations(
  files: ConversationFiles,
  index: ConversationIndex,
  conversations: readonly Conversation[],
  copySuffix: string,
): Promise<ImportOutcome> {
  const outcome: ImportOutcome = { added: 0, skipped: 0, copied: 0, renamed: new Map() }
  const summaries: ConversationSummary[] = []
  // Written by this import: a file listing the same id twice is compared with what was just written.
  const written = new Map<string, Conversation>()
  const present = async (id: string): Promise<Conversation | 'unreadable' | undefined> => {
    const here = written.get(id)
    if (here) return here
    if (!index.has(id) && !existsSync(files.path(id))) return undefined
    return (await files.read(id)) ?? 'unreadable'
  }
  const put = (conversation: Conversation): void => {
    writeJsonStore(files.open(conversation.id), toConversationFile(conversation))
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
    index.putMany(summaries)
  }
  return outcome
}
