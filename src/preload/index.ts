/**
 * The page's only door to main: exactly `ProxyChatApi`, as named functions on `window.proxychat`.
 * No generic invoke or send, and listeners get payloads, never Electron's event objects.
 * Built as CommonJS and run sandboxed: it may require 'electron' and nothing else (the contract's
 * constants are inlined by the bundler; everything else from shared is type-only).
 */
import { contextBridge, ipcRenderer } from 'electron'
import type { IpcRendererEvent } from 'electron'
import { API_KEY, Channels, Events } from '../shared/contract'
import type { Channel, EventChannel, EventPayloads, IpcResult, ProxyChatApi } from '../shared/contract'
import { appErrorText } from '../shared/app-error'

/** Invokes a channel and unwraps its envelope; a failure becomes an Error carrying main's message. */
async function call<T>(channel: Channel, ...args: unknown[]): Promise<T> {
  const result = (await ipcRenderer.invoke(channel, ...args)) as IpcResult<T>
  if (result.ok) return result.value
  // Only the message survives the context bridge: the code goes in front of it (parseAppErrorText reads it).
  throw Object.assign(new Error(appErrorText(result.error)), { code: result.error.code })
}

function assertFunction(listener: unknown): void {
  if (typeof listener !== 'function') throw new TypeError('A listener must be a function.')
}

function subscribe<C extends EventChannel>(
  channel: C,
  listener: (payload: EventPayloads[C]) => void,
): () => void {
  assertFunction(listener)
  const forward = (_event: IpcRendererEvent, payload: EventPayloads[C]): void => {
    listener(payload)
  }
  ipcRenderer.on(channel, forward)
  return () => {
    ipcRenderer.removeListener(channel, forward)
  }
}

const api: ProxyChatApi = {
  conversations: {
    list: () => call(Channels.conversationsList),
    get: (id) => call(Channels.conversationsGet, id),
    create: (request) => call(Channels.conversationsCreate, request),
    rename: (id, title) => call(Channels.conversationsRename, id, title),
    delete: (id) => call(Channels.conversationsDelete, id),
    search: (query) => call(Channels.conversationsSearch, query),
    setModel: (id, model) => call(Channels.conversationsSetModel, id, model),
    setSystemPrompt: (id, systemPrompt) => call(Channels.conversationsSetSystemPrompt, id, systemPrompt),
    deleteMessage: (conversationId, messageId) =>
      call(Channels.conversationsDeleteMessage, conversationId, messageId),
    exportAll: () => call(Channels.conversationsExportAll),
    exportMarkdown: (id) => call(Channels.conversationsExportMarkdown, id),
    import: (request) => call(Channels.conversationsImport, request),
  },
  chat: {
    send: (request) => call(Channels.chatSend, request),
    stop: (conversationId) => call(Channels.chatStop, conversationId),
    regenerate: (request) => call(Channels.chatRegenerate, request),
    editAndResend: (request) => call(Channels.chatEditAndResend, request),
    continue: (request) => call(Channels.chatContinue, request),
  },
  settings: {
    get: () => call(Channels.settingsGet),
    update: (patch) => call(Channels.settingsUpdate, patch),
    setSecret: (request) => call(Channels.settingsSetSecret, request),
    allowPlaintextSecrets: (allow) => call(Channels.settingsAllowPlaintextSecrets, allow),
  },
  providers: {
    models: (providerId, refresh) => call(Channels.providersModels, providerId, refresh),
    testConnection: (request) => call(Channels.providersTestConnection, request),
    detectLocal: () => call(Channels.providersDetectLocal),
  },
  app: {
    info: () => call(Channels.appInfo),
    openExternal: (url) => call(Channels.appOpenExternal, url),
  },
  on: {
    stream: (listener) => subscribe(Events.stream, listener),
    notice: (listener) => subscribe(Events.notice, listener),
    conversationsChanged: (listener) => {
      assertFunction(listener)
      return subscribe(Events.conversationsChanged, () => listener())
    },
    menuCommand: (listener) => subscribe(Events.menuCommand, listener),
  },
}

contextBridge.exposeInMainWorld(API_KEY, api)
