/**
 * Secrets through the electron mock as Electron 45 behaves on each OS (the rules and their sources are in
 * test/mocks/electron.ts and test/mocks/README.md): Linux without a keyring (basic_text) is unavailable
 * until the app calls setUsePlainTextEncryption(true), which it does only with the user's consent.
 */
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { MockPlatform } from '../../mocks/electron'
import { safeStorage, safeStorageMock } from '../../mocks/electron'
import { SecretStore } from '../../../src/main/storage/secret-store'
import { collectNotices, makeTempDir, type TestDir } from '../storage/helpers'

vi.mock('electron', () => import('../../mocks/electron'))

const KEY = 'sk-live-7d1e9c0b5a4f3e2d1c0b'
const OPENAI = { type: 'provider', providerId: 'openai' } as const

let tmp: TestDir
beforeEach(() => {
  tmp = makeTempDir()
})
afterEach(() => tmp.cleanup())

function open(platform: MockPlatform, onNotice = collectNotices().onNotice): SecretStore {
  safeStorageMock.setPlatform(platform)
  return SecretStore.open({ dataDir: tmp.dir, safeStorage, isReady: () => true, onNotice, platform })
}

function savedPrefix(): string {
  if (!existsSync(join(tmp.dir, 'secrets.json'))) return 'none'
  const file = JSON.parse(readFileSync(join(tmp.dir, 'secrets.json'), 'utf8')) as {
    entries: Record<string, { data: string }>
  }
  const data = file.entries['provider:openai']?.data
  return data === undefined ? 'none' : Buffer.from(data, 'base64').subarray(0, 3).toString()
}

describe('Linux without a keyring (basic_text)', () => {
  beforeEach(() => safeStorageMock.setBackend('basic_text'))

  it('without consent: offers the opt-in, keeps keys for the session only, never opts in by itself', () => {
    const { notices, onNotice } = collectNotices()
    const secrets = open('linux', onNotice)
    // The offer: the window shows the opt-in for 'basic_text' while consent is false.
    expect(secrets.state).toBe('basic_text')
    expect(secrets.plaintextAllowed).toBe(false)
    expect(secrets.persistent).toBe(false)
    secrets.set(OPENAI, KEY)
    expect(secrets.get(OPENAI)).toBe(KEY)
    expect(savedPrefix()).toBe('none')
    expect(notices.map((n) => n.code)).toEqual(['secrets_session_only'])
    expect(safeStorageMock.usePlainText).toBe(false)
    // Electron's order: availability first, the backend only after it said no.
    expect(safeStorageMock.calls.slice(0, 2)).toEqual(['isEncryptionAvailable', 'getSelectedStorageBackend'])
  })

  it('with consent: encrypts (weakly) and saves; a later start re-applies the consent before decrypting', () => {
    const secrets = open('linux')
    secrets.set(OPENAI, KEY)
    secrets.allowPlaintext(true)
    expect(safeStorageMock.usePlainText).toBe(true)
    expect(secrets.persistent).toBe(true)
    // v10: Chromium's hard-coded password, which is why the user is asked first.
    expect(savedPrefix()).toBe('v10')
    expect(readFileSync(join(tmp.dir, 'secrets.json'), 'utf8')).not.toContain(KEY)

    // A new process: Electron has forgotten setUsePlainTextEncryption.
    safeStorageMock.restartProcess()
    const again = open('linux')
    expect(again.get(OPENAI)).toBe(KEY)
    expect(again.plaintextAllowed).toBe(true)
    const calls = safeStorageMock.calls
    expect(calls.indexOf('setUsePlainTextEncryption(true)')).toBeGreaterThan(-1)
    expect(calls.indexOf('setUsePlainTextEncryption(true)')).toBeLessThan(calls.indexOf('decryptString'))
  })

  it('revoking the consent takes the keys off disk and turns the weak encryption off again', () => {
    const secrets = open('linux')
    secrets.allowPlaintext(true)
    secrets.set(OPENAI, KEY)
    secrets.allowPlaintext(false)
    expect(savedPrefix()).toBe('none')
    expect(safeStorageMock.usePlainText).toBe(false)
    expect(secrets.get(OPENAI)).toBe(KEY)
  })
})

describe('other systems', () => {
  it('Linux with GNOME libsecret: encrypted with the keyring, no offer', () => {
    safeStorageMock.setBackend('gnome_libsecret')
    const secrets = open('linux')
    expect(secrets.state).toBe('encrypted')
    secrets.set(OPENAI, KEY)
    expect(savedPrefix()).toBe('v11')
    expect(safeStorageMock.calls).not.toContain('setUsePlainTextEncryption(true)')
  })

  it('Linux with a keyring that does not answer: unavailable, and basic_text is not offered', () => {
    safeStorageMock.setBackend('kwallet5')
    safeStorageMock.setEncryptionAvailable(false)
    const secrets = open('linux')
    expect(secrets.state).toBe('unavailable')
    secrets.allowPlaintext(true)
    secrets.set(OPENAI, KEY)
    expect(savedPrefix()).toBe('none')
  })

  for (const platform of ['darwin', 'win32'] as const) {
    it(`${platform}: available, encrypted, without the Linux-only backend question`, () => {
      const secrets = open(platform)
      expect(safeStorage.getSelectedStorageBackend).toBeUndefined()
      expect(secrets.state).toBe('encrypted')
      secrets.set(OPENAI, KEY)
      expect(savedPrefix()).toBe('v10')
      safeStorageMock.restartProcess()
      expect(open(platform).get(OPENAI)).toBe(KEY)
    })
  }
})
