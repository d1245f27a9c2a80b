import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'

vi.mock('electron', () => import('../../mocks/electron'))

import { MockWebContents, resetElectronMock, screenMock, session, shellMock } from '../../mocks/electron'
import type { MockBrowserWindow } from '../../mocks/electron'
import { APP_ENTRY_URL } from '../../../src/main/app-protocol'
import { buildContentSecurityPolicy } from '../../../src/main/csp'
import {
  BACKGROUND_COLORS,
  createMainWindow,
  createOriginPolicy,
  focusWindow,
  hardenSession,
  hardenWebContents,
  isSafeExternalUrl,
  openExternalUrl,
} from '../../../src/main/window'

const policy = createOriginPolicy()
let dir: string

beforeEach(() => {
  resetElectronMock()
  dir = mkdtempSync(join(tmpdir(), 'proxychat-window-'))
})

afterEach(() => {
  vi.useRealTimers()
  rmSync(dir, { recursive: true, force: true })
})

function directives(policyText: string): Map<string, string[]> {
  return new Map(
    policyText
      .split(';')
      .map((part) => part.trim().split(/\s+/))
      .filter((parts) => parts[0] !== '')
      .map(([name = '', ...values]) => [name, values]),
  )
}

function openMainWindow(overrides: Partial<Parameters<typeof createMainWindow>[0]> = {}): MockBrowserWindow {
  return createMainWindow({
    policy,
    preload: '/app/out/preload/index.cjs',
    stateFile: join(dir, 'window-state.json'),
    dark: false,
    devTools: false,
    askAboutPage: () => Promise.resolve('reload'),
    quit: () => undefined,
    ...overrides,
  }) as unknown as MockBrowserWindow
}

describe('Content-Security-Policy', () => {
  const production = directives(buildContentSecurityPolicy())

  it('allows scripts from our own origin only: no inline script, no eval', () => {
    expect(production.get('script-src')).toEqual(["'self'"])
    expect(buildContentSecurityPolicy()).not.toContain('unsafe-eval')
    expect(buildContentSecurityPolicy()).not.toContain('wasm-unsafe-eval')
  })

  it('denies by default and closes the usual escape hatches', () => {
    expect(production.get('default-src')).toEqual(["'none'"])
    expect(production.get('object-src')).toEqual(["'none'"])
    expect(production.get('base-uri')).toEqual(["'none'"])
    expect(production.get('form-action')).toEqual(["'none'"])
    expect(production.get('frame-ancestors')).toEqual(["'none'"])
    expect(production.get('frame-src')).toEqual(["'none'"])
    expect(production.get('connect-src')).toEqual(["'self'"])
    expect(production.get('img-src')).toEqual(["'self'", 'data:'])
    expect(production.get('font-src')).toEqual(["'self'", 'data:'])
  })

  it('lets nothing load from the network', () => {
    expect(buildContentSecurityPolicy()).not.toMatch(/https?:|\*/)
  })

  it('in development allows only the dev server socket on top, still without eval', () => {
    const dev = directives(buildContentSecurityPolicy('http://localhost:5173'))
    expect(dev.get('connect-src')).toEqual(["'self'", 'ws://localhost:5173'])
    expect(buildContentSecurityPolicy('http://localhost:5173')).not.toContain('unsafe-eval')
    expect(dev.get('default-src')).toEqual(["'none'"])
  })
})

describe('main window', () => {
  it('sets every security option of the checklist explicitly', () => {
    const window = openMainWindow()
    expect(window.options.webPreferences).toEqual({
      preload: '/app/out/preload/index.cjs',
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
      disableBlinkFeatures: 'Auxclick',
      safeDialogs: true,
      spellcheck: process.platform !== 'linux',
      devTools: false,
    })
  })

  it('loads our own page and stays hidden until ready-to-show, over the theme colour', async () => {
    const window = openMainWindow({ dark: true })
    expect(window.options.show).toBe(false)
    expect(window.options.backgroundColor).toBe(BACKGROUND_COLORS.dark)
    expect(window.isVisible()).toBe(false)
    await vi.waitFor(() => {
      expect(window.isVisible()).toBe(true)
    })
    expect(window.webContents.getURL()).toBe(APP_ENTRY_URL)
  })

  it('uses the light background for the light theme', () => {
    expect(openMainWindow({ dark: false }).options.backgroundColor).toBe(BACKGROUND_COLORS.light)
  })

  it('is hardened even without the app-wide hook', () => {
    const window = openMainWindow()
    expect(window.webContents.attemptNavigation('will-navigate', 'https://evil.example/')).toBe(true)
    expect(window.webContents.openWindow('https://example.com/')).toEqual({ action: 'deny' })
  })

  it('restores a saved size and position that is on a display', async () => {
    const stateFile = join(dir, 'window-state.json')
    writeFileSync(
      stateFile,
      JSON.stringify({ bounds: { x: 100, y: 80, width: 900, height: 700 }, isMaximized: true }),
    )
    const window = openMainWindow()
    expect(window.getBounds()).toEqual({ x: 100, y: 80, width: 900, height: 700 })
    await vi.waitFor(() => {
      expect(window.isMaximized()).toBe(true)
    })
  })

  it('drops a saved position on a display that is gone', () => {
    const stateFile = join(dir, 'window-state.json')
    writeFileSync(
      stateFile,
      JSON.stringify({ bounds: { x: 2500, y: 100, width: 900, height: 700 }, isMaximized: false }),
    )
    screenMock.setDisplays([
      {
        id: 1,
        bounds: { x: 0, y: 0, width: 1920, height: 1080 },
        workArea: { x: 0, y: 0, width: 1920, height: 1040 },
        scaleFactor: 1,
      },
    ])
    const window = openMainWindow()
    expect(window.options.x).toBeUndefined()
    expect(window.options.y).toBeUndefined()
    expect(window.options.width).toBe(900)
  })

  it('ignores a corrupt state file', () => {
    writeFileSync(join(dir, 'window-state.json'), '{"bounds": {"x": "left"')
    const window = openMainWindow()
    expect(window.options.width).toBe(1100)
  })

  it('remembers size and position after a move (debounced) and on close', () => {
    vi.useFakeTimers()
    // Closing before the page has loaded aborts the load, which is logged.
    vi.spyOn(console, 'error').mockImplementation(() => undefined)
    const stateFile = join(dir, 'window-state.json')
    const window = openMainWindow()
    window.setBounds({ x: 10, y: 20, width: 1000, height: 650 })
    expect(() => readFileSync(stateFile, 'utf8')).toThrow()
    vi.advanceTimersByTime(600)
    expect(JSON.parse(readFileSync(stateFile, 'utf8'))).toEqual({
      bounds: { x: 10, y: 20, width: 1000, height: 650 },
      isMaximized: false,
    })
    window.setBounds({ x: 30 })
    window.close()
    expect(JSON.parse(readFileSync(stateFile, 'utf8'))).toMatchObject({ bounds: { x: 30 } })
  })

  it('focusWindow restores a minimized window and focuses it', () => {
    const window = openMainWindow()
    window.minimize()
    focusWindow(window as unknown as Parameters<typeof focusWindow>[0])
    expect(window.isMinimized()).toBe(false)
    expect(window.isFocused()).toBe(true)
    expect(window.isVisible()).toBe(true)
  })
})

describe('navigation and new windows', () => {
  let contents: MockWebContents

  beforeEach(() => {
    contents = new MockWebContents()
    hardenWebContents(contents as unknown as Parameters<typeof hardenWebContents>[0], policy)
  })

  it.each(['will-navigate', 'will-frame-navigate', 'will-redirect'] as const)(
    '%s to another origin is prevented',
    (eventName) => {
      for (const url of [
        'https://evil.example/',
        'http://localhost:5173/',
        'file:///etc/passwd',
        'app://other/index.html',
        'app://proxychat.evil/',
        'javascript:alert(1)',
        'data:text/html,hi',
        'about:blank',
      ]) {
        expect(contents.attemptNavigation(eventName, url), url).toBe(true)
      }
    },
  )

  it('allows navigation within our own page', () => {
    expect(contents.attemptNavigation('will-navigate', 'app://proxychat/index.html#/settings')).toBe(false)
  })

  it('denies every new window and opens http(s) links in the browser', async () => {
    expect(contents.openWindow('https://example.com/a?b=1')).toEqual({ action: 'deny' })
    expect(contents.openWindow('http://example.org/')).toEqual({ action: 'deny' })
    await vi.waitFor(() => {
      expect(shellMock.openedExternal).toEqual(['https://example.com/a?b=1', 'http://example.org/'])
    })
  })

  it('never opens file:, javascript:, custom schemes or credentials links', async () => {
    for (const url of [
      'file:///etc/passwd',
      'javascript:alert(1)',
      'ms-msdt:/id PCWDiagnostic',
      'smb://host/share',
      'app://proxychat/index.html',
      'https://user:pass@example.com/',
      'not a url',
    ]) {
      expect(contents.openWindow(url), url).toEqual({ action: 'deny' })
    }
    await new Promise((resolve) => setTimeout(resolve, 10))
    expect(shellMock.openedExternal).toEqual([])
  })

  it('refuses to attach a <webview>', () => {
    expect(contents.attachWebview('https://evil.example/')).toBe(true)
  })

  it('does not add the handlers twice', () => {
    hardenWebContents(contents as unknown as Parameters<typeof hardenWebContents>[0], policy)
    expect(contents.listenerCount('will-navigate')).toBe(1)
  })
})

describe('external links', () => {
  it.each([
    ['https://example.com/', true],
    ['HTTP://EXAMPLE.COM/', true],
    ['http://localhost:11434/api', true],
    ['file:///etc/passwd', false],
    ['javascript:alert(1)', false],
    ['vbscript:x', false],
    ['proxychat://x', false],
    ['https://a:b@example.com', false],
    ['//example.com', false],
    ['', false],
  ])('isSafeExternalUrl(%s) is %s', (url, safe) => {
    expect(isSafeExternalUrl(url)).toBe(safe)
  })

  it('openExternalUrl refuses unsafe links without touching the shell', async () => {
    await expect(openExternalUrl('file:///etc/passwd')).rejects.toThrow(/http/)
    expect(shellMock.openedExternal).toEqual([])
  })
})

describe('session', () => {
  const ses = session.defaultSession
  beforeEach(() => {
    hardenSession(ses as unknown as Parameters<typeof hardenSession>[0], policy, buildContentSecurityPolicy())
  })

  it.each([
    'media',
    'geolocation',
    'notifications',
    'openExternal',
    'clipboard-read',
    'fullscreen',
    'hid',
    'usb',
  ])('denies the %s permission request and check, even for our own page', async (permission) => {
    const contents = new MockWebContents()
    await expect(ses.requestPermission(contents, permission, { requestingUrl: APP_ENTRY_URL })).resolves.toBe(
      false,
    )
    expect(ses.checkPermission(contents, permission, 'app://proxychat', {})).toBe(false)
  })

  it('grants clipboard writes (copy buttons) to our own page only', async () => {
    const contents = new MockWebContents()
    expect(ses.checkPermission(contents, 'clipboard-sanitized-write', 'app://proxychat', {})).toBe(true)
    expect(ses.checkPermission(contents, 'clipboard-sanitized-write', 'https://evil.example', {})).toBe(false)
    await expect(
      ses.requestPermission(contents, 'clipboard-sanitized-write', {
        requestingUrl: 'https://evil.example/',
      }),
    ).resolves.toBe(false)
  })

  it('denies device access', () => {
    expect(ses.devicePermissionHandler?.({ deviceType: 'usb', origin: 'app://proxychat' })).toBe(false)
  })

  it('replaces any CSP header with ours on every response', async () => {
    const headers = await ses.receiveHeaders('http://localhost:5173/', {
      'content-security-policy': ["default-src *; script-src * 'unsafe-eval'"],
      'Content-Type': ['text/html'],
    })
    expect(headers).toEqual({
      'Content-Type': ['text/html'],
      'Content-Security-Policy': [buildContentSecurityPolicy()],
    })
  })
})

describe('origin policy', () => {
  it('uses app:// when packaged and the dev server only when given one', () => {
    expect(createOriginPolicy().entryUrl).toBe(APP_ENTRY_URL)
    const dev = createOriginPolicy('http://localhost:5173/')
    expect(dev.entryUrl).toBe('http://localhost:5173/')
    expect(dev.isOwnUrl('http://localhost:5173/src/main.tsx')).toBe(true)
    expect(dev.isOwnUrl(APP_ENTRY_URL)).toBe(false)
  })

  it('falls back to app:// for a dev server URL that does not parse', () => {
    expect(createOriginPolicy('not a url').entryUrl).toBe(APP_ENTRY_URL)
  })
})
