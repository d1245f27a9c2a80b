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
    if (value === undefined)
      throw new Error(`Failed to get '${name}' path (electron mock: call app.setPath first)`)
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
  /* Lifecycle (state in the "app lifecycle" section below). */
  get isPackaged(): boolean {
    return lifecycleState.isPackaged
  }
  requestSingleInstanceLock(_additionalData?: Record<string, unknown>): boolean {
    lifecycleState.lockRequests += 1
    return lifecycleState.lockAvailable
  }
  /**
   * Like Electron (shell/browser/browser.cc, Browser::Quit): nothing while a quit is under way; 'before-quit'
   * (cancellable); then, on a later turn (WindowList::CloseAllWindows closes them asynchronously), every
   * window closed (each cancellable), 'will-quit' (cancellable: the quit is over) and 'quit'.
   */
  quit(): void {
    lifecycleState.quitCalls += 1
    if (lifecycleState.quitting) return
    const beforeQuit = new MockEvent()
    this.emit('before-quit', beforeQuit)
    if (beforeQuit.defaultPrevented) return
    lifecycleState.quitting = true
    setImmediate(() => {
      this.closeAllAndQuit()
    })
  }
  private closeAllAndQuit(): void {
    for (const window of BrowserWindow.getAllWindows()) {
      window.close()
      if (!window.isDestroyed()) {
        lifecycleState.quitting = false
        return
      }
    }
    const willQuit = new MockEvent()
    this.emit('will-quit', willQuit)
    if (willQuit.defaultPrevented) {
      lifecycleState.quitting = false
      return
    }
    lifecycleState.quit = true
    this.emit('quit', new MockEvent(), 0)
  }
  /** Ends at once: no events, windows destroyed without 'close'. */
  exit(exitCode = 0): void {
    lifecycleState.exitCode = exitCode
    lifecycleState.quit = true
  }
  /** Sandboxes every renderer; only allowed before 'ready'. */
  enableSandbox(): void {
    if (appState.ready) throw new Error('app.enableSandbox() can only be called before app is ready')
    lifecycleState.sandboxEnabled = true
  }
  focus(_options?: { steal: boolean }): void {}
  setAboutPanelOptions(_options: Record<string, unknown>): void {}
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
/*
 * Rules, from electron shell/browser/api/electron_api_safe_storage.cc (IsEncryptionAvailable,
 * EncryptString, DecryptString, GetSelectedLinuxBackend) and https://www.electronjs.org/docs/latest/api/safe-storage:
 * - Nothing is available before 'ready'; encrypt/decrypt then throw "safeStorage cannot be used before app is ready".
 * - Linux: available when the selected keyring works (OSCrypt::IsEncryptionAvailable); with the 'basic_text'
 *   backend (no keyring) it is NOT available unless setUsePlainTextEncryption(true) was called.
 * - macOS: available when the Keychain is; Windows: once ready (docs).
 * - getSelectedStorageBackend() exists on Linux only (#if BUILDFLAG(IS_LINUX)) and returns 'unknown' before ready.
 * - setUsePlainTextEncryption() is a no-op on Windows and macOS (docs).
 */

export type StorageBackend =
  'basic_text' | 'gnome_libsecret' | 'kwallet' | 'kwallet5' | 'kwallet6' | 'unknown'

export type MockPlatform = 'linux' | 'darwin' | 'win32'

interface SafeStorageState {
  platform: MockPlatform
  /** Linux: what Chromium selected from the desktop environment or --password-store. */
  backend: Exclude<StorageBackend, 'unknown'>
  /** Whether the keyring (Linux), Keychain (macOS) or DPAPI (Windows) works. */
  keyringWorks: boolean
  usePlainText: boolean
  /** Every call, in order (to check the sequence an app follows). */
  calls: string[]
}

const hostPlatform = (): MockPlatform =>
  process.platform === 'darwin' || process.platform === 'win32' ? process.platform : 'linux'

function initialSafeStorageState(): SafeStorageState {
  return {
    platform: hostPlatform(),
    backend: 'gnome_libsecret',
    keyringWorks: true,
    usePlainText: false,
    calls: [],
  }
}

let safeStorageState = initialSafeStorageState()

// Chromium's Linux scheme: AES-128-CBC, an IV of 16 spaces, a key from PBKDF2-SHA1 with the salt 'saltysalt'.
// 'v10' data uses the hard-coded password 'peanuts' (basic_text); 'v11' uses the keyring's password.
// (components/os_crypt/sync/os_crypt_linux.cc). macOS and Windows write 'v10' with their own key.
const IV = Buffer.alloc(16, ' ')
const keyFor = (password: string): Buffer => pbkdf2Sync(password, 'saltysalt', 1, 16, 'sha1')
const BASIC_TEXT_KEY = keyFor('peanuts')
const KEYRING_KEY = keyFor('electron-mock-keyring-password')

const isLinux = (): boolean => safeStorageState.platform === 'linux'
const linuxKeyringWorks = (): boolean =>
  safeStorageState.backend !== 'basic_text' && safeStorageState.keyringWorks

function encryptionAvailable(): boolean {
  if (!appState.ready) return false
  if (!isLinux()) return safeStorageState.keyringWorks
  return linuxKeyringWorks() || (safeStorageState.usePlainText && safeStorageState.backend === 'basic_text')
}

function currentScheme(): { prefix: 'v10' | 'v11'; key: Buffer } {
  if (!isLinux()) return { prefix: 'v10', key: KEYRING_KEY }
  return linuxKeyringWorks() ? { prefix: 'v11', key: KEYRING_KEY } : { prefix: 'v10', key: BASIC_TEXT_KEY }
}

function unavailableError(what: 'encrypting the text' | 'decrypting the ciphertext', tail: string): Error {
  if (!appState.ready) return new Error('safeStorage cannot be used before app is ready')
  const fn = what === 'encrypting the text' ? 'encryptString' : 'decryptString'
  return new Error(`Error while ${what} provided to safeStorage.${fn}. ${tail}`)
}

export interface MockSafeStorage {
  isEncryptionAvailable(): boolean
  encryptString(plainText: string): Buffer
  decryptString(encrypted: Buffer): string
  setUsePlainTextEncryption(usePlainText: boolean): void
  /** Linux only: absent on macOS and Windows, like Electron. */
  getSelectedStorageBackend?: () => StorageBackend
}

function getSelectedStorageBackend(): StorageBackend {
  safeStorageState.calls.push('getSelectedStorageBackend')
  return appState.ready ? safeStorageState.backend : 'unknown'
}

export const safeStorage: MockSafeStorage = {
  isEncryptionAvailable(): boolean {
    safeStorageState.calls.push('isEncryptionAvailable')
    return encryptionAvailable()
  },
  encryptString(plainText: string): Buffer {
    safeStorageState.calls.push('encryptString')
    if (!encryptionAvailable()) throw unavailableError('encrypting the text', 'Encryption is not available.')
    const { prefix, key } = currentScheme()
    const cipher = createCipheriv('aes-128-cbc', key, IV)
    return Buffer.concat([Buffer.from(prefix), cipher.update(plainText, 'utf8'), cipher.final()])
  },
  decryptString(encrypted: Buffer): string {
    safeStorageState.calls.push('decryptString')
    if (!encryptionAvailable())
      throw unavailableError('decrypting the ciphertext', 'Decryption is not available.')
    if (!Buffer.isBuffer(encrypted))
      throw new TypeError('Expected the first argument of decryptString() to be a buffer')
    if (encrypted.length === 0) return ''
    const prefix = encrypted.subarray(0, 3).toString()
    if (prefix !== 'v10' && prefix !== 'v11') {
      throw new Error(
        'Error while decrypting the ciphertext provided to safeStorage.decryptString. Ciphertext does not appear to be encrypted.',
      )
    }
    // Linux: v10 data always decrypts with 'peanuts'; v11 data only while the keyring is there.
    const useKey = !isLinux()
      ? KEYRING_KEY
      : prefix === 'v10'
        ? BASIC_TEXT_KEY
        : linuxKeyringWorks()
          ? KEYRING_KEY
          : null
    try {
      if (!useKey) throw new Error('wrong key')
      const decipher = createDecipheriv('aes-128-cbc', useKey, IV)
      return Buffer.concat([decipher.update(encrypted.subarray(3)), decipher.final()]).toString('utf8')
    } catch {
      throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.')
    }
  },
  setUsePlainTextEncryption(usePlainText: boolean): void {
    safeStorageState.calls.push(`setUsePlainTextEncryption(${String(usePlainText)})`)
    safeStorageState.usePlainText = usePlainText
  },
  getSelectedStorageBackend,
}

function applyPlatform(): void {
  if (isLinux()) safeStorage.getSelectedStorageBackend = getSelectedStorageBackend
  else delete safeStorage.getSelectedStorageBackend
}
applyPlatform()

export const safeStorageMock = {
  /** Which OS safeStorage behaves like (default: the host's, Linux for anything but macOS and Windows). */
  setPlatform(platform: MockPlatform): void {
    safeStorageState.platform = platform
    applyPlatform()
  },
  /** Linux: the backend Chromium selected; 'basic_text' is no keyring (a hard-coded password). */
  setBackend(backend: Exclude<StorageBackend, 'unknown'>): void {
    safeStorageState.backend = backend
  },
  /** false: the keyring (or Keychain) is selected but does not answer. */
  setEncryptionAvailable(available: boolean): void {
    safeStorageState.keyringWorks = available
  },
  /** What setUsePlainTextEncryption last set (kept in memory by Electron: false in every new process). */
  get usePlainText(): boolean {
    return safeStorageState.usePlainText
  },
  /** The calls made so far, in order, e.g. ['isEncryptionAvailable', 'getSelectedStorageBackend']. */
  get calls(): readonly string[] {
    return safeStorageState.calls
  },
  /** A new process: setUsePlainTextEncryption forgotten, the machine (platform, backend, keyring) kept. */
  restartProcess(): void {
    safeStorageState.usePlainText = false
    safeStorageState.calls = []
  },
  reset(): void {
    safeStorageState = initialSafeStorageState()
    applyPlatform()
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
  /** A fake IpcMainInvokeEvent from a top-level frame at `frameUrl` (or from a sub-frame of `parentUrl`). */
  event(
    frameUrl: string,
    parentUrl?: string,
  ): { sender: MockWebContents; senderFrame: MockFrame; frameId: number; processId: number } {
    const parent = parentUrl === undefined ? null : mockFrame(parentUrl)
    const sender = new MockWebContents()
    sender.mainFrame = parent ?? mockFrame(frameUrl)
    return { sender, senderFrame: mockFrame(frameUrl, parent), frameId: 1, processId: 1 }
  },
  /** Calls a registered handler as if the page at `frameUrl` had invoked it. */
  async invoke(channel: string, frameUrl: string, ...args: unknown[]): Promise<unknown> {
    const handler = ipcMain.handlers.get(channel)
    if (handler === undefined) throw new Error(`No handler registered for '${channel}'`)
    return handler(ipcMainMock.event(frameUrl), ...args)
  },
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

/* -------------------------------------------------------- app lifecycle */

/** A cancellable Electron event: `preventDefault()` sets `defaultPrevented`. */
export class MockEvent {
  defaultPrevented = false
  preventDefault(): void {
    this.defaultPrevented = true
  }
}

interface LifecycleState {
  isPackaged: boolean
  lockAvailable: boolean
  lockRequests: number
  quitCalls: number
  quitting: boolean
  quit: boolean
  /** Ended by the OS without a quit (Windows end of session with no quit begun). */
  terminated: boolean
  exitCode: number | null
  sandboxEnabled: boolean
}

function initialLifecycleState(): LifecycleState {
  return {
    isPackaged: false,
    lockAvailable: true,
    lockRequests: 0,
    quitCalls: 0,
    quitting: false,
    quit: false,
    terminated: false,
    exitCode: null,
    sandboxEnabled: false,
  }
}

let lifecycleState = initialLifecycleState()

/** Test controls for the app's lifecycle (single-instance lock, quit). */
export const lifecycleMock = {
  setPackaged(packaged: boolean): void {
    lifecycleState.isPackaged = packaged
  },
  /** false: another instance holds the lock, so `requestSingleInstanceLock()` returns false. */
  setSingleInstanceLockAvailable(available: boolean): void {
    lifecycleState.lockAvailable = available
  },
  get lockRequests(): number {
    return lifecycleState.lockRequests
  },
  /** How many times `app.quit()` was called (whether or not a handler cancelled it). */
  get quitCalls(): number {
    return lifecycleState.quitCalls
  },
  /** True once a quit went through (nothing cancelled it) or `app.exit()` was called. */
  get hasQuit(): boolean {
    return lifecycleState.quit
  },
  get exitCode(): number | null {
    return lifecycleState.exitCode
  },
  /** Whether the process was ended by the system with no quit under way (see browserWindowMock.endSession). */
  get terminated(): boolean {
    return lifecycleState.terminated
  },
  get sandboxEnabled(): boolean {
    return lifecycleState.sandboxEnabled
  },
  reset(): void {
    lifecycleState = initialLifecycleState()
  },
}

/* -------------------------------------------------------------- session */

type PermissionRequestHandler = (
  webContents: unknown,
  permission: string,
  callback: (granted: boolean) => void,
  details: Record<string, unknown>,
) => void
type PermissionCheckHandler = (
  webContents: unknown,
  permission: string,
  requestingOrigin: string,
  details: Record<string, unknown>,
) => boolean
type HeadersListener = (
  details: { url: string; resourceType?: string; responseHeaders?: Record<string, string[]> } & Record<
    string,
    unknown
  >,
  callback: (response: { cancel?: boolean; responseHeaders?: Record<string, string | string[]> }) => void,
) => void

export class MockSession extends EventEmitter {
  permissionRequestHandler: PermissionRequestHandler | null = null
  permissionCheckHandler: PermissionCheckHandler | null = null
  devicePermissionHandler: ((details: Record<string, unknown>) => boolean) | null = null
  /** What `resolveProxy` answers, per URL; anything else is 'DIRECT'. */
  readonly proxyRules = new Map<string, string>()
  readonly webRequest = {
    headersReceived: null as HeadersListener | null,
    onHeadersReceived: (filterOrListener: unknown, maybeListener?: HeadersListener | null): void => {
      const listener = typeof filterOrListener === 'function' ? filterOrListener : maybeListener
      this.webRequest.headersReceived = (listener as HeadersListener | null | undefined) ?? null
    },
  }

  setPermissionRequestHandler(handler: PermissionRequestHandler | null): void {
    this.permissionRequestHandler = handler
  }
  setPermissionCheckHandler(handler: PermissionCheckHandler | null): void {
    this.permissionCheckHandler = handler
  }
  setDevicePermissionHandler(handler: ((details: Record<string, unknown>) => boolean) | null): void {
    this.devicePermissionHandler = handler
  }
  resolveProxy(url: string): Promise<string> {
    return Promise.resolve(this.proxyRules.get(url) ?? 'DIRECT')
  }

  /* Test helpers: what Chromium would do. Without a handler Electron grants every permission. */
  requestPermission(
    webContents: unknown,
    permission: string,
    details: Record<string, unknown> = {},
  ): Promise<boolean> {
    const handler = this.permissionRequestHandler
    if (handler === null) return Promise.resolve(true)
    return new Promise((resolve) => handler(webContents, permission, resolve, details))
  }
  checkPermission(
    webContents: unknown,
    permission: string,
    requestingOrigin: string,
    details: Record<string, unknown> = {},
  ): boolean {
    return this.permissionCheckHandler === null
      ? true
      : this.permissionCheckHandler(webContents, permission, requestingOrigin, details)
  }
  /** Runs the onHeadersReceived listener; resolves with the headers the page would get. */
  receiveHeaders(
    url: string,
    responseHeaders: Record<string, string[]>,
  ): Promise<Record<string, string | string[]>> {
    const listener = this.webRequest.headersReceived
    if (listener === null) return Promise.resolve(responseHeaders)
    return new Promise((resolve) =>
      listener({ url, resourceType: 'mainFrame', responseHeaders }, (response) =>
        resolve(response.responseHeaders ?? responseHeaders),
      ),
    )
  }
  reset(): void {
    this.permissionRequestHandler = null
    this.permissionCheckHandler = null
    this.devicePermissionHandler = null
    this.proxyRules.clear()
    this.webRequest.headersReceived = null
    this.removeAllListeners()
  }
}

const defaultSession = new MockSession()

export const session = {
  defaultSession,
  fromPartition(_partition: string): MockSession {
    return defaultSession
  },
}

/* ---------------------------------------------------- webContents, frames */

/** The parts of WebFrameMain the main process reads. */
export interface MockFrame {
  url: string
  origin: string
  parent: MockFrame | null
  top: MockFrame | null
  frameTreeNodeId: number
  processId: number
  routingId: number
}

export function mockFrame(url: string, parent: MockFrame | null = null): MockFrame {
  let origin = 'null'
  try {
    const parsed = new URL(url)
    origin = parsed.host === '' ? 'null' : `${parsed.protocol}//${parsed.host}`
  } catch {
    // stays 'null', as for an opaque origin
  }
  const frame: MockFrame = { url, origin, parent, top: null, frameTreeNodeId: 1, processId: 1, routingId: 1 }
  frame.top = parent === null ? frame : parent.top
  return frame
}

type WindowOpenResponse = { action: 'deny' } | { action: 'allow'; overrideBrowserWindowOptions?: unknown }
type WindowOpenHandler = (details: {
  url: string
  frameName: string
  features: string
  disposition: string
  referrer: { url: string; policy: string }
}) => WindowOpenResponse

let nextWebContentsId = 1

export class MockWebContents extends EventEmitter {
  readonly id = nextWebContentsId++
  readonly session: MockSession
  readonly sent: { channel: string; args: unknown[] }[] = []
  windowOpenHandler: WindowOpenHandler | null = null
  mainFrame: MockFrame = mockFrame('about:blank')
  private destroyed = false
  private loading = false
  private crashed = false
  private hangs = false
  /** The next loads fail with these Chromium net errors (see webContentsMock-style helpers below). */
  readonly loadFailures: { code: number; description: string }[] = []

  constructor(ses: MockSession = defaultSession) {
    super()
    this.session = ses
  }
  getURL(): string {
    return this.mainFrame.url
  }
  /**
   * Resolves after 'did-finish-load'; a failed load emits 'did-fail-load' (event, errorCode, errorDescription,
   * validatedURL, isMainFrame, frameProcessId, frameRoutingId) and rejects with an Error whose `code` is the
   * error's name and `errno` its number (lib/browser/api/web-contents.ts, loadURL;
   * https://www.electronjs.org/docs/latest/api/web-contents#event-did-fail-load).
   */
  loadURL(url: string): Promise<void> {
    this.mainFrame = mockFrame(url)
    this.loading = true
    this.crashed = false
    this.emit('did-start-loading')
    const failure = this.loadFailures.shift()
    if (this.hangs) return new Promise<void>(() => undefined)
    return Promise.resolve().then(() => {
      if (this.destroyed) throw new Error('ERR_ABORTED')
      this.loading = false
      if (failure !== undefined) {
        this.emit('did-fail-load', new MockEvent(), failure.code, failure.description, url, true, 1, 1)
        this.emit('did-stop-loading')
        throw Object.assign(new Error(`${failure.description} (${failure.code}) loading '${url}'`), {
          code: failure.description,
          errno: failure.code,
          url,
        })
      }
      this.emit('dom-ready')
      this.emit('did-finish-load')
      this.emit('did-stop-loading')
    })
  }
  isLoading(): boolean {
    return this.loading
  }
  send(channel: string, ...args: unknown[]): void {
    if (this.destroyed) throw new Error('Object has been destroyed')
    // Electron serializes with the structured clone algorithm: functions and the like throw.
    this.sent.push({ channel, args: args.map((arg) => structuredClone(arg)) })
  }
  setWindowOpenHandler(handler: WindowOpenHandler): void {
    this.windowOpenHandler = handler
  }
  isDestroyed(): boolean {
    return this.destroyed
  }
  destroy(): void {
    if (this.destroyed) return
    this.destroyed = true
    this.emit('destroyed')
  }
  /** Reloads the current URL (also after the renderer is gone, which starts a new one). */
  reload(): void {
    this.loadURL(this.getURL()).catch(() => undefined)
  }
  isCrashed(): boolean {
    return this.crashed
  }
  openDevTools(): void {}
  closeDevTools(): void {}
  isDevToolsOpened(): boolean {
    return false
  }

  /* Test helpers. */
  /** Emits a navigation event ('will-navigate', 'will-frame-navigate', 'will-redirect'); true if prevented. */
  attemptNavigation(
    eventName: 'will-navigate' | 'will-frame-navigate' | 'will-redirect',
    url: string,
  ): boolean {
    const event = Object.assign(new MockEvent(), {
      url,
      isMainFrame: true,
      isSameDocument: false,
      frame: this.mainFrame,
    })
    this.emit(eventName, event, url, false, true, 1, 1)
    return event.defaultPrevented
  }
  /** What `window.open(url)` or a target=_blank link leads to: the handler's answer (Electron allows by default). */
  openWindow(url: string): WindowOpenResponse {
    const details = {
      url,
      frameName: '',
      features: '',
      disposition: 'foreground-tab',
      referrer: { url: this.getURL(), policy: 'strict-origin-when-cross-origin' },
    }
    return this.windowOpenHandler === null ? { action: 'allow' } : this.windowOpenHandler(details)
  }
  /** A <webview> about to attach; true if prevented (the guest is destroyed). */
  attachWebview(src: string): boolean {
    const event = new MockEvent()
    this.emit('will-attach-webview', event, { nodeIntegration: false }, { src })
    return event.defaultPrevented
  }
  /** Loads never finish from now on (a renderer that hangs or never paints): no 'ready-to-show'. */
  hangLoads(): void {
    this.hangs = true
  }
  /** The next load fails, e.g. `failNextLoad(-6, 'ERR_FILE_NOT_FOUND')` (Chromium net/base/net_error_list.h). */
  failNextLoad(code: number, description: string): void {
    this.loadFailures.push({ code, description })
  }
  /**
   * The renderer process dies: 'render-process-gone' (event, details { reason, exitCode })
   * (https://www.electronjs.org/docs/latest/api/web-contents#event-render-process-gone).
   */
  crash(
    reason: 'crashed' | 'oom' | 'killed' | 'launch-failed' | 'abnormal-exit' = 'crashed',
    exitCode = 139,
  ): void {
    this.crashed = true
    this.loading = false
    this.emit('render-process-gone', new MockEvent(), { reason, exitCode })
  }
  /** Sent events on one channel, payload only. */
  sentOn(channel: string): unknown[] {
    return this.sent.filter((message) => message.channel === channel).map((message) => message.args[0])
  }
}

/* -------------------------------------------------------- BrowserWindow */

interface Bounds {
  x: number
  y: number
  width: number
  height: number
}

interface MockWindowOptions {
  x?: number
  y?: number
  width?: number
  height?: number
  show?: boolean
  backgroundColor?: string
  webPreferences?: Record<string, unknown>
  [key: string]: unknown
}

let nextWindowId = 1
const openWindows = new Set<MockBrowserWindow>()

export class MockBrowserWindow extends EventEmitter {
  readonly id = nextWindowId++
  readonly options: MockWindowOptions
  readonly webContents: MockWebContents
  private bounds: Bounds
  private visible: boolean
  private minimized = false
  private maximized = false
  private fullScreen = false
  private focused = false
  private destroyed = false
  private readyShown = false
  focusCount = 0

  static getAllWindows(): MockBrowserWindow[] {
    return [...openWindows]
  }
  static getFocusedWindow(): MockBrowserWindow | null {
    return [...openWindows].find((window) => window.focused) ?? null
  }
  static fromWebContents(contents: unknown): MockBrowserWindow | null {
    return [...openWindows].find((window) => window.webContents === contents) ?? null
  }

  constructor(options: MockWindowOptions = {}) {
    super()
    this.options = options
    this.bounds = {
      x: options.x ?? 0,
      y: options.y ?? 0,
      width: options.width ?? 800,
      height: options.height ?? 600,
    }
    this.visible = options.show ?? true
    this.webContents = new MockWebContents()
    openWindows.add(this)
    browserWindowMock.created.push(this)
    // Electron announces every new web contents before the constructor returns.
    app.emit('web-contents-created', new MockEvent(), this.webContents)
    this.webContents.on('did-finish-load', () => {
      if (this.readyShown || this.destroyed) return
      this.readyShown = true
      this.emit('ready-to-show')
    })
  }
  loadURL(url: string): Promise<void> {
    return this.webContents.loadURL(url)
  }
  loadFile(path: string): Promise<void> {
    return this.webContents.loadURL(`file://${path}`)
  }
  show(): void {
    this.visible = true
    this.minimized = false
    this.focus()
    this.emit('show')
  }
  hide(): void {
    this.visible = false
    this.emit('hide')
  }
  isVisible(): boolean {
    return this.visible
  }
  focus(): void {
    this.focusCount += 1
    for (const window of openWindows) window.focused = window === this
    this.emit('focus')
  }
  isFocused(): boolean {
    return this.focused
  }
  minimize(): void {
    this.minimized = true
    this.focused = false
    this.emit('minimize')
  }
  restore(): void {
    this.minimized = false
    this.maximized = false
    this.visible = true
    this.emit('restore')
  }
  isMinimized(): boolean {
    return this.minimized
  }
  maximize(): void {
    this.maximized = true
    this.visible = true
    this.emit('maximize')
  }
  unmaximize(): void {
    this.maximized = false
    this.emit('unmaximize')
  }
  isMaximized(): boolean {
    return this.maximized
  }
  setFullScreen(flag: boolean): void {
    this.fullScreen = flag
  }
  isFullScreen(): boolean {
    return this.fullScreen
  }
  getBounds(): Bounds {
    return { ...this.bounds }
  }
  /** The bounds when neither maximized nor full screen (the mock keeps them unchanged while maximized). */
  getNormalBounds(): Bounds {
    return { ...this.bounds }
  }
  setBounds(bounds: Partial<Bounds>): void {
    const moved = bounds.x !== undefined || bounds.y !== undefined
    const resized = bounds.width !== undefined || bounds.height !== undefined
    this.bounds = { ...this.bounds, ...bounds }
    if (resized) this.emit('resize')
    if (moved) this.emit('move')
  }
  getBackgroundColor(): string {
    return this.options.backgroundColor ?? '#FFFFFF'
  }
  setBackgroundColor(color: string): void {
    this.options.backgroundColor = color
  }
  setTitle(title: string): void {
    this.options.title = title
  }
  /** Emits a cancellable 'close'; if not cancelled, the window is destroyed. */
  close(): void {
    if (this.destroyed) return
    const event = new MockEvent()
    this.emit('close', event)
    if (!event.defaultPrevented) this.destroy()
  }
  destroy(): void {
    if (this.destroyed) return
    this.destroyed = true
    openWindows.delete(this)
    this.webContents.destroy()
    this.emit('closed')
    if (openWindows.size === 0 && !lifecycleState.quitting) app.emit('window-all-closed')
  }
  isDestroyed(): boolean {
    return this.destroyed
  }
}

export const BrowserWindow = MockBrowserWindow

export const browserWindowMock = {
  /** The windows created since the last reset, open or not, oldest first. */
  created: [] as MockBrowserWindow[],
  /**
   * Windows logs off or shuts down (WM_ENDSESSION): every window gets 'session-end' with the reasons
   * (https://www.electronjs.org/docs/latest/api/browser-window#event-session-end); before-quit is not
   * emitted. Right after, Electron ends the process at once unless a quit is under way
   * (shell/browser/native_window_views_win.cc, WM_ENDSESSION: TerminateCurrentProcessImmediately).
   */
  endSession(reasons: ('shutdown' | 'close-app' | 'critical' | 'logoff')[] = ['logoff']): void {
    for (const window of [...openWindows]) {
      window.emit('session-end', Object.assign(new MockEvent(), { reasons }))
    }
    if (!lifecycleState.quitting) {
      lifecycleState.terminated = true
      lifecycleState.quit = true
      lifecycleState.exitCode = 0
    }
  },
  reset(): void {
    for (const window of [...openWindows]) window.destroy()
    openWindows.clear()
    browserWindowMock.created.length = 0
  },
}

/* --------------------------------------------------------- powerMonitor */

interface PowerMonitorState {
  shutdownDelayed: boolean
}

let powerMonitorState: PowerMonitorState = { shutdownDelayed: false }

/**
 * 'shutdown' (Linux, macOS): the system is about to reboot or shut down; e.preventDefault() makes Electron
 * delay it (on Linux with a logind delay lock, taken only while a 'shutdown' listener exists), and the app
 * should then quit soon (https://www.electronjs.org/docs/latest/api/power-monitor#event-shutdown-linux-macos;
 * lib/browser/api/power-monitor.ts, shell/browser/lib/power_observer_linux.cc).
 */
export const powerMonitor = new EventEmitter()

export const powerMonitorMock = {
  /** The system announces a shutdown; true if a listener asked to delay it. */
  systemShutdown(): boolean {
    const event = new MockEvent()
    powerMonitor.emit('shutdown', event)
    powerMonitorState.shutdownDelayed = event.defaultPrevented
    return event.defaultPrevented
  },
  get shutdownDelayed(): boolean {
    return powerMonitorState.shutdownDelayed
  },
  reset(): void {
    powerMonitorState = { shutdownDelayed: false }
    powerMonitor.removeAllListeners()
  },
}

/* ---------------------------------------------------------------- Menu */

export interface MockMenuItemOptions {
  label?: string
  role?: string
  type?: string
  accelerator?: string
  visible?: boolean
  enabled?: boolean
  click?: (menuItem: unknown, window: unknown, event: unknown) => void
  submenu?: MockMenuItemOptions[] | MockMenu
  [key: string]: unknown
}

export class MockMenuItem {
  readonly label: string
  readonly role?: string
  readonly type: string
  readonly accelerator?: string
  readonly visible: boolean
  readonly enabled: boolean
  readonly submenu?: MockMenu
  private readonly onClick?: MockMenuItemOptions['click']

  constructor(options: MockMenuItemOptions) {
    if (
      options.role === undefined &&
      options.type !== 'separator' &&
      options.label === undefined &&
      !options.submenu
    ) {
      throw new Error('Invalid menu item: no label, role or submenu')
    }
    this.label = options.label ?? ''
    // Electron lower-cases roles (lib/browser/api/menu-item.ts); its own default label is not copied here.
    if (options.role !== undefined) this.role = options.role.toLowerCase()
    this.type = options.type ?? (options.submenu ? 'submenu' : 'normal')
    if (options.accelerator !== undefined) this.accelerator = options.accelerator
    this.visible = options.visible ?? true
    this.enabled = options.enabled ?? true
    if (options.submenu !== undefined) {
      this.submenu =
        options.submenu instanceof MockMenu ? options.submenu : MockMenu.buildFromTemplate(options.submenu)
    }
    this.onClick = options.click
  }
  /** What a user's click does (roles are performed by Electron and do nothing here). */
  click(): void {
    this.onClick?.(this, null, {})
  }
}

let applicationMenu: MockMenu | null = null

export class MockMenu {
  readonly items: MockMenuItem[] = []

  static buildFromTemplate(template: MockMenuItemOptions[]): MockMenu {
    const menu = new MockMenu()
    for (const options of template) menu.items.push(new MockMenuItem(options))
    return menu
  }
  static setApplicationMenu(menu: MockMenu | null): void {
    applicationMenu = menu
  }
  static getApplicationMenu(): MockMenu | null {
    return applicationMenu
  }
  append(item: MockMenuItem): void {
    this.items.push(item)
  }
  /** Test helper: the item at a path of labels (or roles, any case), e.g. `find('File', 'New Chat')`. */
  find(...path: string[]): MockMenuItem | undefined {
    const [name, ...rest] = path
    const found = this.items.find((item) => item.label === name || item.role === name?.toLowerCase())
    if (found === undefined || rest.length === 0) return found
    return found.submenu?.find(...rest)
  }
}

export const Menu = MockMenu
export const MenuItem = MockMenuItem

export const menuMock = {
  get applicationMenu(): MockMenu | null {
    return applicationMenu
  },
  reset(): void {
    applicationMenu = null
  },
}

/* ------------------------------------------------------------- protocol */

type ProtocolHandler = (request: Request) => Response | Promise<Response>

interface ProtocolState {
  privileged: { scheme: string; privileges?: Record<string, boolean> }[]
  /** Whether `registerSchemesAsPrivileged` was called after the app was ready (too late in Electron). */
  privilegedAfterReady: boolean
  handlers: Map<string, ProtocolHandler>
}

let protocolState: ProtocolState = { privileged: [], privilegedAfterReady: false, handlers: new Map() }

export const protocol = {
  registerSchemesAsPrivileged(schemes: { scheme: string; privileges?: Record<string, boolean> }[]): void {
    if (appState.ready) protocolState.privilegedAfterReady = true
    protocolState.privileged.push(...schemes)
  },
  handle(scheme: string, handler: ProtocolHandler): void {
    if (!appState.ready) throw new Error('protocol.handle() can only be used after the app is ready')
    if (protocolState.handlers.has(scheme)) throw new Error(`Failed to register protocol: ${scheme}`)
    protocolState.handlers.set(scheme, handler)
  },
  unhandle(scheme: string): void {
    protocolState.handlers.delete(scheme)
  },
  isProtocolHandled(scheme: string): boolean {
    return protocolState.handlers.has(scheme)
  },
}

export const protocolMock = {
  get privileged(): readonly { scheme: string; privileges?: Record<string, boolean> }[] {
    return protocolState.privileged
  },
  get privilegedAfterReady(): boolean {
    return protocolState.privilegedAfterReady
  },
  /** Requests a URL through the registered handler, as the page would. */
  async fetch(url: string, init?: RequestInit): Promise<Response> {
    const scheme = url.slice(0, url.indexOf(':'))
    const handler = protocolState.handlers.get(scheme)
    if (handler === undefined) throw new Error(`net::ERR_UNKNOWN_URL_SCHEME (${scheme})`)
    return handler(new Request(url, init))
  },
  reset(): void {
    protocolState = { privileged: [], privilegedAfterReady: false, handlers: new Map() }
  },
}

/* --------------------------------------------------------------- dialog */

interface DialogState {
  calls: { method: string; options: unknown }[]
  saveResult: { canceled: boolean; filePath: string }
  openResult: { canceled: boolean; filePaths: string[] }
  messageBoxResult: { response: number; checkboxChecked: boolean }
}

function initialDialogState(): DialogState {
  return {
    calls: [],
    saveResult: { canceled: true, filePath: '' },
    openResult: { canceled: true, filePaths: [] },
    messageBoxResult: { response: 0, checkboxChecked: false },
  }
}

let dialogState = initialDialogState()

// Electron accepts an optional parent window first.
function dialogOptions(args: unknown[]): unknown {
  return args.length > 1 ? args[1] : args[0]
}

export const dialog = {
  showSaveDialog(...args: unknown[]): Promise<{ canceled: boolean; filePath: string }> {
    dialogState.calls.push({ method: 'showSaveDialog', options: dialogOptions(args) })
    return Promise.resolve({ ...dialogState.saveResult })
  },
  showOpenDialog(...args: unknown[]): Promise<{ canceled: boolean; filePaths: string[] }> {
    dialogState.calls.push({ method: 'showOpenDialog', options: dialogOptions(args) })
    return Promise.resolve({ ...dialogState.openResult, filePaths: [...dialogState.openResult.filePaths] })
  },
  showMessageBox(...args: unknown[]): Promise<{ response: number; checkboxChecked: boolean }> {
    dialogState.calls.push({ method: 'showMessageBox', options: dialogOptions(args) })
    return Promise.resolve({ ...dialogState.messageBoxResult })
  },
  showErrorBox(title: string, content: string): void {
    dialogState.calls.push({ method: 'showErrorBox', options: { title, content } })
  },
}

export const dialogMock = {
  get calls(): readonly { method: string; options: unknown }[] {
    return dialogState.calls
  },
  /** The user picks this path in the next save dialogs (null: they cancel). */
  setSavePath(filePath: string | null): void {
    dialogState.saveResult =
      filePath === null ? { canceled: true, filePath: '' } : { canceled: false, filePath }
  },
  setOpenPaths(filePaths: string[] | null): void {
    dialogState.openResult =
      filePaths === null ? { canceled: true, filePaths: [] } : { canceled: false, filePaths }
  },
  setMessageBoxResponse(response: number, checkboxChecked = false): void {
    dialogState.messageBoxResult = { response, checkboxChecked }
  },
  reset(): void {
    dialogState = initialDialogState()
  },
}

/* --------------------------------------------------------------- screen */

export interface MockDisplay {
  id: number
  bounds: Bounds
  workArea: Bounds
  scaleFactor: number
}

const defaultDisplay = (): MockDisplay => ({
  id: 1,
  bounds: { x: 0, y: 0, width: 1920, height: 1080 },
  workArea: { x: 0, y: 25, width: 1920, height: 1055 },
  scaleFactor: 1,
})

let displays: MockDisplay[] = [defaultDisplay()]

function overlapArea(a: Bounds, b: Bounds): number {
  const width = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x)
  const height = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y)
  return width > 0 && height > 0 ? width * height : 0
}

function distanceTo(point: { x: number; y: number }, rect: Bounds): number {
  const dx = Math.max(rect.x - point.x, 0, point.x - (rect.x + rect.width))
  const dy = Math.max(rect.y - point.y, 0, point.y - (rect.y + rect.height))
  return Math.hypot(dx, dy)
}

export const screen = Object.assign(new EventEmitter(), {
  getAllDisplays(): MockDisplay[] {
    return displays.map((display) => structuredClone(display))
  },
  getPrimaryDisplay(): MockDisplay {
    return structuredClone(displays[0] ?? defaultDisplay())
  },
  /** The display that most closely intersects the rectangle (the nearest one when none does). */
  getDisplayMatching(rect: Bounds): MockDisplay {
    const center = { x: rect.x + rect.width / 2, y: rect.y + rect.height / 2 }
    const best = [...displays].sort(
      (a, b) =>
        overlapArea(rect, b.bounds) - overlapArea(rect, a.bounds) ||
        distanceTo(center, a.bounds) - distanceTo(center, b.bounds),
    )[0]
    return structuredClone(best ?? defaultDisplay())
  },
  getDisplayNearestPoint(point: { x: number; y: number }): MockDisplay {
    const best = [...displays].sort((a, b) => distanceTo(point, a.bounds) - distanceTo(point, b.bounds))[0]
    return structuredClone(best ?? defaultDisplay())
  },
})

export const screenMock = {
  /** The first display is the primary one. */
  setDisplays(next: MockDisplay[]): void {
    displays = next.map((display) => structuredClone(display))
  },
  reset(): void {
    displays = [defaultDisplay()]
    screen.removeAllListeners()
  },
}

/* ---------------------------------------------------------- nativeTheme */

export const nativeTheme = Object.assign(new EventEmitter(), {
  shouldUseDarkColors: false,
  themeSource: 'system' as 'system' | 'light' | 'dark',
})

export const nativeThemeMock = {
  /** What the system prefers (when themeSource is 'system'). */
  setSystemDark(dark: boolean): void {
    nativeTheme.shouldUseDarkColors = dark
    nativeTheme.emit('updated')
  },
  reset(): void {
    nativeTheme.shouldUseDarkColors = false
    nativeTheme.themeSource = 'system'
    nativeTheme.removeAllListeners()
  },
}

/* ------------------------------------------ preload: contextBridge, ipcRenderer */

let exposed = new Map<string, unknown>()

export const contextBridge = {
  exposeInMainWorld(apiKey: string, api: unknown): void {
    if (exposed.has(apiKey))
      throw new Error(`Cannot bind an API on top of an existing property on the window object`)
    exposed.set(apiKey, api)
  },
}

export const contextBridgeMock = {
  /** What the preload put on `window[key]`. */
  exposed(key: string): unknown {
    return exposed.get(key)
  },
  get keys(): string[] {
    return [...exposed.keys()]
  },
  reset(): void {
    exposed = new Map()
  },
}

/** The event a renderer listener receives from Electron (the preload must not hand it to the page). */
export interface MockIpcRendererEvent {
  sender: unknown
  senderId: number
  ports: unknown[]
}

interface IpcRendererState {
  /** The URL of the frame the preload runs in, seen by main as `event.senderFrame.url`. */
  frameUrl: string
  invocations: { channel: string; args: unknown[] }[]
}

let ipcRendererState: IpcRendererState = { frameUrl: 'about:blank', invocations: [] }

class MockIpcRenderer extends EventEmitter {
  /** Calls the ipcMain handler in this same process, with arguments and result structured-cloned. */
  async invoke(channel: string, ...args: unknown[]): Promise<unknown> {
    const cloned = args.map((arg) => structuredClone(arg))
    ipcRendererState.invocations.push({ channel, args: cloned })
    const handler = ipcMain.handlers.get(channel)
    if (handler === undefined)
      throw new Error(`Error invoking remote method '${channel}': No handler registered for '${channel}'`)
    const event = ipcMainMock.event(ipcRendererState.frameUrl)
    try {
      return structuredClone(await handler(event, ...cloned))
    } catch (error) {
      // Electron reduces a thrown error to a prefixed message.
      const message = error instanceof Error ? error.message : String(error)
      throw new Error(`Error invoking remote method '${channel}': ${message}`)
    }
  }
  send(channel: string, ...args: unknown[]): void {
    ipcMain.emit(
      channel,
      ipcMainMock.event(ipcRendererState.frameUrl),
      ...args.map((arg) => structuredClone(arg)),
    )
  }
}

export const ipcRenderer = new MockIpcRenderer()

export const ipcRendererMock = {
  setFrameUrl(url: string): void {
    ipcRendererState.frameUrl = url
  },
  get invocations(): readonly { channel: string; args: unknown[] }[] {
    return ipcRendererState.invocations
  },
  /** What `webContents.send(channel, payload)` in main delivers to the preload's listeners. */
  deliver(channel: string, ...args: unknown[]): MockIpcRendererEvent {
    const event: MockIpcRendererEvent = { sender: ipcRenderer, senderId: 0, ports: [] }
    ipcRenderer.emit(channel, event, ...args.map((arg) => structuredClone(arg)))
    return event
  },
  listenerCount(channel: string): number {
    return ipcRenderer.listenerCount(channel)
  },
  reset(): void {
    ipcRendererState = { frameUrl: 'about:blank', invocations: [] }
    ipcRenderer.removeAllListeners()
  },
}

/* ---------------------------------------------------------------- reset */

/** Back to a ready app with a keyring; `userData` unset. Call in `beforeEach`. */
export function resetElectronMock(): void {
  appMock.reset()
  safeStorageMock.reset()
  ipcMainMock.reset()
  shellMock.reset()
  lifecycleMock.reset()
  defaultSession.reset()
  browserWindowMock.reset()
  menuMock.reset()
  protocolMock.reset()
  dialogMock.reset()
  screenMock.reset()
  nativeThemeMock.reset()
  contextBridgeMock.reset()
  ipcRendererMock.reset()
  powerMonitorMock.reset()
}

const electron = {
  app,
  safeStorage,
  ipcMain,
  shell,
  session,
  BrowserWindow,
  Menu,
  MenuItem,
  protocol,
  dialog,
  screen,
  nativeTheme,
  contextBridge,
  ipcRenderer,
  powerMonitor,
}
export default electron
