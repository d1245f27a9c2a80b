/**
 * ProviderConnector's client cache against the fake provider (127.0.0.1 only).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startFakeProvider, type FakeProvider } from '../../fixtures/fake-provider'
import { ProviderConnector } from '../../../src/main/chat/connector'
import { defaultSettings } from '../../../src/shared/defaults'
import type { Settings } from '../../../src/shared/domain'

let fake: FakeProvider

beforeAll(async () => {
  fake = await startFakeProvider()
})
afterAll(async () => {
  await fake.close()
})

describe('ProviderConnector', () => {
  it('lets a reply that is still streaming finish when its client drops out of the cache', async () => {
    const ids = ['a', 'b', 'c', 'd', 'e', 'f']
    const settings: Settings = {
      ...defaultSettings(),
      providers: ids.map((id) => ({ id, kind: 'custom', name: id, baseURL: fake.baseURL, enabled: true })),
    }
    const connector = new ProviderConnector({
      settings: () => settings,
      apiKey: (id) => `sk-connector-${id}-0123456789`,
      proxyPassword: () => '',
    })
    try {
      const pieces = Array.from({ length: 60 }, (_, i) => `p${i} `)
      fake.enqueue({ text: pieces, ratePerSecond: 200 })
      const connection = await connector.connect({ providerId: 'a', model: 'm' })
      const stream = await connection.create([{ role: 'user', content: 'hi' }], {
        signal: new AbortController().signal,
        onAttempt: () => undefined,
      })
      let text = ''
      let evicted = false
      for await (const chunk of stream) {
        text += chunk.choices[0].delta.content ?? ''
        if (!evicted) {
          evicted = true
          // Model lists of other providers (the Preferences or the model picker) fill the cache.
          for (const id of ids.slice(1)) await connector.clientFor(id, false)
        }
      }
      expect(text).toBe(pieces.join(''))
    } finally {
      await connector.close()
    }
  })
})
