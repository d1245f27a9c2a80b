/**
 * A faithful stand-in for the parts of the `electron` module the main process uses, for tests in Node.
 *
 *   vi.mock('electron', () => import('../../mocks/electron'))
 *
 * Layout: one exported object per Electron module, each with its own state and its own reset function;
 * `resetElectronMock()` calls every reset. To add a module: export its object, add it to `electron`
 * (the default export: electron-store does `import electron from 'electron'`) and add its reset to
 * `resetElectronMock()`. No vitest import here, so the benchmark can load this file too; spy with
 * `vi.spyOn(app, 'getPath')` in tests.
 */
import { EventEmitter } from 'node:events'
import { createCipheriv, createDecipheriv, pbkdf2Sync } from 'node:crypto'
import { tmpdir } from 'node:os'

/* ------------------------------------------------------------------ app */

type PathName = 'home' | 'appData' | 'userData' | 'sessionData' | 'temp' | 'logs' | 'downloads' | 'documents'

interface AppState {
  ready: boolean
  paths: Map<string, string>
  version: string
  name: string
  locale: string
}

function initialAppState(): AppState {
  return {
    ready: true,
    paths: new Map([['temp', tmpdir()]]),
    version: '0.1.0',
    name: 'ProxyChat',
    locale: 'en-US',
  }
}

let appState = initialAppState()
let readyWaiters: (() => void)[] = []

class MockApp extends EventEmitter {
  getPath(name: PathName | (string & {})): string {
    const value = appState.paths.get(name)
    // Electron throws for an unknown name; here an unset path is a test that forgot its temp dir.
    if (value === undefined) throw new Error(`Failed to get '${name}' path (electron mock: call app.setPath first)`)
    return value
  }
  setPath(name: PathName | (string & {}), path: string): void {
    appState.paths.set(name, path)
  }
  getVersion(): string {
    return appState.version
  }
  getName(): string {
    return appState.name
  }
  getLocale(): string {
    return appState.locale
  }
  isReady(): boolean {
    return appState.ready
  }
  whenReady(): Promise<void> {
    if (appState.ready) return Promise.resolve()
    return new Promise((resolve) => readyWaiters.push(resolve))
  }
}

export const app = new MockApp()

/** Test controls for `app`, kept apart from Electron's own API. */
export const appMock = {
  /** Sets where `app.getPath('userData')` points (usually a fresh temp dir per test). */
  setUserData(dir: string): void {
    appState.paths.set('userData', dir)
  },
  setVersion(version: string): void {
    appState.version = version
  },
  setLocale(locale: string): void {
    appState.locale = locale
  },
  /** Going from not ready to ready resolves `whenReady()` and emits 'ready', like Electron. */
  setReady(ready: boolean): void {
    const wasReady = appState.ready
    appState.ready = ready
    if (ready && !wasReady) {
      const waiters = readyWaiters
      readyWaiters = []
      for (const resolve of waiters) resolve()
      app.emit('ready')
    }
  },
  reset(): void {
    appState = initialAppState()
    readyWaiters = []
    app.removeAllListeners()
  },
}

/* ---------------------------------------------------------- safeStorage */

export type StorageBackend = 'basic_text' | 'gnome_libsecret' | 'kwallet' | 'kwallet5' | 'kwallet6' | 'unknown'

interface SafeStorageState {
  backend: Exclude<StorageBackend, 'unknown'>
  available: boolean
}

let safeStorageState: SafeStorageState = { backend: 'gnome_libsecret', available: true }

// Chromium's Linux scheme: AES-128-CBC, an IV of 16 spaces, a key from PBKDF2-SHA1 with the salt 'saltysalt'.
// 'v10' data uses the hard-coded password 'peanuts' (basic_text); 'v11' uses the keyring's password.
const IV = Buffer.alloc(16, ' ')
const keyFor = (password: string): Buffer => pbkdf2Sync(password, 'saltysalt', 1, 16, 'sha1')
const BASIC_TEXT_KEY = keyFor('peanuts')
const KEYRING_KEY = keyFor('electron-mock-keyring-password')

function currentScheme(): { prefix: 'v10' | 'v11'; key: Buffer } {
  return safeStorageState.backend === 'basic_text'
    ? { prefix: 'v10', key: BASIC_TEXT_KEY }
    : { prefix: 'v11', key: KEYRING_KEY }
}

function encryptionAvailable(): boolean {
  return appState.ready && safeStorageState.available
}

export const safeStorage = {
  isEncryptionAvailable(): boolean {
    return encryptionAvailable()
  },
  encryptString(plainText: string): Buffer {
    if (!encryptionAvailable()) {
      throw new Error('Error while encrypting the text provided to safeStorage.encryptString. Encryption is not available.')
    }
    const { prefix, key } = currentScheme()
    const cipher = createCipheriv('aes-128-cbc', key, IV)
    return Buffer.concat([Buffer.from(prefix), cipher.update(plainText, 'utf8'), cipher.final()])
  },
  decryptString(encrypted: Buffer): string {
    if (!Buffer.isBuffer(encrypted)) throw new TypeError('Expected the first argument of decryptString() to be a buffer')
    if (!encryptionAvailable()) {
      throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString. Decryption is not available.')
    }
    const prefix = encrypted.subarray(0, 3).toString()
    // Like Chromium: v10 data always decrypts with 'peanuts'; v11 data only while the keyring is there.
    const useKey =
      prefix === 'v10' ? BASIC_TEXT_KEY : prefix === 'v11' && currentScheme().prefix === 'v11' ? KEYRING_KEY : null
    try {
      if (!useKey) throw new Error('wrong key')
      const decipher = createDecipheriv('aes-128-cbc', useKey, IV)
      return Buffer.concat([decipher.update(encrypted.subarray(3)), decipher.final()]).toString('utf8')
    } catch {
      throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.')
    }
  },
  getSelectedStorageBackend(): StorageBackend {
    return appState.ready ? safeStorageState.backend : 'unknown'
  },
  setUsePlainTextEncryption(_usePlainText: boolean): void {},
}

export const safeStorageMock = {
  /** 'basic_text' is Linux without a keyring: data is encrypted with a hard-coded password. */
  setBackend(backend: Exclude<StorageBackend, 'unknown'>): void {
    safeStorageState.backend = backend
  },
  setEncryptionAvailable(available: boolean): void {
    safeStorageState.available = available
  },
  reset(): void {
    safeStorageState = { backend: 'gnome_libsecret', available: true }
  },
}

/* -------------------------------------------------------------- ipcMain */

type IpcListener = (event: unknown, ...args: unknown[]) => void
type IpcHandler = (event: unknown, ...args: unknown[]) => unknown

class MockIpcMain extends EventEmitter {
  readonly handlers = new Map<string, IpcHandler>()
  handle(channel: string, handler: IpcHandler): void {
    if (this.handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`)
    this.handlers.set(channel, handler)
  }
  handleOnce(channel: string, handler: IpcHandler): void {
    this.handle(channel, (event, ...args) => {
      this.handlers.delete(channel)
      return handler(event, ...args)
    })
  }
  removeHandler(channel: string): void {
    this.handlers.delete(channel)
  }
  override on(channel: string, listener: IpcListener): this {
    return super.on(channel, listener)
  }
}

export const ipcMain = new MockIpcMain()

export const ipcMainMock = {
  reset(): void {
    ipcMain.handlers.clear()
    ipcMain.removeAllListeners()
  },
}

/* ---------------------------------------------------------------- shell */

interface ShellState {
  openedExternal: string[]
  openedPaths: string[]
}

let shellState: ShellState = { openedExternal: [], openedPaths: [] }

export const shell = {
  openExternal(url: string): Promise<void> {
    shellState.openedExternal.push(url)
    return Promise.resolve()
  },
  /** Resolves with an error message, or '' on success, like Electron. */
  openPath(path: string): Promise<string> {
    shellState.openedPaths.push(path)
    return Promise.resolve('')
  },
}

export const shellMock = {
  get openedExternal(): readonly string[] {
    return shellState.openedExternal
  },
  get openedPaths(): readonly string[] {
    return shellState.openedPaths
  },
  reset(): void {
    shellState = { openedExternal: [], openedPaths: [] }
  },
}

/* ---------------------------------------------------------------- reset */

/** Back to a ready app with a keyring; `userData` unset. Call in `beforeEach`. */
export function resetElectronMock(): void {
  appMock.reset()
  safeStorageMock.reset()
  ipcMainMock.reset()
  shellMock.reset()
}

const electron = { app, safeStorage, ipcMain, shell }
export default electron
