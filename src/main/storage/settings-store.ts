/**
 * Settings: one small electron-store file (`settings.json`), validated with `settingsSchema` on load,
 * migrated by version, kept in memory and written whole on each update. Never contains secrets.
 */
import { join } from 'node:path'
import type { Settings } from '../../shared/domain'
import { DIRECT_ROUTE_ID, defaultSettings } from '../../shared/defaults'
import { settingsPatchSchema, settingsSchema, type SettingsPatch } from '../../shared/schemas'
import { AppError } from '../app-error'
import { openJsonStore, openJsonStoreOrReport, writeJsonStore, type JsonStore } from './json-store'
import { runMigrations, type FileData, type Migration, type MigrationPlan } from './migrations'
import { routesFromProxy } from './routes-migration'
import { corruptFileNotice, notice, unreadableFileNotice, type NoticeSink } from './notices'
import { hasProxyCredentials } from './proxy-credentials'
import { proxyAddressProblem } from '../../shared/proxy-address'
import { copyAside, moveAside } from './set-aside'

export { defaultSettings }

export const SETTINGS_FILE = 'settings'
export const SETTINGS_VERSION = 3
/** `settingsMigrations[i]` turns a version i + 1 file into version i + 2. */
export const settingsMigrations: readonly Migration[] = [
  // 1 → 2: proxies that inspect TLS need their CA trusted; version 1 had no place for it.
  (data) => {
    const proxy = data['proxy']
    if (typeof proxy !== 'object' || proxy === null || Array.isArray(proxy)) return data
    return { ...data, proxy: { caCertificates: '', ...proxy } }
  },
  // 2 → 3: one proxy for everything becomes routes, one per provider if the user wants.
  routesFromProxy,
]
const plan: MigrationPlan = { current: SETTINGS_VERSION, migrations: settingsMigrations }

type SettingsKey = keyof Settings
const SETTINGS_KEYS = Object.keys(settingsSchema.shape) as SettingsKey[]

export interface Salvaged {
  settings: Settings
  /** Keys present but invalid: the file must be set aside. */
  invalid: SettingsKey[]
  /** Keys absent: filled from the defaults, nothing lost. */
  missing: SettingsKey[]
}

/** Keeps every valid top-level section of a settings file: one bad value does not cost the user the rest. */
export function salvageSettings(data: FileData): Salvaged {
  const defaults = defaultSettings()
  const settings: Record<string, unknown> = { ...defaults }
  const invalid: SettingsKey[] = []
  const missing: SettingsKey[] = []
  for (const key of SETTINGS_KEYS) {
    if (!(key in data)) {
      missing.push(key)
      continue
    }
    const parsed = settingsSchema.shape[key].safeParse(data[key])
    if (parsed.success) settings[key] = parsed.data
    else invalid.push(key)
  }
  // A default route that no longer exists (a hand-edited file) is not worth setting the file aside for.
  if (!routeExists(settings['routes'], settings['defaultRouteId']))
    settings['defaultRouteId'] = DIRECT_ROUTE_ID
  return { settings: settingsSchema.parse(settings), invalid, missing }
}

function routeExists(routes: unknown, id: unknown): boolean {
  return Array.isArray(routes) && routes.some((r: { id?: unknown }) => r.id === id)
}

export function applySettingsPatch(settings: Settings, patch: SettingsPatch): Settings {
  return {
    ...settings,
    ...(patch.providers === undefined ? {} : { providers: patch.providers }),
    ...(patch.defaultModel === undefined ? {} : { defaultModel: patch.defaultModel }),
    ...(patch.language === undefined ? {} : { language: patch.language }),
    ...(patch.routes === undefined ? {} : { routes: patch.routes }),
    ...(patch.defaultRouteId === undefined ? {} : { defaultRouteId: patch.defaultRouteId }),
    ...(patch.prompts === undefined ? {} : { prompts: patch.prompts }),
    ...(patch.modelParams === undefined ? {} : { modelParams: patch.modelParams }),
    ...(patch.prices === undefined ? {} : { prices: patch.prices }),
    retry: { ...settings.retry, ...patch.retry },
    appearance: { ...settings.appearance, ...patch.appearance },
    titles: { ...settings.titles, ...patch.titles },
  }
}

const ADDRESS_FIELDS = ['httpProxy', 'httpsProxy', 'socksProxy'] as const

/**
 * The first proxy address that an update brings in and that cannot be used, described; undefined if none.
 * Only new or changed addresses are checked: an old file's bad address must not block changing the language.
 */
export function newUnusableAddress(saved: Settings, next: Settings): string | undefined {
  for (const route of next.routes) {
    const before = saved.routes.find((r) => r.id === route.id)
    for (const field of ADDRESS_FIELDS) {
      if (before?.[field] === route[field]) continue
      const problem = proxyAddressProblem(route[field])
      // The address itself is not quoted: it may carry a password.
      if (problem) return `The ${field} address of route "${route.name}" cannot be used (${problem}).`
    }
  }
  return undefined
}

function toFile(settings: Settings): FileData {
  return { schemaVersion: SETTINGS_VERSION, ...settings }
}

export interface SettingsStoreOptions {
  /** The app's data folder (userData). */
  dataDir: string
  onNotice: NoticeSink
}

export class SettingsStore {
  private constructor(
    /** Undefined while settings.json is unreadable: nothing is written over it. */
    private store: JsonStore | undefined,
    private settings: Settings,
    private readonly options: SettingsStoreOptions,
    /** The errno code that made settings.json unreadable at open. */
    private unreadable?: string,
  ) {}

  static open(options: SettingsStoreOptions): SettingsStore {
    const { onNotice } = options
    const opened = openJsonStoreOrReport({ cwd: options.dataDir, name: SETTINGS_FILE })
    if ('unreadable' in opened) {
      // Unreadable now says nothing about the content: the file stays as it is, the defaults stand in.
      const reason = opened.unreadable
      onNotice(unreadableFileNotice({ file: 'settings.json', reason, outcome: 'defaults' }))
      return new SettingsStore(undefined, defaultSettings(), options, reason)
    }
    const { store, path } = opened
    if (opened.asidePath) onNotice(corruptFileNotice('The settings file', opened.asidePath))
    if (!opened.data) return new SettingsStore(store, defaultSettings(), options)

    const migrated = runMigrations(opened.data, plan)
    if (migrated.kind === 'invalid') {
      onNotice(corruptFileNotice('The settings file', moveAside(path)))
      return new SettingsStore(store, defaultSettings(), options)
    }
    if (migrated.kind === 'newer') {
      const copy = copyAside(path, `v${migrated.from}`)
      onNotice(
        notice(
          'warning',
          'generic',
          `Settings were saved by a newer version of the app; a copy is kept.`,
          copy,
        ),
      )
    }
    const salvaged = salvageSettings(migrated.data)
    if (salvaged.invalid.length > 0) {
      onNotice(corruptFileNotice(`The settings (${salvaged.invalid.join(', ')})`, moveAside(path)))
    }
    if (migrated.kind !== 'current' || salvaged.invalid.length > 0 || salvaged.missing.length > 0) {
      writeJsonStore(store, toFile(salvaged.settings))
    }
    return new SettingsStore(store, salvaged.settings, options)
  }

  get(): Settings {
    return structuredClone(this.settings)
  }

  /** Merges, validates, writes; throws AppError('invalid_input') and writes nothing when the result is invalid. */
  update(patch: SettingsPatch): Settings {
    const parsedPatch = settingsPatchSchema.safeParse(patch)
    if (!parsedPatch.success)
      throw new AppError('invalid_input', `Invalid settings: ${parsedPatch.error.message}`)
    const parsed = settingsSchema.safeParse(applySettingsPatch(this.settings, parsedPatch.data))
    if (!parsed.success) throw new AppError('invalid_input', `Invalid settings: ${parsed.error.message}`)
    const next = parsed.data
    const unusable = newUnusableAddress(this.settings, next)
    if (unusable) throw new AppError('invalid_input', unusable)
    if (next.routes.some(hasProxyCredentials)) {
      throw new AppError('invalid_input', 'Proxy addresses must not contain a user name or password.')
    }
    if (!next.routes.some((r) => r.id === next.defaultRouteId)) {
      throw new AppError('invalid_input', 'The default route must be one of the routes.')
    }
    const ids = next.providers.map((p) => p.id)
    if (new Set(ids).size !== ids.length) throw new AppError('invalid_input', 'Provider ids must be unique.')
    const store = this.writableStore()
    if (store) writeJsonStore(store, toFile(next))
    this.settings = next
    return this.get()
  }

  /**
   * The store to write to. After an unreadable settings.json, the user's first change moves that file aside
   * (kept, never deleted) and starts a new one; if it cannot be moved either, changes stay in memory.
   */
  private writableStore(): JsonStore | undefined {
    if (this.store) return this.store
    if (this.unreadable === undefined) return undefined
    const { dataDir, onNotice } = this.options
    const reason = this.unreadable
    // Told once: after this the session either writes normally or keeps changes in memory.
    this.unreadable = undefined
    let asidePath: string
    try {
      asidePath = moveAside(join(dataDir, `${SETTINGS_FILE}.json`), 'unreadable')
    } catch {
      onNotice(unreadableFileNotice({ file: 'settings.json', reason, outcome: 'not-saved' }))
      return undefined
    }
    this.store = openJsonStore({ cwd: dataDir, name: SETTINGS_FILE }).store
    onNotice(unreadableFileNotice({ file: 'settings.json', reason, outcome: 'set-aside' }, asidePath))
    return this.store
  }
}
