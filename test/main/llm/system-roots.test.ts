/**
 * The system certificate store is read lazily: not when the app or the library is loaded, once when the
 * first connection is set up, and a store that cannot be read leaves the bundled roots in place.
 * node:tls is mocked so that its store functions (absent on Node 20) are spies.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { startFakeProvider } from '../../fixtures/fake-provider'
import type { FakeProvider } from '../../fixtures/fake-provider'

const store = vi.hoisted(() => ({
  systemReads: 0,
  defaults: ['bundled-root'],
  system: ['bundled-root', 'corporate-root'],
}))

vi.mock('node:tls', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:tls') & { default: typeof import('node:tls') }>()
  const api = {
    getCACertificates: (source?: string): string[] => {
      if (source !== 'system') return [...store.defaults]
      store.systemReads += 1
      return [...store.system]
    },
    setDefaultCACertificates: (certificates: string[]): void => {
      store.defaults = [...certificates]
    },
  }
  return { ...actual, ...api, default: { ...actual.default, ...api } }
})
vi.mock('electron', () => import('../../mocks/electron'))
vi.mock('../../../src/main/backend', () => ({ createBackend: () => new Promise(() => undefined) }))

let provider: FakeProvider | undefined

beforeEach(() => {
  vi.resetModules()
  store.systemReads = 0
  store.defaults = ['bundled-root']
})

afterEach(async () => {
  await provider?.close()
  provider = undefined
})

describe('system certificate store', () => {
  it('is not read when the main process starts or the library is imported', async () => {
    const userData = mkdtempSync(join(tmpdir(), 'proxychat-roots-'))
    try {
      // The same instance index.ts gets through the 'electron' mock above.
      const electron = await import('../../mocks/electron')
      electron.resetElectronMock()
      electron.appMock.setReady(false)
      electron.app.setPath('appData', userData)
      electron.appMock.setUserData(userData)
      await import('../../../src/main/index')
      await import('../../../src/main/llm/index')
      await import('../../../src/main/llm/transport')
      expect(electron.lifecycleMock.lockRequests).toBe(1)
      expect(store.systemReads).toBe(0)
    } finally {
      rmSync(userData, { recursive: true, force: true })
    }
  })

  it('is read once, when the first connection is set up, however many transports and routes follow', async () => {
    provider = await startFakeProvider()
    const { HttpTransport } = await import('../../../src/main/llm/transport')
    const transports = [
      new HttpTransport({}),
      new HttpTransport({ ca: '-----BEGIN CERTIFICATE-----\nuser\n-----END CERTIFICATE-----' }),
      new HttpTransport({ timeouts: { connectMs: 1000 } }),
    ]
    expect(store.systemReads).toBe(0)
    for (const transport of transports) {
      for (const path of ['models', 'models']) {
        const response = await transport.request({
          provider: 'Fake',
          url: `${provider.baseURL}/${path}`,
          method: 'GET',
          headers: {},
        })
        expect(response.status).toBe(200)
        await response.text()
      }
    }
    expect(store.systemReads).toBe(1)
    expect(store.defaults).toEqual(['bundled-root', 'corporate-root'])
    await Promise.all(transports.map((t) => t.close()))
  })
})
