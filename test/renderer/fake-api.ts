/**
 * The whole `ProxyChatApi`, in memory, for component tests: conversations, settings and secrets
 * behave like main's; streams are driven by the test (`fake.stream.delta('text')`...).
 */
import { vi } from 'vitest'
import type { MenuCommand, ProxyChatApi, StartedStream, StreamEvent } from '../../src/shared/contract'
import type {
  AppInfo,
  ConnectionTestReport,
  Conversation,
  ConversationSummary,
  ErrorKind,
  LocalServer,
  Message,
  ModelParams,
  Notice,
  ProviderFailure,
  ProviderView,
  SearchHit,
  SettingsView,
  Usage,
} from '../../src/shared/domain'
import type { SetSecretRequest, SettingsPatch } from '../../src/shared/schemas'
import { defaultProxySettings, directRoute, systemRoute } from '../../src/shared/defaults'
import { compactParams, hasParams } from '../../src/shared/model-params'
import { defaultPrices } from '../../src/shared/pricing'

export function defaultSettings(): SettingsView {
  return {
    providers: [],
    defaultModel: null,
    // Direct and System, and a proxy profile used by default (as a v2 proxy becomes), mode none until set.
    routes: [
      { ...directRoute(), password: { set: false } },
      { ...systemRoute(), password: { set: false } },
      { id: 'proxy', name: 'Proxy', ...defaultProxySettings(), bypass: [], password: { set: false } },
    ],
    defaultRouteId: 'proxy',
    retry: { maxRetries: 3, singleProviderRetry: true, shuffle: false, fallbackProviderIds: [] },
    appearance: { theme: 'system', fontSize: 15 },
    language: null,
    prompts: [],
    titles: { enabled: true, models: {} },
    modelParams: {},
    prices: defaultPrices(),
  }
}

export function provider(id: string, name: string, extra: Partial<ProviderView> = {}): ProviderView {
  return {
    id,
    kind: 'openai',
    name,
    baseURL: 'https://api.openai.com/v1',
    enabled: true,
    apiKey: { set: false },
    ...extra,
  }
}

export function message(
  id: string,
  role: Message['role'],
  content: string,
  extra: Partial<Message> = {},
): Message {
  return { id, role, content, createdAt: Date.now(), status: 'done', ...extra }
}

interface LiveStream {
  streamId: string
  conversationId: string
  messageId: string
}

type Listeners = {
  stream: Set<(event: StreamEvent) => void>
  notice: Set<(notice: Notice) => void>
  conversationsChanged: Set<() => void>
  menuCommand: Set<(command: MenuCommand) => void>
}

export interface FakeOptions {
  settings?: Partial<SettingsView>
  info?: Partial<AppInfo>
  conversations?: Conversation[]
  models?: Record<string, string[]>
  local?: LocalServer[]
  testReport?: ConnectionTestReport
}

export class FakeApi implements ProxyChatApi {
  settingsView: SettingsView
  info: AppInfo
  readonly store = new Map<string, Conversation>()
  /** Branches main would show, by `conversationId/messageId/version` (for selectVersion). */
  readonly branches = new Map<string, Message[]>()
  /** Secrets as main keeps them: never sent back. */
  readonly secrets = new Map<string, string>()
  models: Record<string, string[]>
  local: LocalServer[]
  testReport: ConnectionTestReport
  readonly opened: string[] = []
  live: LiveStream | null = null
  #seq = 0
  readonly #listeners: Listeners = {
    stream: new Set(),
    notice: new Set(),
    conversationsChanged: new Set(),
    menuCommand: new Set(),
  }

  constructor(options: FakeOptions = {}) {
    this.settingsView = { ...defaultSettings(), ...options.settings }
    this.info = {
      version: '0.1.0',
      platform: 'linux',
      locale: 'en-US',
      secretStorage: 'encrypted',
      plaintextSecretsAllowed: false,
      ...options.info,
    }
    for (const conversation of options.conversations ?? []) this.store.set(conversation.id, conversation)
    this.models = options.models ?? {}
    this.local = options.local ?? []
    this.testReport = options.testReport ?? {
      ok: true,
      steps: [{ step: 'provider_auth', ok: true, durationMs: 120 }],
      route: 'direct',
    }
  }

  #id(prefix: string): string {
    return `${prefix}-${++this.#seq}`
  }

  #get(id: string): Conversation {
    const conversation = this.store.get(id)
    if (!conversation) throw new Error(`No conversation ${id}`)
    return conversation
  }

  #summary(c: Conversation): ConversationSummary {
    return {
      id: c.id,
      title: c.title,
      createdAt: c.createdAt,
      updatedAt: c.updatedAt,
      model: c.model,
      messageCount: c.messages.length,
      ...(c.pinnedAt === undefined ? {} : { pinnedAt: c.pinnedAt }),
    }
  }

  #startStream(conversationId: string, assistant: Message, user?: Message): StartedStream {
    const streamId = this.#id('stream')
    this.live = { streamId, conversationId, messageId: assistant.id }
    return {
      streamId,
      conversationId,
      assistantMessage: structuredClone(assistant),
      ...(user ? { userMessage: structuredClone(user) } : {}),
    }
  }

  // ---- the API -----------------------------------------------------------------------------------

  conversations: ProxyChatApi['conversations'] = {
    list: vi.fn(async () => [...this.store.values()].map((c) => this.#summary(c))),
    get: vi.fn(async (id: string) => structuredClone(this.#get(id))),
    getTail: vi.fn(async (id: string, count: number) => {
      const conversation = this.#get(id)
      const earlier = Math.max(0, conversation.messages.length - count)
      return {
        conversation: structuredClone({ ...conversation, messages: conversation.messages.slice(earlier) }),
        earlier,
      }
    }),
    create: vi.fn(async (request) => {
      const now = Date.now()
      const conversation: Conversation = {
        id: this.#id('conv'),
        title: '',
        createdAt: now,
        updatedAt: now,
        model: request?.model ?? null,
        systemPrompt: request?.systemPrompt ?? '',
        messages: [],
      }
      this.store.set(conversation.id, conversation)
      return structuredClone(conversation)
    }),
    rename: vi.fn(async (id: string, title: string) => {
      const conversation = this.#get(id)
      conversation.title = title
      return this.#summary(conversation)
    }),
    delete: vi.fn(async (id: string) => {
      this.store.delete(id)
    }),
    search: vi.fn(async (query: string): Promise<SearchHit[]> => {
      const needle = query.toLowerCase()
      const hits: SearchHit[] = []
      // As main does: one hit per conversation, the first matching message as its snippet.
      for (const c of this.store.values()) {
        const found = c.messages.filter((m) => m.content.toLowerCase().includes(needle))
        const matches = found.length + (c.title.toLowerCase().includes(needle) ? 1 : 0)
        if (matches === 0) continue
        const first = found[0]
        hits.push({
          conversationId: c.id,
          title: c.title,
          snippet: first ? first.content.slice(0, 80) : c.title,
          ...(first ? { messageId: first.id } : {}),
          matches,
        })
      }
      return hits
    }),
    setModel: vi.fn(async (id, model) => {
      const conversation = this.#get(id)
      conversation.model = model
      return this.#summary(conversation)
    }),
    setSystemPrompt: vi.fn(async (id: string, systemPrompt: string) => {
      this.#get(id).systemPrompt = systemPrompt
    }),
    setParams: vi.fn(async (id: string, params: ModelParams) => {
      const conversation = this.#get(id)
      const own = compactParams(params)
      if (hasParams(own)) conversation.params = own
      else delete conversation.params
      return structuredClone(own)
    }),
    deleteMessage: vi.fn(async (conversationId: string, messageId: string) => {
      const conversation = this.#get(conversationId)
      conversation.messages = conversation.messages.filter((m) => m.id !== messageId)
    }),
    // As main: the branch shown after the switch; tests give each (message, version) its branch.
    selectVersion: vi.fn(async (conversationId: string, messageId: string, index: number) => {
      const branch = this.branches.get(`${conversationId}/${messageId}/${index}`)
      if (!branch) throw new Error(`No version ${index} of ${messageId}`)
      this.#get(conversationId).messages = structuredClone(branch)
      return structuredClone(this.#get(conversationId))
    }),
    setPinned: vi.fn(async (id: string, pinned: boolean) => {
      const conversation = this.#get(id)
      if (pinned) conversation.pinnedAt ??= Date.now()
      else delete conversation.pinnedAt
      return this.#summary(conversation)
    }),
    deleteMany: vi.fn(async (ids: string[]) => {
      for (const id of ids) this.#get(id)
      for (const id of ids) this.store.delete(id)
    }),
    exportSelected: vi.fn(async (_ids: string[]) => ({ saved: true, path: '/tmp/export.json' })),
    exportAll: vi.fn(async () => ({ saved: false })),
    exportMarkdown: vi.fn(async () => ({ saved: false })),
    import: vi.fn(async () => ({ added: 0, skipped: 0, copied: 0, invalid: 0 })),
  }

  prompts: ProxyChatApi['prompts'] = {
    export: vi.fn(async () => ({ saved: false })),
    import: vi.fn(async () => ({ added: 0, skipped: 0, copied: 0, invalid: 0 })),
  }

  attachments: ProxyChatApi['attachments'] = {
    // Like main: the type from the bytes (PNG or text here), a hash-like name from the sequence.
    add: vi.fn(async ({ name, bytes }) => {
      const png = bytes[0] === 0x89 && bytes[1] === 0x50
      const seq = String(++this.#seq)
      return {
        id: `att-${seq}`,
        name,
        mediaType: png ? 'image/png' : 'text/plain',
        size: bytes.length,
        hash: seq.padStart(64, '0'),
      }
    }),
  }

  chat: ProxyChatApi['chat'] = {
    send: vi.fn(async (request) => {
      const conversation = this.#get(request.conversationId)
      const attachments = request.attachments?.length ? { attachments: request.attachments } : {}
      const user = message(this.#id('msg'), 'user', request.content, attachments)
      const assistant = message(this.#id('msg'), 'assistant', '', { status: 'streaming' })
      conversation.messages.push(user, assistant)
      conversation.updatedAt = Date.now()
      if (!conversation.title) conversation.title = request.content.slice(0, 40)
      return this.#startStream(conversation.id, assistant, user)
    }),
    stop: vi.fn(async (conversationId: string) => {
      if (this.live?.conversationId === conversationId) this.stream.stopped()
    }),
    regenerate: vi.fn(async (request) => {
      const conversation = this.#get(request.conversationId)
      const index = conversation.messages.findIndex((m) => m.id === request.messageId)
      conversation.messages = conversation.messages.slice(0, Math.max(index, 0))
      const assistant = message(this.#id('msg'), 'assistant', '', { status: 'streaming' })
      conversation.messages.push(assistant)
      return this.#startStream(conversation.id, assistant)
    }),
    editAndResend: vi.fn(async (request) => {
      const conversation = this.#get(request.conversationId)
      const index = conversation.messages.findIndex((m) => m.id === request.messageId)
      const edited = conversation.messages[index]
      if (!edited) throw new Error('no such message')
      edited.content = request.content
      conversation.messages = conversation.messages.slice(0, index + 1)
      const assistant = message(this.#id('msg'), 'assistant', '', { status: 'streaming' })
      conversation.messages.push(assistant)
      return this.#startStream(conversation.id, assistant, edited)
    }),
    continue: vi.fn(async (request) => {
      const conversation = this.#get(request.conversationId)
      const target = conversation.messages.find((m) => m.id === request.messageId)
      if (!target) throw new Error('no such message')
      target.status = 'streaming'
      return this.#startStream(conversation.id, target)
    }),
  }

  settings: ProxyChatApi['settings'] = {
    get: vi.fn(async () => structuredClone(this.settingsView)),
    update: vi.fn(async (patch: SettingsPatch) => {
      const current = this.settingsView
      const next: SettingsView = { ...current }
      if (patch.providers) {
        next.providers = patch.providers.map((p) => ({
          ...p,
          apiKey: current.providers.find((old) => old.id === p.id)?.apiKey ?? { set: false },
        }))
      }
      if (patch.defaultModel !== undefined) next.defaultModel = patch.defaultModel
      if (patch.routes) {
        next.routes = patch.routes.map((r) => ({
          ...r,
          password: current.routes.find((old) => old.id === r.id)?.password ?? { set: false },
        }))
      }
      if (patch.defaultRouteId !== undefined) next.defaultRouteId = patch.defaultRouteId
      if (patch.prompts) next.prompts = patch.prompts
      if (patch.retry) next.retry = { ...current.retry, ...patch.retry }
      if (patch.appearance) next.appearance = { ...current.appearance, ...patch.appearance }
      if (patch.language !== undefined) next.language = patch.language
      if (patch.titles) next.titles = { ...current.titles, ...patch.titles }
      if (patch.modelParams) next.modelParams = patch.modelParams
      if (patch.prices) next.prices = patch.prices
      this.settingsView = next
      return structuredClone(next)
    }),
    setSecret: vi.fn(async (request: SetSecretRequest) => {
      const { target } = request
      const key = target.type === 'route' ? `route:${target.routeId}` : target.providerId
      if (request.value) this.secrets.set(key, request.value)
      else this.secrets.delete(key)
      const view = request.value ? { set: true } : { set: false }
      if (target.type === 'route') {
        this.settingsView = {
          ...this.settingsView,
          routes: this.settingsView.routes.map((r) =>
            r.id === target.routeId ? { ...r, password: view } : r,
          ),
        }
      } else {
        const id = target.providerId
        this.settingsView = {
          ...this.settingsView,
          providers: this.settingsView.providers.map((p) =>
            p.id === id
              ? { ...p, apiKey: request.value ? { set: true, last4: request.value.slice(-4) } : view }
              : p,
          ),
        }
      }
      return structuredClone(this.settingsView)
    }),
    allowPlaintextSecrets: vi.fn(async (allow: boolean) => {
      this.info = { ...this.info, plaintextSecretsAllowed: allow }
      return { ...this.info }
    }),
  }

  providers: ProxyChatApi['providers'] = {
    models: vi.fn(async (providerId: string) => this.models[providerId] ?? []),
    testConnection: vi.fn(async () => structuredClone(this.testReport)),
    detectLocal: vi.fn(async () => structuredClone(this.local)),
  }

  routes: ProxyChatApi['routes'] = {
    diagnostics: vi.fn(async () => 'ProxyChat network diagnostics\n'),
  }

  app: ProxyChatApi['app'] = {
    info: vi.fn(async () => ({ ...this.info })),
    openExternal: vi.fn(async (url: string) => {
      this.opened.push(url)
    }),
  }

  on: ProxyChatApi['on'] = {
    stream: (listener) => this.#subscribe(this.#listeners.stream, listener),
    notice: (listener) => this.#subscribe(this.#listeners.notice, listener),
    conversationsChanged: (listener) => this.#subscribe(this.#listeners.conversationsChanged, listener),
    menuCommand: (listener) => this.#subscribe(this.#listeners.menuCommand, listener),
  }

  #subscribe<T>(set: Set<T>, listener: T): () => void {
    set.add(listener)
    return () => {
      set.delete(listener)
    }
  }

  // ---- driving events from a test ----------------------------------------------------------------

  emit(event: StreamEvent): void {
    for (const listener of [...this.#listeners.stream]) listener(event)
  }

  menu(command: MenuCommand): void {
    for (const listener of [...this.#listeners.menuCommand]) listener(command)
  }

  notice(notice: Notice): void {
    for (const listener of [...this.#listeners.notice]) listener(notice)
  }

  conversationsChanged(): void {
    for (const listener of [...this.#listeners.conversationsChanged]) listener()
  }

  #liveMessage(): { live: LiveStream; message: Message } {
    const live = this.live
    if (!live) throw new Error('No stream was started')
    const found = this.#get(live.conversationId).messages.find((m) => m.id === live.messageId)
    if (!found) throw new Error('The streaming message is gone')
    return { live, message: found }
  }

  /** Events of the last stream started, applied to the stored conversation as main would. */
  readonly stream = {
    started: (providerName = 'OpenAI', model = 'gpt-4o'): void => {
      const { live, message: m } = this.#liveMessage()
      m.meta = { ...m.meta, providerName, model }
      this.emit({ type: 'started', ...live, providerName, model })
    },
    delta: (content: string, reasoning = ''): void => {
      const { live, message: m } = this.#liveMessage()
      m.content += content
      if (reasoning) m.reasoning = (m.reasoning ?? '') + reasoning
      this.emit({ type: 'delta', ...live, content, reasoning })
    },
    retry: (init: {
      attempt: number
      maxAttempts: number
      delayMs: number
      reason: ErrorKind
      providerName?: string
    }): void => {
      const { live } = this.#liveMessage()
      this.emit({
        type: 'retry',
        ...live,
        providerName: 'OpenAI',
        facts: { kind: init.reason, fact: 'connection_dropped' },
        ...init,
      })
    },
    done: (usage?: Usage, durationMs = 1500): void => {
      const { live, message: m } = this.#liveMessage()
      m.status = 'done'
      m.meta = { ...m.meta, usage, durationMs }
      this.live = null
      this.emit({
        type: 'done',
        ...live,
        message: structuredClone(m),
        ...(usage ? { usage } : {}),
        durationMs,
      })
    },
    stopped: (): void => {
      const { live, message: m } = this.#liveMessage()
      m.status = 'stopped'
      this.live = null
      this.emit({ type: 'stopped', ...live, message: structuredClone(m) })
    },
    error: (
      kind: ErrorKind,
      error = `failed: ${kind}`,
      providerId?: string,
      failures?: ProviderFailure[],
    ): void => {
      const { live, message: m } = this.#liveMessage()
      m.status = 'error'
      m.error = { kind, message: error, ...(failures ? { failures } : {}) }
      if (providerId) m.meta = { ...m.meta, providerId }
      this.live = null
      this.emit({ type: 'error', ...live, kind, error, message: structuredClone(m) })
    },
  }
}
