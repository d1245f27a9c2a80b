import i18next from 'i18next'
import { initReactI18next } from 'react-i18next'
import type { AppInfo, Language } from '../../../shared/domain'
import en from '../locales/en.json'
import ru from '../locales/ru.json'

export const LANGUAGES: readonly Language[] = ['en', 'ru']

export const i18n = i18next.createInstance()

void i18n.use(initReactI18next).init({
  resources: { en: { translation: en }, ru: { translation: ru } },
  lng: 'en',
  fallbackLng: 'en',
  initAsync: false,
  interpolation: { escapeValue: false },
  returnNull: false,
})

/** The language to show: the user's choice, else the system's (Russian when it starts with "ru"). */
export function resolveLanguage(choice: Language | null | undefined, info: AppInfo | null): Language {
  if (choice) return choice
  return info?.locale.toLowerCase().startsWith('ru') ? 'ru' : 'en'
}

export function applyLanguage(language: Language): void {
  if (i18n.language !== language) void i18n.changeLanguage(language)
  document.documentElement.lang = language
}

/**
 * Marks a string as a translation key used indirectly (in a lookup table), so the i18n test's
 * scan of the sources finds it.
 */
export function tk<const K extends string>(key: K): K {
  return key
}
