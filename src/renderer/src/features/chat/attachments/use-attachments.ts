/**
 * The files waiting in the composer: each read in the page (File bytes, never a path), handed to main to be
 * checked and stored, kept as the reference main returns. Limits are checked before any file is read.
 */
import { useCallback, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { AttachmentRef } from '../../../../../shared/attachments'
import { useController } from '../../../app/context'
import { limitProblem, pastedName } from './attachment-checks'

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

export function useAttachmentDraft(): AttachmentDraft {
  const { t } = useTranslation()
  const controller = useController()
  const [refs, setRefs] = useState<AttachmentRef[]>([])
  const [adding, setAdding] = useState(0)
  const [error, setError] = useState<string | null>(null)

  const add = useCallback(
    async (files: readonly File[], pasted = false): Promise<void> => {
      if (files.length === 0) return
      const named = files.map((file, i) => ({
        file,
        name: pasted ? pastedName(file, i, new Date()) : file.name,
      }))
      const problem = limitProblem([...refs, ...named.map(({ name, file }) => ({ name, size: file.size }))])
      if (problem) {
        setError(t(problem.key, problem.values))
        return
      }
      setError(null)
      setAdding((n) => n + named.length)
      for (const { file, name } of named) {
        try {
          const bytes = new Uint8Array(await file.arrayBuffer())
          const ref = await controller.api.attachments.add({ name, bytes })
          setRefs((current) => [...current, ref])
        } catch {
          // Sizes were checked above: what main refuses is a file it cannot send (type read from its bytes).
          setError(t('attachments.unsupported', { name }))
        } finally {
          setAdding((n) => n - 1)
        }
      }
    },
    [controller, refs, t],
  )

  return {
    refs,
    adding,
    error,
    add,
    remove: (id) => setRefs((current) => current.filter((r) => r.id !== id)),
    clear: () => setRefs([]),
    restore: setRefs,
    setError,
  }
}
