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
import { legacyProxySecretRoute } from './routes-migration'
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
    // Settings v2 kept one proxy password; it now belongs to the route its proxy settings went to.
    secrets.adoptLegacyProxySecret(legacyProxySecretRoute(settings.get().routes.map((r) => r.id)))
    const conversations = await ConversationRepository.open({
      dataDir,
      onNotice,
      ...(options.now ? { now: options.now } : {}),
    })
    return new Storage(settings, secrets, conversations)
  }

  /**
   * Settings as the window may see them: each API key reduced to `{ set, last4 }`, each route's password to
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
      routes: settings.routes.map((r) => ({
        ...r,
        password: { set: this.secrets.view({ type: 'route', routeId: r.id }).set },
      })),
    }
  }

  /**
   * Validates and saves a patch. Credentials pasted into a route's proxy URL are moved out of it: the user
   * name into the route's `username`, the password into the secrets. Keys of providers that were removed, and
   * passwords of routes that were deleted, are forgotten.
   */
  updateSettings(patch: SettingsPatch): SettingsView {
    let clean = patch
    const passwords = new Map<string, string>()
    if (patch.routes) {
      // Refused before anything is kept, and without quoting the address: it holds a password.
      if (patch.routes.some(lacksHost)) {
        throw new AppError(
          'invalid_input',
          'The proxy address has a user name and password but no host: write it as user:password@host:port.',
        )
      }
      const routes = patch.routes.map((route) => {
        const split = splitProxyCredentials(route)
        if (!split.credentials) return route
        const { username, password } = split.credentials
        if (password) passwords.set(route.id, password)
        return { ...split.proxy, ...(username ? { username } : {}) }
      })
      clean = { ...patch, routes }
    }
    const saved = this.settings.update(clean)
    for (const [routeId, password] of passwords) this.secrets.set({ type: 'route', routeId }, password)
    if (patch.providers) this.secrets.retainProviders(new Set(saved.providers.map((p) => p.id)))
    if (patch.routes) this.secrets.retainRoutes(new Set(saved.routes.map((r) => r.id)))
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
