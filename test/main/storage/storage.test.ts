import { copyFileSync, readFileSync } from 'node:fs'
import { defaultRoute, routesFor } from '../../fixtures/routes'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { conversationToMarkdown, exportAll, exportAllToFile } from '../../../src/main/storage/export-import'
import { Storage } from '../../../src/main/storage/storage'
import { app, safeStorage, safeStorageMock } from '../../mocks/electron'
import { allFiles, collectNotices, makeTempDir, message, type TestDir } from './helpers'

vi.mock('electron', () => import('../../mocks/electron'))

const API_KEY = 'sk-proj-Zq8vX3mN5pL2kJ7hG4fD1sA9'
const PROXY_PASSWORD = 'c0rrect-h0rse-battery'

let tmp: TestDir
beforeEach(() => {
  tmp = makeTempDir()
})
afterEach(() => tmp.cleanup())

function open(onNotice = collectNotices().onNotice): Promise<Storage> {
  return Storage.open({
    dataDir: tmp.dir,
    safeStorage,
    isReady: () => app.isReady(),
    onNotice,
    platform: 'linux',
  })
}

const provider = {
  id: 'openai-main',
  kind: 'openai',
  name: 'OpenAI',
  baseURL: 'https://api.openai.com/v1',
  enabled: true,
} as const

/** Every form a secret could leak in: as is, base64, base64url, hex, URL-encoded. */
function leakedForms(secret: string): string[] {
  const bytes = Buffer.from(secret)
  return [
    secret,
    bytes.toString('base64'),
    bytes.toString('base64url'),
    bytes.toString('hex'),
    encodeURIComponent(secret),
  ]
}

describe('no secret in plaintext anywhere under the data folder', () => {
  for (const backend of ['gnome_libsecret', 'basic_text'] as const) {
    it(`with ${backend}`, async () => {
      safeStorageMock.setBackend(backend)
      const storage = await open()
      if (backend === 'basic_text') storage.allowPlaintextSecrets(true)
      storage.updateSettings({
        providers: [provider],
        ...routesFor({ mode: 'manual', httpProxy: 'proxy:3128', username: 'alice' }),
      })
      storage.setSecret({ target: { type: 'provider', providerId: provider.id }, value: API_KEY })
      storage.setSecret({ target: { type: 'route', routeId: 'system' }, value: PROXY_PASSWORD })
      const c = storage.conversations.create()
      storage.conversations.appendMessage(c.id, message('user', 'hello'))
      await exportAllToFile(storage.conversations, join(tmp.dir, 'export.json'))
      storage.flush()

      const files = allFiles(tmp.dir)
      expect(files.map((f) => f.slice(tmp.dir.length + 1)).sort()).toEqual(
        [
          'conversation-index.json',
          `conversations/${c.id}.json`,
          'export.json',
          'secrets.json',
          'settings.json',
        ].sort(),
      )
      for (const file of files) {
        const bytes = readFileSync(file)
        for (const form of [...leakedForms(API_KEY), ...leakedForms(PROXY_PASSWORD)]) {
          expect(bytes.includes(form), `${form} found in ${file}`).toBe(false)
        }
      }
      // Still readable by the app itself.
      const again = await open()
      expect(again.secrets.get({ type: 'provider', providerId: provider.id })).toBe(API_KEY)
      expect(again.secrets.get({ type: 'route', routeId: 'system' })).toBe(PROXY_PASSWORD)
    })
  }

  it('exports carry no secret (they live in another store)', async () => {
    const storage = await open()
    storage.updateSettings({ providers: [provider] })
    storage.setSecret({ target: { type: 'provider', providerId: provider.id }, value: API_KEY })
    const c = storage.conversations.create({ model: { providerId: provider.id, model: 'gpt-4o' } })
    storage.conversations.appendMessage(c.id, message('user', 'hi'))
    const json = JSON.stringify(await exportAll(storage.conversations))
    const markdown = conversationToMarkdown(storage.conversations.get(c.id))
    for (const form of leakedForms(API_KEY)) {
      expect(json).not.toContain(form)
      expect(markdown).not.toContain(form)
    }
  })
})

describe('Storage', () => {
  it('gives the window settings with each secret reduced to set and last four', async () => {
    const storage = await open()
    storage.updateSettings({ providers: [provider] })
    const view = storage.setSecret({ target: { type: 'provider', providerId: provider.id }, value: API_KEY })
    expect(view.providers[0]?.apiKey).toEqual({ set: true, last4: API_KEY.slice(-4) })
    expect(defaultRoute(view).password).toEqual({ set: false })
    expect(JSON.stringify(view)).not.toContain(API_KEY)
  })

  it('moves credentials pasted into a proxy URL out of the settings', async () => {
    const storage = await open()
    const view = storage.updateSettings({
      ...routesFor({ mode: 'manual', httpProxy: 'http://bob:s3cret%2Fpass@proxy.example:3128' }),
    })
    expect(defaultRoute(view)).toMatchObject({
      httpProxy: 'http://proxy.example:3128',
      username: 'bob',
      password: { set: true },
    })
    expect(storage.secrets.get({ type: 'route', routeId: 'proxy' })).toBe('s3cret/pass')
    expect(readFileSync(join(tmp.dir, 'settings.json'), 'utf8')).not.toContain('s3cret')
    const bare = storage.updateSettings({
      ...routesFor({ mode: 'manual', socksProxy: 'carol:pw123456@10.0.0.1:1080' }),
    })
    expect(defaultRoute(bare)).toMatchObject({ socksProxy: '10.0.0.1:1080', username: 'carol' })
  })

  it('moves the version 2 proxy password to the route its settings became, and forgets deleted routes', async () => {
    const fixtures = join(import.meta.dirname, '../../fixtures/storage')
    copyFileSync(join(fixtures, 'settings.v2.json'), join(tmp.dir, 'settings.json'))
    copyFileSync(join(fixtures, 'secrets.v1.json'), join(tmp.dir, 'secrets.json'))
    const storage = await open()
    expect(storage.secrets.get({ type: 'route', routeId: 'proxy' })).toBe('fixture-proxy-pass')
    expect(defaultRoute(storage.settingsView())).toMatchObject({ id: 'proxy', password: { set: true } })
    expect(Object.keys(JSON.parse(readFileSync(join(tmp.dir, 'secrets.json'), 'utf8')).entries)).toEqual([
      'provider:openai-main',
      'route:proxy',
    ])
    const { routes } = storage.settings.get()
    storage.updateSettings({ routes: routes.filter((r) => r.id !== 'proxy'), defaultRouteId: 'direct' })
    expect(storage.secrets.get({ type: 'route', routeId: 'proxy' })).toBeUndefined()
  })

  it('forgets the key of a provider that was removed', async () => {
    const storage = await open()
    storage.updateSettings({ providers: [provider] })
    storage.setSecret({ target: { type: 'provider', providerId: provider.id }, value: API_KEY })
    storage.updateSettings({ providers: [] })
    expect(storage.secrets.get({ type: 'provider', providerId: provider.id })).toBeUndefined()
  })

  it('reports the secret storage state for AppInfo', async () => {
    safeStorageMock.setBackend('basic_text')
    const storage = await open()
    expect(storage.secretsInfo()).toEqual({ secretStorage: 'basic_text', plaintextSecretsAllowed: false })
    expect(storage.allowPlaintextSecrets(true)).toEqual({
      secretStorage: 'basic_text',
      plaintextSecretsAllowed: true,
    })
    expect((await open()).secretsInfo().plaintextSecretsAllowed).toBe(true)
  })
})
