/**
 * The files waiting in the composer: each read in the page (File bytes, never a path), handed to main to be
 * checked and stored, kept as the reference main returns. Limits are checked before any file is read.
 */
import { useCallback, useLayoutEffect, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { AttachmentRef } from '../../../../../shared/attachments'
import { useController } from '../../../app/context'
import { fitAttachments } from '../../../../../shared/attachments'
import { attachmentErrorText } from '../../../app/attachment-error-text'
import { errorAttachmentFacts, errorCode } from '../../../lib/errors'
import { pickProblem, pastedName } from './attachment-checks'

export interface AttachmentDraft {
  refs: AttachmentRef[]
  /** Files being read and stored now. */
  adding: number
  error: string | null
  add(files: readonly File[], pasted?: boolean): Promise<void>
  remove(id: string): void
  clear(): void
  restore(refs: AttachmentRef[]): void
  setError(error: string | null): void
}

/**
 * The files of each conversation's unsent message, kept while the user looks at another conversation
 * (`key`: the conversation shown; null for a new chat). A file still being stored when the user switches
 * joins the conversation it was attached in. A new chat's files move with it when it becomes a
 * conversation (its first send), as its text does.
 */
export function useAttachmentDraft(key: string | null = null): AttachmentDraft {
  const { t } = useTranslation()
  const controller = useController()
  // The files of each draft, kept in a ref too: a second pick checks the limits against files stored since
  // the last render, and `reading` holds those still being read (they count against the limits as well).
  const stored = useRef<ReadonlyMap<string | null, AttachmentRef[]>>(new Map())
  const reading = useRef<{ at: string | null; name: string; size: number }[]>([])
  const [byKey, setByKey] = useState(stored.current)
  const [adding, setAdding] = useState(0)
  const [error, setError] = useState<string | null>(null)
  // Edits after an await (a failed send's restore) go to the conversation shown then.
  const shown = useRef(key)
  const refs = byKey.get(key) ?? EMPTY

  useLayoutEffect(() => {
    const previous = shown.current
    shown.current = key
    if (previous === key) return
    setError(null)
    if (previous === null) {
      stored.current = moved(stored.current, null, key)
      setByKey(stored.current)
    }
  }, [key])

  const update = useCallback((at: string | null, change: (refs: AttachmentRef[]) => AttachmentRef[]) => {
    const next = new Map(stored.current)
    const changed = change(stored.current.get(at) ?? EMPTY)
    if (changed.length === 0) next.delete(at)
    else next.set(at, changed)
    stored.current = next
    setByKey(next)
  }, [])

  const add = useCallback(
    async (files: readonly File[], pasted = false): Promise<void> => {
      if (files.length === 0) return
      const at = key
      const named = files.map((file, i) => ({
        file,
        name: pasted ? pastedName(file, i, new Date()) : file.name,
      }))
      const entries = named.map(({ name, file }) => ({ at, name, size: file.size, file }))
      // Files over a limit are left out, the rest attached in order (the user loses none of them silently).
      const held = [...(stored.current.get(at) ?? EMPTY), ...reading.current.filter((r) => r.at === at)]
      const notes: string[] = []
      const note = (text: string | null): void => {
        if (text !== null) notes.push(text)
        setError(notes.length === 0 ? null : notes.join(' '))
      }
      const pick = fitAttachments(held, entries)
      note(pickProblem(pick, t))
      const { accepted } = pick
      if (accepted.length === 0) return
      reading.current = [...reading.current, ...accepted]
      setAdding((n) => n + accepted.length)
      for (const entry of accepted) {
        try {
          const bytes = await readBytes(entry.file)
          if (!bytes) {
            // Dropped from a folder and gone (or locked) by the time it is read.
            note(t('attachments.readFailed', { name: entry.name }))
            continue
          }
          const ref = await controller.api.attachments.add({ name: entry.name, bytes })
          update(at, (current) => [...current, ref])
        } catch (e) {
          // Main says why: a type it cannot send, or a data folder it could not write (worded per cause).
          note(
            attachmentErrorText(errorCode(e) ?? 'internal', errorAttachmentFacts(e), t) ??
              t('attachments.storeFailed', { name: entry.name }),
          )
        } finally {
          reading.current = reading.current.filter((r) => r !== entry)
          setAdding((n) => n - 1)
        }
      }
    },
    [controller, key, t, update],
  )

  return {
    refs,
    adding,
    error,
    add,
    remove: (id) => update(shown.current, (current) => current.filter((r) => r.id !== id)),
    clear: () => update(shown.current, () => EMPTY),
    restore: (restored) => update(shown.current, () => restored),
    setError,
  }
}

const EMPTY: AttachmentRef[] = []

/** A file's bytes, or null when it cannot be read any more (moved, deleted, locked since it was picked). */
async function readBytes(file: File): Promise<Uint8Array | null> {
  try {
    return new Uint8Array(await file.arrayBuffer())
  } catch {
    return null
  }
}

/** `from`'s files given to `to` (unless `to` has its own already). */
function moved(
  byKey: ReadonlyMap<string | null, AttachmentRef[]>,
  from: string | null,
  to: string | null,
): ReadonlyMap<string | null, AttachmentRef[]> {
  const files = byKey.get(from)
  if (!files || byKey.has(to)) return byKey
  const next = new Map(byKey)
  next.delete(from)
  next.set(to, files)
  return next
}
