/**
 * ProviderConnector: which providers a client asks, the proxy options it is built with, and when a client
 * is reused. The chat itself goes to the fake provider on 127.0.0.1.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { routesFor } from '../../fixtures/routes'
import { startFakeProvider, type FakeProvider } from '../../fixtures/fake-provider'
import { ProviderConnector, pemCertificates } from '../../../src/main/chat/connector'
import { defaultSettings } from '../../../src/shared/defaults'
import type { ProviderConfig, Settings } from '../../../src/shared/domain'

let primary: FakeProvider
let backup: FakeProvider

beforeAll(async () => {
  primary = await startFakeProvider()
  backup = await startFakeProvider()
})
afterAll(async () => {
  await Promise.all([primary.close(), backup.close()])
})

const CERT = '-----BEGIN CERTIFICATE-----\nMIIBdummy\n-----END CERTIFICATE-----'

function provider(id: string, fake: FakeProvider, enabled = true): ProviderConfig {
  return { id, kind: 'custom', name: `Provider ${id}`, baseURL: fake.baseURL, enabled }
}

function makeConnector(settings: Settings, keys: Record<string, string> = {}, password = '') {
  const state = { settings, keys, password }
  const connector = new ProviderConnector({
    settings: () => state.settings,
    apiKey: (id) => state.keys[id],
    routePassword: () => state.password,
    resolveSystemProxy: async () => 'PROXY proxy.corp.example:3128; DIRECT',
  })
  return { connector, state }
}

async function reply(connector: ProviderConnector, providerId: string): Promise<string> {
  const connection = await connector.connect({ providerId, model: 'gpt-4o-mini' })
  const stream = await connection.create([{ role: 'user', content: 'hi' }], {
    signal: new AbortController().signal,
    onAttempt: () => undefined,
  })
  let text = ''
  for await (const chunk of stream) text += chunk.choices[0].delta.content ?? ''
  return text
}

describe('ProviderConnector', () => {
  it('falls back to the enabled fallback providers in order, skipping disabled ones and the primary itself', async () => {
    const settings: Settings = {
      ...defaultSettings(),
      providers: [provider('a', primary), provider('off', primary, false), provider('b', backup)],
      retry: {
        maxRetries: 1,
        singleProviderRetry: false,
        shuffle: false,
        fallbackProviderIds: ['a', 'off', 'b'],
      },
    }
    const { connector } = makeConnector(settings, { a: 'sk-primary-0000', b: 'sk-backup-1111' })
    try {
      primary.enqueue({ status: 401, body: { error: { message: 'bad key' } } })
      backup.enqueue({ text: 'from the backup' })
      const connection = await connector.connect({ providerId: 'a', model: 'gpt-4o-mini' })
      expect(connection.providerName).toBe('Provider a')
      expect(await reply(connector, 'a')).toBe('from the backup')
      expect(backup.requests.at(-1)?.headers.authorization).toBe('Bearer sk-backup-1111')
    } finally {
      await connector.close()
    }
  })

  it('reuses a client while nothing changed, and builds a new one when a key or the retry policy changes', async () => {
    const { connector, state } = makeConnector(
      { ...defaultSettings(), providers: [provider('a', primary)] },
      { a: 'sk-first-0000' },
    )
    try {
      const first = await connector.clientFor('a')
      expect(await connector.clientFor('a')).toBe(first)
      state.keys = { a: 'sk-second-1111' }
      const second = await connector.clientFor('a')
      expect(second).not.toBe(first)
      state.settings = { ...state.settings, retry: { ...state.settings.retry, maxRetries: 5 } }
      expect(await connector.clientFor('a')).not.toBe(second)
    } finally {
      await connector.close()
    }
  })

  it('refuses a provider that no longer exists with a bad_request the window can act on', async () => {
    const { connector } = makeConnector({ ...defaultSettings(), providers: [] })
    await expect(connector.connect({ providerId: 'gone', model: 'm' })).rejects.toMatchObject({
      kind: 'bad_request',
    })
  })

  describe('transportOptions', () => {
    it('goes direct with no proxy, but still trusts the pasted CA certificates', async () => {
      const settings = defaultSettings()
      const { connector } = makeConnector({
        ...settings,
        ...routesFor({ mode: 'none', caCertificates: `junk\n${CERT}\nmore junk` }),
      })
      expect(await connector.transportOptions('https://api.openai.com/v1')).toEqual({ ca: [CERT] })
    })

    it('builds manual proxy URLs with the stored password and the bypass list', async () => {
      const settings = defaultSettings()
      const { connector } = makeConnector(
        {
          ...settings,
          ...routesFor({
            mode: 'manual',
            httpProxy: 'proxy.corp.example:3128',
            useHttpForHttps: true,
            username: 'alice',
            bypass: ['localhost', '*.internal'],
          }),
        },
        {},
        'p@ss:w/rd',
      )
      const options = await connector.transportOptions('https://api.openai.com/v1')
      expect(options.noProxy).toEqual(['localhost', '*.internal'])
      const https = new URL(String(options.proxies?.https))
      expect(https.host).toBe('proxy.corp.example:3128')
      expect(decodeURIComponent(https.username)).toBe('alice')
      expect(decodeURIComponent(https.password)).toBe('p@ss:w/rd')
    })

    it('refuses a manual proxy that cannot be used with a proxy error', async () => {
      const settings = defaultSettings()
      const { connector } = makeConnector({
        ...settings,
        ...routesFor({ mode: 'manual', httpProxy: '', httpsProxy: '', socksProxy: '' }),
      })
      await expect(connector.transportOptions('https://api.openai.com/v1')).rejects.toMatchObject({
        kind: 'proxy',
      })
    })

    it('asks the system which proxy serves the URL in system mode', async () => {
      const settings = defaultSettings()
      const { connector } = makeConnector({ ...settings, ...routesFor({ mode: 'system' }) })
      const options = await connector.transportOptions('https://api.openai.com/v1')
      // Every PAC entry, in order, for fail-over: the proxy, then DIRECT.
      const route = [options.proxies?.https ?? []].flat()
      expect(new URL(route[0] ?? '').host).toBe('proxy.corp.example:3128')
    })
  })

  it('finds each PEM block in pasted text', () => {
    expect(pemCertificates(`a\n${CERT}\nb\n${CERT}`)).toEqual([CERT, CERT])
    expect(pemCertificates('no certificates here')).toEqual([])
  })
})
