import { beforeEach, describe, expect, it, vi } from 'vitest'

vi.mock('electron', () => import('../../mocks/electron'))

import { menuMock, resetElectronMock } from '../../mocks/electron'
import type { MockMenu, MockMenuItem } from '../../mocks/electron'
import { installApplicationMenu } from '../../../src/main/menu'
import type { MenuOptions } from '../../../src/main/menu'

const HELP = 'https://example.com/help'

function install(overrides: Partial<MenuOptions> = {}): {
  menu: MockMenu
  sendCommand: ReturnType<typeof vi.fn>
  openExternal: ReturnType<typeof vi.fn>
} {
  const sendCommand = vi.fn()
  const openExternal = vi.fn(() => Promise.resolve())
  installApplicationMenu({
    appName: 'ProxyChat',
    isMac: false,
    isDev: false,
    helpUrl: HELP,
    sendCommand,
    openExternal,
    ...overrides,
  })
  const menu = menuMock.applicationMenu
  if (menu === null) throw new Error('no application menu')
  return { menu, sendCommand, openExternal }
}

function allItems(menu: MockMenu): MockMenuItem[] {
  return menu.items.flatMap((item) => [item, ...(item.submenu ? allItems(item.submenu) : [])])
}

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
      'selectAll',
    ])
  })

  it('View offers zoom and full screen but no reload or developer tools in production', () => {
    const { menu } = install()
    expect(roles(menu.find('View')?.submenu)).toEqual(['resetZoom', 'zoomIn', 'zoomOut', 'togglefullscreen'])
    const everyRole = allItems(menu).map((item) => item.role)
    expect(everyRole).not.toContain('toggleDevTools')
    expect(everyRole).not.toContain('reload')
    expect(everyRole).not.toContain('forceReload')
  })

  it('View adds reload and developer tools in development', () => {
    const { menu } = install({ isDev: true })
    expect(roles(menu.find('View')?.submenu)).toEqual([
      'reload',
      'forceReload',
      'toggleDevTools',
      'resetZoom',
      'zoomIn',
      'zoomOut',
      'togglefullscreen',
    ])
  })

  it('Window and Help use their roles; the help link opens in the browser', () => {
    const { menu, openExternal } = install()
    expect(roles(menu.find('Window')?.submenu)).toEqual(['minimize', 'zoom', 'close'])
    expect(menu.find('Help')?.role).toBe('help')
    menu.find('Help', 'ProxyChat Website')?.click()
    expect(openExternal).toHaveBeenCalledWith(HELP)
    expect(menu.find('Help', 'about')).toBeDefined()
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
      'hideOthers',
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
