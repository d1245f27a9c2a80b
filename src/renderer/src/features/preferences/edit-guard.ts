/**
 * Preferences save as you go; what cannot be saved yet (a field being typed in, an invalid value, a provider
 * form before its Save) is reported here, so leaving a tab or closing the dialog never drops it silently.
 */
import { createContext, useContext, useEffect, useRef } from 'react'

/** What is left after saving what could be saved. */
export type EditState = 'clean' | 'unsaved' | 'invalid'

export interface EditGuard {
  /** Saves what saves as you go (the field being typed in) and says what is left. */
  settle(): Promise<EditState>
  /** Saves everything; false when something could not be saved (its message is then on screen). */
  save(): Promise<boolean>
}

type Register = (guard: EditGuard) => () => void

export const EditGuardContext = createContext<Register>(() => () => undefined)

/** The worst of several states: invalid over unsaved over clean. */
export function worstOf(states: readonly EditState[]): EditState {
  if (states.includes('invalid')) return 'invalid'
  return states.includes('unsaved') ? 'unsaved' : 'clean'
}

/** Registers a tab's guard while it is shown; the latest render's functions are always the ones called. */
export function useEditGuard(guard: EditGuard): void {
  const register = useContext(EditGuardContext)
  const latest = useRef(guard)
  latest.current = guard
  useEffect(
    () => register({ settle: () => latest.current.settle(), save: () => latest.current.save() }),
    [register],
  )
}
