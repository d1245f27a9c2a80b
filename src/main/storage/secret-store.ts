/**
 * Secrets (API keys per provider, proxy passwords per route): encrypted with Electron's `safeStorage` and kept base64
 * in their own file, `secrets.json`. Never in plaintext on disk, never sent to the window (it sees `view()`).
 *
 * Where safeStorage offers only Linux's `basic_text` backend (a hard-coded password: obfuscation, not
 * protection) or no encryption at all, secrets live in memory for the session only, unless the user agreed to
 * `basic_text` (`allowPlaintext(true)`, recorded in the same file and re-applied at every start).
 *
 * Electron's sequence (shell/browser/api/electron_api_safe_storage.cc): after 'ready', isEncryptionAvailable()
 * is false for basic_text until setUsePlainTextEncryption(true) is called in this process; only Linux has
 * getSelectedStorageBackend(). So: check availability; if false on Linux, ask for the backend; opt in to
 * basic_text only with the user's consent.
 */
import { z } from 'zod'
import type { SafeStorage } from 'electron'
import type { SecretStorageState, SecretView } from '../../shared/domain'
import type { SetSecretRequest } from '../../shared/schemas'
import { openJsonStoreOrReport, writeJsonStore, type JsonStore } from './json-store'
import { runMigrations, type Migration, type MigrationPlan } from './migrations'
import { corruptFileNotice, notice, unreadableFileNotice, type NoticeSink } from './notices'
import { moveAside } from './set-aside'

export const SECRETS_FILE = 'secrets'
export const SECRETS_VERSION = 1
/** secrets.json is readable and writable by its owner only (POSIX). */
export const SECRETS_FILE_MODE = 0o600
export const secretsMigrations: readonly Migration[] = []
const plan: MigrationPlan = { current: SECRETS_VERSION, migrations: secretsMigrations }

/** The parts of Electron's safeStorage used here (injected, so tests and other hosts can supply their own). */
export type SafeStorageLike = Pick<SafeStorage, 'isEncryptionAvailable' | 'encryptString' | 'decryptString'> &
  Partial<Pick<SafeStorage, 'getSelectedStorageBackend' | 'setUsePlainTextEncryption'>>

export type SecretTarget = SetSecretRequest['target']

export function secretKey(target: SecretTarget): string {
  return target.type === 'route' ? `route:${target.routeId}` : `provider:${target.providerId}`
}

/** Where version 2 of the settings kept its one proxy password (routes came with version 3). */
export const LEGACY_PROXY_SECRET_KEY = 'proxy'

/** Below this length the last four characters would give away too much of the secret. */
const MIN_LENGTH_FOR_LAST4 = 12

export function secretView(value: string | undefined): SecretView {
  if (value === undefined || value === '') return { set: false }
  return value.length >= MIN_LENGTH_FOR_LAST4 ? { set: true, last4: value.slice(-4) } : { set: true }
}

/** Linux's password store in use ('basic_text', 'gnome_libsecret', 'kwallet5'...); elsewhere the platform. */
function selectedBackend(safeStorage: SafeStorageLike, platform: NodeJS.Platform): string {
  // Only Linux has a choice of backends; elsewhere safeStorage always uses the Keychain or DPAPI.
  if (platform !== 'linux' || !safeStorage.getSelectedStorageBackend) return platform
  try {
    return safeStorage.getSelectedStorageBackend()
  } catch {
    return 'unknown'
  }
}

/**
 * What protection secrets get, following Electron's order: availability first, then (Linux) the backend.
 * With `plaintextAllowed`, the user's earlier consent to basic_text is applied here, before any decryption.
 */
export function secretStorageState(
  safeStorage: SafeStorageLike,
  platform: NodeJS.Platform,
  plaintextAllowed = false,
): SecretStorageState {
  if (safeStorage.isEncryptionAvailable()) {
    // Available and basic_text: someone already opted in (a flag, an earlier call); still weak.
    return selectedBackend(safeStorage, platform) === 'basic_text' ? 'basic_text' : 'encrypted'
  }
  // A keyring that is selected but does not answer cannot be replaced by basic_text (Electron checks the backend).
  if (selectedBackend(safeStorage, platform) !== 'basic_text') return 'unavailable'
  if (plaintextAllowed) safeStorage.setUsePlainTextEncryption?.(true)
  return 'basic_text'
}

const entrySchema = z.object({ data: z.base64().max(100_000), backend: z.string().max(50) })
type DiskEntry = z.infer<typeof entrySchema>
const fileSchema = z.object({
  plaintextAllowed: z.boolean().default(false),
  entries: z.record(z.string().max(200), entrySchema).default({}),
})

export interface SecretStoreOptions {
  dataDir: string
  safeStorage: SafeStorageLike
  /** `app.isReady`: safeStorage works only once the app is ready. */
  isReady: () => boolean
  onNotice: NoticeSink
  platform?: NodeJS.Platform
}

export class SecretStore {
  /** Decrypted secrets, by key. */
  private readonly values = new Map<string, string>()
  /** What is (or will be) on disk, by key; includes entries that cannot be decrypted now, kept for later. */
  private readonly disk = new Map<string, DiskEntry>()
  private plaintextAllowed_ = false
  private sessionOnlyNoticeSent = false

  private constructor(
    /** Undefined while secrets.json is unreadable: secrets then live in memory and the file is left alone. */
    private readonly store: JsonStore | undefined,
    private readonly safeStorage: SafeStorageLike,
    private readonly state_: SecretStorageState,
    private readonly backend: string,
    private readonly onNotice: NoticeSink,
  ) {}

  static open(options: SecretStoreOptions): SecretStore {
    if (!options.isReady()) throw new Error('Secrets can only be opened once the app is ready (safeStorage).')
    const { safeStorage, onNotice } = options
    const platform = options.platform ?? process.platform
    // Owner-only: encrypted, but under Linux's basic_text the key to it is public.
    const opened = openJsonStoreOrReport({
      cwd: options.dataDir,
      name: SECRETS_FILE,
      mode: SECRETS_FILE_MODE,
    })
    if ('unreadable' in opened) {
      // The keys in it may be fine once it can be read again: never written over in this session. The
      // consent to weak encryption is in that file too, so it is not applied.
      onNotice(
        unreadableFileNotice({ file: 'secrets.json', reason: opened.unreadable, outcome: 'session-only' }),
      )
      const state = secretStorageState(safeStorage, platform, false)
      return new SecretStore(undefined, safeStorage, state, selectedBackend(safeStorage, platform), onNotice)
    }
    if (opened.asidePath) onNotice(corruptFileNotice('The saved keys and passwords', opened.asidePath))
    // The consent is read first: it must be re-applied before anything is decrypted.
    let parsed: z.infer<typeof fileSchema> | undefined
    if (opened.data) {
      const migrated = runMigrations(opened.data, plan)
      const result = migrated.kind === 'invalid' ? undefined : fileSchema.safeParse(migrated.data)
      if (result?.success) parsed = result.data
      else onNotice(corruptFileNotice('The saved keys and passwords', moveAside(opened.path)))
    }
    const plaintextAllowed = parsed?.plaintextAllowed ?? false
    const state = secretStorageState(safeStorage, platform, plaintextAllowed)
    const backend = selectedBackend(safeStorage, platform)
    const secrets = new SecretStore(opened.store, safeStorage, state, backend, onNotice)
    if (!parsed) return secrets
    secrets.plaintextAllowed_ = plaintextAllowed
    for (const [key, entry] of Object.entries(parsed.entries)) secrets.disk.set(key, entry)
    secrets.decryptAll()
    return secrets
  }

  private decryptAll(): void {
    let unreadable = 0
    let reencrypt = false
    for (const [key, entry] of this.disk) {
      try {
        if (!this.safeStorage.isEncryptionAvailable()) throw new Error('encryption unavailable')
        this.values.set(key, this.safeStorage.decryptString(Buffer.from(entry.data, 'base64')))
        // E.g. saved under basic_text and a keyring is there now: upgrade the protection.
        if (this.persistent && entry.backend !== this.backend) reencrypt = true
      } catch {
        // Kept on disk as it is: it may decrypt again when the keyring that wrote it is back.
        unreadable++
      }
    }
    if (reencrypt) this.persistAll()
    if (unreadable > 0) {
      this.onNotice(
        notice(
          'warning',
          'generic',
          `${unreadable} saved key(s) or password(s) cannot be decrypted on this system now; enter them again.`,
        ),
      )
    }
  }

  get state(): SecretStorageState {
    return this.state_
  }

  get plaintextAllowed(): boolean {
    return this.plaintextAllowed_
  }

  /** Whether secrets are written to disk (encrypted); false: kept for this session only. */
  get persistent(): boolean {
    if (this.state_ === 'encrypted') return true
    // An Electron without setUsePlainTextEncryption stays unavailable even with the user's consent.
    return this.state_ === 'basic_text' && this.plaintextAllowed_ && this.safeStorage.isEncryptionAvailable()
  }

  get(target: SecretTarget): string | undefined {
    return this.values.get(secretKey(target))
  }

  view(target: SecretTarget): SecretView {
    const view = secretView(this.get(target))
    // Key endings help tell keys apart; a password's ending is part of the password: never shown.
    return target.type === 'route' ? { set: view.set } : view
  }

  /** Stores a secret; an empty value clears it. */
  set(target: SecretTarget, value: string): void {
    const key = secretKey(target)
    if (value === '') {
      this.values.delete(key)
      if (this.disk.delete(key)) this.writeFile()
      return
    }
    if (this.persistent) {
      const entry = this.encrypt(value)
      this.disk.set(key, entry)
      this.writeFile()
    } else {
      // The user replaced it: an old, undecryptable copy on disk must not come back later.
      if (this.disk.delete(key)) this.writeFile()
      this.noticeSessionOnly()
    }
    this.values.set(key, value)
  }

  /** Forgets the keys of providers not in `providerIds` (removed providers). */
  retainProviders(providerIds: ReadonlySet<string>): void {
    this.retain('provider:', providerIds)
  }

  /** Forgets the passwords of routes not in `routeIds` (deleted routes). */
  retainRoutes(routeIds: ReadonlySet<string>): void {
    this.retain('route:', routeIds)
  }

  /**
   * Moves the settings-v2 proxy password to its route, as stored (it may not decrypt now and is moved all
   * the same). Does nothing when there is none, or when the route already has one.
   */
  adoptLegacyProxySecret(routeId: string): void {
    const to = secretKey({ type: 'route', routeId })
    const value = this.values.get(LEGACY_PROXY_SECRET_KEY)
    const entry = this.disk.get(LEGACY_PROXY_SECRET_KEY)
    if (value === undefined && entry === undefined) return
    if (!this.values.has(to) && !this.disk.has(to)) {
      if (value !== undefined) this.values.set(to, value)
      if (entry !== undefined) this.disk.set(to, entry)
    }
    this.values.delete(LEGACY_PROXY_SECRET_KEY)
    this.disk.delete(LEGACY_PROXY_SECRET_KEY)
    this.writeFile()
  }

  private retain(prefix: string, ids: ReadonlySet<string>): void {
    let changed = false
    for (const key of [...this.values.keys(), ...this.disk.keys()]) {
      if (key.startsWith(prefix) && !ids.has(key.slice(prefix.length))) {
        this.values.delete(key)
        if (this.disk.delete(key)) changed = true
      }
    }
    if (changed) this.writeFile()
  }

  /** The user's answer to "keep secrets with the weak basic_text encryption?". */
  allowPlaintext(allow: boolean): void {
    this.plaintextAllowed_ = allow
    if (this.state_ === 'basic_text') {
      // Electron keeps this per process: it is applied again at every start from the saved consent.
      this.safeStorage.setUsePlainTextEncryption?.(allow)
      if (allow && this.persistent) {
        this.persistAll()
        return
      }
      // Revoked: take them off the disk; they stay in memory for this session.
      for (const key of this.values.keys()) this.disk.delete(key)
    }
    this.writeFile()
  }

  private encrypt(value: string): DiskEntry {
    return { data: this.safeStorage.encryptString(value).toString('base64'), backend: this.backend }
  }

  private persistAll(): void {
    for (const [key, value] of this.values) this.disk.set(key, this.encrypt(value))
    this.writeFile()
  }

  private writeFile(): void {
    if (!this.store) return
    writeJsonStore(this.store, {
      schemaVersion: SECRETS_VERSION,
      plaintextAllowed: this.plaintextAllowed_,
      entries: Object.fromEntries(this.disk),
    })
  }

  private noticeSessionOnly(): void {
    if (this.sessionOnlyNoticeSent) return
    this.sessionOnlyNoticeSent = true
    const why =
      this.state_ === 'basic_text'
        ? 'No system keyring was found, so keys and passwords are kept for this session only.'
        : 'Encryption is not available on this system, so keys and passwords are kept for this session only.'
    this.onNotice(notice('warning', 'secrets_session_only', why))
  }
}
