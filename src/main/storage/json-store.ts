/**
 * Opening one electron-store file without ever letting a bad file stop the app.
 * electron-store throws from its constructor on invalid JSON; we move such a file aside and start empty.
 */
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import ElectronStore from 'electron-store'
import { isPlainObject, type FileData } from './migrations'
import { moveAside } from './set-aside'

export type JsonStore = ElectronStore<FileData>

export interface JsonStoreOptions {
  /** Absolute directory. */
  cwd: string
  /** File name without `.json`. */
  name: string
  /** Compact JSON for big, machine-read files; indented for files people may open. */
  compact?: boolean
}

export interface OpenedJsonStore {
  store: JsonStore
  path: string
  /** The file's content; undefined when there was no file (or it was just moved aside). */
  data: FileData | undefined
  /** Set when the file could not be parsed and was moved aside. */
  asidePath?: string
}

export function storePath(options: JsonStoreOptions): string {
  return join(options.cwd, `${options.name}.json`)
}

function create(options: JsonStoreOptions): JsonStore {
  return new ElectronStore<FileData>({
    cwd: options.cwd,
    name: options.name,
    // Our keys are plain names (provider ids may contain dots).
    accessPropertiesByDotNotation: false,
    ...(options.compact ? { serialize: (value: FileData) => JSON.stringify(value) } : {}),
  })
}

export function openJsonStore(options: JsonStoreOptions): OpenedJsonStore {
  const path = storePath(options)
  let store: JsonStore
  try {
    store = create(options)
  } catch (error) {
    // Unparseable or unreadable: keep it (renamed) for the user, start from an empty file.
    if (!existsSync(path)) throw error
    const asidePath = moveAside(path)
    return { store: create(options), path, data: undefined, asidePath }
  }
  if (!existsSync(path)) return { store, path, data: undefined }
  // conf copies the parsed value into an object; anything but an object (e.g. `[]`, `"x"`) is not ours.
  const data = store.store
  return { store, path, data: isPlainObject(data) ? { ...data } : undefined }
}

/** Writes the whole file (electron-store always does), atomically. */
export function writeJsonStore(store: JsonStore, data: FileData): void {
  store.store = data
}
