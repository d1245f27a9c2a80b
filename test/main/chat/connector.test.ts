/**
 * ProviderConnector's client cache against the fake provider (127.0.0.1 only).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startFakeProvider, type FakeProvider } from '../../fixtures/fake-provider'
import { CHAT_TIMEOUTS, ProviderConnector } from '../../../src/main/chat/connector'
import { DEFAULT_TIMEOUTS } from '../../../src/main/llm/transport-types'
import type { AttemptInfo } from '../../../src/main/llm/types'
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
      routePassword: () => '',
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

  it('gives replies long first-byte and idle limits, for reasoning models that think silently', () => {
    // o1/o3 or R1 behind a gateway may send nothing for minutes; the window shows the wait, with Stop.
    expect(CHAT_TIMEOUTS.firstByteMs).toBeGreaterThanOrEqual(5 * 60_000)
    expect(CHAT_TIMEOUTS.idleMs).toBeGreaterThanOrEqual(5 * 60_000)
    expect(CHAT_TIMEOUTS.firstByteMs).toBeGreaterThan(DEFAULT_TIMEOUTS.firstByteMs)
  })

  it('applies the reply limits to chat clients', async () => {
    const settings: Settings = {
      ...defaultSettings(),
      providers: [{ id: 'a', kind: 'custom', name: 'A', baseURL: fake.baseURL, enabled: true }],
    }
    // Scaled down: replies wait 200 ms for the first byte.
    const connector = new ProviderConnector(
      { settings: () => settings, apiKey: () => 'sk-connector-a-0123456789', routePassword: () => '' },
      { firstByteMs: 200 },
    )
    try {
      fake.enqueue({ text: 'late', headersDelayMs: 1_000 }, { text: 'on time' })
      const failed: AttemptInfo[] = []
      const connection = await connector.connect({ providerId: 'a', model: 'm' })
      const stream = await connection.create([{ role: 'user', content: 'hi' }], {
        signal: new AbortController().signal,
        onAttempt: (info) => failed.push(info),
      })
      let text = ''
      for await (const chunk of stream) text += chunk.choices[0].delta.content ?? ''
      expect(text).toBe('on time')
      expect(failed.map((f) => f.error.kind)).toEqual(['timeout'])
    } finally {
      await connector.close()
    }
  })
})
