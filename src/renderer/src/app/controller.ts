import type { MenuCommand, ProxyChatApi } from '../../../shared/contract'
import type { AppInfo, ModelRef, Notice, SettingsView } from '../../../shared/domain'
import type { SetSecretRequest, SettingsPatch } from '../../../shared/schemas'
import { sendBlock, type SendBlock } from '../../../shared/send-readiness'
import { ChatStore, type FrameScheduler } from '../features/chat/chat-store'
import { ModelsStore } from '../features/chat/models-store'
import { ConversationsStore } from '../features/conversations/conversations-store'
import { realClock, type Clock } from '../lib/clock'
import { errorMessage } from '../lib/errors'
import { Store } from '../lib/store'

export type PreferencesTab =
  'providers' | 'proxy' | 'retry' | 'prompts' | 'titles' | 'prices' | 'appearance' | 'language' | 'data'

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

  /** Why a message cannot be sent now (no provider, no model…), or null when it can. */
  sendBlock(): SendBlock | null {
    return sendBlock(this.app.get().settings?.providers ?? [], this.currentModel())
  }

  /**
   * After a provider is added: when no usable model is chosen yet (the first provider, say), its first
   * listed model becomes the one new messages go to, so the user can type and send right away.
   */
  async selectFirstModel(providerId: string): Promise<void> {
    if (this.sendBlock() === null) return
    const list = await this.models.load(providerId, false)
    const first = list.status === 'ready' ? list.models[0] : undefined
    // Checked again: the user may have chosen a model while the list was loading.
    if (!first || this.sendBlock() === null) return
    const model: ModelRef = { providerId, model: first }
    await this.updateSettings({ defaultModel: model })
    // A chat's own model (of a removed or disabled provider) would hide the default.
    const { conversation, draft, conversationId } = this.chat.get()
    if ((conversationId ? conversation?.model : draft.model) ?? null) await this.chat.setModel(model)
  }

  async updateSettings(patch: SettingsPatch): Promise<SettingsView> {
    const settings = await this.api.settings.update(patch)
    this.app.set({ settings })
    return settings
  }

  /** After main changed settings itself (an import into the prompt library). */
  async reloadSettings(): Promise<void> {
    this.app.set({ settings: await this.api.settings.get() })
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

  /** Deletes the chosen conversations together; an open one among them closes. */
  async deleteConversations(ids: readonly string[]): Promise<void> {
    await this.conversations.removeMany(ids)
    for (const id of ids) this.chat.deleted(id)
    this.conversations.stopSelecting()
  }

  dismissNotice(id: string): void {
    this.app.set((s) => ({ ...s, notices: s.notices.filter((n) => n.id !== id) }))
  }

  dispose(): void {
    this.chat.dispose()
  }
}
