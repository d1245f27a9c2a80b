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
    loadFailedDetail: "The window's page failed to load ({{error}}). Choose Reload to try again.",
    crashedTitle: 'The window stopped working',
    crashedDetail:
      "The window's page closed unexpectedly ({{reason}}). Replies being written keep going and are saved; choose Reload to see them.",
    // Why the page is gone (RenderProcessGoneDetails.reason in Electron's docs), for crashedDetail.
    goneCleanExit: 'its process exited',
    goneAbnormalExit: 'its process exited with an error',
    goneKilled: 'its process was stopped from outside',
    goneCrashed: 'its process crashed',
    goneOom: 'its process ran out of memory',
    goneLaunchFailed: 'its process could not start',
    goneIntegrityFailure: "Windows' code integrity check failed",
    goneMemoryEviction: 'the system unloaded it to free memory',
    startFailedTitle: 'ProxyChat could not start',
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
    pasteAndMatchStyle: 'Вставить без форматирования',
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
    loadFailedDetail:
      'Страница окна не загрузилась ({{error}}). Нажмите «Перезагрузить», чтобы попробовать снова.',
    crashedTitle: 'Окно перестало работать',
    crashedDetail:
      'Страница окна неожиданно закрылась ({{reason}}). Ответы, которые писались в этот момент, не прерываются и сохраняются; нажмите «Перезагрузить», чтобы их увидеть.',
    goneCleanExit: 'её процесс завершился',
    goneAbnormalExit: 'её процесс завершился с ошибкой',
    goneKilled: 'её процесс остановлен извне',
    goneCrashed: 'сбой её процесса',
    goneOom: 'её процессу не хватило памяти',
    goneLaunchFailed: 'её процесс не запустился',
    goneIntegrityFailure: 'не пройдена проверка целостности кода Windows',
    goneMemoryEviction: 'система выгрузила её, чтобы освободить память',
    startFailedTitle: 'Не удалось запустить ProxyChat',
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

const GONE_REASONS: ReadonlyMap<string, NativeTextKey> = new Map([
  ['clean-exit', 'goneCleanExit'],
  ['abnormal-exit', 'goneAbnormalExit'],
  ['killed', 'goneKilled'],
  ['crashed', 'goneCrashed'],
  ['oom', 'goneOom'],
  ['launch-failed', 'goneLaunchFailed'],
  ['integrity-failure', 'goneIntegrityFailure'],
  ['memory-eviction', 'goneMemoryEviction'],
])

/** Electron's reason for a gone page in words; a reason a newer Electron adds is shown as it comes. */
export function pageGoneReason(language: Language, reason: string): string {
  const key = GONE_REASONS.get(reason)
  return key ? nativeText(language, key) : reason
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
