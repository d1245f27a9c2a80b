/**
 * Texts the main process shows itself (the native menu and dialogs), in English and Russian. The main
 * process has no i18next (that lives in the renderer's bundle), so it reads these tables. Imports nothing
 * from the process folders: the same choice of language as the window (`resolveLanguage` there).
 */
import type { Language } from './domain'

export const nativeTexts = {
  en: {
    // Menu
    menuFile: 'File',
    menuEdit: 'Edit',
    menuView: 'View',
    menuWindow: 'Window',
    menuHelp: 'Help',
    newChat: 'New Chat',
    searchConversations: 'Search Conversations…',
    stopGenerating: 'Stop Generating',
    preferences: 'Preferences…',
    settingsMac: 'Settings…',
    about: 'About {{app}}',
    services: 'Services',
    hide: 'Hide {{app}}',
    hideOthers: 'Hide Others',
    unhide: 'Show All',
    quit: 'Quit {{app}}',
    quitWindows: 'Exit',
    close: 'Close',
    closeWindow: 'Close Window',
    undo: 'Undo',
    redo: 'Redo',
    cut: 'Cut',
    copy: 'Copy',
    paste: 'Paste',
    pasteAndMatchStyle: 'Paste and Match Style',
    delete: 'Delete',
    selectAll: 'Select All',
    reload: 'Reload',
    forceReload: 'Force Reload',
    toggleDevTools: 'Toggle Developer Tools',
    resetZoom: 'Actual Size',
    zoomIn: 'Zoom In',
    zoomOut: 'Zoom Out',
    toggleFullScreen: 'Toggle Full Screen',
    minimize: 'Minimize',
    zoomWindow: 'Zoom',
    front: 'Bring All to Front',
    website: '{{app}} Website',
    showLogs: 'Show Logs',
    // Dialogs about the window's page
    pageReload: 'Reload',
    pageQuit: 'Quit',
    loadFailedTitle: 'The window could not be loaded',
    loadFailedDetail: 'The page failed to load ({{error}}). Reload to try again.',
    crashedTitle: 'The window stopped working',
    crashedDetail:
      'The page stopped unexpectedly ({{reason}}). Replies being written keep going and are saved; reload to see them.',
    // Sent to the model (not shown): Continue on a reply that was cut off.
    continuePrompt: 'Continue exactly where you stopped. Do not repeat anything you already wrote.',
  },
  ru: {
    menuFile: 'Файл',
    menuEdit: 'Правка',
    menuView: 'Вид',
    menuWindow: 'Окно',
    menuHelp: 'Справка',
    newChat: 'Новый чат',
    searchConversations: 'Поиск по беседам…',
    stopGenerating: 'Остановить ответ',
    preferences: 'Настройки…',
    settingsMac: 'Настройки…',
    about: 'О программе {{app}}',
    services: 'Службы',
    hide: 'Скрыть {{app}}',
    hideOthers: 'Скрыть остальные',
    unhide: 'Показать все',
    quit: 'Завершить {{app}}',
    quitWindows: 'Выход',
    close: 'Закрыть',
    closeWindow: 'Закрыть окно',
    undo: 'Отменить',
    redo: 'Повторить',
    cut: 'Вырезать',
    copy: 'Копировать',
    paste: 'Вставить',
    pasteAndMatchStyle: 'Вставить с сохранением стиля',
    delete: 'Удалить',
    selectAll: 'Выделить всё',
    reload: 'Перезагрузить',
    forceReload: 'Перезагрузить без кэша',
    toggleDevTools: 'Инструменты разработчика',
    resetZoom: 'Исходный размер',
    zoomIn: 'Увеличить',
    zoomOut: 'Уменьшить',
    toggleFullScreen: 'Полноэкранный режим',
    minimize: 'Свернуть',
    zoomWindow: 'Изменить масштаб окна',
    front: 'Все окна — на передний план',
    website: 'Сайт {{app}}',
    showLogs: 'Показать журналы',
    pageReload: 'Перезагрузить',
    pageQuit: 'Выйти',
    loadFailedTitle: 'Не удалось загрузить окно',
    loadFailedDetail: 'Страница не загрузилась ({{error}}). Перезагрузите, чтобы попробовать снова.',
    crashedTitle: 'Окно перестало работать',
    crashedDetail:
      'Страница неожиданно остановилась ({{reason}}). Ответы продолжают писаться и сохраняются; перезагрузите, чтобы их увидеть.',
    continuePrompt: 'Продолжи ровно с того места, где остановился. Не повторяй то, что уже написал.',
  },
} as const satisfies Record<Language, Record<string, string>>

export type NativeTextKey = keyof (typeof nativeTexts)['en']

/** The text in `language`, with `{{name}}` placeholders filled in. */
export function nativeText(
  language: Language,
  key: NativeTextKey,
  values: Readonly<Record<string, string>> = {},
): string {
  return nativeTexts[language][key].replace(/\{\{(\w+)\}\}/g, (match, name: string) => values[name] ?? match)
}

/** The user's choice, else the system's language (Russian when the locale starts with "ru"), like the window. */
export function nativeLanguage(choice: Language | null | undefined, systemLocale: string): Language {
  if (choice) return choice
  return systemLocale.toLowerCase().startsWith('ru') ? 'ru' : 'en'
}

/**
 * The language a conversation is written in, from the user's messages: Russian when most of their letters
 * are Cyrillic, else English. The user's own words, not the UI language: someone with an English UI may
 * well chat in Russian, and the model should be asked to go on in the language it is writing.
 */
export function conversationLanguage(userTexts: readonly string[]): Language {
  let cyrillic = 0
  let letters = 0
  for (const text of userTexts) {
    cyrillic += text.match(/\p{Script=Cyrillic}/gu)?.length ?? 0
    letters += text.match(/\p{L}/gu)?.length ?? 0
  }
  return letters > 0 && cyrillic * 2 > letters ? 'ru' : 'en'
}
