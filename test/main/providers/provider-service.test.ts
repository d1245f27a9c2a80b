/**
 * ProviderService against fake providers on 127.0.0.1: the model list cache (with an injected clock) and the
 * search for local model servers.
 */
import net from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startFakeProvider, type FakeProvider } from '../../fixtures/fake-provider'
import { ProviderConnector } from '../../../src/main/chat/connector'
import { ProviderService } from '../../../src/main/providers/provider-service'
import { defaultSettings } from '../../../src/shared/defaults'
import type { Settings } from '../../../src/shared/domain'

let fake: FakeProvider
let local: FakeProvider

beforeAll(async () => {
  fake = await startFakeProvider({ models: ['gpt-4o', 'claude-x', 'a-model'] })
  local = await startFakeProvider({ models: ['llama3.2:3b', 'qwen2.5:7b'] })
})
afterAll(async () => {
  await Promise.all([fake.close(), local.close()])
})

const HOUR = 60 * 60 * 1000

function connectorFor(provider: FakeProvider): ProviderConnector {
  const settings: Settings = {
    ...defaultSettings(),
    providers: [{ id: 'p', kind: 'custom', name: 'P', baseURL: provider.baseURL, enabled: true }],
  }
  return new ProviderConnector({
    settings: () => settings,
    apiKey: () => 'sk-provider-service-0123',
    routePassword: () => '',
  })
}

function modelListRequests(provider: FakeProvider): number {
  return provider.requests.filter((r) => r.method === 'GET' && r.path === '/v1/models').length
}

/** A port on 127.0.0.1 where nothing listens. */
async function closedPort(): Promise<number> {
  const server = net.createServer()
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done))
  const { port } = server.address() as net.AddressInfo
  await new Promise<void>((done) => server.close(() => done()))
  return port
}

describe('ProviderService.models', () => {
  it('lists the provider’s models sorted, and serves them from the cache for an hour', async () => {
    let now = 1_000_000
    const connector = connectorFor(fake)
    const service = new ProviderService(connector, () => now)
    const before = modelListRequests(fake)
    try {
      expect(await service.models('p', false)).toEqual(['a-model', 'claude-x', 'gpt-4o'])
      now += HOUR - 1
      fake.models = ['gpt-4o', 'new-model']
      expect(await service.models('p', false)).toEqual(['a-model', 'claude-x', 'gpt-4o'])
      expect(modelListRequests(fake) - before).toBe(1)

      now += 1
      expect(await service.models('p', false)).toEqual(['gpt-4o', 'new-model'])
      expect(modelListRequests(fake) - before).toBe(2)
    } finally {
      fake.models = ['gpt-4o', 'claude-x', 'a-model']
      await connector.close()
    }
  })

  it('asks again on refresh and after invalidate, for one provider or all', async () => {
    const connector = connectorFor(fake)
    const service = new ProviderService(connector, () => 0)
    const before = modelListRequests(fake)
    try {
      await service.models('p', false)
      await service.models('p', true)
      expect(modelListRequests(fake) - before).toBe(2)
      service.invalidate('other')
      await service.models('p', false)
      expect(modelListRequests(fake) - before).toBe(2)
      service.invalidate('p')
      await service.models('p', false)
      service.invalidate()
      await service.models('p', false)
      expect(modelListRequests(fake) - before).toBe(4)
    } finally {
      await connector.close()
    }
  })

  it('keeps nothing in the cache when the list fails', async () => {
    const connector = connectorFor(fake)
    const service = new ProviderService(connector, () => 0)
    try {
      await expect(service.models('missing', false)).rejects.toMatchObject({ kind: 'bad_request' })
      expect(await service.models('p', false)).toHaveLength(3)
    } finally {
      await connector.close()
    }
  })
})

describe('ProviderService.detectLocal', () => {
  it('reports the servers that answer, with their models, and skips those that refuse', async () => {
    const port = await closedPort()
    const service = new ProviderService(connectorFor(fake), Date.now, [
      { kind: 'ollama', baseURL: local.baseURL },
      { kind: 'lmstudio', baseURL: `http://127.0.0.1:${port}/v1` },
    ])
    expect(await service.detectLocal()).toEqual([
      { kind: 'ollama', baseURL: local.baseURL, models: ['llama3.2:3b', 'qwen2.5:7b'] },
    ])
  })

  it('gives up on a server that accepts the connection but never answers', async () => {
    const sockets = new Set<net.Socket>()
    const silent = net.createServer((socket) => sockets.add(socket))
    await new Promise<void>((done) => silent.listen(0, '127.0.0.1', done))
    const { port } = silent.address() as net.AddressInfo
    try {
      const service = new ProviderService(connectorFor(fake), Date.now, [
        { kind: 'lmstudio', baseURL: `http://127.0.0.1:${port}/v1` },
        { kind: 'ollama', baseURL: local.baseURL },
      ])
      const started = performance.now()
      const found = await service.detectLocal()
      expect(found.map((s) => s.kind)).toEqual(['ollama'])
      // The probe's own limit is 1.5 s; a generous bound that still catches a hang.
      expect(performance.now() - started).toBeLessThan(10_000)
    } finally {
      for (const socket of sockets) socket.destroy()
      await new Promise<void>((done) => silent.close(() => done()))
    }
  })
})
