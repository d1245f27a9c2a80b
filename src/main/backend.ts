/**
 * The services behind the IPC handlers, wired together: storage, the chat service and the providers.
 * Plain TypeScript: the Electron pieces it needs (safeStorage, resolveProxy, dialogs) are passed in,
 * so the same backend runs in the app and, in tests, in plain Node.
 */
import { writeFile } from 'node:fs/promises'
import type { SaveDialogOptions, SaveDialogReturnValue } from 'electron'
import type { Backend, EventPayloads, EventSink } from '../shared/contract'
import type { ConnectionTestReport, Conversation, Message } from '../shared/domain'
import { silentLogger, type Logger } from './logging/logger'
import { AppError } from './app-error'
import { AttachmentService } from './attachments/attachment-service'
import { closePdfTextWorker } from './attachments/pdf-text'
import { ChatService, type ChatHistory } from './chat/chat-service'
import { ProviderConnector } from './chat/connector'
import { resolveRoute } from './chat/routes'
import { buildDiagnostics, systemPacResults, type TestRecord } from './chat/diagnostics'
import { TitleWriter } from './chat/title-writer'
import { createProvider } from './chat/provider-factory'
import { testConnection } from './llm/connection-test'
import { ProviderError, errorFacts } from './llm/errors'
import { checkConversationParams, checkDefaultParams } from './chat/model-params'
import { ProviderService } from './providers/provider-service'
import { Storage, conversationToMarkdown, exportAllToFile, importJson } from './storage'
import type { SafeStorageLike } from './storage/secret-store'
import { promptLibrary } from './prompt-library'

export interface BackendDeps {
  /** app.getPath('userData'): where settings, history and secrets live. */
  userDataDir: string
  /** Where services send events for the window (stream, notice, conversations-changed). */
  sink: EventSink
  /** Only usable after the app is ready (createBackend is called after 'ready'). */
  safeStorage: SafeStorageLike
  /** session.defaultSession.resolveProxy, for the "system" proxy mode. */
  resolveProxy: (url: string) => Promise<string>
  /** A save dialog attached to the main window (for exports). */
  showSaveDialog: (options: SaveDialogOptions) => Promise<SaveDialogReturnValue>
  /** Opens an http(s) link in the user's browser; rejects anything else. */
  openExternal: (url: string) => Promise<void>
  appInfo: { version: string; platform: string; locale: string }
  /** Notices and failed replies are logged here too (redacted, one line each). */
  logger?: Logger
  /** Where Ollama and LM Studio are looked for (tests point these at fakes). */
  localServers?: ConstructorParameters<typeof ProviderService>[2]
}

export interface BackendHandle {
  backend: Backend
  /** Stored files, for the app protocol's `/attachments/<sha256>` route. */
  attachments: AttachmentService
  /** Stops every stream, saves it, and flushes pending writes. Called once, on quit. */
  shutdown(): Promise<void>
}

export async function createBackend(deps: BackendDeps): Promise<BackendHandle> {
  const sink = loggingSink(deps.sink, deps.logger ?? silentLogger)
  const storage = await Storage.open({
    dataDir: deps.userDataDir,
    safeStorage: deps.safeStorage,
    isReady: () => true,
    onNotice: (notice) => sink('event:notice', notice),
  })
  const repository = storage.conversations
  const changed = (): void => sink('event:conversations-changed', null)
  const attachments = new AttachmentService(deps.userDataDir)
  // In the background: the window opens without waiting for every conversation to be read.
  void attachments.startCollecting(
    () => repository.readAll(),
    () => repository.list().length,
  )
  const attachmentFiles = {
    read: (hash: string) => attachments.read(hash),
    has: (hash: string) => attachments.has(hash),
    put: (bytes: Uint8Array) => attachments.putImported(bytes),
  }

  const connector = new ProviderConnector({
    settings: () => storage.settings.get(),
    apiKey: (providerId) => storage.secrets.get({ type: 'provider', providerId }),
    routePassword: (routeId) => storage.secrets.get({ type: 'route', routeId }) ?? '',
    resolveSystemProxy: deps.resolveProxy,
  })
  const providers = new ProviderService(connector, Date.now, deps.localServers)

  const titles = new TitleWriter({
    settings: () => storage.settings.get(),
    // The provider's own client and route, without fallbacks (see title-writer.ts).
    client: (providerId) => connector.clientFor(providerId, false),
    conversation: (id) => (repository.has(id) ? repository.get(id) : undefined),
    save: (id, title) => repository.setModelTitle(id, title) !== undefined,
    onTitled: () => changed(),
    logger: deps.logger ?? silentLogger,
  })

  const history: ChatHistory = {
    get: (id) => Promise.resolve(repository.get(id)),
    appendMessage: async (id, message) => {
      const before = repository.summary(id).title
      repository.appendMessage(id, message)
      // The first message names the conversation: the sidebar must hear of it.
      if (repository.summary(id).title !== before) changed()
    },
    updateMessage: async (id, message) => {
      // A conversation deleted while its reply streamed has nowhere to save: nothing is lost that was kept.
      if (!repository.has(id)) return
      repository.updateMessage(id, message.id, messagePatch(message))
    },
    addVersion: async (id, of, message) => {
      repository.addVersion(id, of, message)
    },
  }
  const chat = new ChatService({
    history,
    connector,
    sink,
    defaultModel: () => storage.settings.get().defaultModel,
    providers: () => storage.settings.get().providers,
    attachments: {
      verify: (refs) => attachments.verify(refs),
      read: (hash) => attachments.read(hash),
    },
    onReplyDone: (conversationId, reply) => titles.afterReply(conversationId, reply),
  })

  // The last Test connection report of each provider this session, for the diagnostics report.
  const lastTests = new Map<string, TestRecord>()
  const saveTo = async (
    defaultPath: string,
    filters: SaveDialogOptions['filters'],
  ): Promise<string | undefined> => {
    const result = await deps.showSaveDialog({ defaultPath, filters })
    return result.canceled || !result.filePath ? undefined : result.filePath
  }

  const backend: Backend = {
    conversations: {
      list: async () => repository.list(),
      get: async (id) => repository.get(id),
      getTail: async (id, count) => repository.getTail(id, count),
      create: async (request) => {
        const model = request?.model ?? storage.settings.get().defaultModel
        if (request?.params) checkConversationParams(storage.settings.get(), model, request.params)
        const conversation = repository.create({ ...request, model })
        changed()
        return conversation
      },
      rename: async (id, title) => {
        const summary = repository.rename(id, title)
        changed()
        return summary
      },
      delete: async (id) => {
        await chat.stop(id)
        repository.delete(id)
        changed()
      },
      setPinned: async (id, pinned) => {
        const summary = repository.setPinned(id, pinned)
        changed()
        return summary
      },
      deleteMany: async (ids) => {
        // Replies being written stop (and are saved) first, as for one conversation.
        await Promise.all(ids.map((id) => chat.stop(id)))
        try {
          repository.deleteMany(ids)
        } finally {
          changed()
        }
      },
      exportSelected: async (ids) => {
        const path = await saveTo(`proxychat-export-${today()}-${ids.length}.json`, [
          { name: 'JSON', extensions: ['json'] },
        ])
        if (!path) return { saved: false }
        await exportAllToFile(repository, path, new Date(), attachmentFiles, ids)
        return { saved: true, path }
      },
      search: (query) => repository.search(query),
      setModel: async (id, model) => repository.setModel(id, model),
      setSystemPrompt: async (id, systemPrompt) => {
        repository.setSystemPrompt(id, systemPrompt)
      },
      setParams: async (id, params) => {
        checkConversationParams(storage.settings.get(), repository.get(id).model, params)
        return repository.setParams(id, params)
      },
      deleteMessage: async (conversationId, messageId) => {
        if (chat.isStreaming(conversationId)) {
          throw new AppError(
            'busy',
            'A reply is being written in this conversation: stop it before deleting messages.',
          )
        }
        repository.deleteMessage(conversationId, messageId)
        changed()
      },
      selectVersion: async (conversationId, messageId, index) => {
        // A reply being written belongs to the branch shown: switching away would hide where it goes.
        if (chat.isStreaming(conversationId)) {
          throw new AppError('busy', 'A reply is being written in this conversation: stop it first.')
        }
        return repository.selectVersion(conversationId, messageId, index)
      },
      exportAll: async () => {
        const path = await saveTo(`proxychat-export-${today()}.json`, [
          { name: 'JSON', extensions: ['json'] },
        ])
        if (!path) return { saved: false }
        await exportAllToFile(repository, path, new Date(), attachmentFiles)
        return { saved: true, path }
      },
      exportMarkdown: async (id) => {
        const conversation = repository.get(id)
        const path = await saveTo(`${fileName(conversation)}.md`, [{ name: 'Markdown', extensions: ['md'] }])
        if (!path) return { saved: false }
        const providers = storage.settings.get().providers
        const names = (id: string): string | undefined => providers.find((p) => p.id === id)?.name
        await writeFile(path, conversationToMarkdown(conversation, names), 'utf8')
        return { saved: true, path }
      },
      import: async ({ json, copySuffix }) => {
        const result = await importJson(repository, json, copySuffix, attachmentFiles)
        changed()
        return result
      },
    },
    attachments: {
      add: (request) => attachments.add(request),
    },
    chat: {
      send: (request) => chat.send(request),
      stop: (conversationId) => chat.stop(conversationId),
      regenerate: (request) => chat.regenerate(request),
      editAndResend: (request) => chat.editAndResend(request),
      continue: (request) => chat.continue(request),
    },
    settings: {
      get: async () => storage.settingsView(),
      update: async (patch) => {
        if (patch.modelParams) {
          checkDefaultParams(patch.providers ?? storage.settings.get().providers, patch.modelParams)
        }
        const view = storage.updateSettings(patch)
        if (patch.providers) providers.invalidate()
        return view
      },
      setSecret: async (request) => {
        const view = storage.setSecret(request)
        if (request.target.type === 'provider') providers.invalidate(request.target.providerId)
        return view
      },
      allowPlaintextSecrets: async (allow) => ({ ...deps.appInfo, ...storage.allowPlaintextSecrets(allow) }),
    },
    prompts: promptLibrary({
      prompts: () => storage.settings.get().prompts,
      update: (patch) => storage.updateSettings(patch),
      saveTo: (defaultPath) => saveTo(defaultPath, [{ name: 'JSON', extensions: ['json'] }]),
    }),
    providers: {
      models: (providerId, refresh) => providers.models(providerId, refresh),
      testConnection: async (request): Promise<ConnectionTestReport> => {
        const apiKey =
          request.apiKey ?? storage.secrets.get({ type: 'provider', providerId: request.provider.id })
        // The route being edited, or the one the provider (perhaps edited, unsaved) would take.
        const settings = storage.settings.get()
        const others = settings.providers.filter((p) => p.id !== request.provider.id)
        const route =
          request.route ??
          resolveRoute({ ...settings, providers: [...others, request.provider] }, request.provider.id).route
        let transport
        try {
          transport = await connector.transportOptions(request.provider.baseURL, route, request.routePassword)
        } catch (error) {
          // The route cannot be used, or the system could not say where it leads: never "direct".
          const facts = error instanceof ProviderError ? errorFacts(error) : { kind: 'proxy' as const }
          const report: ConnectionTestReport = {
            ok: false,
            steps: [],
            route: facts.fact === 'pac_failed' ? 'pac_failed' : 'invalid',
            routeId: route.id,
            error: { ...facts, message: error instanceof ProviderError ? error.message : String(error) },
          }
          lastTests.set(request.provider.id, { at: new Date(), report })
          return report
        }
        const report: ConnectionTestReport = {
          ...(await testConnection({
            provider: createProvider(request.provider, apiKey || undefined),
            baseURL: request.provider.baseURL,
            transport,
            ...(request.model ? { model: request.model } : {}),
          })),
          routeId: route.id,
        }
        lastTests.set(request.provider.id, { at: new Date(), report })
        return report
      },
      detectLocal: () => providers.detectLocal(),
    },
    routes: {
      diagnostics: async () => {
        const settings = storage.settings.get()
        return buildDiagnostics({
          settings,
          hasApiKey: (providerId) => storage.secrets.view({ type: 'provider', providerId }).set,
          hasRoutePassword: (routeId) => storage.secrets.view({ type: 'route', routeId }).set,
          pac: await systemPacResults(settings, deps.resolveProxy),
          lastTests,
          app: deps.appInfo,
          now: new Date(),
        })
      },
    },
    app: {
      info: async () => ({ ...deps.appInfo, ...storage.secretsInfo() }),
      openExternal: deps.openExternal,
    },
  }

  let stopped: Promise<void> | undefined
  const shutdown = (): Promise<void> => {
    stopped ??= (async () => {
      await chat.shutdown()
      await titles.close()
      storage.flush()
      await connector.close()
      await closePdfTextWorker()
    })()
    return stopped
  }
  return { backend, attachments, shutdown }
}

function messagePatch(message: Message): Parameters<Storage['conversations']['updateMessage']>[2] {
  return {
    content: message.content,
    status: message.status,
    ...(message.reasoning === undefined ? {} : { reasoning: message.reasoning }),
    ...(message.error === undefined ? {} : { error: message.error }),
    ...(message.meta === undefined ? {} : { meta: message.meta }),
    ...(message.attachments === undefined ? {} : { attachments: message.attachments }),
  }
}

function today(): string {
  return new Date().toISOString().slice(0, 10)
}

/** A file name from a title: letters, digits, spaces and dashes only. */
function fileName(conversation: Conversation): string {
  const base = conversation.title
    .replace(/[^\p{L}\p{N} -]+/gu, '')
    .trim()
    .slice(0, 60)
  // Windows reserves these names whatever the extension.
  if (!base || /^(con|prn|aux|nul|com\d|lpt\d)$/i.test(base)) return `conversation ${base}`.trim()
  return base
}

/** The window's event sink, also logging what is worth finding later: notices and replies that failed. */
function loggingSink(sink: EventSink, logger: Logger): EventSink {
  return (channel, payload) => {
    if (channel === 'event:notice') {
      const notice = payload as EventPayloads['event:notice']
      logger.child('storage').warn(notice.message, { code: notice.code, level: notice.level })
    } else if (channel === 'event:stream') {
      const event = payload as EventPayloads['event:stream']
      if (event.type === 'error') {
        logger.child('chat').warn('A reply failed', {
          kind: event.kind,
          conversation: event.conversationId,
          error: event.error,
        })
      }
    }
    sink(channel, payload)
  }
}
