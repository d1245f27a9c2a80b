/**
 * Files that cannot be read now are not corrupt files: they stay where they are. And secrets.json is
 * owner-only. (An unreadable file is made here as a directory with the file's name, which fails even for
 * root, with EISDIR.)
 */
import { chmodSync, existsSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { ConversationRepository } from '../../../src/main/storage/conversation-repository'
import { SECRETS_FILE_MODE, SecretStore } from '../../../src/main/storage/secret-store'
import { SettingsStore } from '../../../src/main/storage/settings-store'
import { collectNotices, makeTempDir, message, type TestDir, openSecretStore } from './helpers'

vi.mock('electron', () => import('../../mocks/electron'))

let tmp: TestDir
beforeEach(() => {
  tmp = makeTempDir()
})
afterEach(() => tmp.cleanup())

function openSecrets(onNotice = collectNotices().onNotice): SecretStore {
  return openSecretStore(tmp.dir, onNotice)
}

const posix = process.platform !== 'win32'

describe('files that cannot be read now', () => {
  it('a settings.json that is not JSON is still set aside', () => {
    writeFileSync(join(tmp.dir, 'settings.json'), '{ not json')
    const { notices, onNotice } = collectNotices()
    SettingsStore.open({ dataDir: tmp.dir, onNotice })
    expect(readdirSync(tmp.dir).filter((n) => n.startsWith('settings.corrupt-'))).toHaveLength(1)
    expect(notices).toHaveLength(1)
  })

  it('a conversation file that cannot be read is skipped by search, not set aside', async () => {
    const first = await ConversationRepository.open({ dataDir: tmp.dir, onNotice: () => {} })
    const kept = first.create()
    first.appendMessage(kept.id, message('user', 'hello'))
    first.appendMessage(kept.id, message('assistant', 'a needle in a haystack'))
    first.close()
    const file = join(tmp.dir, 'conversations', `${kept.id}.json`)
    rmSync(file)
    mkdirSync(file)
    const { notices, onNotice } = collectNotices()
    const repository = await ConversationRepository.open({ dataDir: tmp.dir, onNotice })
    expect(await repository.search('needle')).toEqual([])
    expect(existsSync(file)).toBe(true)
    expect(repository.has(kept.id)).toBe(true)
    expect(notices).toEqual([])
    expect(readdirSync(join(tmp.dir, 'conversations')).filter((n) => n.includes('corrupt'))).toEqual([])
  })
})

describe.runIf(posix)('secrets.json permissions', () => {
  it('is written owner-only', () => {
    openSecrets().set({ type: 'route', routeId: 'system' }, 'pa55word-0600')
    expect(statSync(join(tmp.dir, 'secrets.json')).mode & 0o777).toBe(SECRETS_FILE_MODE)
  })

  it('an existing world-readable secrets.json is made owner-only when opened', () => {
    openSecrets().set({ type: 'route', routeId: 'system' }, 'pa55word-0600')
    chmodSync(join(tmp.dir, 'secrets.json'), 0o644)
    expect(openSecrets().get({ type: 'route', routeId: 'system' })).toBe('pa55word-0600')
    expect(statSync(join(tmp.dir, 'secrets.json')).mode & 0o777).toBe(0o600)
  })
})
