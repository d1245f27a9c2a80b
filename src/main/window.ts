/**
 * The window and everything that keeps the page inside it: secure webPreferences, the CSP,
 * navigation and window-open handlers, permission handlers, and the remembered size/position.
 */
import { BrowserWindow, screen, shell } from 'electron'
import type { Rectangle, Session, WebContents } from 'electron'
import { APP_ENTRY_URL } from './app-protocol'
import { AppError } from './app-error'
import { asError, silentLogger, type Logger } from './logging/logger'
import { loadWindowState, MIN_SIZE, restoreWindowState, saveWindowState } from './window-state'

/* ------------------------------------------------------------------ origins */

/** The origin of a URL as `scheme://host[:port]`; null when it has none (about:, data:, garbage). */
export function originOf(url: string): string | null {
  try {
    const parsed = new URL(url)
    // URL.origin is "null" for non-special schemes such as app:, so build it by hand.
    return parsed.host === '' ? null : `${parsed.protocol}//${parsed.host}`
  } catch {
    return null
  }
}

/** Which URLs are our own page: the app:// origin, or (in development only) the dev server. */
export interface OriginPolicy {
  /** Where the window loads the page from. */
  readonly entryUrl: string
  /** The dev server's URL when running `electron-vite dev`. */
  readonly devServerUrl?: string
  isOwnUrl(url: string): boolean
}

export function createOriginPolicy(devServerUrl?: string): OriginPolicy {
  const devOrigin = devServerUrl === undefined ? null : originOf(devServerUrl)
  const entryUrl = devServerUrl !== undefined && devOrigin !== null ? devServerUrl : APP_ENTRY_URL
  const ownOrigin = originOf(entryUrl)
  return {
    entryUrl,
    ...(devOrigin !== null && devServerUrl !== undefined ? { devServerUrl } : {}),
    isOwnUrl: (url) => ownOrigin !== null && originOf(url) === ownOrigin,
  }
}

/* ------------------------------------------------------------ external links */

/** Only plain http(s) links without credentials leave the app (never file:, javascript:, custom schemes). */
export function isSafeExternalUrl(url: string): boolean {
  if (typeof url !== 'string' || url.length > 10_000) return false
  try {
    const parsed = new URL(url)
    return (
      (parsed.protocol === 'http:' || parsed.protocol === 'https:') &&
      parsed.hostname !== '' &&
      parsed.username === '' &&
      parsed.password === ''
    )
  } catch {
    return false
  }
}

/** Opens a link in the user's browser, after checking it; rejects anything else. */
export async function openExternalUrl(url: string): Promise<void> {
  if (!isSafeExternalUrl(url)) throw new AppError('invalid_input', 'Only http and https links can be opened.')
  const checked = new URL(url).href
  // Reviewed for electronegativity: the URL was checked just above.
  await shell.openExternal(checked) // eng-disable OPEN_EXTERNAL_JS_CHECK
}

/* ------------------------------------------------------- web contents and session */

const hardened = new WeakSet<WebContents>()

/**
 * Keeps a web contents on our own page: navigation and redirects elsewhere are cancelled, no new
 * window ever opens (http(s) links go to the browser instead), and <webview> is refused.
 */
export function hardenWebContents(
  contents: WebContents,
  policy: OriginPolicy,
  logger: Logger = silentLogger,
): void {
  if (hardened.has(contents)) return
  hardened.add(contents)

  const keepInside = (event: { preventDefault(): void; url: string }): void => {
    if (!policy.isOwnUrl(event.url)) event.preventDefault()
  }
  contents.on('will-navigate', keepInside)
  contents.on('will-frame-navigate', keepInside)
  contents.on('will-redirect', keepInside)
  contents.on('will-attach-webview', (event) => {
    event.preventDefault()
  })
  contents.setWindowOpenHandler(({ url }) => {
    if (isSafeExternalUrl(url)) {
      openExternalUrl(url).catch((error: unknown) => {
        logger.error('Could not open a link in the browser', { error: asError(error) })
      })
    }
    return { action: 'deny' }
  })
}

/**
 * The one permission we grant: writing (sanitized) text to the clipboard from our own page,
 * which the copy buttons need; Chromium gates it behind the permission check. Everything else
 * (camera, microphone, notifications, geolocation, HID, USB, fullscreen...) is denied.
 */
const ALLOWED_PERMISSIONS: ReadonlySet<string> = new Set(['clipboard-sanitized-write'])

export function isPermissionAllowed(
  permission: string,
  requestingUrl: string,
  policy: OriginPolicy,
): boolean {
  return ALLOWED_PERMISSIONS.has(permission) && policy.isOwnUrl(requestingUrl)
}

/** Denies permissions (both the request and the check), and sets our CSP on every response. */
export function hardenSession(session: Session, policy: OriginPolicy, contentSecurityPolicy: string): void {
  session.setPermissionRequestHandler((_contents, permission, callback, details) => {
    callback(isPermissionAllowed(permission, details.requestingUrl, policy))
  })
  session.setPermissionCheckHandler((_contents, permission, requestingOrigin) =>
    isPermissionAllowed(permission, requestingOrigin, policy),
  )
  session.setDevicePermissionHandler(() => false)
  // The app:// handler sets the header itself; this covers the dev server and anything else.
  session.webRequest.onHeadersReceived((details, callback) => {
    const headers: Record<string, string[]> = {}
    for (const [name, value] of Object.entries(details.responseHeaders ?? {})) {
      if (name.toLowerCase() !== 'content-security-policy') headers[name] = value
    }
    headers['Content-Security-Policy'] = [contentSecurityPolicy]
    callback({ responseHeaders: headers })
  })
}

/* ------------------------------------------------------------------ window */

export const BACKGROUND_COLORS = { light: '#ffffff', dark: '#1e1e1e' } as const

/** Timers, injectable so tests run without real time. */
export interface TimerScheduler {
  setTimeout(run: () => void, ms: number): unknown
  clearTimeout(handle: unknown): void
}

const realTimers: TimerScheduler = {
  setTimeout: (run, ms) => setTimeout(run, ms),
  clearTimeout: (handle) => {
    clearTimeout(handle as ReturnType<typeof setTimeout>)
  },
}

/** What went wrong with the window's page. */
export type PageTrouble =
  { kind: 'load-failed'; code: number; description: string } | { kind: 'gone'; reason: string }

/** Shown if 'ready-to-show' never comes (a page that never paints must not leave an invisible app). */
export const FALLBACK_SHOW_MS = 4000

export interface MainWindowOptions {
  policy: OriginPolicy
  preload: string
  /** Where the size and position are remembered. */
  stateFile: string
  dark: boolean
  devTools: boolean
  /** Asks the user what to do when the page failed to load or its renderer is gone. */
  askAboutPage(trouble: PageTrouble, window: BrowserWindow): Promise<'reload' | 'quit'>
  quit(): void
  scheduler?: TimerScheduler
  logger?: Logger
}

/** Saves the window's normal bounds when it moves or resizes (debounced) and when it closes. */
export function trackWindowState(
  window: BrowserWindow,
  stateFile: string,
  logger: Logger = silentLogger,
): void {
  let timer: ReturnType<typeof setTimeout> | undefined
  const save = (): void => {
    clearTimeout(timer)
    timer = undefined
    if (window.isDestroyed()) return
    try {
      saveWindowState(stateFile, { bounds: window.getNormalBounds(), isMaximized: window.isMaximized() })
    } catch (error) {
      // Losing the window position is not worth bothering the user about.
      logger.warn('Could not save the window position', { error: asError(error) })
    }
  }
  const saveSoon = (): void => {
    clearTimeout(timer)
    timer = setTimeout(save, 500)
  }
  window.on('resize', saveSoon)
  window.on('move', saveSoon)
  window.on('maximize', saveSoon)
  window.on('unmaximize', saveSoon)
  window.on('close', save)
}

function workAreas(): Rectangle[] {
  return screen.getAllDisplays().map((display) => display.workArea)
}

export function createMainWindow(options: MainWindowOptions): BrowserWindow {
  const restored = restoreWindowState(loadWindowState(options.stateFile), workAreas())
  const window = new BrowserWindow({
    x: restored.x,
    y: restored.y,
    width: restored.width,
    height: restored.height,
    minWidth: MIN_SIZE.width,
    minHeight: MIN_SIZE.height,
    title: 'ProxyChat',
    // Shown on ready-to-show, over a background matching the theme: no white flash.
    show: false,
    backgroundColor: options.dark ? BACKGROUND_COLORS.dark : BACKGROUND_COLORS.light,
    // Every item of Electron's security checklist that a window can set, set explicitly (and
    // written inline so that electronegativity can see it).
    webPreferences: {
      // Reviewed: the preload exposes only the named, validated API of src/shared/contract.ts.
      preload: options.preload, // eng-disable PRELOAD_JS_CHECK
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      // No auxclick events: a middle click must not reach the page as a way to open windows.
      disableBlinkFeatures: 'Auxclick',
      safeDialogs: true,
      // macOS and Windows check spelling with the system; on Linux Chromium would download dictionaries
      // from Google's servers, past the user's proxy.
      spellcheck: process.platform !== 'linux',
      devTools: options.devTools,
    },
  })
  hardenWebContents(window.webContents, options.policy)
  const reveal = revealOnce(window, restored.isMaximized)
  const scheduler = options.scheduler ?? realTimers
  const fallback = scheduler.setTimeout(reveal, FALLBACK_SHOW_MS)
  window.once('ready-to-show', () => {
    scheduler.clearTimeout(fallback)
    reveal()
  })
  window.once('closed', () => {
    scheduler.clearTimeout(fallback)
  })
  watchPage(window, reveal, options)
  trackWindowState(window, options.stateFile, options.logger)
  void window.loadURL(options.policy.entryUrl).catch((error: unknown) => {
    // 'did-fail-load' has already offered a reload.
    options.logger?.error('Could not load the page', { error: asError(error) })
  })
  return window
}

/** Shows the window the first time it is called (restoring a maximized window), then does nothing. */
function revealOnce(window: BrowserWindow, maximize: boolean): () => void {
  let revealed = false
  return () => {
    if (revealed || window.isDestroyed()) return
    revealed = true
    if (maximize) window.maximize()
    window.show()
  }
}

/**
 * A page that failed to load or whose renderer died is shown (never left invisible) and the user is asked
 * whether to reload it. Streams live in the main process, so a reload loses nothing being written.
 */
function watchPage(window: BrowserWindow, reveal: () => void, options: MainWindowOptions): void {
  let asking = false
  const ask = (trouble: PageTrouble): void => {
    reveal()
    if (asking) return
    asking = true
    options
      .askAboutPage(trouble, window)
      .then((answer) => {
        if (window.isDestroyed()) return
        if (answer === 'quit') options.quit()
        else void window.loadURL(options.policy.entryUrl).catch(() => undefined)
      })
      .catch((error: unknown) => {
        options.logger?.error('Could not ask about the page', { error: asError(error) })
      })
      .finally(() => {
        asking = false
      })
  }
  window.webContents.on('did-fail-load', (_event, code, description, _url, isMainFrame) => {
    // -3 (ERR_ABORTED): a load replaced by another one, not a failure.
    if (!isMainFrame || code === -3) return
    ask({ kind: 'load-failed', code, description })
  })
  window.webContents.on('render-process-gone', (_event, details) => {
    // 'clean-exit' is the renderer closing normally (the window is closing).
    if (details.reason === 'clean-exit' || window.isDestroyed()) return
    ask({ kind: 'gone', reason: details.reason })
  })
}

/** Brings a window to the front, e.g. when the user launches the app a second time. */
export function focusWindow(window: BrowserWindow): void {
  if (window.isDestroyed()) return
  if (window.isMinimized()) window.restore()
  if (!window.isVisible()) window.show()
  window.focus()
}
