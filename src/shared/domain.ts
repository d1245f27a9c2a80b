/** Domain types shared by main, preload and renderer. Plain data only: everything here crosses IPC. */

// The chat client's error kinds and facts are the ones the window acts on and words.
import type { ErrorFact, ErrorFacts, ErrorKind } from './error-kind'
export type { ErrorFact, ErrorFacts, ErrorKind }
import type { AttachmentRef } from './attachments'
export type { AttachmentRef }
import type { SavedPrompt } from './prompts'
export type { SavedPrompt }
import type { ModelParams } from './model-params'
export type { ModelParams }
import type { ModelPrice } from './pricing'
export type { ModelPrice }

export type ProviderKind =
  'openai' | 'anthropic' | 'openrouter' | 'groq' | 'deepseek' | 'gemini' | 'ollama' | 'lmstudio' | 'custom'

export interface ProviderConfig {
  id: string
  kind: ProviderKind
  name: string
  baseURL: string
  enabled: boolean
  /** The route this provider's requests take; absent: the default route. */
  routeId?: string
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

/**
 * A route: how requests reach a provider. Every route is stored as a profile: the built-in Direct
 * (`mode: 'none'`, its CA certificates still apply) and System (the OS settings / PAC, with the bypass list,
 * username and CA certificates it needs), and the user's named proxies (`mode: 'manual'`). The password is a
 * secret, kept per route in the secret store.
 */
export interface RouteProfile extends ProxySettings {
  id: string
  name: string
}

export interface RouteView extends RouteProfile {
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

/** Titles written by a model after a conversation's first reply. */
export interface TitleSettings {
  /** Off: conversations keep the local title from their first message. */
  enabled: boolean
  /** The model that writes titles, per provider id; a provider not listed uses the conversation's model. */
  models: Record<string, string>
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
  routes: RouteProfile[]
  /** The route of providers that name none (or name one that was deleted). */
  defaultRouteId: string
  retry: RetrySettings
  appearance: Appearance
  /** null: follow the system's language. */
  language: Language | null
  /** The prompt library: named system prompts, in the user's order. */
  prompts: SavedPrompt[]
  titles: TitleSettings
  /** Default model parameters per provider id; a conversation's own values come first. */
  modelParams: Record<string, ModelParams>
  /** Prices per model for the cost of replies (USD per 1M tokens); shipped with list prices, edited by the user. */
  prices: ModelPrice[]
}

export interface SettingsView extends Omit<Settings, 'providers' | 'routes'> {
  providers: ProviderView[]
  routes: RouteView[]
}

export type MessageRole = 'user' | 'assistant' | 'system'

/** streaming: being written now; interrupted: the app stopped while it was streaming. */
export type MessageStatus = 'streaming' | 'done' | 'stopped' | 'error' | 'interrupted'

export interface Usage {
  promptTokens: number
  completionTokens: number
  totalTokens: number
  /** Part of promptTokens: read from the provider's prompt cache (billed at the cached rate). */
  cachedTokens?: number
  /** Part of promptTokens: written to the prompt cache (Anthropic; billed at the cache-write rate). */
  cacheWriteTokens?: number
  /** Part of completionTokens: the model's thinking. */
  reasoningTokens?: number
}

/**
 * One provider's failure, as facts for the window to word: who, how many attempts, what kind, the facts
 * (HTTP status, what the provider itself said...), and no advice: the window gives that once.
 */
export interface ProviderFailure extends ErrorFacts {
  provider: string
  attempts: number
  /** The chat client's English description of the last failure: for logs and exports, not shown. */
  message: string
}

/** A reply's failure: kind and facts the window words, and the English description (not shown). */
export interface MessageError extends ErrorFacts {
  message: string
  /** One entry per provider tried (absent in replies saved by older versions). */
  failures?: ProviderFailure[]
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
  error?: MessageError
  meta?: MessageMeta
  /** Files sent with a user message, by reference (absent in messages without any, and in older files). */
  attachments?: AttachmentRef[]
  /**
   * Reply versions and branches: the message this one follows (null: a first message). Stored on every
   * message of a version 2+ file; the window may ignore it.
   */
  parentId?: string | null
  /** Set by main on the visible branch when this message has other versions (siblings): "‹ index/count ›". */
  versions?: MessageVersions
}

/** Where a message stands among its versions: `index` is 1-based, in the order they were written. */
export interface MessageVersions {
  index: number
  count: number
}

export interface Conversation {
  id: string
  title: string
  createdAt: number
  updatedAt: number
  model: ModelRef | null
  systemPrompt: string
  /**
   * Across IPC: the visible branch, in order. In storage (main only): every message of the tree, in the
   * order written, each linked by `parentId` (see src/main/storage/conversation-tree.ts).
   */
  messages: Message[]
  /** Storage only: the chosen version under each message (key: parent id, '' for first messages). */
  selected?: Record<string, string>
  /** When the user pinned it to the top of the sidebar (absent: not pinned). */
  pinnedAt?: number
  /** Who wrote the title: absent for the local one from the first message; a 'user' title is never replaced. */
  titleSource?: TitleSource
  /** The conversation's own model parameters (absent: the provider's defaults; in older files too). */
  params?: ModelParams
}

export type TitleSource = 'user' | 'model'
/**
 * The end of a conversation's visible branch: opening paints these messages first and loads the whole
 * branch after (see `conversations.getTail`). `earlier` messages of the branch come before them.
 */
export interface ConversationTail {
  conversation: Conversation
  earlier: number
}

export interface ConversationSummary {
  id: string
  title: string
  createdAt: number
  updatedAt: number
  model: ModelRef | null
  messageCount: number
  /** As on the conversation: pinned conversations stay at the top, most recently pinned first. */
  pinnedAt?: number
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
  code: 'corrupt_file' | 'secrets_session_only' | 'import_result' | 'unreadable_file' | 'generic'
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
export type {
  ConnectionFailure,
  ConnectionStep,
  ConnectionStepResult,
  ConnectionTestReport,
  StepOutcome,
} from './connection-test'

export interface LocalServer {
  kind: 'ollama' | 'lmstudio'
  baseURL: string
  models: string[]
}
