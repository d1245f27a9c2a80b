import { useSyncExternalStore } from 'react'

/**
 * A tiny external store: state lives outside React, components subscribe to the slice they
 * need with `useStore`, so an update (a streamed delta, say) re-renders only its readers.
 */
export class Store<S> {
  #state: S
  readonly #listeners = new Set<() => void>()

  constructor(initial: S) {
    this.#state = initial
  }

  readonly get = (): S => this.#state

  readonly set = (update: Partial<S> | ((state: S) => S)): void => {
    const next = typeof update === 'function' ? update(this.#state) : { ...this.#state, ...update }
    if (next === this.#state) return
    this.#state = next
    for (const listener of [...this.#listeners]) listener()
  }

  readonly subscribe = (listener: () => void): (() => void) => {
    this.#listeners.add(listener)
    return () => {
      this.#listeners.delete(listener)
    }
  }
}

/** Reads a slice of a store; the selector must return something already in the state (no new objects). */
export function useStore<S, T>(store: Store<S>, select: (state: S) => T): T {
  const read = (): T => select(store.get())
  return useSyncExternalStore(store.subscribe, read, read)
}
