import https from 'node:https'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { testConnection, type ConnectionTestReport } from '../../../src/main/llm/connection-test'
import { OpenAIProvider } from '../../../src/main/llm'
import { startFakeProvider, type FakeProvider } from '../../fixtures/fake-provider'
import { startHttpProxy } from '../../fixtures/http-proxy'
import { startSocks5Server } from '../../fixtures/socks5-server'
import { caPem, serverCertPem, serverKeyPem } from '../../fixtures/tls'

let fake: FakeProvider
beforeAll(async () => {
  fake = await startFakeProvider()
})
afterAll(() => fake.close())

const provider = (): OpenAIProvider =>
  new OpenAIProvider({ name: 'Fake', apiKey: 'sk-test-key-123456', baseURL: fake.baseURL })
const step = (report: ConnectionTestReport, name: string) => report.steps.find((s) => s.step === name)

describe('testConnection', () => {
  it('passes every step on a direct connection, skipping the proxy and TLS steps', async () => {
    const report = await testConnection({
      provider: provider(),
      baseURL: fake.baseURL,
      transport: {},
      model: 'gpt-4o-mini',
    })
    expect(report.ok).toBe(true)
    expect(report.route).toBe('direct')
    expect(report.steps.map((s) => [s.step, s.ok, Boolean(s.skipped)])).toEqual([
      ['proxy_connect', true, true],
      ['proxy_auth', true, true],
      ['tls', true, true],
      ['provider_auth', true, false],
      ['region', true, false],
      ['model', true, false],
    ])
    // Outcomes are data the window words, never sentences.
    expect(report.steps.map((s) => s.outcome)).toEqual([
      { type: 'no_proxy' },
      { type: 'no_proxy' },
      { type: 'plain_http' },
      { type: 'models_listed', modelsCount: expect.any(Number) },
      { type: 'region_ok' },
      { type: 'model_answered', model: 'gpt-4o-mini' },
    ])
  })

  it('goes through an authenticated HTTP proxy and times each step', async () => {
    const proxy = await startHttpProxy({ username: 'u', password: 'p@ss' })
    try {
      const report = await testConnection({
        provider: provider(),
        baseURL: fake.baseURL,
        transport: { proxies: { http: proxy.url }, noProxy: [] },
        model: 'gpt-4o-mini',
      })
      expect(report.ok).toBe(true)
      expect(report.route).toContain('127.0.0.1')
      expect(report.route).not.toContain('p@ss')
      expect(step(report, 'proxy_auth')).toMatchObject({ ok: true })
      expect(step(report, 'proxy_auth')?.skipped).toBeUndefined()
      // The sign-in answers the proxy's challenge (no password before it) and reports the scheme.
      expect(step(report, 'proxy_auth')?.outcome).toEqual({ type: 'proxy_signed_in', scheme: 'Basic' })
      // The probe's tunnel and the absolute-form requests each wait for the challenge: no password goes
      // to a proxy before it says which scheme it wants; after that the Basic answer goes at once.
      expect(proxy.seen.map((s) => [s.method, s.authorized])).toEqual([
        ['CONNECT', false],
        ['CONNECT', true],
        ['GET', false],
        ['GET', true],
        ['POST', true],
      ])
    } finally {
      await proxy.close()
    }
  })

  it('says proxy authentication failed when the password is wrong, and stops there', async () => {
    const proxy = await startHttpProxy({ username: 'u', password: 'right' })
    try {
      const report = await testConnection({
        provider: provider(),
        baseURL: fake.baseURL,
        transport: { proxies: { http: proxy.url.replace(':right@', ':wrong@') }, noProxy: [] },
      })
      expect(report.ok).toBe(false)
      expect(report.error).toMatchObject({ kind: 'proxy_auth', fact: 'proxy_auth_rejected', status: 407 })
      expect(step(report, 'proxy_connect')?.ok).toBe(true)
      expect(step(report, 'proxy_auth')).toMatchObject({ ok: false })
      expect(step(report, 'provider_auth')).toMatchObject({ ok: false, skipped: true })
      expect(JSON.stringify(report)).not.toContain('wrong')
    } finally {
      await proxy.close()
    }
  })

  it('says the proxy cannot be reached when it is down', async () => {
    const proxy = await startHttpProxy()
    await proxy.close()
    const report = await testConnection({
      provider: provider(),
      baseURL: fake.baseURL,
      transport: { proxies: { http: proxy.url }, noProxy: [] },
    })
    expect(report.error?.kind).toBe('proxy')
    expect(step(report, 'proxy_connect')).toMatchObject({ ok: false })
  })

  it('reports a SOCKS5 proxy rejecting the credentials as proxy authentication', async () => {
    const socks = await startSocks5Server({ username: 'u', password: 'right' })
    try {
      const report = await testConnection({
        provider: provider(),
        baseURL: fake.baseURL,
        transport: { proxies: { http: socks.url.replace(':right@', ':wrong@') }, noProxy: [] },
      })
      expect(report.error?.kind).toBe('proxy_auth')
      expect(step(report, 'proxy_auth')).toMatchObject({ ok: false })
    } finally {
      await socks.close()
    }
  })

  it('blames the region step for a region block, and the model step for an unknown model', async () => {
    fake.enqueue({
      status: 403,
      body: {
        error: {
          message: 'Country, region, or territory not supported',
          code: 'unsupported_country_region_territory',
        },
      },
    })
    const region = await testConnection({
      provider: provider(),
      baseURL: fake.baseURL,
      transport: {},
      model: 'gpt-4o-mini',
    })
    expect(region.error?.kind).toBe('region')
    expect(step(region, 'region')).toMatchObject({ ok: false, error: { kind: 'region' } })
    expect(step(region, 'model')).toMatchObject({ ok: true, outcome: { type: 'request_reached' } })

    fake.enqueue({
      status: 404,
      body: { error: { message: 'The model `nope` does not exist', code: 'model_not_found' } },
    })
    const model = await testConnection({
      provider: provider(),
      baseURL: fake.baseURL,
      transport: {},
      model: 'nope',
    })
    expect(model.error?.kind).toBe('bad_request')
    expect(step(model, 'model')).toMatchObject({ ok: false })
    expect(step(model, 'region')).toMatchObject({ ok: true })
  })

  it('fails the TLS step on an untrusted certificate, and passes it with the CA added', async () => {
    const server = https.createServer({ key: serverKeyPem, cert: serverCertPem }, (_req, res) =>
      res.end('{}'),
    )
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    const url = `https://localhost:${(server.address() as AddressInfo).port}/v1`
    try {
      const untrusted = await testConnection({ provider: provider(), baseURL: url, transport: {} })
      expect(step(untrusted, 'tls')).toMatchObject({ ok: false })
      expect(step(untrusted, 'tls')?.error?.message).toMatch(/CA certificate/)
      expect(step(untrusted, 'tls')?.error?.fact).toBe('certificate_untrusted')
      // The chain it was shown is reported even so: what a TLS-inspecting proxy would give away.
      expect(step(untrusted, 'tls')?.certificates).toEqual([
        { subject: 'CN=localhost', issuer: 'CN=ProxyChat Test CA' },
      ])
      const trusted = await testConnection({ provider: provider(), baseURL: url, transport: { ca: caPem } })
      expect(step(trusted, 'tls')).toMatchObject({ ok: true })
      expect(step(trusted, 'tls')?.certificates).toEqual([
        { subject: 'CN=localhost', issuer: 'CN=ProxyChat Test CA' },
        { subject: 'CN=ProxyChat Test CA', issuer: 'CN=ProxyChat Test CA' },
      ])
    } finally {
      server.closeAllConnections()
      server.close()
    }
  })

  it('still fails the TLS step on a certificate for another name, its CA trusted', async () => {
    // The chain is read before the verdict; the verdict must still include the host name check.
    const server = https.createServer({ key: serverKeyPem, cert: serverCertPem }, (_req, res) =>
      res.end('{}'),
    )
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    const socks = await startSocks5Server({ hosts: { 'other.invalid': '127.0.0.1' } })
    const url = `https://other.invalid:${(server.address() as AddressInfo).port}/v1`
    try {
      const report = await testConnection({
        provider: provider(),
        baseURL: url,
        transport: { proxies: { https: `socks5h://127.0.0.1:${socks.port}` }, noProxy: [], ca: caPem },
      })
      expect(step(report, 'proxy_auth')).toMatchObject({ ok: true })
      expect(step(report, 'tls')).toMatchObject({
        ok: false,
        error: { code: 'ERR_TLS_CERT_ALTNAME_INVALID' },
      })
      expect(step(report, 'tls')?.certificates?.[0]?.subject).toBe('CN=localhost')
      expect(step(report, 'provider_auth')).toMatchObject({ skipped: true })
    } finally {
      await socks.close()
      server.closeAllConnections()
      server.close()
    }
  })
})

describe('testConnection cleans up after a step that times out', () => {
  it('closes the socket to a proxy that accepts the connection but never answers CONNECT', async () => {
    const net = await import('node:net')
    const closed: Promise<void>[] = []
    const server = net.createServer((socket) => {
      socket.on('error', () => undefined)
      socket.resume() // reads (and ignores) the CONNECT, so that the client's close is seen
      closed.push(new Promise((resolve) => socket.once('close', () => resolve())))
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    const { port } = server.address() as AddressInfo
    try {
      const report = await testConnection({
        provider: provider(),
        baseURL: 'https://api.example.invalid/v1',
        transport: { proxies: { https: `http://127.0.0.1:${port}` }, noProxy: [] },
        stepTimeoutMs: 200,
      })
      expect(step(report, 'proxy_connect')).toMatchObject({ ok: true })
      expect(step(report, 'proxy_auth')).toMatchObject({ ok: false })
      expect(closed).toHaveLength(1)
      // Without the clean-up the socket stays open until the proxy gives up on it.
      await expect(
        Promise.race([
          closed[0],
          new Promise((_, reject) => setTimeout(() => reject(new Error('still open')), 1000)),
        ]),
      ).resolves.toBeUndefined()
    } finally {
      server.close()
    }
  })
})
