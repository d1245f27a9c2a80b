/**
 * App lifecycle only: one instance, the privileged scheme, hardening of every web contents, the
 * backend, the IPC handlers, the menu and the window, and a quit that waits until every stream
 * has been stopped and saved.
 */
import { app, BrowserWindow, dialog, ipcMain, nativeTheme, safeStorage, session } from 'electron'
import { join } from 'node:path'
import { Events } from '../shared/contract'
import type { Backend } from '../shared/contract'
import { handleAppProtocol, registerAppScheme } from './app-protocol'
import { createBackend } from './backend'
import type { BackendHandle } from './backend'
import { createWindowEventSink } from './ipc/event-sink'
import { registerIpcHandlers } from './ipc/register'
import { installApplicationMenu } from './menu'
import { buildContentSecurityPolicy } from './csp'
import {
  createMainWindow,
  createOriginPolicy,
  focusWindow,
  hardenSession,
  hardenWebContents,
  openExternalUrl,
} from './window'
import { trustSystemCertificates } from './llm/trusted-roots'
import { useDevelopmentDataFolder } from './data-folder'

/** Where Help › Website leads. */
const HELP_URL = 'https://github.com/proxychat/proxychat#readme'
/** A hung save must not keep the app from quitting for ever. */
const SHUTDOWN_TIMEOUT_MS = 10_000

// Both must happen before 'ready'.
app.enableSandbox()
registerAppScheme()
// Like a browser, trust the certificates the system trusts (a company's root CA installed by IT, say).
trustSystemCertificates()

// A development run keeps its own data folder, set first: the lock below is keyed on it.
useDevelopmentDataFolder(app, process.env)
// Two processes must never write the same files: a second launch hands over to the first and exits.
if (app.requestSingleInstanceLock()) {
  start()
} else {
  app.quit()
}

function start(): void {
  const isDev = !app.isPackaged
  // Trusted only when unpackaged: electron-vite dev sets it; a packaged app always uses app://.
  const devServerUrl = isDev ? process.env['ELECTRON_RENDERER_URL'] : undefined
  const policy = createOriginPolicy(devServerUrl)
  const contentSecurityPolicy = buildContentSecurityPolicy(policy.devServerUrl)
  const events = createWindowEventSink()
  let mainWindow: BrowserWindow | null = null
  let services: Promise<BackendHandle> | null = null

  const liveWindow = (): BrowserWindow | null =>
    mainWindow !== null && !mainWindow.isDestroyed() ? mainWindow : null

  // Every web contents, whoever creates it (devtools, a future window), gets the same guards.
  app.on('web-contents-created', (_event, contents) => {
    hardenWebContents(contents, policy)
  })

  async function prefersDark(backend: Backend): Promise<boolean> {
    try {
      const { theme } = (await backend.settings.get()).appearance
      return theme === 'dark' || (theme === 'system' && nativeTheme.shouldUseDarkColors)
    } catch {
      return nativeTheme.shouldUseDarkColors
    }
  }

  // Concurrent requests (activate, second-instance, a menu click) share one opening.
  let opening: Promise<void> | null = null
  function openWindow(): Promise<void> {
    opening ??= createWindow().finally(() => {
      opening = null
    })
    return opening
  }

  async function createWindow(): Promise<void> {
    if (services === null || liveWindow() !== null) return
    const { backend } = await services
    const dark = await prefersDark(backend)
    const window = createMainWindow({
      policy,
      preload: join(import.meta.dirname, '../preload/index.cjs'),
      stateFile: join(app.getPath('userData'), 'window-state.json'),
      dark,
      devTools: isDev,
    })
    mainWindow = window
    events.attach(window.webContents)
    window.on('closed', () => {
      if (mainWindow === window) mainWindow = null
    })
  }

  const reportError = (error: unknown): void => {
    console.error(error)
  }

  app.on('second-instance', () => {
    const window = liveWindow()
    if (window !== null) focusWindow(window)
    else if (app.isReady()) openWindow().catch(reportError)
  })

  // macOS keeps the app running with no window, and re-opens one from the dock.
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit()
  })
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) openWindow().catch(reportError)
  })

  let quitState: 'running' | 'stopping' | 'stopped' = 'running'
  app.on('before-quit', (event) => {
    if (quitState === 'stopped') return
    event.preventDefault()
    if (quitState === 'stopping') return
    quitState = 'stopping'
    void stopServices().finally(() => {
      quitState = 'stopped'
      app.quit()
    })
  })

  async function stopServices(): Promise<void> {
    if (services === null) return
    let timer: ReturnType<typeof setTimeout> | undefined
    const timeout = new Promise<void>((resolve) => {
      timer = setTimeout(() => {
        console.error('Shutdown took too long; quitting anyway.')
        resolve()
      }, SHUTDOWN_TIMEOUT_MS)
    })
    try {
      // The limit covers a backend still starting (opening a large history) as well as the shutdown itself.
      await Promise.race([services.then((handle) => handle.shutdown()), timeout])
    } catch (error) {
      reportError(error)
    } finally {
      clearTimeout(timer)
    }
  }

  async function onReady(): Promise<void> {
    hardenSession(session.defaultSession, policy, contentSecurityPolicy)
    handleAppProtocol({ rendererDir: join(import.meta.dirname, '../renderer'), contentSecurityPolicy })
    const starting = createBackend({
      userDataDir: app.getPath('userData'),
      sink: events.send,
      safeStorage,
      resolveProxy: (url) => session.defaultSession.resolveProxy(url),
      showSaveDialog: (options) => {
        const parent = liveWindow()
        return parent === null ? dialog.showSaveDialog(options) : dialog.showSaveDialog(parent, options)
      },
      openExternal: openExternalUrl,
      appInfo: { version: app.getVersion(), platform: process.platform, locale: app.getLocale() },
    })
    services = starting
    // Registered before the window exists; each call waits for the backend if it is still starting.
    registerIpcHandlers({
      ipcMain,
      getBackend: async () => (await starting).backend,
      isOwnUrl: policy.isOwnUrl,
    })
    installApplicationMenu({
      appName: app.getName(),
      isMac: process.platform === 'darwin',
      isDev,
      helpUrl: HELP_URL,
      openExternal: openExternalUrl,
      sendCommand: (command) => {
        const window = liveWindow()
        if (window === null) {
          openWindow().catch(reportError)
          return
        }
        focusWindow(window)
        events.send(Events.menuCommand, command)
      },
    })
    await openWindow()
  }

  app
    .whenReady()
    .then(onReady)
    .catch((error: unknown) => {
      reportError(error)
      dialog.showErrorBox('ProxyChat could not start', error instanceof Error ? error.message : String(error))
      app.exit(1)
    })
}
