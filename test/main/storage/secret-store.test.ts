import { copyFileSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { SecretStore, secretStorageState, secretView } from '../../../src/main/storage/secret-store'
import { safeStorage, safeStorageMock } from '../../mocks/electron'
import { collectNotices, filesIn, makeTempDir, readJson, type TestDir, openSecretStore } from './helpers'

vi.mock('electron', () => import('../../mocks/electron'))

const FIXTURES = join(import.meta.dirname, '../../fixtures/storage')
const KEY = 'sk-test-4f9a8b7c6d5e4f3a2b1c'
const PROXY = { type: 'route', routeId: 'system' } as const
const OPENAI = { type: 'provider', providerId: 'openai-main' } as const

let tmp: TestDir
beforeEach(() => {
  tmp = makeTempDir()
})
afterEach(() => tmp.cleanup())

function open(onNotice = collectNotices().onNotice): SecretStore {
  return openSecretStore(tmp.dir, onNotice)
}
const secretsFile = (): string => join(tmp.dir, 'secrets.json')

describe('SecretStore with a keyring', () => {
  it('encrypts, stores base64 in its own file, and reads back in a new instance', () => {
    const secrets = open()
    expect(secrets.state).toBe('encrypted')
    expect(secrets.persistent).toBe(true)
    secrets.set(OPENAI, KEY)
    secrets.set(PROXY, 'pa55word')
    const text = readFileSync(secretsFile(), 'utf8')
    expect(text).not.toContain(KEY)
    expect(text).not.toContain('pa55word')
    const file = readJson(secretsFile()) as { entries: Record<string, { data: string }> }
    expect(
      Buffer.from(file.entries['provider:openai-main']?.data ?? '', 'base64')
        .subarray(0, 3)
        .toString(),
    ).toBe('v11')
    const again = open()
    expect(again.get(OPENAI)).toBe(KEY)
    expect(again.get(PROXY)).toBe('pa55word')
  })

  it('shows the window only whether a secret is set and, for long ones, its last four characters', () => {
    const secrets = open()
    expect(secrets.view(OPENAI)).toEqual({ set: false })
    secrets.set(OPENAI, KEY)
    secrets.set(PROXY, 'short-pw')
    expect(secrets.view(OPENAI)).toEqual({ set: true, last4: '2b1c' })
    expect(secrets.view(PROXY)).toEqual({ set: true })
    // Not even the end of a long password reaches the window.
    secrets.set(PROXY, 'a-long-proxy-password-9876')
    expect(secrets.view(PROXY)).toEqual({ set: true })
    expect(secretView('')).toEqual({ set: false })
  })

  it('clears a secret with an empty value', () => {
    const secrets = open()
    secrets.set(OPENAI, KEY)
    secrets.set(OPENAI, '')
    expect(secrets.get(OPENAI)).toBeUndefined()
    expect(open().get(OPENAI)).toBeUndefined()
    expect(readJson(secretsFile())).toMatchObject({ entries: {} })
  })

  it('forgets the keys of removed providers', () => {
    const secrets = open()
    secrets.set(OPENAI, KEY)
    secrets.set({ type: 'provider', providerId: 'groq' }, 'gsk_abcdefghijklmnop')
    secrets.retainProviders(new Set(['groq']))
    expect(open().get(OPENAI)).toBeUndefined()
    expect(open().get({ type: 'provider', providerId: 'groq' })).toBe('gsk_abcdefghijklmnop')
  })

  it('refuses to open before the app is ready', () => {
    expect(() =>
      SecretStore.open({
        dataDir: tmp.dir,
        safeStorage,
        isReady: () => false,
        onNotice: () => {},
        platform: 'linux',
      }),
    ).toThrow(/ready/)
  })

  it('reads the version 1 fixture', () => {
    copyFileSync(join(FIXTURES, 'secrets.v1.json'), secretsFile())
    const { notices, onNotice } = collectNotices()
    const secrets = open(onNotice)
    expect(secrets.get(OPENAI)).toBe('sk-fixture-0123456789abcdef')
    // Settings v3 gave the one proxy password to a route: the storage facade moves it there at start.
    expect(secrets.get(PROXY)).toBeUndefined()
    secrets.adoptLegacyProxySecret(PROXY.routeId)
    expect(secrets.get(PROXY)).toBe('fixture-proxy-pass')
    expect(JSON.stringify(readJson(secretsFile()))).not.toContain('"proxy"')
    expect(open(onNotice).get(PROXY)).toBe('fixture-proxy-pass')
    expect(secrets.plaintextAllowed).toBe(false)
    expect(notices).toEqual([])
  })

  it('sets a corrupt file aside and starts empty', () => {
    writeFileSync(secretsFile(), '{"entries": {"proxy": ')
    const { notices, onNotice } = collectNotices()
    const secrets = open(onNotice)
    expect(secrets.get(PROXY)).toBeUndefined()
    expect(notices).toMatchObject([{ code: 'corrupt_file' }])
    expect(notices[0]?.path).toMatch(/secrets\.corrupt-.*\.json$/)
    secrets.set(PROXY, 'new-password')
    expect(open().get(PROXY)).toBe('new-password')
  })

  it('sets aside a file whose entries are not what it writes', () => {
    writeFileSync(
      secretsFile(),
      JSON.stringify({ schemaVersion: 1, entries: { proxy: { data: 'not base64!' } } }),
    )
    const { notices, onNotice } = collectNotices()
    open(onNotice)
    expect(notices).toMatchObject([{ code: 'corrupt_file' }])
  })

  it('keeps a secret it cannot decrypt now (keyring gone) instead of deleting it', () => {
    open().set(OPENAI, KEY)
    safeStorageMock.setBackend('basic_text')
    const { notices, onNotice } = collectNotices()
    const secrets = open(onNotice)
    expect(secrets.get(OPENAI)).toBeUndefined()
    expect(notices).toMatchObject([{ code: 'generic', level: 'warning' }])
    expect(readJson(secretsFile())).toMatchObject({ entries: { 'provider:openai-main': {} } })
    // Back with the keyring, it is there again.
    safeStorageMock.setBackend('gnome_libsecret')
    expect(open().get(OPENAI)).toBe(KEY)
  })
})

describe('SecretStore without a keyring (basic_text)', () => {
  beforeEach(() => safeStorageMock.setBackend('basic_text'))

  it('keeps secrets for the session only, and says so once', () => {
    const { notices, onNotice } = collectNotices()
    const secrets = open(onNotice)
    expect(secrets.state).toBe('basic_text')
    expect(secrets.persistent).toBe(false)
    secrets.set(OPENAI, KEY)
    secrets.set(PROXY, 'pa55word')
    expect(secrets.get(OPENAI)).toBe(KEY)
    expect(filesIn(tmp.dir)).toEqual([])
    expect(notices.map((n) => n.code)).toEqual(['secrets_session_only'])
    expect(open().get(OPENAI)).toBeUndefined()
  })

  it('stores them with basic_text encryption once the user agrees, and takes them off disk when revoked', () => {
    const secrets = open()
    secrets.set(OPENAI, KEY)
    secrets.allowPlaintext(true)
    expect(secrets.persistent).toBe(true)
    const file = readJson(secretsFile()) as {
      plaintextAllowed: boolean
      entries: Record<string, { data: string }>
    }
    expect(file.plaintextAllowed).toBe(true)
    expect(
      Buffer.from(file.entries['provider:openai-main']?.data ?? '', 'base64')
        .subarray(0, 3)
        .toString(),
    ).toBe('v10')
    expect(readFileSync(secretsFile(), 'utf8')).not.toContain(KEY)
    secrets.set(PROXY, 'pa55word')
    const again = open()
    expect(again.plaintextAllowed).toBe(true)
    expect(again.get(OPENAI)).toBe(KEY)
    expect(again.get(PROXY)).toBe('pa55word')

    again.allowPlaintext(false)
    expect(again.get(OPENAI)).toBe(KEY)
    expect(readJson(secretsFile())).toEqual({ schemaVersion: 1, plaintextAllowed: false, entries: {} })
    expect(open().get(OPENAI)).toBeUndefined()
  })

  it('re-encrypts with the keyring when one appears', () => {
    const secrets = open()
    secrets.allowPlaintext(true)
    secrets.set(OPENAI, KEY)
    safeStorageMock.setBackend('kwallet5')
    const upgraded = open()
    expect(upgraded.state).toBe('encrypted')
    expect(upgraded.get(OPENAI)).toBe(KEY)
    const file = readJson(secretsFile()) as { entries: Record<string, { data: string; backend: string }> }
    expect(file.entries['provider:openai-main']?.backend).toBe('kwallet5')
    expect(
      Buffer.from(file.entries['provider:openai-main']?.data ?? '', 'base64')
        .subarray(0, 3)
        .toString(),
    ).toBe('v11')
  })
})

describe('SecretStore without encryption', () => {
  it('keeps secrets for the session only, even with consent', () => {
    safeStorageMock.setEncryptionAvailable(false)
    const secrets = open()
    expect(secrets.state).toBe('unavailable')
    secrets.allowPlaintext(true)
    secrets.set(OPENAI, KEY)
    expect(secrets.persistent).toBe(false)
    expect(secrets.get(OPENAI)).toBe(KEY)
    expect(readFileSync(secretsFile(), 'utf8')).not.toContain(KEY)
    expect(readJson(secretsFile())).toMatchObject({ entries: {} })
  })
})

describe('secretStorageState', () => {
  it('asks for the backend on Linux only', () => {
    safeStorageMock.setPlatform('linux')
    safeStorageMock.setBackend('basic_text')
    expect(secretStorageState(safeStorage, 'linux')).toBe('basic_text')
    // An Electron without the Linux-only method: only availability is known.
    expect(secretStorageState({ ...safeStorage, getSelectedStorageBackend: undefined }, 'linux')).toBe(
      'unavailable',
    )
    safeStorageMock.setPlatform('darwin')
    expect(secretStorageState(safeStorage, 'darwin')).toBe('encrypted')
    safeStorageMock.setPlatform('win32')
    safeStorageMock.setEncryptionAvailable(false)
    expect(secretStorageState(safeStorage, 'win32')).toBe('unavailable')
  })
})
