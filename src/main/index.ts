/**
 * App lifecycle only: one instance, the privileged scheme, hardening of every web contents, the
 * backend, the IPC handlers, the menu and the window, and a quit that waits until every stream
 * has been stopped and saved.
 */
import {
  app,
  BrowserWindow,
  dialog,
  ipcMain,
  nativeTheme,
  powerMonitor,
  safeStorage,
  session,
  shell,
} from 'electron'
import { mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import { Events } from '../shared/contract'
import type { Backend } from '../shared/contract'
import type { Language } from '../shared/domain'
import { nativeLanguage, nativeText, pageGoneReason } from '../shared/native-texts'
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
import type { PageTrouble } from './window'
import { once, quitOnSignals } from './shutdown'
import { useDevelopmentDataFolder } from './data-folder'
import { openAppLog } from './logging/app-log'
import { asError } from './logging/logger'

/** Where Help › Website leads. */
const HELP_URL = 'https://github.com/proxychat/proxychat#readme'
/** A hung save must not keep the app from quitting for ever. */
const SHUTDOWN_TIMEOUT_MS = 10_000

// Both must happen before 'ready'.
app.enableSandbox()
registerAppScheme()

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
  // userData is final by now (set above, before the lock); `npm run dev` also logs to its terminal.
  const log = openAppLog({
    userDataDir: app.getPath('userData'),
    level: isDev ? 'debug' : 'info',
    ...(devServerUrl === undefined ? {} : { mirror: (line: string) => process.stderr.write(`${line}\n`) }),
  })
  const logger = log.logger
  logger.info('Starting', { version: app.getVersion(), platform: process.platform, packaged: !isDev })
  const policy = createOriginPolicy(devServerUrl)
  const contentSecurityPolicy = buildContentSecurityPolicy(policy.devServerUrl)
  const events = createWindowEventSink(logger.child('events'))
  let mainWindow: BrowserWindow | null = null
  let services: Promise<BackendHandle> | null = null

  const liveWindow = (): BrowserWindow | null =>
    mainWindow !== null && !mainWindow.isDestroyed() ? mainWindow : null

  // Every web contents, whoever creates it (devtools, a future window), gets the same guards.
  app.on('web-contents-created', (_event, contents) => {
    hardenWebContents(contents, policy, logger.child('window'))
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

  // The language of the menu and dialogs: the user's choice in the settings, else the system's.
  let language: Language = nativeLanguage(null, app.getLocale())

  async function askAboutPage(trouble: PageTrouble, window: BrowserWindow): Promise<'reload' | 'quit'> {
    const failed = trouble.kind === 'load-failed'
    const { response } = await dialog.showMessageBox(window, {
      type: 'error',
      buttons: [nativeText(language, 'pageReload'), nativeText(language, 'pageQuit')],
      defaultId: 0,
      cancelId: 0,
      message: nativeText(language, failed ? 'loadFailedTitle' : 'crashedTitle'),
      detail: failed
        ? nativeText(language, 'loadFailedDetail', { error: `${trouble.description} ${trouble.code}` })
        : nativeText(language, 'crashedDetail', { reason: pageGoneReason(language, trouble.reason) }),
    })
    return response === 1 ? 'quit' : 'reload'
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
      askAboutPage,
      quit: () => {
        app.quit()
      },
      logger: logger.child('window'),
    })
    mainWindow = window
    events.attach(window.webContents)
    // Windows logs off or shuts down: before-quit never comes, and Electron ends the process as soon as
    // this returns unless a quit has begun (native_window_views_win.cc): begin one that saves first.
    window.on('session-end', () => {
      sessionEnding = true
      void shutdown()
      app.quit()
    })
    window.on('closed', () => {
      if (mainWindow === window) mainWindow = null
    })
  }

  const reportError = (error: unknown): void => {
    logger.error('Unexpected error', { error: asError(error) })
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

  // Every way of ending (quit, end of session, system shutdown, signals) runs this once; the limit covers a
  // backend still starting (opening a large history) as well as the shutdown itself.
  const shutdown = once(
    async () => {
      try {
        if (services !== null) await (await services).shutdown()
      } finally {
        logger.info('Quitting')
        await log.flush()
      }
    },
    {
      timeoutMs: SHUTDOWN_TIMEOUT_MS,
      onError: reportError,
    },
  )
  let sessionEnding = false
  let stopped = false
  app.on('before-quit', (event) => {
    // At the end of a Windows session the quit must go ahead (see session-end); will-quit waits instead.
    if (stopped || sessionEnding) return
    event.preventDefault()
    void shutdown().finally(() => {
      stopped = true
      app.quit()
    })
  })
  app.on('will-quit', (event) => {
    if (stopped) return
    event.preventDefault()
    void shutdown().finally(() => {
      stopped = true
      app.quit()
    })
  })
  // SIGTERM, SIGINT, SIGHUP: a graceful quit (Electron's own handlers are replaced by Node's once we listen).
  quitOnSignals(process, () => {
    app.quit()
  })

  async function onReady(): Promise<void> {
    hardenSession(session.defaultSession, policy, contentSecurityPolicy)
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
      logger,
    })
    services = starting
    handleAppProtocol({
      rendererDir: join(import.meta.dirname, '../renderer'),
      contentSecurityPolicy,
      // Stored images by hash, once the backend is up.
      attachments: async (hash) => (await starting).attachments.serveImage(hash),
    })
    // Registered before the window exists; each call waits for the backend if it is still starting.
    // The settings' language may change the menu's: watched on every settings update.
    const watched = starting.then(({ backend }) => withLanguageWatch(backend, applyLanguage))
    // A backend that cannot start is reported below (onReady's caller); each IPC call gets the rejection.
    watched.catch(() => undefined)
    registerIpcHandlers({
      ipcMain,
      getBackend: () => watched,
      isOwnUrl: policy.isOwnUrl,
      logger: logger.child('ipc'),
    })
    installMenu()
    // Linux and macOS: the system is shutting down. Delay it (Linux: a logind delay lock) and quit now.
    // Electron passes a cancellable event (docs: power-monitor, event 'shutdown'); its typings omit it.
    powerMonitor.on('shutdown', (...args: unknown[]) => {
      const [event] = args
      if (isCancellable(event)) event.preventDefault()
      app.quit()
    })
    void starting
      .then(({ backend }) => backend.settings.get())
      .then((settings) => {
        applyLanguage(settings.language)
      })
      .catch(() => undefined)
    await openWindow()
  }

  function installMenu(): void {
    installApplicationMenu({
      appName: app.getName(),
      isMac: process.platform === 'darwin',
      isDev,
      helpUrl: HELP_URL,
      language,
      openExternal: openExternalUrl,
      logger: logger.child('menu'),
      showLogs: () => {
        // openPath answers with an error message ('' on success) rather than rejecting.
        void mkdir(log.dir, { recursive: true })
          .then(() => shell.openPath(log.dir))
          .then((failure) => {
            if (failure !== '') logger.warn('Could not open the logs folder', { failure })
          })
          .catch(reportError)
      },
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
  }

  function applyLanguage(choice: Language | null): void {
    const next = nativeLanguage(choice, app.getLocale())
    if (next === language) return
    language = next
    installMenu()
  }

  app
    .whenReady()
    .then(onReady)
    .catch((error: unknown) => {
      reportError(error)
      dialog.showErrorBox(
        nativeText(language, 'startFailedTitle'),
        error instanceof Error ? error.message : String(error),
      )
      // The reason is on disk before the process ends.
      void log.flush().finally(() => {
        app.exit(1)
      })
    })
}

/** The backend, with every settings update also reporting the language (for the menu). */
function withLanguageWatch(backend: Backend, onLanguage: (language: Language | null) => void): Backend {
  return {
    ...backend,
    settings: {
      ...backend.settings,
      update: async (patch) => {
        const saved = await backend.settings.update(patch)
        onLanguage(saved.language)
        return saved
      },
    },
  }
}

function isCancellable(value: unknown): value is { preventDefault(): void } {
  return (
    typeof value === 'object' &&
    value !== null &&
    'preventDefault' in value &&
    typeof value.preventDefault === 'function'
  )
}
