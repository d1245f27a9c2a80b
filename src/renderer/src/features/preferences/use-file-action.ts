import { useState } from 'react'

export type ActionStatus = { kind: 'ok' | 'error'; text: string } | null

/**
 * An export or import run from a Preferences tab: busy while it runs, then what it said (a summary, or the
 * failure worded by `wordError`). A work that returns null (a cancelled dialog) leaves no status.
 */
export function useFileAction(wordError: (error: unknown) => string) {
  const [busy, setBusy] = useState(false)
  const [status, setStatus] = useState<ActionStatus>(null)
  const run = async (work: () => Promise<string | null>): Promise<void> => {
    setBusy(true)
    setStatus(null)
    try {
      const text = await work()
      if (text) setStatus({ kind: 'ok', text })
    } catch (error) {
      setStatus({ kind: 'error', text: wordError(error) })
    } finally {
      setBusy(false)
    }
  }
  return { busy, status, setStatus, run }
}
