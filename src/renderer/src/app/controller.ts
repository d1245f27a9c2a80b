import type { MenuCommand, ProxyChatApi } from '../../../shared/contract'
import type { AppInfo, ModelRef, Notice, SettingsView } from '../../../shared/domain'
import type { SetSecretRequest, SettingsPatch } from '../../../shared/schemas'
import { ChatStore, type FrameScheduler } from '../features/chat/chat-store'
import { ModelsStore } from '../features/chat/models-store'
import { ConversationsStore } from '../features/conversations/conversations-store'
import { realClock, type Clock } from '../lib/clock'
import { errorMessage } from '../lib/errors'
import { Store } from '../lib/store'

export type PreferencesTab = 'providers' | 'proxy' | 'retry' | 'appearance' | 'language' | 'data'

export interface PreferencesRequest {
  tab: PreferencesTab
  /** A provider to open for editing (its API key, say). */
  providerId?: string
  /** Open the "add a provider" form. */
  addProvider?: boolean
}

export interface AppState {
  status: 'loading' | 'ready' | 'failed'
  error: string | null
  settings: SettingsView | null
  info: AppInfo | null
  preferences: PreferencesRequest | null
  /** Bumped to ask the sidebar to focus its search field. */
  searchFocus: number
  /** Bumped to ask the composer to take focus. */
  composerFocus: number
  notices: readonly Notice[]
}

export interface ControllerOptions {
  scheduleFrame?: FrameScheduler
  clock?: Clock
}

/** The window's state and what the user can do with it; components read stores and call these. */
export class AppController {
  readonly api: ProxyChatApi
  readonly app: Store<AppState>
  readonly chat: ChatStore
  readonly conversations: ConversationsStore
  readonly models: ModelsStore
  readonly clock: Clock

  constructor(api: ProxyChatApi, options: ControllerOptions = {}) {
    this.api = api
    this.app = new Store<AppState>({
      status: 'loading',
      error: null,
      settings: null,
      info: null,
      preferences: null,
      searchFocus: 0,
      composerFocus: 0,
      notices: [],
    })
    this.clock = options.clock ?? realClock
    this.chat = new ChatStore(api, options.scheduleFrame, this.clock)
    this.conversations = new ConversationsStore(api)
    this.models = new ModelsStore(api)
  }

  /** Subscribes to main's events and loads the first state; returns the cleanup. */
  start(): () => void {
    const { on } = this.api
    const offs = [
      on.stream((event) => {
        this.chat.handleEvent(event)
        // A finished reply moves its conversation up (and may have given it a title).
        if (event.type === 'done' || event.type === 'stopped' || event.type === 'error') {
          void this.conversations.refresh()
        }
      }),
      on.notice((notice) => this.app.set((s) => ({ ...s, notices: [...s.notices, notice] }))),
      on.conversationsChanged(() => void this.conversations.refresh()),
      on.menuCommand((command) => this.command(command)),
    ]
    void this.load()
    return () => {
      for (const off of offs) off()
    }
  }

  async load(): Promise<void> {
    this.app.set({ status: 'loading', error: null })
    try {
      const [settings, info] = await Promise.all([this.api.settings.get(), this.api.app.info()])
      this.app.set({ status: 'ready', settings, info })
    } catch (error) {
      this.app.set({ status: 'failed', error: errorMessage(error) })
    }
    void this.conversations.refresh()
  }

  command(command: MenuCommand): void {
    switch (command) {
      case 'new-chat':
        this.newChat()
        return
      case 'search':
        this.focusSearch()
        return
      case 'preferences':
        this.openPreferences()
        return
      case 'stop':
        void this.chat.stop()
        return
    }
  }

  newChat(): void {
    void this.chat.open(null)
    this.app.set((s) => ({ ...s, composerFocus: s.composerFocus + 1 }))
  }

  openConversation(id: string, messageId: string | null = null): void {
    void this.chat.open(id, messageId)
  }

  focusSearch(): void {
    this.app.set((s) => ({ ...s, searchFocus: s.searchFocus + 1 }))
  }

  openPreferences(request: Partial<PreferencesRequest> = {}): void {
    this.app.set((s) => ({
      ...s,
      preferences: { ...request, tab: request.tab ?? s.preferences?.tab ?? 'providers' },
    }))
  }

  closePreferences(): void {
    this.app.set({ preferences: null })
  }

  /** The model a new message goes to: the conversation's, else the default. */
  currentModel(): ModelRef | null {
    const { conversation, draft } = this.chat.get()
    return conversation?.model ?? draft.model ?? this.app.get().settings?.defaultModel ?? null
  }

  async updateSettings(patch: SettingsPatch): Promise<SettingsView> {
    const settings = await this.api.settings.update(patch)
    this.app.set({ settings })
    return settings
  }

  async setSecret(request: SetSecretRequest): Promise<SettingsView> {
    const settings = await this.api.settings.setSecret(request)
    this.app.set({ settings })
    return settings
  }

  async allowPlaintextSecrets(allow: boolean): Promise<void> {
    const info = await this.api.settings.allowPlaintextSecrets(allow)
    this.app.set({ info })
  }

  async renameConversation(id: string, title: string): Promise<void> {
    const summary = await this.conversations.rename(id, title)
    this.chat.renamed(id, summary.title)
  }

  async deleteConversation(id: string): Promise<void> {
    await this.conversations.remove(id)
    this.chat.deleted(id)
  }

  dismissNotice(id: string): void {
    this.app.set((s) => ({ ...s, notices: s.notices.filter((n) => n.id !== id) }))
  }

  dispose(): void {
    this.chat.dispose()
  }
}
