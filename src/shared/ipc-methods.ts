/**
 * The IPC surface, declared once: every method the page may call (its arguments as a zod tuple built
 * from ./schemas, and its result) and every event main sends to the window. Channel names, the
 * `window.proxychat` API, the preload and main's handler types are all derived from these two tables;
 * adding a method means a row here and its handler in main (src/main/backend.ts), nothing else.
 *
 * The preload imports this module too, so it must stay free of runtime imports: see ./ipc-define.
 */
import type { ExportResult, ImportResult, MenuCommand, StartedStream, StreamEvent } from './contract'
import type {
  AppInfo,
  AttachmentRef,
  ConnectionTestReport,
  Conversation,
  ConversationTail,
  ConversationSummary,
  LocalServer,
  ModelParams,
  Notice,
  SearchHit,
  SettingsView,
} from './domain'
import { channelOf, event, eventChannelOf, method, returns, returnsNothing, signal } from './ipc-define'
import type {
  ApiOf,
  CallArgs,
  ChannelOf,
  EventChannelOf,
  EventTable,
  HandlersOf,
  IpcMethod,
  ListenersOf,
  MethodTable,
  PayloadsOf,
} from './ipc-define'

export const ipcMethods = {
  conversations: {
    list: method((z) => z.tuple([]), returns<ConversationSummary[]>()),
    get: method((z, s) => z.tuple([s.idSchema]), returns<Conversation>()),
    // The last `count` messages of the visible branch, so that opening a long conversation paints at once.
    getTail: method(
      (z, s) => z.tuple([s.idSchema, z.number().int().min(1).max(1000)]),
      returns<ConversationTail>(),
    ),
    create: method(
      (z, s) => z.tuple([s.createConversationRequestSchema.optional()]),
      returns<Conversation>(),
    ),
    rename: method((z, s) => z.tuple([s.idSchema, s.titleSchema]), returns<ConversationSummary>()),
    delete: method((z, s) => z.tuple([s.idSchema]), returnsNothing()),
    search: method((z, s) => z.tuple([s.searchQuerySchema]), returns<SearchHit[]>()),
    // The shared ModelRef schema strips unknown keys; a top-level argument should refuse them.
    setModel: method(
      (z, s) => z.tuple([s.idSchema, s.modelRefSchema.strict().nullable()]),
      returns<ConversationSummary>(),
    ),
    setSystemPrompt: method((z, s) => z.tuple([s.idSchema, s.systemPromptSchema]), returnsNothing()),
    /** The conversation's own model parameters ({} clears them); refused whole when out of its provider's range. */
    setParams: method((z, s) => z.tuple([s.idSchema, s.modelParamsSchema]), returns<ModelParams>()),
    /** (conversationId, messageId) */
    deleteMessage: method((z, s) => z.tuple([s.idSchema, s.idSchema]), returnsNothing()),
    /** (conversationId, messageId, version: 1-based) → the new visible branch; the choice is saved. */
    selectVersion: method(
      (z, s) => z.tuple([s.idSchema, s.idSchema, z.number().int().min(1).max(100_000)]),
      returns<Conversation>(),
    ),
    exportAll: method((z) => z.tuple([]), returns<ExportResult>()),
    /** (id, pinned): pinned conversations stay at the top of the sidebar. */
    setPinned: method((z, s) => z.tuple([s.idSchema, z.boolean()]), returns<ConversationSummary>()),
    /** Deletes all of them or, if one cannot be deleted, none. */
    deleteMany: method((z, s) => z.tuple([s.conversationIdsSchema]), returnsNothing()),
    /** The chosen conversations as an Export all file (JSON, with their attachments). */
    exportSelected: method((z, s) => z.tuple([s.conversationIdsSchema]), returns<ExportResult>()),
    exportMarkdown: method((z, s) => z.tuple([s.idSchema]), returns<ExportResult>()),
    import: method((z, s) => z.tuple([s.importRequestSchema]), returns<ImportResult>()),
  },
  attachments: {
    /** Stores a file the user picked, dropped or pasted (its bytes, never a path); refuses what cannot be sent. */
    add: method((z, s) => z.tuple([s.addAttachmentRequestSchema]), returns<AttachmentRef>()),
  },
  chat: {
    send: method((z, s) => z.tuple([s.sendRequestSchema]), returns<StartedStream>()),
    /** (conversationId) */
    stop: method((z, s) => z.tuple([s.idSchema]), returnsNothing()),
    regenerate: method((z, s) => z.tuple([s.regenerateRequestSchema]), returns<StartedStream>()),
    editAndResend: method((z, s) => z.tuple([s.editAndResendRequestSchema]), returns<StartedStream>()),
    continue: method((z, s) => z.tuple([s.continueRequestSchema]), returns<StartedStream>()),
  },
  settings: {
    get: method((z) => z.tuple([]), returns<SettingsView>()),
    update: method((z, s) => z.tuple([s.settingsPatchSchema]), returns<SettingsView>()),
    /** Stores (or, with an empty value, clears) a secret. The value never comes back. */
    setSecret: method((z, s) => z.tuple([s.setSecretRequestSchema]), returns<SettingsView>()),
    allowPlaintextSecrets: method((z) => z.tuple([z.boolean()]), returns<AppInfo>()),
  },
  providers: {
    /** (providerId, refresh) */
    models: method((z, s) => z.tuple([s.idSchema, z.boolean()]), returns<string[]>()),
    testConnection: method(
      (z, s) => z.tuple([s.testConnectionRequestSchema]),
      returns<ConnectionTestReport>(),
    ),
    detectLocal: method((z) => z.tuple([]), returns<LocalServer[]>()),
  },
  prompts: {
    /** Saves the prompt library as a JSON file the user picks. */
    export: method((z) => z.tuple([]), returns<ExportResult>()),
    /** Adds the prompts of a file the page read (never overwriting one); refuses a file that holds none. */
    import: method((z, s) => z.tuple([s.promptImportRequestSchema]), returns<ImportResult>()),
  },
  routes: {
    /** A redacted network report (routes per provider, PAC results, last tests) for a support ticket. */
    diagnostics: method((z) => z.tuple([]), returns<string>()),
  },
  app: {
    info: method((z) => z.tuple([]), returns<AppInfo>()),
    // Checked here (http(s) only) and again where the backend opens it.
    openExternal: method((z, s) => z.tuple([s.externalUrlSchema]), returnsNothing()),
  },
} satisfies MethodTable

export const ipcEvents = {
  stream: event<StreamEvent>(),
  notice: event<Notice>(),
  conversationsChanged: signal(),
  menuCommand: event<MenuCommand>(),
} satisfies EventTable

type Methods = typeof ipcMethods
type EventsTable = typeof ipcEvents

export type IpcNamespace = keyof Methods
export type IpcMethodName<N extends IpcNamespace> = keyof Methods[N] & string

/** Every method as `namespace.name`, e.g. `conversations.setModel`. */
export type IpcMethodId = { [N in IpcNamespace]: `${N}.${IpcMethodName<N>}` }[IpcNamespace]

/** Every invoke channel, e.g. `conversations:set-model`. */
export type Channel = { [N in IpcNamespace]: ChannelOf<N, IpcMethodName<N>> }[IpcNamespace]

/** Exactly what the preload exposes on `window.proxychat`; listeners in `on` return their remover. */
export type ProxyChatApi = ApiOf<Methods> & { on: ListenersOf<EventsTable> }

/** What main implements behind the IPC handlers: one handler per method, on parsed arguments. */
export type Backend = HandlersOf<Methods>

/** The arguments of some one method: a union over the table. */
export type AnyCallArgs = {
  [N in IpcNamespace]: { [M in IpcMethodName<N>]: CallArgs<Methods[N][M]> }[IpcMethodName<N>]
}[IpcNamespace]

export interface IpcMethodEntry {
  namespace: IpcNamespace
  name: string
  id: IpcMethodId
  channel: Channel
  method: IpcMethod
}

/** Object.keys, typed: the tables are literals, so their keys are exactly the declared ones. */
function keysOf<T extends object>(table: T): (keyof T & string)[] {
  return Object.keys(table) as (keyof T & string)[]
}

/** Every method of the table, in table order, with its derived channel. */
export function listIpcMethods(): IpcMethodEntry[] {
  return keysOf(ipcMethods).flatMap((namespace) => {
    const group: Readonly<Record<string, IpcMethod>> = ipcMethods[namespace]
    // The pairs are built from the table itself, so each id and channel is one of the declared ones.
    return Object.entries(group).map(([name, row]) => ({
      namespace,
      name,
      id: `${namespace}.${name}` as IpcMethodId,
      channel: channelOf(namespace, name) as Channel,
      method: row,
    }))
  })
}

export type EventName = keyof EventsTable
export type EventChannel = EventChannelOf<EventName>
export type EventPayloads = PayloadsOf<EventsTable>

/** Events main sends to the window (webContents.send → ipcRenderer.on), by name. */
export const Events = Object.fromEntries(keysOf(ipcEvents).map((name) => [name, eventChannelOf(name)])) as {
  readonly [E in EventName]: EventChannelOf<E>
}

/** Where main's services send events; the window layer forwards them to the page. */
export type EventSink = <C extends EventChannel>(channel: C, payload: EventPayloads[C]) => void
