/**
 * The native application menu. Standard actions use Electron's roles (their behaviour and shortcuts);
 * every label is given in the app's language, since a role's own label is English
 * (electron lib/browser/api/menu-item-roles.ts). Actions that belong to the page are sent to it as
 * menu commands.
 */
import { Menu } from 'electron'
import type { MenuItemConstructorOptions } from 'electron'
import type { MenuCommand } from '../shared/contract'
import type { Language } from '../shared/domain'
import { nativeText, type NativeTextKey } from '../shared/native-texts'
import { asError, silentLogger, type Logger } from './logging/logger'

export interface MenuOptions {
  appName: string
  isMac: boolean
  /** Reload and developer tools only when developing. */
  isDev: boolean
  helpUrl: string
  /** The language of the labels (the app's, as the window shows it). */
  language: Language
  sendCommand(command: MenuCommand): void
  openExternal(url: string): Promise<void>
  /** Help › Show Logs: opens the logs folder in the file manager. */
  showLogs(): void
  logger?: Logger
}

const separator: MenuItemConstructorOptions = { type: 'separator' }

type Role = NonNullable<MenuItemConstructorOptions['role']>

export function buildMenuTemplate(options: MenuOptions): MenuItemConstructorOptions[] {
  const { isMac, isDev } = options
  const logger = options.logger ?? silentLogger
  const text = (key: NativeTextKey): string => nativeText(options.language, key, { app: options.appName })
  const role = (name: Role, key: NativeTextKey): MenuItemConstructorOptions => ({
    role: name,
    label: text(key),
  })
  const command = (
    key: NativeTextKey,
    name: MenuCommand,
    accelerator?: string,
  ): MenuItemConstructorOptions => ({
    label: text(key),
    ...(accelerator === undefined ? {} : { accelerator }),
    click: () => {
      options.sendCommand(name)
    },
  })
  const preferences = command(isMac ? 'settingsMac' : 'preferences', 'preferences', 'CmdOrCtrl+,')

  const appMenu: MenuItemConstructorOptions = {
    label: options.appName,
    submenu: [
      role('about', 'about'),
      separator,
      preferences,
      separator,
      role('services', 'services'),
      separator,
      role('hide', 'hide'),
      role('hideOthers', 'hideOthers'),
      role('unhide', 'unhide'),
      separator,
      role('quit', 'quit'),
    ],
  }

  const fileMenu: MenuItemConstructorOptions = {
    label: text('menuFile'),
    submenu: [
      command('newChat', 'new-chat', 'CmdOrCtrl+N'),
      command('searchConversations', 'search', 'CmdOrCtrl+K'),
      command('stopGenerating', 'stop', 'CmdOrCtrl+.'),
      separator,
      ...(isMac ? [role('close', 'closeWindow')] : [preferences, separator, role('quit', 'quitWindows')]),
    ],
  }

  const editMenu: MenuItemConstructorOptions = {
    label: text('menuEdit'),
    submenu: [
      role('undo', 'undo'),
      role('redo', 'redo'),
      separator,
      role('cut', 'cut'),
      role('copy', 'copy'),
      role('paste', 'paste'),
      ...(isMac ? [role('pasteAndMatchStyle', 'pasteAndMatchStyle')] : []),
      role('delete', 'delete'),
      separator,
      role('selectAll', 'selectAll'),
    ],
  }

  const viewMenu: MenuItemConstructorOptions = {
    label: text('menuView'),
    submenu: [
      ...(isDev
        ? [
            role('reload', 'reload'),
            role('forceReload', 'forceReload'),
            role('toggleDevTools', 'toggleDevTools'),
            separator,
          ]
        : []),
      role('resetZoom', 'resetZoom'),
      role('zoomIn', 'zoomIn'),
      role('zoomOut', 'zoomOut'),
      separator,
      role('togglefullscreen', 'toggleFullScreen'),
    ],
  }

  const windowMenu: MenuItemConstructorOptions = {
    label: text('menuWindow'),
    role: 'window',
    // 'zoom' and 'front' are macOS-only roles (AppKit actions) that do nothing elsewhere
    // (docs/tutorial/menus.md#macos-only-roles); page zoom is in View on every platform.
    submenu: [
      role('minimize', 'minimize'),
      ...(isMac ? [role('zoom', 'zoomWindow'), separator, role('front', 'front')] : [role('close', 'close')]),
    ],
  }

  const helpMenu: MenuItemConstructorOptions = {
    label: text('menuHelp'),
    role: 'help',
    submenu: [
      {
        label: text('website'),
        click: () => {
          // A constant URL, and openExternal checks it again.
          const opening = options.openExternal(options.helpUrl) // eng-disable OPEN_EXTERNAL_JS_CHECK
          opening.catch((error: unknown) => {
            logger.error('Could not open the help page', { error: asError(error) })
          })
        },
      },
      {
        label: text('showLogs'),
        click: () => {
          options.showLogs()
        },
      },
      ...(isMac ? [] : [separator, role('about', 'about')]),
    ],
  }

  return [...(isMac ? [appMenu] : []), fileMenu, editMenu, viewMenu, windowMenu, helpMenu]
}

export function installApplicationMenu(options: MenuOptions): Menu {
  const menu = Menu.buildFromTemplate(buildMenuTemplate(options))
  Menu.setApplicationMenu(menu)
  return menu
}
