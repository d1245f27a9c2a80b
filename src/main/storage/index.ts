/** Storage: settings, secrets and history under the app's data folder. See storage.ts for the facade. */
export { Storage, type StorageOptions } from './storage'
export { SettingsStore, defaultSettings, SETTINGS_VERSION, settingsMigrations } from './settings-store'
export {
  SecretStore,
  secretStorageState,
  secretView,
  type SafeStorageLike,
  type SecretTarget,
} from './secret-store'
export { ConversationRepository, type RepositoryOptions, type ImportOutcome } from './conversation-repository'
export { StorageError, type MessagePatch } from './conversation-edits'
export {
  conversationToMarkdown,
  exportAll,
  exportAllToFile,
  importJson,
  parseImport,
  type ExportEnvelope,
} from './export-import'
export { titleFromText } from './titles'
export type { NoticeSink } from './notices'
export type { SearchLimits } from './search'
