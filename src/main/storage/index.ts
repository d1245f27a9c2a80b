/**
 * Storage: settings, secrets and history under the app's data folder (userData). Storage (storage.ts) is
 * the facade main opens after `app.whenReady()`.
 *
 *   settings.json                  Settings + schemaVersion; never a secret
 *   secrets.json                   safeStorage-encrypted secrets (base64) and the basic_text consent
 *   conversation-index.json        one summary per conversation, rewritten on compaction only
 *   conversation-index.journal     index changes since the last compaction, one JSON line each
 *   conversations/<id>.json        one conversation per file
 *   <name>.corrupt-<time>.json     a file that could not be read, set aside (never deleted)
 *   <name>.v<N>-<time>.json        a copy of a file written by a newer version, kept before reading it
 */
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
export { type MessagePatch } from './conversation-edits'
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
