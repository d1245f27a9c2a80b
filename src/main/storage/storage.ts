/**
 * The storage facade main wires up after `app.whenReady()`: settings, secrets and history under one data
 * folder, and the few operations that span two of them (settings as the window sees them, credentials typed
 * into a proxy URL, keys of removed providers).
 */
import type { AppInfo, SettingsView } from '../../shared/domain'
import type { SetSecretRequest, SettingsPatch } from '../../shared/schemas'
import { ConversationRepository } from './conversation-repository'
import type { NoticeSink } from './notices'
import { AppError } from '../app-error'
import { lacksHost, splitProxyCredentials } from './proxy-credentials'
import { SecretStore, type SafeStorageLike } from './secret-store'
import { SettingsStore } from './settings-store'

export interface StorageOptions {
  /** `app.getPath('userData')`. */
  dataDir: string
  safeStorage: SafeStorageLike
  /** `() => app.isReady()`. */
  isReady: () => boolean
  /** Corrupt files set aside and the like, to show the user (main buffers them until a window exists). */
  onNotice: NoticeSink
  platform?: NodeJS.Platform
  now?: () => number
}

export class Storage {
  private constructor(
    readonly settings: SettingsStore,
    readonly secrets: SecretStore,
    readonly conversations: ConversationRepository,
  ) {}

  static async open(options: StorageOptions): Promise<Storage> {
    const { dataDir, onNotice } = options
    const settings = SettingsStore.open({ dataDir, onNotice })
    const secrets = SecretStore.open({
      dataDir,
      onNotice,
      safeStorage: options.safeStorage,
      isReady: options.isReady,
      ...(options.platform ? { platform: options.platform } : {}),
    })
    const conversations = await ConversationRepository.open({
      dataDir,
      onNotice,
      ...(options.now ? { now: options.now } : {}),
    })
    return new Storage(settings, secrets, conversations)
  }

  /**
   * Settings as the window may see them: each API key reduced to `{ set, last4 }`, the proxy password to
   * `{ set }` (a password is never shown, not even in part).
   */
  settingsView(): SettingsView {
    const settings = this.settings.get()
    return {
      ...settings,
      providers: settings.providers.map((p) => ({
        ...p,
        apiKey: this.secrets.view({ type: 'provider', providerId: p.id }),
      })),
      proxy: { ...settings.proxy, password: { set: this.secrets.view({ type: 'proxy' }).set } },
    }
  }

  /**
   * Validates and saves a patch. Credentials pasted into a proxy URL are moved out of it: the user name into
   * `proxy.username`, the password into the secrets. Keys of providers that were removed are forgotten.
   */
  updateSettings(patch: SettingsPatch): SettingsView {
    let clean = patch
    let password: string | undefined
    if (patch.proxy) {
      // Refused before anything is kept, and without quoting the address: it holds a password.
      if (lacksHost(patch.proxy)) {
        throw new AppError(
          'invalid_input',
          'The proxy address has a user name and password but no host: write it as user:password@host:port.',
        )
      }
      const split = splitProxyCredentials(patch.proxy)
      if (split.credentials) {
        const { username } = split.credentials
        clean = { ...patch, proxy: { ...split.proxy, ...(username ? { username } : {}) } }
        password = split.credentials.password || undefined
      }
    }
    const saved = this.settings.update(clean)
    if (password !== undefined) this.secrets.set({ type: 'proxy' }, password)
    if (patch.providers) this.secrets.retainProviders(new Set(saved.providers.map((p) => p.id)))
    return this.settingsView()
  }

  setSecret(request: SetSecretRequest): SettingsView {
    this.secrets.set(request.target, request.value)
    return this.settingsView()
  }

  /** The storage half of AppInfo. */
  secretsInfo(): Pick<AppInfo, 'secretStorage' | 'plaintextSecretsAllowed'> {
    return { secretStorage: this.secrets.state, plaintextSecretsAllowed: this.secrets.plaintextAllowed }
  }

  allowPlaintextSecrets(allow: boolean): Pick<AppInfo, 'secretStorage' | 'plaintextSecretsAllowed'> {
    this.secrets.allowPlaintext(allow)
    return this.secretsInfo()
  }

  /** On quit: writes what is pending (the conversation index). */
  flush(): void {
    this.conversations.flush()
  }
}
