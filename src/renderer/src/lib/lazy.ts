import { useEffect, useSyncExternalStore } from 'react'

export interface LazyModule<T> {
  get(): T | null
  load(): Promise<T | null>
  subscribe(listener: () => void): () => void
}

/** A module fetched on first need (a separate chunk), which components can wait for. */
export function lazyModule<T>(importer: () => Promise<T>): LazyModule<T> {
  let value: T | null = null
  let loading: Promise<T | null> | null = null
  const listeners = new Set<() => void>()
  return {
    get: () => value,
    load() {
      loading ??= importer().then(
        (loaded) => {
          value = loaded
          for (const listener of [...listeners]) listener()
          return loaded
        },
        (error: unknown) => {
          console.warn('Could not load a module:', error)
          return null
        },
      )
      return loading
    },
    subscribe(listener) {
      listeners.add(listener)
      return () => {
        listeners.delete(listener)
      }
    },
  }
}

/** The module once loaded (null before); starts loading it when `wanted`. */
export function useLazyModule<T>(module: LazyModule<T>, wanted: boolean): T | null {
  const value = useSyncExternalStore(module.subscribe, module.get, module.get)
  useEffect(() => {
    if (wanted && value === null) void module.load()
  }, [module, wanted, value])
  return value
}
