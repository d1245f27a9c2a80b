import { beforeEach, describe, expect, it, vi } from 'vitest'

vi.mock('electron', () => import('../../mocks/electron'))

import { menuMock, resetElectronMock } from '../../mocks/electron'
import type { MockMenu, MockMenuItem } from '../../mocks/electron'
import { installApplicationMenu } from '../../../src/main/menu'
import type { MenuOptions } from '../../../src/main/menu'
import { createLogger } from '../../../src/main/logging/logger'

const HELP = 'https://example.com/help'

function install(overrides: Partial<MenuOptions> = {}): {
  menu: MockMenu
  sendCommand: ReturnType<typeof vi.fn>
  openExternal: ReturnType<typeof vi.fn>
  showLogs: ReturnType<typeof vi.fn>
} {
  const sendCommand = vi.fn()
  const openExternal = vi.fn(() => Promise.resolve())
  const showLogs = vi.fn()
  installApplicationMenu({
    appName: 'ProxyChat',
    isMac: false,
    isDev: false,
    helpUrl: HELP,
    language: 'en',
    sendCommand,
    openExternal,
    showLogs,
    ...overrides,
  })
  const menu = menuMock.applicationMenu
  if (menu === null) throw new Error('no application menu')
  return { menu, sendCommand, openExternal, showLogs }
}

function allItems(menu: MockMenu): MockMenuItem[] {
  return menu.items.flatMap((item) => [item, ...(item.submenu ? allItems(item.submenu) : [])])
}

/** Roles as Electron keeps them (lower-cased), or the label of items without one. */
function roles(menu: MockMenu | undefined): (string | undefined)[] {
  return (menu?.items ?? [])
    .filter((item) => item.type !== 'separator')
    .map((item) => item.role ?? item.label)
}

beforeEach(() => {
  resetElectronMock()
})

describe('application menu (Windows, Linux)', () => {
  it('has File, Edit, View, Window and Help', () => {
    const { menu } = install()
    expect(menu.items.map((item) => item.label)).toEqual(['File', 'Edit', 'View', 'Window', 'Help'])
  })

  it('File holds New Chat, Preferences and Quit with the usual shortcuts', () => {
    const { menu, sendCommand } = install()
    expect(menu.find('File', 'New Chat')?.accelerator).toBe('CmdOrCtrl+N')
    expect(menu.find('File', 'Preferences…')?.accelerator).toBe('CmdOrCtrl+,')
    expect(menu.find('File', 'quit')).toBeDefined()
    menu.find('File', 'New Chat')?.click()
    menu.find('File', 'Preferences…')?.click()
    menu.find('File', 'Search Conversations…')?.click()
    menu.find('File', 'Stop Generating')?.click()
    expect(sendCommand.mock.calls).toEqual([['new-chat'], ['preferences'], ['search'], ['stop']])
  })

  it('Edit uses the standard roles', () => {
    const { menu } = install()
    expect(roles(menu.find('Edit')?.submenu)).toEqual([
      'undo',
      'redo',
      'cut',
      'copy',
      'paste',
      'delete',
      'selectall',
    ])
  })

  it('View offers zoom and full screen but no reload or developer tools in production', () => {
    const { menu } = install()
    expect(roles(menu.find('View')?.submenu)).toEqual(['resetzoom', 'zoomin', 'zoomout', 'togglefullscreen'])
    const everyRole = allItems(menu).map((item) => item.role)
    expect(everyRole).not.toContain('toggledevtools')
    expect(everyRole).not.toContain('reload')
    expect(everyRole).not.toContain('forcereload')
  })

  it('View adds reload and developer tools in development', () => {
    const { menu } = install({ isDev: true })
    expect(roles(menu.find('View')?.submenu)).toEqual([
      'reload',
      'forcereload',
      'toggledevtools',
      'resetzoom',
      'zoomin',
      'zoomout',
      'togglefullscreen',
    ])
  })

  it('Window and Help use their roles; the help link opens in the browser', () => {
    const { menu, openExternal } = install()
    expect(roles(menu.find('Window')?.submenu)).toEqual(['minimize', 'close'])
    expect(menu.find('Help')?.role).toBe('help')
    menu.find('Help', 'ProxyChat Website')?.click()
    expect(openExternal).toHaveBeenCalledWith(HELP)
    expect(menu.find('Help', 'about')).toBeDefined()
  })

  it('Help › Show Logs asks to open the logs folder, in the app’s language', () => {
    const { menu, showLogs } = install()
    expect(roles(menu.find('Help')?.submenu)).toEqual(['ProxyChat Website', 'Show Logs', 'about'])
    menu.find('Help', 'Show Logs')?.click()
    expect(showLogs).toHaveBeenCalledTimes(1)
    expect(install({ language: 'ru' }).menu.find('Справка', 'Показать журналы')).toBeDefined()
  })

  it('a help page that cannot open is logged, not thrown', async () => {
    const lines: string[] = []
    const logger = createLogger({ sink: (line) => lines.push(line) })
    const { menu } = install({ logger, openExternal: vi.fn(() => Promise.reject(new Error('no browser'))) })
    menu.find('Help', 'ProxyChat Website')?.click()
    await vi.waitFor(() => {
      expect(lines).toHaveLength(1)
    })
    expect(lines[0]).toMatch(/ERROR \[main\] Could not open the help page error="Error: no browser"$/)
  })
})

describe('application menu (macOS)', () => {
  it('starts with the app menu holding About, Settings and Quit', () => {
    const { menu, sendCommand } = install({ isMac: true })
    expect(menu.items.map((item) => item.label)).toEqual([
      'ProxyChat',
      'File',
      'Edit',
      'View',
      'Window',
      'Help',
    ])
    expect(roles(menu.find('ProxyChat')?.submenu)).toEqual([
      'about',
      'Settings…',
      'services',
      'hide',
      'hideothers',
      'unhide',
      'quit',
    ])
    menu.find('ProxyChat', 'Settings…')?.click()
    expect(sendCommand).toHaveBeenCalledWith('preferences')
  })

  it('keeps Quit out of File and closes the window there instead', () => {
    const { menu } = install({ isMac: true })
    expect(menu.find('File', 'quit')).toBeUndefined()
    expect(menu.find('File', 'close')).toBeDefined()
    expect(roles(menu.find('Window')?.submenu)).toEqual(['minimize', 'zoom', 'front'])
  })
})

/** Roles that map to AppKit actions and do nothing on Windows and Linux (docs/tutorial/menus.md#macos-only-roles). */
const MAC_ONLY_ROLES = [
  'hide',
  'hideothers',
  'unhide',
  'front',
  'zoom',
  'showsubstitutions',
  'togglesmartquotes',
  'togglesmartdashes',
  'toggletextreplacement',
  'startspeaking',
  'stopspeaking',
  'toggletabbar',
  'selectnexttab',
  'selectprevioustab',
  'mergeallwindows',
  'movetabtonewwindow',
  'appmenu',
  'services',
  'window',
  'help',
]

describe('roles that work where they are', () => {
  it('Windows and Linux get no macOS-only role that would do nothing (Window › Zoom); page zoom stays', () => {
    const { menu } = install()
    const submenuRoles = allItems(menu)
      .filter((item) => item.submenu === undefined)
      .map((item) => item.role)
    for (const role of MAC_ONLY_ROLES) expect(submenuRoles).not.toContain(role)
    expect(submenuRoles).toEqual(expect.arrayContaining(['zoomin', 'zoomout', 'resetzoom']))
  })

  it('macOS keeps its window Zoom', () => {
    const { menu } = install({ isMac: true })
    expect(menu.find('Window', 'zoom')).toBeDefined()
  })
})

describe('menu language', () => {
  it('every item has a label of its own in Russian (a role alone would show English)', () => {
    for (const isMac of [false, true]) {
      const { menu } = install({ language: 'ru', isMac, isDev: true })
      // The macOS app menu is titled with the app's name.
      const items = allItems(menu).filter((item) => item.type !== 'separator' && item.label !== 'ProxyChat')
      for (const item of items) {
        expect(item.label, `role ${item.role ?? '-'}`).not.toBe('')
        // Cyrillic in every label (the app's name aside).
        expect(item.label.replace('ProxyChat', ''), item.label).toMatch(/[а-яё]/i)
      }
      expect(menu.items.map((item) => item.label)).toContain('Правка')
    }
  })

  it('English labels name the actions', () => {
    const { menu } = install({ language: 'en' })
    expect(menu.find('View', 'zoomIn')?.label).toBe('Zoom In')
    expect(menu.find('Edit', 'selectAll')?.label).toBe('Select All')
    expect(menu.find('Help', 'about')?.label).toBe('About ProxyChat')
  })
})
