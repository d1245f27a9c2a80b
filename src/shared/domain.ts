/** Domain types shared by main, preload and renderer. Plain data only: everything here crosses IPC. */

// The chat client's error kinds are the ones the window acts on.
import type { ErrorKind } from './error-kind'
import type { AttachmentRef } from './attachments'
export type { ErrorKind }
export type { AttachmentRef }

export type ProviderKind =
  'openai' | 'anthropic' | 'openrouter' | 'groq' | 'deepseek' | 'gemini' | 'ollama' | 'lmstudio' | 'custom'

export interface ProviderConfig {
  id: string
  kind: ProviderKind
  name: string
  baseURL: string
  enabled: boolean
}

/** What the window sees of a secret: never the secret itself. */
export interface SecretView {
  set: boolean
  /** Last four characters, for recognising which key is in use. */
  last4?: string
}

export interface ProviderView extends ProviderConfig {
  apiKey: SecretView
}

export interface ModelRef {
  providerId: string
  model: string
}

export type ProxyMode = 'none' | 'system' | 'manual'

export interface ProxySettings {
  mode: ProxyMode
  /** Each proxy is `host:port` or a URL (`http://`, `https://`, `socks5://`, `socks5h://`), without credentials. */
  httpProxy: string
  httpsProxy: string
  /** Use the HTTP proxy for HTTPS targets too. */
  useHttpForHttps: boolean
  socksProxy: string
  /** For SOCKS: resolve host names at the proxy (socks5h). */
  socksRemoteDns: boolean
  username: string
  /** Hosts that bypass the proxy. */
  bypass: string[]
  /** Extra CA certificates (PEM) to trust, for networks whose proxy inspects TLS. Not a secret. */
  caCertificates: string
}

export interface ProxyView extends ProxySettings {
  password: SecretView
}

export interface RetrySettings {
  /** Attempts per provider, in all. */
  maxRetries: number
  singleProviderRetry: boolean
  shuffle: boolean
  /** Provider ids tried after the conversation's own provider, in order. */
  fallbackProviderIds: string[]
}

export type Theme = 'light' | 'dark' | 'system'
export type Language = 'en' | 'ru'

export interface Appearance {
  theme: Theme
  fontSize: number
}

export interface Settings {
  providers: ProviderConfig[]
  defaultModel: ModelRef | null
  proxy: ProxySettings
  retry: RetrySettings
  appearance: Appearance
  /** null: follow the system's language. */
  language: Language | null
}

export interface SettingsView extends Omit<Settings, 'providers' | 'proxy'> {
  providers: ProviderView[]
  proxy: ProxyView
}

export type MessageRole = 'user' | 'assistant' | 'system'

/** streaming: being written now; interrupted: the app stopped while it was streaming. */
export type MessageStatus = 'streaming' | 'done' | 'stopped' | 'error' | 'interrupted'

export interface Usage {
  promptTokens: number
  completionTokens: number
  totalTokens: number
}

/**
 * One provider's failure, as facts for the window to word: who, how many attempts, what kind, and what the
 * provider itself said (no advice: the window gives that once).
 */
export interface ProviderFailure {
  provider: string
  attempts: number
  kind: ErrorKind
  /** HTTP status, when the provider answered with one. */
  status?: number
  /** The provider's own error message, clipped. */
  said?: string
  /** The chat client's full description of the last failure (it may include advice). */
  message: string
}

export interface MessageMeta {
  providerId?: string
  providerName?: string
  model?: string
  usage?: Usage
  durationMs?: number
  finishReason?: string
  /** Providers that failed before a fallback answered, in the order they were tried. */
  fallbackFrom?: ProviderFailure[]
}

export interface Message {
  id: string
  role: MessageRole
  content: string
  reasoning?: string
  createdAt: number
  status: MessageStatus
  /** `failures`: one entry per provider tried (absent in replies saved by older versions). */
  error?: { kind: ErrorKind; message: string; failures?: ProviderFailure[] }
  meta?: MessageMeta
  /** Files sent with a user message, by reference (absent in messages without any, and in older files). */
  attachments?: AttachmentRef[]
}

export interface Conversation {
  id: string
  title: string
  createdAt: number
  updatedAt: number
  model: ModelRef | null
  systemPrompt: string
  messages: Message[]
}

export interface ConversationSummary {
  id: string
  title: string
  createdAt: number
  updatedAt: number
  model: ModelRef | null
  messageCount: number
}

export interface SearchHit {
  conversationId: string
  title: string
  /** A short excerpt around the best match. */
  snippet: string
  /** The message the snippet comes from (absent when only the title matches). */
  messageId?: string
  /** Matches in the title and every message of the conversation. */
  matches: number
}

export type SecretStorageState = 'encrypted' | 'basic_text' | 'unavailable'

export interface AppInfo {
  version: string
  platform: string
  /** The system's preferred language, for the default UI language. */
  locale: string
  secretStorage: SecretStorageState
  /** Whether the user agreed to keep secrets with the weak basic_text backend. */
  plaintextSecretsAllowed: boolean
}

/** Something the user must be told about that did not come from a request (a corrupt file set aside...). */
export interface Notice {
  id: string
  level: 'info' | 'warning' | 'error'
  code: 'corrupt-file' | 'secrets-session-only' | 'import-result' | 'unreadable-file' | 'generic'
  /** English; the window words the notices it knows by their facts (`unreadable`) instead. */
  message: string
  /** Where a set-aside file now is. */
  path?: string
  unreadable?: UnreadableFileFacts
}

/** A data file that exists but could not be read (permission, lock, a folder in its place): what was done. */
export interface UnreadableFileFacts {
  file: 'settings.json' | 'secrets.json' | 'conversation-index.json'
  /** The system's error code: EACCES, EPERM, EBUSY, EISDIR... */
  reason: string
  /**
   * defaults: settings in use are the defaults, the file is untouched; session-only: secrets entered now are
   * kept until quit, the file is untouched; rebuilt: the list was rebuilt from the conversation files (the
   * old file is at `path` when it could be moved aside); set-aside: on the first change the file was moved
   * to `path` and the new settings saved; not-saved: it could not be moved either, changes last the session.
   */
  outcome: 'defaults' | 'session-only' | 'rebuilt' | 'set-aside' | 'not-saved'
}

// The connection test's report is the chat client's own.
export type { ConnectionStep, ConnectionStepResult, ConnectionTestReport } from './connection-test'

export interface LocalServer {
  kind: 'ollama' | 'lmstudio'
  baseURL: string
  models: string[]
}
