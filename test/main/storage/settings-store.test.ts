import { copyFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import {
  applySettingsPatch,
  defaultSettings,
  SETTINGS_VERSION,
  salvageSettings,
  SettingsStore,
} from '../../../src/main/storage/settings-store'
import { allFiles, collectNotices, filesIn, makeTempDir, readJson, type TestDir } from './helpers'

vi.mock('electron', () => import('../../mocks/electron'))

const FIXTURES = join(import.meta.dirname, '../../fixtures/storage')

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
    expect(store.get().proxy.bypass).toEqual(['localhost', '127.0.0.1', '::1'])
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

  it('merges a patch section by section, validates it and writes it with its schema version', () => {
    const { onNotice } = collectNotices()
    const store = SettingsStore.open({ dataDir: tmp.dir, onNotice })
    store.update({ appearance: { fontSize: 18 }, proxy: { mode: 'manual', httpProxy: 'proxy:3128' } })
    const saved = store.get()
    expect(saved.appearance).toEqual({ theme: 'system', fontSize: 18 })
    expect(saved.proxy.mode).toBe('manual')
    expect(saved.proxy.socksRemoteDns).toBe(true)
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
    expect(() => store.update({ proxy: { httpProxy: 'http://bob:hunter2@proxy:3128' } })).toThrow(/user name/)
    expect(() => store.update({ proxy: { socksProxy: 'bob:hunter2@proxy:1080' } })).toThrow(/user name/)
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
    store.update({ proxy: { username: 'alice', httpProxy: 'proxy:8080' } })
    expect(allFiles(tmp.dir)).toEqual([settingsPath()])
    expect(Object.keys(readJson(settingsPath()) as object).sort()).toEqual(
      ['appearance', 'defaultModel', 'language', 'providers', 'proxy', 'retry', 'schemaVersion'].sort(),
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
    expect(store.get()).toEqual({ ...v1, proxy: { ...v1.proxy, caCertificates: '' } })
    expect(notices).toEqual([])
  })

  it('reads the version 2 fixture exactly', () => {
    copyFileSync(join(FIXTURES, 'settings.v2.json'), settingsPath())
    const { notices, onNotice } = collectNotices()
    const store = SettingsStore.open({ dataDir: tmp.dir, onNotice })
    const { schemaVersion: _version, ...expected } = readJson(join(FIXTURES, 'settings.v2.json')) as Record<
      string,
      unknown
    >
    expect(store.get()).toEqual(expected)
    expect(store.get().proxy.caCertificates).toContain('BEGIN CERTIFICATE')
    expect(notices).toEqual([])
  })
})

describe('pure helpers', () => {
  it('applySettingsPatch replaces arrays and merges sections', () => {
    const base = defaultSettings()
    const next = applySettingsPatch(base, { proxy: { bypass: ['x'] }, retry: { shuffle: true } })
    expect(next.proxy.bypass).toEqual(['x'])
    expect(next.proxy.mode).toBe('none')
    expect(next.retry).toEqual({ ...base.retry, shuffle: true })
    expect(base.proxy.bypass).toHaveLength(3)
  })

  it('salvageSettings reports invalid and missing sections', () => {
    const result = salvageSettings({ language: 'xx', appearance: { theme: 'dark', fontSize: 12 } })
    expect(result.invalid).toEqual(['language'])
    expect(result.missing).toEqual(['providers', 'defaultModel', 'proxy', 'retry'])
    expect(result.settings.appearance).toEqual({ theme: 'dark', fontSize: 12 })
    expect(result.settings.language).toBeNull()
  })
})
