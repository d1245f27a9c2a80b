/**
 * Opening one electron-store file without ever letting a bad file stop the app.
 * electron-store throws from its constructor on invalid JSON; such a file, or one that holds anything but a
 * JSON object, is moved aside and the store starts empty.
 */
import { chmodSync, existsSync } from 'node:fs'
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
  /**
   * Permissions of the file (POSIX; Windows ignores them). Default: 0o666 less the umask. Applied on every
   * write (the temporary file is created with it) and, for a file already there, on open.
   */
  mode?: number
}

export interface OpenedJsonStore {
  store: JsonStore
  path: string
  /** The file's content; undefined when there was no file (or it was just moved aside). */
  data: FileData | undefined
  /** Set when the file could not be read as a JSON object and was moved aside. */
  asidePath?: string
}

export function storePath(options: JsonStoreOptions): string {
  return join(options.cwd, `${options.name}.json`)
}

function create(options: JsonStoreOptions): { store: JsonStore; parsed: () => unknown } {
  // The constructor parses the file once; keeping that value spares a second read and parse.
  let parsed: unknown
  const store = new ElectronStore<FileData>({
    cwd: options.cwd,
    name: options.name,
    // Our keys are plain names (provider ids may contain dots).
    accessPropertiesByDotNotation: false,
    deserialize: (text: string): FileData => {
      const value: unknown = JSON.parse(text)
      parsed = value
      return isPlainObject(value) ? value : {}
    },
    ...(options.compact ? { serialize: (value: FileData) => JSON.stringify(value) } : {}),
    ...(options.mode === undefined ? {} : { configFileMode: options.mode }),
  })
  return { store, parsed: () => parsed }
}

export function openJsonStore(options: JsonStoreOptions): OpenedJsonStore {
  const path = storePath(options)
  let created: ReturnType<typeof create>
  try {
    created = create(options)
  } catch (error) {
    // Only a file that was read and is not JSON is set aside. A file that could not be read now (locked by
    // an antivirus or a backup on Windows, no permission, a directory) may be perfectly good: setting it
    // aside would lose the user's settings, keys or conversation until they dig it out by hand.
    if (!existsSync(path) || isFileSystemError(error)) throw error
    const asidePath = moveAside(path)
    return { store: create(options).store, path, data: undefined, asidePath }
  }
  if (!existsSync(path)) return { store: created.store, path, data: undefined }
  if (options.mode !== undefined && process.platform !== 'win32') {
    try {
      chmodSync(path, options.mode)
    } catch {
      // Not ours to change (another owner): the next write replaces the file with the right mode.
    }
  }
  const data = created.parsed()
  if (!isPlainObject(data)) {
    const asidePath = moveAside(path)
    return { store: created.store, path, data: undefined, asidePath }
  }
  return { store: created.store, path, data }
}

/** EACCES, EBUSY, EPERM, EISDIR...: the file could not be read, which says nothing about its content. */
function isFileSystemError(error: unknown): boolean {
  return typeof (error as NodeJS.ErrnoException | null)?.code === 'string'
}

/** A file that exists but cannot be read now: left exactly where it is, with the reason (an errno code). */
export interface UnreadableJsonStore {
  path: string
  unreadable: string
}

/**
 * Like openJsonStore, but a file that cannot be read (no permission, locked, a directory in its place) is
 * reported instead of thrown, so that the app can start without it. Nothing is written or moved.
 */
export function openJsonStoreOrReport(options: JsonStoreOptions): OpenedJsonStore | UnreadableJsonStore {
  try {
    return openJsonStore(options)
  } catch (error) {
    if (!isFileSystemError(error)) throw error
    return { path: storePath(options), unreadable: (error as NodeJS.ErrnoException).code ?? 'UNKNOWN' }
  }
}

/** Writes the whole file (electron-store always does), atomically. */
export function writeJsonStore(store: JsonStore, data: FileData): void {
  store.store = data
}
