/**
 * src/main/index.ts, run as Electron runs it: imported before 'ready', then the app becomes
 * ready. Each test loads a fresh copy (vi.resetModules) with a fresh electron mock.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { Backend } from '../../../src/shared/contract'
import { Events } from '../../../src/shared/contract'
import { channelOf } from '../../../src/shared/ipc-define'
import { listIpcMethods } from '../../../src/shared/ipc-methods'
import { createRecordingBackend } from './helpers'

vi.mock('electron', () => import('../../mocks/electron'))

type ElectronMock = typeof import('../../mocks/electron')

/** What the mocked createBackend does; each test sets it up. */
const backendControl = vi.hoisted(() => ({
  deps: [] as unknown[],
  shutdownCalls: 0,
  shutdown: (): Promise<void> => Promise.resolve(),
  fail: null as Error | null,
  /** The backend never finishes starting. */
  hang: false,
  backend: null as unknown,
}))

vi.mock('../../../src/main/backend', () => ({
  createBackend: (deps: unknown) => {
    backendControl.deps.push(deps)
    if (backendControl.fail !== null) return Promise.reject(backendControl.fail)
    if (backendControl.hang) return new Promise(() => undefined)
    return Promise.resolve({
      backend: backendControl.backend as Backend,
      shutdown: () => {
        backendControl.shutdownCalls += 1
        return backendControl.shutdown()
      },
    })
  },
}))

/** Electron's appData (a temp folder); the installed app's data is in appData/ProxyChat. */
let appData: string
/** Where an unpackaged (development) run keeps its data. */
let userData: string
let originalRendererUrl: string | undefined

beforeEach(() => {
  appData = mkdtempSync(join(tmpdir(), 'proxychat-lifecycle-'))
  userData = join(appData, 'ProxyChat-dev')
  originalRendererUrl = process.env['ELECTRON_RENDERER_URL']
  delete process.env['ELECTRON_RENDERER_URL']
  const recording = createRecordingBackend()
  recording.methods['settings.get'].mockResolvedValue({ appearance: { theme: 'dark', fontSize: 14 } })
  Object.assign(backendControl, {
    deps: [],
    shutdownCalls: 0,
    shutdown: () => Promise.resolve(),
    fail: null,
    hang: false,
    backend: recording.backend,
  })
})

afterEach(() => {
  if (originalRendererUrl === undefined) delete process.env['ELECTRON_RENDERER_URL']
  else process.env['ELECTRON_RENDERER_URL'] = originalRendererUrl
  rmSync(appData, { recursive: true, force: true })
})

/** Loads index.ts before 'ready', like Electron does. */
async function launch(
  options: { lock?: boolean; packaged?: boolean; before?: (electron: ElectronMock) => void } = {},
): Promise<ElectronMock> {
  vi.resetModules()
  // Through 'electron', so that this is the very instance index.ts gets.
  const electron = (await import('electron')) as unknown as ElectronMock
  electron.resetElectronMock()
  electron.appMock.setReady(false)
  // Electron's defaults: userData is appData/<productName>.
  electron.app.setPath('appData', appData)
  electron.appMock.setUserData(join(appData, 'ProxyChat'))
  electron.lifecycleMock.setSingleInstanceLockAvailable(options.lock ?? true)
  electron.lifecycleMock.setPackaged(options.packaged ?? false)
  options.before?.(electron)
  await import('../../../src/main/index')
  return electron
}

/** Makes the app ready and waits for the window's page to load. */
async function ready(electron: ElectronMock): Promise<InstanceType<ElectronMock['MockBrowserWindow']>> {
  electron.appMock.setReady(true)
  return vi.waitFor(() => {
    const [window] = electron.BrowserWindow.getAllWindows()
    if (window === undefined || window.webContents.isLoading() || !window.isVisible())
      throw new Error('not yet')
    return window
  })
}

describe('single instance', () => {
  it('quits at once when another instance holds the lock, and never opens a window', async () => {
    const electron = await launch({ lock: false })
    expect(electron.lifecycleMock.lockRequests).toBe(1)
    expect(electron.lifecycleMock.quitCalls).toBe(1)
    electron.appMock.setReady(true)
    await new Promise((resolve) => setTimeout(resolve, 20))
    expect(electron.browserWindowMock.created).toHaveLength(0)
    expect(electron.ipcMain.handlers.size).toBe(0)
    expect(backendControl.deps).toHaveLength(0)
  })

  it('a second launch restores and focuses the existing window', async () => {
    const electron = await launch()
    const window = await ready(electron)
    window.minimize()
    const focusesBefore = window.focusCount
    electron.app.emit('second-instance', new electron.MockEvent(), ['proxychat'], '/', {})
    expect(window.isMinimized()).toBe(false)
    expect(window.isVisible()).toBe(true)
    expect(window.focusCount).toBeGreaterThan(focusesBefore)
    expect(electron.browserWindowMock.created).toHaveLength(1)
  })

  it('a second launch opens a window when none is left (macOS keeps running without one)', async () => {
    const platform = Object.getOwnPropertyDescriptor(process, 'platform')
    Object.defineProperty(process, 'platform', { value: 'darwin' })
    try {
      const electron = await launch()
      const window = await ready(electron)
      window.close()
      expect(electron.lifecycleMock.quitCalls).toBe(0)
      electron.app.emit('second-instance', new electron.MockEvent(), [], '/', {})
      await vi.waitFor(() => {
        expect(electron.BrowserWindow.getAllWindows()).toHaveLength(1)
      })
      // The macOS menu starts with the app menu.
      expect(electron.menuMock.applicationMenu?.items[0]?.label).toBe('ProxyChat')
    } finally {
      if (platform !== undefined) Object.defineProperty(process, 'platform', platform)
    }
  })
})

describe('data folder', () => {
  afterEach(() => {
    vi.restoreAllMocks()
  })

  /** The calls index.ts makes that decide where data goes and who holds the lock, in order. */
  function recordOrder(electron: ElectronMock, calls: string[]): void {
    const { app } = electron
    const setPath = app.setPath.bind(app)
    vi.spyOn(app, 'setPath').mockImplementation((name, path) => {
      calls.push(`setPath ${name} ${path}`)
      setPath(name, path)
    })
    const lock = app.requestSingleInstanceLock.bind(app)
    vi.spyOn(app, 'requestSingleInstanceLock').mockImplementation(() => {
      calls.push(`requestSingleInstanceLock (userData ${app.getPath('userData')})`)
      return lock()
    })
  }

  it('a development run uses its own folder, set before the single-instance lock, so it never hands over to an installed copy', async () => {
    const calls: string[] = []
    const electron = await launch({ before: (e) => recordOrder(e, calls) })
    expect(calls).toEqual([
      `setPath userData ${userData}`,
      `requestSingleInstanceLock (userData ${userData})`,
    ])
    expect(existsSync(userData)).toBe(true) // Electron's setPath wants an existing folder
    await ready(electron)
    expect((backendControl.deps[0] as Record<string, unknown>)['userDataDir']).toBe(userData)
    expect(electron.browserWindowMock.created).toHaveLength(1)
  })

  it('an installed app keeps the data folder Electron gives it', async () => {
    const calls: string[] = []
    const electron = await launch({ packaged: true, before: (e) => recordOrder(e, calls) })
    const installed = join(appData, 'ProxyChat')
    expect(calls).toEqual([`requestSingleInstanceLock (userData ${installed})`])
    await ready(electron)
    expect((backendControl.deps[0] as Record<string, unknown>)['userDataDir']).toBe(installed)
  })

  it('PROXYCHAT_USER_DATA_DIR picks the folder of a development run (the smoke test), never of an installed app', async () => {
    const own = join(appData, 'smoke')
    process.env['PROXYCHAT_USER_DATA_DIR'] = own
    try {
      const dev = await launch()
      expect(dev.app.getPath('userData')).toBe(own)
      const installed = await launch({ packaged: true })
      expect(installed.app.getPath('userData')).toBe(join(appData, 'ProxyChat'))
    } finally {
      delete process.env['PROXYCHAT_USER_DATA_DIR']
    }
  })
})

describe('start-up', () => {
  it('registers the privileged scheme and the sandbox before ready', async () => {
    const electron = await launch()
    expect(electron.lifecycleMock.sandboxEnabled).toBe(true)
    expect(electron.protocolMock.privileged.map((s) => s.scheme)).toEqual(['app'])
    expect(electron.protocolMock.privilegedAfterReady).toBe(false)
  })

  it('on ready: serves app://, hardens the session, wires IPC, the menu and a secure window', async () => {
    const electron = await launch()
    const window = await ready(electron)
    const response = await electron.protocolMock.fetch('app://proxychat/missing')
    expect(response.headers.get('content-security-policy')).toContain("script-src 'self'")
    expect(electron.session.defaultSession.permissionRequestHandler).not.toBeNull()
    expect(electron.session.defaultSession.permissionCheckHandler).not.toBeNull()
    expect([...electron.ipcMain.handlers.keys()].sort()).toEqual(
      listIpcMethods()
        .map((entry) => entry.channel)
        .sort(),
    )
    expect(electron.menuMock.applicationMenu).not.toBeNull()
    expect(window.webContents.getURL()).toBe('app://proxychat/index.html')
    expect(window.options.webPreferences).toMatchObject({ sandbox: true, contextIsolation: true })
    expect(String(window.options.webPreferences?.['preload'])).toMatch(/preload[/\\]index\.cjs$/)
    // The dark theme from the settings gives a dark background: no white flash.
    expect(window.options.backgroundColor).toBe('#1e1e1e')
  })

  it('gives the backend what it needs', async () => {
    const electron = await launch()
    await ready(electron)
    expect(backendControl.deps).toHaveLength(1)
    const deps = backendControl.deps[0] as Record<string, unknown>
    expect(deps['userDataDir']).toBe(userData)
    expect(deps['safeStorage']).toBe(electron.safeStorage)
    expect(deps['appInfo']).toEqual({ version: '0.1.0', platform: process.platform, locale: 'en-US' })
    electron.session.defaultSession.proxyRules.set('https://api.openai.com/', 'PROXY corp:8080')
    await expect(
      (deps['resolveProxy'] as (url: string) => Promise<string>)('https://api.openai.com/'),
    ).resolves.toBe('PROXY corp:8080')
    await expect(
      (deps['openExternal'] as (url: string) => Promise<void>)('file:///etc/passwd'),
    ).rejects.toThrow()
  })

  it('routes backend events to the page', async () => {
    const electron = await launch()
    const window = await ready(electron)
    const sink = (backendControl.deps[0] as { sink: (channel: string, payload: unknown) => void }).sink
    sink(Events.conversationsChanged, null)
    expect(window.webContents.sentOn(Events.conversationsChanged)).toEqual([null])
  })

  it('answers IPC from our page through the backend', async () => {
    const electron = await launch()
    await ready(electron)
    const result = await electron.ipcMainMock.invoke(channelOf('app', 'info'), 'app://proxychat/index.html')
    expect(result).toEqual({ ok: true, value: { from: 'app.info' } })
  })

  it('sends menu commands to the page', async () => {
    const electron = await launch()
    const window = await ready(electron)
    electron.menuMock.applicationMenu?.find('File', 'New Chat')?.click()
    expect(window.webContents.sentOn(Events.menuCommand)).toEqual(['new-chat'])
  })

  it('uses the dev server only when unpackaged', async () => {
    process.env['ELECTRON_RENDERER_URL'] = 'http://localhost:5173'
    const dev = await launch({ packaged: false })
    const devWindow = await ready(dev)
    expect(devWindow.webContents.getURL()).toBe('http://localhost:5173')
    expect(devWindow.options.webPreferences?.['devTools']).toBe(true)
    expect(dev.menuMock.applicationMenu?.find('View', 'toggleDevTools')).toBeDefined()

    const packaged = await launch({ packaged: true })
    const packagedWindow = await ready(packaged)
    expect(packagedWindow.webContents.getURL()).toBe('app://proxychat/index.html')
    expect(packagedWindow.options.webPreferences?.['devTools']).toBe(false)
    expect(packaged.menuMock.applicationMenu?.find('View', 'toggleDevTools')).toBeUndefined()
    expect(packaged.menuMock.applicationMenu?.find('View', 'reload')).toBeUndefined()
  })

  it('hardens every web contents created later', async () => {
    const electron = await launch()
    await ready(electron)
    const contents = new electron.MockWebContents()
    electron.app.emit('web-contents-created', new electron.MockEvent(), contents)
    expect(contents.attemptNavigation('will-navigate', 'https://evil.example/')).toBe(true)
    expect(contents.openWindow('https://example.com/')).toEqual({ action: 'deny' })
    expect(contents.attachWebview('https://evil.example/')).toBe(true)
  })

  it('tells the user and exits when the backend cannot start', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => undefined)
    backendControl.fail = new Error('Cannot open the data folder')
    const electron = await launch()
    electron.appMock.setReady(true)
    await vi.waitFor(() => {
      expect(electron.lifecycleMock.exitCode).toBe(1)
    })
    expect(electron.dialogMock.calls).toEqual([
      {
        method: 'showErrorBox',
        options: { title: 'ProxyChat could not start', content: 'Cannot open the data folder' },
      },
    ])
  })

  it('says that the app could not start in Russian on a Russian system', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => undefined)
    backendControl.fail = new Error('Cannot open the data folder')
    const electron = await launch({ before: (e) => e.appMock.setLocale('ru-RU') })
    electron.appMock.setReady(true)
    await vi.waitFor(() => {
      expect(electron.lifecycleMock.exitCode).toBe(1)
    })
    expect(electron.dialogMock.calls).toEqual([
      {
        method: 'showErrorBox',
        options: { title: 'Не удалось запустить ProxyChat', content: 'Cannot open the data folder' },
      },
    ])
  })
})

describe('quitting', () => {
  it('waits for shutdown (every stream stopped and saved) before quitting, and calls it once', async () => {
    const electron = await launch()
    const window = await ready(electron)
    let finishShutdown: () => void = () => undefined
    backendControl.shutdown = () =>
      new Promise<void>((resolve) => {
        finishShutdown = resolve
      })

    electron.app.quit()
    expect(electron.lifecycleMock.hasQuit).toBe(false)
    expect(window.isDestroyed()).toBe(false)
    await vi.waitFor(() => {
      expect(backendControl.shutdownCalls).toBe(1)
    })
    // Quitting again (Cmd+Q twice) while saving neither quits nor shuts down twice.
    electron.app.quit()
    await new Promise((resolve) => setTimeout(resolve, 10))
    expect(electron.lifecycleMock.hasQuit).toBe(false)
    expect(backendControl.shutdownCalls).toBe(1)

    finishShutdown()
    await vi.waitFor(() => {
      expect(electron.lifecycleMock.hasQuit).toBe(true)
    })
    expect(window.isDestroyed()).toBe(true)
    expect(backendControl.shutdownCalls).toBe(1)
  })

  it('still quits when shutdown fails', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => undefined)
    const electron = await launch()
    await ready(electron)
    backendControl.shutdown = () => Promise.reject(new Error('disk gone'))
    electron.app.quit()
    await vi.waitFor(() => {
      expect(electron.lifecycleMock.hasQuit).toBe(true)
    })
  })

  it('quits after the time limit even when the backend never finished starting', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => undefined)
    backendControl.hang = true
    const electron = await launch()
    electron.appMock.setReady(true)
    await vi.waitFor(() => {
      expect(backendControl.deps).toHaveLength(1)
    })
    vi.useFakeTimers()
    try {
      electron.app.quit()
      expect(electron.lifecycleMock.hasQuit).toBe(false)
      await vi.advanceTimersByTimeAsync(10_000)
      // Electron closes the windows on a later turn of its loop.
      await vi.advanceTimersByTimeAsync(1)
      expect(electron.lifecycleMock.hasQuit).toBe(true)
    } finally {
      vi.useRealTimers()
    }
  })

  it('quits when the last window closes, except on macOS', async () => {
    const electron = await launch()
    const window = await ready(electron)
    window.close()
    if (process.platform === 'darwin') {
      expect(electron.lifecycleMock.quitCalls).toBe(0)
    } else {
      await vi.waitFor(() => {
        expect(electron.lifecycleMock.hasQuit).toBe(true)
      })
      expect(backendControl.shutdownCalls).toBe(1)
    }
  })
})

describe('ending without before-quit', () => {
  /** The backend's shutdown waits until the test lets it finish. */
  function holdShutdown(): () => void {
    let finish: () => void = () => undefined
    backendControl.shutdown = () =>
      new Promise<void>((resolve) => {
        finish = resolve
      })
    return () => finish()
  }

  it('Windows end of session: a quit begins at once (so Electron does not kill the app) and waits for the save', async () => {
    const electron = await launch()
    await ready(electron)
    const finish = holdShutdown()
    electron.browserWindowMock.endSession(['logoff'])
    expect(electron.lifecycleMock.terminated).toBe(false)
    await vi.waitFor(() => {
      expect(backendControl.shutdownCalls).toBe(1)
    })
    expect(electron.lifecycleMock.hasQuit).toBe(false)
    finish()
    await vi.waitFor(() => {
      expect(electron.lifecycleMock.hasQuit).toBe(true)
    })
    expect(backendControl.shutdownCalls).toBe(1)
  })

  it('system shutdown (Linux, macOS): delays it, saves, then quits', async () => {
    const electron = await launch()
    await ready(electron)
    const finish = holdShutdown()
    expect(electron.powerMonitorMock.systemShutdown()).toBe(true)
    await vi.waitFor(() => {
      expect(backendControl.shutdownCalls).toBe(1)
    })
    expect(electron.lifecycleMock.hasQuit).toBe(false)
    finish()
    await vi.waitFor(() => {
      expect(electron.lifecycleMock.hasQuit).toBe(true)
    })
  })

  it('SIGTERM, SIGINT and SIGHUP quit gracefully; every way of ending together saves once', async () => {
    const listeners = new Map<string, ((signal: string) => void)[]>()
    const on = vi.spyOn(process, 'on').mockImplementation((event, listener) => {
      const name = String(event)
      listeners.set(name, [...(listeners.get(name) ?? []), listener as (signal: string) => void])
      return process
    })
    try {
      const electron = await launch()
      await ready(electron)
      for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP']) expect(listeners.get(signal)).toHaveLength(1)
      const finish = holdShutdown()
      listeners.get('SIGTERM')?.[0]?.('SIGTERM')
      await vi.waitFor(() => {
        expect(backendControl.shutdownCalls).toBe(1)
      })
      // when-exit re-raises the signal; the system and the user may ask too: all join the same save.
      listeners.get('SIGTERM')?.[0]?.('SIGTERM')
      listeners.get('SIGINT')?.[0]?.('SIGINT')
      electron.powerMonitorMock.systemShutdown()
      electron.browserWindowMock.endSession(['shutdown'])
      electron.app.quit()
      expect(electron.lifecycleMock.terminated).toBe(false)
      finish()
      await vi.waitFor(() => {
        expect(electron.lifecycleMock.hasQuit).toBe(true)
      })
      expect(backendControl.shutdownCalls).toBe(1)
    } finally {
      on.mockRestore()
    }
  })
})

describe('log', () => {
  it('writes start-up to <data folder>/logs/main.log, and Help › Show Logs opens that folder', async () => {
    const electron = await launch()
    await ready(electron)
    const logs = join(userData, 'logs')
    await vi.waitFor(() => {
      expect(readFileSync(join(logs, 'main.log'), 'utf8')).toMatch(
        /^\S+Z INFO {2}\[main\] Starting version=0\.1\.0 /,
      )
    })
    electron.menuMock.applicationMenu?.find('Help', 'Show Logs')?.click()
    await vi.waitFor(() => {
      expect(electron.shellMock.openedPaths).toEqual([logs])
    })
  })

  it('logs why the backend could not start before the process exits', async () => {
    backendControl.fail = new Error('Cannot open the data folder')
    const electron = await launch()
    electron.appMock.setReady(true)
    await vi.waitFor(() => {
      expect(electron.lifecycleMock.exitCode).toBe(1)
    })
    expect(readFileSync(join(userData, 'logs', 'main.log'), 'utf8')).toContain(
      'ERROR [main] Unexpected error error="Error: Cannot open the data folder"',
    )
  })
})

describe('language of the menu and dialogs', () => {
  it('follows the system at first, then the settings, and rebuilds the menu when the language changes', async () => {
    const recording = createRecordingBackend()
    recording.methods['settings.get'].mockResolvedValue({ appearance: { theme: 'light' }, language: null })
    recording.methods['settings.update'].mockResolvedValue({ appearance: { theme: 'light' }, language: 'ru' })
    backendControl.backend = recording.backend
    const electron = await launch()
    await ready(electron)
    expect(electron.menuMock.applicationMenu?.items.map((item) => item.label)).toContain('Edit')
    await electron.ipcMainMock.invoke(channelOf('settings', 'update'), 'app://proxychat/index.html', {
      language: 'ru',
    })
    expect(electron.menuMock.applicationMenu?.items.map((item) => item.label)).toContain('Правка')
    expect(electron.menuMock.applicationMenu?.find('Вид', 'zoomIn')?.label).toBe('Увеличить')
  })

  it('asks about a crashed page in the language of the system when nothing is chosen', async () => {
    const electron = await launch()
    electron.appMock.setLocale('ru-RU')
    const window = await ready(electron)
    window.webContents.crash('crashed')
    await vi.waitFor(() => {
      expect(electron.dialogMock.calls.map((call) => call.method)).toContain('showMessageBox')
    })
    const options = electron.dialogMock.calls.find((call) => call.method === 'showMessageBox')?.options
    expect(options).toMatchObject({
      buttons: ['Перезагрузить', 'Выйти'],
      message: 'Окно перестало работать',
      // Electron's reason ("crashed") in the dialog's words.
      detail: expect.stringContaining('(сбой её процесса)'),
    })
    // The mock answers 0: reload.
    await vi.waitFor(() => {
      expect(window.webContents.isCrashed()).toBe(false)
    })
  })
})
