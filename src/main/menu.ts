/**
 * The native application menu. Standard actions use Electron's roles (so they get the platform's
 * labels and shortcuts); actions that belong to the page are sent to it as menu commands.
 */
import { Menu } from 'electron'
import type { MenuItemConstructorOptions } from 'electron'
import type { MenuCommand } from '../shared/contract'

export interface MenuOptions {
  appName: string
  isMac: boolean
  /** Reload and developer tools only when developing. */
  isDev: boolean
  helpUrl: string
  sendCommand(command: MenuCommand): void
  openExternal(url: string): Promise<void>
}

const separator: MenuItemConstructorOptions = { type: 'separator' }

export function buildMenuTemplate(options: MenuOptions): MenuItemConstructorOptions[] {
  const { isMac, isDev } = options
  const command = (label: string, name: MenuCommand, accelerator?: string): MenuItemConstructorOptions => ({
    label,
    ...(accelerator === undefined ? {} : { accelerator }),
    click: () => {
      options.sendCommand(name)
    },
  })
  const preferences = command(isMac ? 'Settings…' : 'Preferences…', 'preferences', 'CmdOrCtrl+,')

  const appMenu: MenuItemConstructorOptions = {
    label: options.appName,
    submenu: [
      { role: 'about' },
      separator,
      preferences,
      separator,
      { role: 'services' },
      separator,
      { role: 'hide' },
      { role: 'hideOthers' },
      { role: 'unhide' },
      separator,
      { role: 'quit' },
    ],
  }

  const fileMenu: MenuItemConstructorOptions = {
    label: 'File',
    submenu: [
      command('New Chat', 'new-chat', 'CmdOrCtrl+N'),
      command('Search Conversations…', 'search', 'CmdOrCtrl+K'),
      command('Stop Generating', 'stop', 'CmdOrCtrl+.'),
      separator,
      ...(isMac ? [{ role: 'close' } as const] : [preferences, separator, { role: 'quit' } as const]),
    ],
  }

  const editMenu: MenuItemConstructorOptions = {
    label: 'Edit',
    submenu: [
      { role: 'undo' },
      { role: 'redo' },
      separator,
      { role: 'cut' },
      { role: 'copy' },
      { role: 'paste' },
      ...(isMac ? [{ role: 'pasteAndMatchStyle' } as const] : []),
      { role: 'delete' },
      separator,
      { role: 'selectAll' },
    ],
  }

  const viewMenu: MenuItemConstructorOptions = {
    label: 'View',
    submenu: [
      ...(isDev
        ? [
            { role: 'reload' } as const,
            { role: 'forceReload' } as const,
            { role: 'toggleDevTools' } as const,
            separator,
          ]
        : []),
      { role: 'resetZoom' },
      { role: 'zoomIn' },
      { role: 'zoomOut' },
      separator,
      { role: 'togglefullscreen' },
    ],
  }

  const windowMenu: MenuItemConstructorOptions = {
    label: 'Window',
    role: 'window',
    submenu: [
      { role: 'minimize' },
      { role: 'zoom' },
      ...(isMac ? [separator, { role: 'front' } as const] : [{ role: 'close' } as const]),
    ],
  }

  const helpMenu: MenuItemConstructorOptions = {
    label: 'Help',
    role: 'help',
    submenu: [
      {
        label: `${options.appName} Website`,
        click: () => {
          // A constant URL, and openExternal checks it again.
          const opening = options.openExternal(options.helpUrl) // eng-disable OPEN_EXTERNAL_JS_CHECK
          opening.catch((error: unknown) => {
            console.error('Could not open the help page:', error)
          })
        },
      },
      ...(isMac ? [] : [separator, { role: 'about' } as const]),
    ],
  }

  return [...(isMac ? [appMenu] : []), fileMenu, editMenu, viewMenu, windowMenu, helpMenu]
}

export function installApplicationMenu(options: MenuOptions): Menu {
  const menu = Menu.buildFromTemplate(buildMenuTemplate(options))
  Menu.setApplicationMenu(menu)
  return menu
}
