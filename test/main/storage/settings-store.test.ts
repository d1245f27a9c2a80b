import { copyFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs'
import { defaultRoute, routesFor } from '../../fixtures/routes'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import {
  applySettingsPatch,
  defaultSettings,
  SETTINGS_VERSION,
  salvageSettings,
  SettingsStore,
} from '../../../src/main/storage/settings-store'
import { directRoute, systemRoute } from '../../../src/shared/defaults'
import type { ProxySettings } from '../../../src/shared/domain'
import { allFiles, collectNotices, filesIn, makeTempDir, readJson, type TestDir } from './helpers'

vi.mock('electron', () => import('../../mocks/electron'))

const FIXTURES = join(import.meta.dirname, '../../fixtures/storage')

/** Sections added after settings version 3 (new keys, no version bump): a version 3 file gets their defaults. */
function sectionsAfterV3(): Record<string, unknown> {
  const {
    providers: _providers,
    defaultModel: _defaultModel,
    routes: _routes,
    defaultRouteId: _defaultRouteId,
    retry: _retry,
    appearance: _appearance,
    language: _language,
    ...added
  } = defaultSettings()
  return added
}

let tmp: TestDir
beforeEach(() => {
  tmp = makeTempDir()
})
afterEach(() => tmp.cleanup())

const settingsPath = (): string => join(tmp.dir, 'settings.json')

describe('SettingsStore', () => {
  it('starts from the defaults and writes nothing until something changes', () => {
    const { notices, onNotice } = collectNotices()
    const store = SettingsStore.open({ dataDir: tmp.dir, onNotice })
    expect(store.get()).toEqual(defaultSettings())
    expect(defaultRoute(store.get()).bypass).toEqual(['localhost', '127.0.0.1', '::1'])
    expect(store.get().retry).toEqual({
      maxRetries: 3,
      singleProviderRetry: true,
      shuffle: false,
      fallbackProviderIds: [],
    })
    expect(store.get().appearance).toEqual({ theme: 'system', fontSize: 15 })
    expect(notices).toEqual([])
    expect(existsSync(settingsPath())).toBe(false)
  })

  it.each([
    'ftp://proxy:21',
    'socks4://user:secret@proxy:1080',
    'proxy:0',
    'proxy:65536',
    'proxy:abc',
    ':3128',
  ])('refuses a route whose new proxy address %j cannot be used, and writes nothing', (address) => {
    const { onNotice } = collectNotices()
    const store = SettingsStore.open({ dataDir: tmp.dir, onNotice })
    const before = store.get()
    for (const field of ['httpProxy', 'httpsProxy', 'socksProxy'] as const) {
      const patch = routesFor({ mode: 'manual', httpProxy: 'proxy:3128', [field]: address })
      expect(() => store.update({ ...patch, language: 'ru' })).toThrow(
        expect.objectContaining({ code: 'invalid_input', message: expect.stringContaining(field) }),
      )
    }
    expect(store.get()).toEqual(before)
    expect(existsSync(settingsPath())).toBe(false)
  })

  it('an unusable address already in the file does not block other changes', () => {
    writeFileSync(
      settingsPath(),
      JSON.stringify({
        schemaVersion: SETTINGS_VERSION,
        ...defaultSettings(),
        ...routesFor({ mode: 'manual', httpProxy: 'proxy:0' }),
      }),
    )
    const { onNotice } = collectNotices()
    const store = SettingsStore.open({ dataDir: tmp.dir, onNotice })
    expect(store.update({ language: 'ru' }).language).toBe('ru')
    expect(() => store.update(routesFor({ mode: 'manual', httpProxy: 'proxy:65536' }))).toThrow(
      /cannot be used/,
    )
  })

  it('merges a patch section by section, validates it and writes it with its schema version', () => {
    const { onNotice } = collectNotices()
    const store = SettingsStore.open({ dataDir: tmp.dir, onNotice })
    store.update({ appearance: { fontSize: 18 }, ...routesFor({ mode: 'manual', httpProxy: 'proxy:3128' }) })
    const saved = store.get()
    expect(saved.appearance).toEqual({ theme: 'system', fontSize: 18 })
    expect(defaultRoute(saved).mode).toBe('manual')
    expect(defaultRoute(saved).socksRemoteDns).toBe(true)
    expect(readJson(settingsPath())).toMatchObject({
      schemaVersion: SETTINGS_VERSION,
      appearance: { fontSize: 18 },
    })
    // A new instance reads back the same.
    expect(SettingsStore.open({ dataDir: tmp.dir, onNotice }).get()).toEqual(saved)
  })

  it('rejects an invalid patch and writes nothing', () => {
    const { onNotice } = collectNotices()
    const store = SettingsStore.open({ dataDir: tmp.dir, onNotice })
    store.update({ language: 'en' })
    const before = readFileSync(settingsPath(), 'utf8')
    expect(() => store.update({ appearance: { fontSize: 99 } })).toThrow(/Invalid settings/)
    expect(() => store.update({ unknown: 1 } as never)).toThrow(/Invalid settings/)
    const provider = { id: 'p', kind: 'openai', name: 'P', baseURL: '', enabled: true } as const
    expect(() => store.update({ providers: [provider, provider] })).toThrow(/unique/)
    expect(readFileSync(settingsPath(), 'utf8')).toBe(before)
    expect(store.get().language).toBe('en')
  })

  it('never stores credentials inside a proxy URL', () => {
    const { onNotice } = collectNotices()
    const store = SettingsStore.open({ dataDir: tmp.dir, onNotice })
    expect(() =>
      store.update({ ...routesFor({ mode: 'manual', httpProxy: 'http://bob:hunter2@proxy:3128' }) }),
    ).toThrow(/user name/)
    expect(() =>
      store.update({ ...routesFor({ mode: 'manual', socksProxy: 'bob:hunter2@proxy:1080' }) }),
    ).toThrow(/user name/)
    expect(existsSync(settingsPath())).toBe(false)
  })

  it('moves an unparseable file aside, tells the user, and carries on with the defaults', () => {
    writeFileSync(settingsPath(), '{"providers": [ oops')
    const { notices, onNotice } = collectNotices()
    const store = SettingsStore.open({ dataDir: tmp.dir, onNotice })
    expect(store.get()).toEqual(defaultSettings())
    expect(notices).toHaveLength(1)
    const [notice] = notices
    expect(notice).toMatchObject({ code: 'corrupt_file', level: 'warning' })
    expect(notice?.path).toMatch(/settings\.corrupt-\d{4}-\d\d-\d\dT\d\d-\d\d-\d\d\.\d{3}Z\.json$/)
    expect(readFileSync(notice?.path ?? '', 'utf8')).toBe('{"providers": [ oops')
    store.update({ language: 'ru' })
    expect(SettingsStore.open({ dataDir: tmp.dir, onNotice }).get().language).toBe('ru')
  })

  it('treats an empty file and a non-object as corrupt too', () => {
    for (const content of ['', '[1,2]', '"settings"', 'null']) {
      writeFileSync(settingsPath(), content)
      const { notices, onNotice } = collectNotices()
      expect(SettingsStore.open({ dataDir: tmp.dir, onNotice }).get()).toEqual(defaultSettings())
      expect(notices.map((n) => n.code)).toEqual(['corrupt_file'])
      expect(readFileSync(notices[0]?.path ?? '', 'utf8')).toBe(content)
    }
  })

  it('keeps the valid sections of a file with an invalid value, and sets the file aside', () => {
    const fixture = readJson(join(FIXTURES, 'settings.v1.json')) as Record<string, unknown>
    writeFileSync(settingsPath(), JSON.stringify({ ...fixture, appearance: { theme: 'neon', fontSize: 15 } }))
    const { notices, onNotice } = collectNotices()
    const store = SettingsStore.open({ dataDir: tmp.dir, onNotice })
    expect(store.get().appearance).toEqual(defaultSettings().appearance)
    expect(store.get().providers).toHaveLength(2)
    expect(store.get().language).toBe('ru')
    expect(notices).toHaveLength(1)
    expect(notices[0]?.message).toMatch(/appearance/)
    expect(readJson(notices[0]?.path ?? '')).toMatchObject({ appearance: { theme: 'neon' } })
    // The salvaged settings were written back.
    expect(readJson(settingsPath())).toMatchObject({ language: 'ru', appearance: { theme: 'system' } })
  })

  it('sets aside a file with a broken schemaVersion', () => {
    writeFileSync(settingsPath(), JSON.stringify({ schemaVersion: 'two', language: 'en' }))
    const { notices, onNotice } = collectNotices()
    expect(SettingsStore.open({ dataDir: tmp.dir, onNotice }).get()).toEqual(defaultSettings())
    expect(notices.map((n) => n.code)).toEqual(['corrupt_file'])
  })

  it('keeps a copy of a file written by a newer version before reading it', () => {
    const fixture = readJson(join(FIXTURES, 'settings.v2.json')) as Record<string, unknown>
    writeFileSync(settingsPath(), JSON.stringify({ ...fixture, schemaVersion: 7, futureField: { x: 1 } }))
    const { notices, onNotice } = collectNotices()
    const store = SettingsStore.open({ dataDir: tmp.dir, onNotice })
    expect(store.get().language).toBe('ru')
    expect(notices).toHaveLength(1)
    expect(notices[0]?.path).toMatch(/settings\.v7-.*\.json$/)
    expect(readJson(notices[0]?.path ?? '')).toMatchObject({ schemaVersion: 7, futureField: { x: 1 } })
    expect(filesIn(tmp.dir)).toHaveLength(2)
  })

  it('fills sections missing from an older file with the defaults, without a notice', () => {
    writeFileSync(settingsPath(), JSON.stringify({ schemaVersion: 1, language: 'en' }))
    const { notices, onNotice } = collectNotices()
    const store = SettingsStore.open({ dataDir: tmp.dir, onNotice })
    expect(store.get()).toEqual({ ...defaultSettings(), language: 'en' })
    expect(notices).toEqual([])
  })

  it('contains no secrets', () => {
    const { onNotice } = collectNotices()
    const store = SettingsStore.open({ dataDir: tmp.dir, onNotice })
    store.update({ ...routesFor({ username: 'alice', httpProxy: 'proxy:8080' }) })
    expect(allFiles(tmp.dir)).toEqual([settingsPath()])
    expect(Object.keys(readJson(settingsPath()) as object).sort()).toEqual(
      [
        'appearance',
        'defaultModel',
        'defaultRouteId',
        'language',
        'providers',
        'retry',
        'routes',
        'schemaVersion',
        ...Object.keys(sectionsAfterV3()),
      ].sort(),
    )
  })
})

describe('settings migrations', () => {
  it('migrates the version 1 fixture: everything kept, an empty CA list added', () => {
    copyFileSync(join(FIXTURES, 'settings.v1.json'), settingsPath())
    const { notices, onNotice } = collectNotices()
    const store = SettingsStore.open({ dataDir: tmp.dir, onNotice })
    const { schemaVersion: _version, ...v1 } = readJson(join(FIXTURES, 'settings.v1.json')) as Record<
      string,
      unknown
    > & {
      proxy: Record<string, unknown>
    }
    const { proxy, ...rest } = v1
    expect(store.get()).toEqual({
      ...sectionsAfterV3(),
      ...rest,
      ...routesFor({ ...proxy, caCertificates: '' }),
    })
    expect(notices).toEqual([])
  })

  it('migrates the version 2 fixture: its manual proxy becomes the profile "Proxy", used by default', () => {
    copyFileSync(join(FIXTURES, 'settings.v2.json'), settingsPath())
    const { notices, onNotice } = collectNotices()
    const store = SettingsStore.open({ dataDir: tmp.dir, onNotice })
    const {
      schemaVersion: _version,
      proxy,
      ...rest
    } = readJson(join(FIXTURES, 'settings.v2.json')) as Record<string, unknown> & { proxy: ProxySettings }
    const settings = store.get()
    expect(settings).toEqual({
      ...sectionsAfterV3(),
      ...rest,
      routes: [directRoute(), systemRoute(), { id: 'proxy', name: 'Proxy', ...proxy }],
      defaultRouteId: 'proxy',
    })
    expect(defaultRoute(settings).caCertificates).toContain('BEGIN CERTIFICATE')
    // No provider names a route: all take the default one, as all took the one proxy before.
    expect(settings.providers.every((p) => p.routeId === undefined)).toBe(true)
    // Written back as version 3, and read again as it is.
    expect(readJson(settingsPath())).toMatchObject({ schemaVersion: 3, defaultRouteId: 'proxy' })
    expect(SettingsStore.open({ dataDir: tmp.dir, onNotice }).get()).toEqual(settings)
    expect(notices).toEqual([])
  })

  it('reads the version 3 fixture exactly, a provider on its own route included', () => {
    copyFileSync(join(FIXTURES, 'settings.v3.json'), settingsPath())
    const { notices, onNotice } = collectNotices()
    const store = SettingsStore.open({ dataDir: tmp.dir, onNotice })
    const { schemaVersion: _version, ...expected } = readJson(join(FIXTURES, 'settings.v3.json')) as Record<
      string,
      unknown
    >
    expect(store.get()).toEqual({ ...sectionsAfterV3(), ...expected })
    expect(store.get().providers.find((p) => p.id === 'local-ollama')?.routeId).toBe('direct')
    expect(notices).toEqual([])
  })

  it.each([
    ['none', 'direct'],
    ['system', 'system'],
  ] as const)('migrates a version 2 "%s" proxy to the built-in route %s, keeping its fields', (mode, id) => {
    const v2 = readJson(join(FIXTURES, 'settings.v2.json')) as Record<string, unknown> & {
      proxy: ProxySettings
    }
    writeFileSync(settingsPath(), JSON.stringify({ ...v2, proxy: { ...v2.proxy, mode } }))
    const settings = SettingsStore.open({ dataDir: tmp.dir, onNotice: () => undefined }).get()
    expect(settings.defaultRouteId).toBe(id)
    expect(settings.routes.map((r) => r.id)).toEqual(['direct', 'system'])
    const route = defaultRoute(settings)
    // Direct keeps only what Direct uses (the CA); System keeps everything (bypass, username, CA).
    expect(route.caCertificates).toBe(v2.proxy.caCertificates)
    expect(route.username).toBe(mode === 'system' ? 'alice' : '')
    expect(route.bypass).toEqual(mode === 'system' ? v2.proxy.bypass : directRoute().bypass)
  })
})

describe('pure helpers', () => {
  it('applySettingsPatch replaces arrays and merges sections', () => {
    const base = defaultSettings()
    const next = applySettingsPatch(base, {
      ...routesFor({ mode: 'system', bypass: ['x'] }),
      retry: { shuffle: true },
    })
    expect(defaultRoute(next).bypass).toEqual(['x'])
    expect(defaultRoute(next).mode).toBe('system')
    expect(next.retry).toEqual({ ...base.retry, shuffle: true })
    expect(defaultRoute(base).bypass).toHaveLength(3)
  })

  it('salvageSettings reports invalid and missing sections', () => {
    const result = salvageSettings({ language: 'xx', appearance: { theme: 'dark', fontSize: 12 } })
    expect(result.invalid).toEqual(['language'])
    expect(result.missing).toEqual([
      'providers',
      'defaultModel',
      'routes',
      'defaultRouteId',
      'retry',
      ...Object.keys(sectionsAfterV3()),
    ])
    expect(result.settings.appearance).toEqual({ theme: 'dark', fontSize: 12 })
    expect(result.settings.language).toBeNull()
  })
})
