/**
 * The one contract for everything that crosses IPC: channel names, the API the preload exposes,
 * and the events main sends. Main, preload and renderer all import it; payloads are validated
 * in main against the schemas in ./schemas.
 */
import type {
  AppInfo,
  Conversation,
  ConversationSummary,
  ConnectionTestReport,
  ErrorKind,
  LocalServer,
  Message,
  ModelRef,
  Notice,
  SearchHit,
  SettingsView,
  Usage,
} from './domain'
import type { AppErrorData } from './app-error'
import type {
  ContinueRequest,
  CreateConversationRequest,
  EditAndResendRequest,
  ImportRequest,
  RegenerateRequest,
  SendRequest,
  SetSecretRequest,
  SettingsPatch,
  TestConnectionRequest,
} from './schemas'

/** Name of the single object the preload puts on `window`. */
export const API_KEY = 'proxychat'

/** Request/response channels (ipcRenderer.invoke → ipcMain.handle). */
export const Channels = {
  conversationsList: 'conversations:list',
  conversationsGet: 'conversations:get',
  conversationsCreate: 'conversations:create',
  conversationsRename: 'conversations:rename',
  conversationsDelete: 'conversations:delete',
  conversationsSearch: 'conversations:search',
  conversationsSetModel: 'conversations:set-model',
  conversationsSetSystemPrompt: 'conversations:set-system-prompt',
  conversationsDeleteMessage: 'conversations:delete-message',
  conversationsExportAll: 'conversations:export-all',
  conversationsExportMarkdown: 'conversations:export-markdown',
  conversationsImport: 'conversations:import',
  chatSend: 'chat:send',
  chatStop: 'chat:stop',
  chatRegenerate: 'chat:regenerate',
  chatEditAndResend: 'chat:edit-and-resend',
  chatContinue: 'chat:continue',
  settingsGet: 'settings:get',
  settingsUpdate: 'settings:update',
  settingsSetSecret: 'settings:set-secret',
  settingsAllowPlaintextSecrets: 'settings:allow-plaintext-secrets',
  providersModels: 'providers:models',
  providersTestConnection: 'providers:test-connection',
  providersDetectLocal: 'providers:detect-local',
  appInfo: 'app:info',
  appOpenExternal: 'app:open-external',
} as const

/** Events main sends to the window (webContents.send → ipcRenderer.on). */
export const Events = {
  stream: 'event:stream',
  notice: 'event:notice',
  conversationsChanged: 'event:conversations-changed',
  menuCommand: 'event:menu-command',
} as const

export type Channel = (typeof Channels)[keyof typeof Channels]

interface StreamEventBase {
  streamId: string
  conversationId: string
  messageId: string
}

/** One stream's life, as the window sees it. Deltas are coalesced in main (≤ ~60 per second). */
export type StreamEvent =
  | (StreamEventBase & { type: 'started'; providerName: string; model: string })
  | (StreamEventBase & { type: 'delta'; content: string; reasoning: string })
  | (StreamEventBase & {
      type: 'retry'
      /** The provider that failed. */
      providerName: string
      /** The attempt coming up (on `nextProviderName`), 1-based. */
      attempt: number
      maxAttempts: number
      delayMs: number
      reason: ErrorKind
      message: string
      nextProviderName?: string
    })
  | (StreamEventBase & {
      type: 'done'
      message: Message
      usage?: Usage
      durationMs: number
    })
  | (StreamEventBase & { type: 'stopped'; message: Message })
  | (StreamEventBase & { type: 'error'; kind: ErrorKind; error: string; message: Message })

export type MenuCommand = 'new-chat' | 'search' | 'preferences' | 'stop'

export interface StartedStream {
  streamId: string
  conversationId: string
  /** The user's message (absent for regenerate and continue). */
  userMessage?: Message
  /** The assistant message being written. */
  assistantMessage: Message
}

export interface ExportResult {
  saved: boolean
  path?: string
}

export interface ImportResult {
  /** New conversations added. */
  added: number
  /** Already here with the same content: left as they are. */
  skipped: number
  /** Already here with different content: added as copies ("… (imported copy)"). */
  copied: number
  /** Entries of the file that are not valid conversations: left out. */
  invalid: number
}

/** Exactly what the preload exposes on `window.proxychat`. */
export interface ProxyChatApi {
  conversations: {
    list(): Promise<ConversationSummary[]>
    get(id: string): Promise<Conversation>
    create(request?: CreateConversationRequest): Promise<Conversation>
    rename(id: string, title: string): Promise<ConversationSummary>
    delete(id: string): Promise<void>
    search(query: string): Promise<SearchHit[]>
    setModel(id: string, model: ModelRef | null): Promise<ConversationSummary>
    setSystemPrompt(id: string, systemPrompt: string): Promise<void>
    deleteMessage(conversationId: string, messageId: string): Promise<void>
    exportAll(): Promise<ExportResult>
    exportMarkdown(id: string): Promise<ExportResult>
    import(request: ImportRequest): Promise<ImportResult>
  }
  chat: {
    send(request: SendRequest): Promise<StartedStream>
    stop(conversationId: string): Promise<void>
    regenerate(request: RegenerateRequest): Promise<StartedStream>
    editAndResend(request: EditAndResendRequest): Promise<StartedStream>
    continue(request: ContinueRequest): Promise<StartedStream>
  }
  settings: {
    get(): Promise<SettingsView>
    update(patch: SettingsPatch): Promise<SettingsView>
    /** Stores (or, with an empty value, clears) a secret. The value never comes back. */
    setSecret(request: SetSecretRequest): Promise<SettingsView>
    allowPlaintextSecrets(allow: boolean): Promise<AppInfo>
  }
  providers: {
    models(providerId: string, refresh: boolean): Promise<string[]>
    testConnection(request: TestConnectionRequest): Promise<ConnectionTestReport>
    detectLocal(): Promise<LocalServer[]>
  }
  app: {
    info(): Promise<AppInfo>
    openExternal(url: string): Promise<void>
  }
  /** Each returns a function that removes the listener. */
  on: {
    stream(listener: (event: StreamEvent) => void): () => void
    notice(listener: (notice: Notice) => void): () => void
    conversationsChanged(listener: () => void): () => void
    menuCommand(listener: (command: MenuCommand) => void): () => void
  }
}

/**
 * Every invoke returns this envelope, so that errors reach the page as data with a kind
 * (Electron reduces a thrown error to a prefixed string). The preload unwraps it.
 */
export type IpcResult<T> = { ok: true; value: T } | { ok: false; error: AppErrorData }

/** What main implements behind the IPC handlers: the API minus the event subscriptions. */
export type Backend = Omit<ProxyChatApi, 'on'>

/** Payload of each event channel. */
export interface EventPayloads {
  [Events.stream]: StreamEvent
  [Events.notice]: Notice
  [Events.conversationsChanged]: null
  [Events.menuCommand]: MenuCommand
}

export type EventChannel = keyof EventPayloads

/** Where main's services send events; the window layer forwards them to the page. */
export type EventSink = <C extends EventChannel>(channel: C, payload: EventPayloads[C]) => void
