/**
 * The chat client end to end through proxies that authenticate by challenge: the real Client and
 * OpenAIProvider, over HTTPS to a local TLS provider and over plain HTTP (absolute form), through real
 * Squid with Digest (real password checks) and the NTLMv2-verifying proxy. Later chats reuse the signed-in
 * connection; failures arrive as the facts the window words.
 */
import https from 'node:https'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { Client, OpenAIProvider, ProviderError } from '../../../src/main/llm'
import { testConnection } from '../../../src/main/llm/connection-test'
import { startNtlmProxy } from '../../fixtures/ntlm-proxy'
import { SQUID_MISSING, hasSquid, startSquid } from '../../fixtures/squid'
import { caPem, serverCertPem, serverKeyPem } from '../../fixtures/tls'

const PASSWORD = 'S3cret:pass@word/%'
/** Squid's digest password file is `user:password`, so no colon here. */
const SQUID_PASSWORD = 'S3cret-pass@word/%'

let provider: https.Server
let plainProvider: http.Server
let baseURL: string
/** The same endpoint over plain HTTP, reached through the proxy in absolute form. */
let plainBaseURL: string
let chats = 0

beforeAll(async () => {
  // A minimal OpenAI-compatible endpoint: a model list and a streamed reply, over TLS and plain HTTP.
  const handler = (req: http.IncomingMessage, res: http.ServerResponse): void => {
    req.resume()
    req.on('end', () => {
      if (req.method === 'GET') {
        res.writeHead(200, { 'content-type': 'application/json' })
        res.end(JSON.stringify({ object: 'list', data: [{ id: 'm', object: 'model' }] }))
        return
      }
      chats += 1
      const chunk = (content: string): string =>
        `data: ${JSON.stringify({
          id: 'c1',
          object: 'chat.completion.chunk',
          created: 0,
          model: 'm',
          choices: [{ index: 0, delta: { content }, finish_reason: null }],
        })}\n\n`
      res.writeHead(200, { 'content-type': 'text/event-stream' })
      res.end(chunk('Hello') + chunk(' through the proxy') + 'data: [DONE]\n\n')
    })
  }
  provider = https.createServer({ key: serverKeyPem, cert: serverCertPem }, handler)
  plainProvider = http.createServer(handler)
  await new Promise<void>((resolve) => provider.listen(0, '127.0.0.1', resolve))
  baseURL = `https://127.0.0.1:${(provider.address() as AddressInfo).port}/v1`
  await new Promise<void>((resolve) => plainProvider.listen(0, '127.0.0.1', resolve))
  plainBaseURL = `http://127.0.0.1:${(plainProvider.address() as AddressInfo).port}/v1`
})

afterAll(async () => {
  provider.closeAllConnections()
  plainProvider.closeAllConnections()
  await new Promise((resolve) => provider.close(resolve))
  await new Promise((resolve) => plainProvider.close(resolve))
})

const cleanups: (() => Promise<void>)[] = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

function proxyUrl(url: string, user: string, password: string): string {
  const u = new URL(url)
  u.username = encodeURIComponent(user)
  u.password = encodeURIComponent(password)
  return u.toString()
}

function client(proxy: string, plain = false): Client {
  const c = new Client({
    provider: new OpenAIProvider({
      name: 'Corp',
      apiKey: 'sk-test',
      baseURL: plain ? plainBaseURL : baseURL,
    }),
    proxies: plain ? { http: proxy } : { https: proxy },
    noProxy: [],
    ca: caPem,
  })
  cleanups.push(() => c.close())
  return c
}

async function chat(c: Client): Promise<string> {
  const stream = await c.chat.completions.create({
    model: 'm',
    messages: [{ role: 'user', content: 'hi' }],
    stream: true,
  })
  let text = ''
  for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? ''
  return text
}

/** Until undici has put the finished reply's connection back in the pool. */
const idle = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 20))

async function failure(promise: Promise<unknown>): Promise<ProviderError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  )
  if (!(err instanceof ProviderError)) throw new Error(`expected a ProviderError, got ${String(err)}`)
  return err
}

describe('chat through the NTLMv2-verifying proxy', () => {
  it('completes, and a second chat reuses the authenticated tunnel', async () => {
    const proxy = await startNtlmProxy({ domain: 'CORP', user: 'alice', password: PASSWORD })
    cleanups.push(() => proxy.close())
    const c = client(proxyUrl(proxy.url, 'CORP\\alice', PASSWORD))
    const before = chats
    expect(await chat(c)).toBe('Hello through the proxy')
    await idle()
    expect(await chat(c)).toBe('Hello through the proxy')
    expect(chats - before).toBe(2)
    expect(proxy.handshakes).toBe(1)
    expect(proxy.connections).toBe(1)
    expect(proxy.attempts).toEqual([{ connection: 1, user: 'alice', domain: 'CORP', ok: true }])
  })

  it('back-to-back chats and model lists make exactly one handshake, on one connection', async () => {
    const proxy = await startNtlmProxy({ domain: 'CORP', user: 'alice', password: PASSWORD })
    cleanups.push(() => proxy.close())
    const c = client(proxyUrl(proxy.url, 'CORP\\alice', PASSWORD))
    // No pause between them: the next request starts as soon as the previous reply's [DONE] is read.
    for (let i = 0; i < 6; i++) {
      expect(await chat(c)).toBe('Hello through the proxy')
      expect((await c.models.list()).map((m) => m.id)).toEqual(['m'])
    }
    expect(proxy.handshakes).toBe(1)
    expect(proxy.connections).toBe(1)
  })

  it('plain http:// provider: back-to-back chats and model lists make exactly one handshake', async () => {
    const proxy = await startNtlmProxy({ domain: 'CORP', user: 'alice', password: PASSWORD })
    cleanups.push(() => proxy.close())
    const c = client(proxyUrl(proxy.url, 'CORP\\alice', PASSWORD), true)
    const before = chats
    for (let i = 0; i < 6; i++) {
      expect(await chat(c)).toBe('Hello through the proxy')
      expect((await c.models.list()).map((m) => m.id)).toEqual(['m'])
    }
    expect(chats - before).toBe(6)
    expect(proxy.handshakes).toBe(1)
    expect(proxy.connections).toBe(1)
    expect(proxy.attempts).toEqual([{ connection: 1, user: 'alice', domain: 'CORP', ok: true }])
  })

  it('plain http:// provider: a wrong password or a Kerberos-only proxy fail as for tunnels', async () => {
    const proxy = await startNtlmProxy({ domain: 'CORP', user: 'alice', password: PASSWORD })
    cleanups.push(() => proxy.close())
    const wrong = 'Wrong-pass-123'
    const err = await failure(chat(client(proxyUrl(proxy.url, 'CORP\\alice', wrong), true)))
    expect(err).toMatchObject({ kind: 'proxy_auth', fact: 'proxy_auth_rejected', retriable: false })
    expect(proxy.attempts).toHaveLength(1)
    expect(`${err.message} ${err.stack ?? ''} ${JSON.stringify(err)}`).not.toContain(wrong)

    const kerberos = await startNtlmProxy({ domain: 'C', user: 'a', password: 'p', offer: ['Negotiate'] })
    cleanups.push(() => kerberos.close())
    const named = await failure(chat(client(proxyUrl(kerberos.url, 'a', 'p'), true)))
    expect(named).toMatchObject({ kind: 'proxy_auth', fact: 'proxy_auth_kerberos_only', retriable: false })
  })

  it('a wrong password is proxy_auth_rejected, tried once, without the password', async () => {
    const proxy = await startNtlmProxy({ domain: 'CORP', user: 'alice', password: PASSWORD })
    cleanups.push(() => proxy.close())
    const wrong = 'Wrong-pass-123'
    const err = await failure(chat(client(proxyUrl(proxy.url, 'CORP\\alice', wrong))))
    expect(err).toMatchObject({ kind: 'proxy_auth', fact: 'proxy_auth_rejected', retriable: false })
    expect(proxy.attempts).toHaveLength(1)
    expect(`${err.message} ${err.stack ?? ''} ${JSON.stringify(err)}`).not.toContain(wrong)
  })

  it('a Kerberos-only proxy is named as such, not as a wrong password', async () => {
    const proxy = await startNtlmProxy({ domain: 'CORP', user: 'a', password: 'p', offer: ['Negotiate'] })
    cleanups.push(() => proxy.close())
    const err = await failure(chat(client(proxyUrl(proxy.url, 'a', 'p'))))
    expect(err).toMatchObject({ kind: 'proxy_auth', fact: 'proxy_auth_kerberos_only', retriable: false })
    expect(err.message).toMatch(/Kerberos/)
  })
})

describe.skipIf(!hasSquid('digest'))(
  `chat through Squid with Digest${hasSquid('digest') ? '' : ` (${SQUID_MISSING})`}`,
  () => {
    it('completes with the right password, twice', async () => {
      const squid = await startSquid({ scheme: 'digest', users: { alice: SQUID_PASSWORD } })
      cleanups.push(() => squid.close())
      const c = client(proxyUrl(squid.url, 'alice', SQUID_PASSWORD))
      expect(await chat(c)).toBe('Hello through the proxy')
      expect(await chat(c)).toBe('Hello through the proxy')
    })

    it('plain http:// provider: completes with the right password, three times', async () => {
      const squid = await startSquid({ scheme: 'digest', users: { alice: SQUID_PASSWORD } })
      cleanups.push(() => squid.close())
      const c = client(proxyUrl(squid.url, 'alice', SQUID_PASSWORD), true)
      for (let i = 0; i < 3; i++) expect(await chat(c)).toBe('Hello through the proxy')
      const err = await failure(chat(client(proxyUrl(squid.url, 'alice', 'nope-nope'), true)))
      expect(err).toMatchObject({ kind: 'proxy_auth', fact: 'proxy_auth_rejected', retriable: false })
    })

    it('a wrong password is proxy_auth_rejected', async () => {
      const squid = await startSquid({ scheme: 'digest', users: { alice: SQUID_PASSWORD } })
      cleanups.push(() => squid.close())
      const err = await failure(chat(client(proxyUrl(squid.url, 'alice', 'nope-nope'))))
      expect(err).toMatchObject({ kind: 'proxy_auth', fact: 'proxy_auth_rejected', retriable: false })
    })
  },
)

describe('the connection test through an authenticating proxy', () => {
  const run = (proxy: string) =>
    testConnection({
      provider: new OpenAIProvider({ name: 'Corp', apiKey: 'sk-test', baseURL }),
      baseURL,
      transport: { proxies: { https: proxy }, noProxy: [], ca: caPem },
      model: 'm',
    })

  it('reports the scheme that signed in (NTLM)', async () => {
    const proxy = await startNtlmProxy({ domain: 'CORP', user: 'alice', password: PASSWORD })
    cleanups.push(() => proxy.close())
    const report = await run(proxyUrl(proxy.url, 'CORP\\alice', PASSWORD))
    expect(report.steps.filter((s) => !s.ok)).toEqual([])
    expect(report.ok).toBe(true)
    expect(report.steps.find((s) => s.step === 'proxy_auth')?.outcome).toEqual({
      type: 'proxy_signed_in',
      scheme: 'NTLM',
    })
    expect(report.route).not.toContain(PASSWORD)
  })

  it('fails the sign-in step with the Kerberos fact for a Negotiate-only proxy', async () => {
    const proxy = await startNtlmProxy({ domain: 'CORP', user: 'a', password: 'p', offer: ['Negotiate'] })
    cleanups.push(() => proxy.close())
    const report = await run(proxyUrl(proxy.url, 'a', 'p'))
    expect(report.ok).toBe(false)
    expect(report.steps.find((s) => s.step === 'proxy_auth')).toMatchObject({
      ok: false,
      error: { kind: 'proxy_auth', fact: 'proxy_auth_kerberos_only' },
    })
  })

  it.skipIf(!hasSquid('digest'))(
    'reports Digest through Squid, what it offered, and the chain seen',
    async () => {
      const squid = await startSquid({ scheme: 'digest', users: { alice: SQUID_PASSWORD } })
      cleanups.push(() => squid.close())
      const report = await run(proxyUrl(squid.url, 'alice', SQUID_PASSWORD))
      const auth = report.steps.find((s) => s.step === 'proxy_auth')
      expect(auth?.outcome).toEqual({ type: 'proxy_signed_in', scheme: 'Digest' })
      expect(auth?.offeredSchemes).toEqual(['Digest'])
      expect(report.route).toBe(`http://alice:***@127.0.0.1:${squid.port}`)
      // The provider's chain as seen through the tunnel, leaf first.
      expect(report.steps.find((s) => s.step === 'tls')?.certificates).toEqual([
        { subject: 'CN=localhost', issuer: 'CN=ProxyChat Test CA' },
        { subject: 'CN=ProxyChat Test CA', issuer: 'CN=ProxyChat Test CA' },
      ])
      expect(report.ok).toBe(true)
    },
  )

  it.skipIf(!hasSquid('basic'))(
    'reports Basic through Squid, and what it offered when the password is wrong',
    async () => {
      const squid = await startSquid({ scheme: 'basic', users: { alice: SQUID_PASSWORD } })
      cleanups.push(() => squid.close())
      const report = await run(proxyUrl(squid.url, 'alice', SQUID_PASSWORD))
      const auth = report.steps.find((s) => s.step === 'proxy_auth')
      expect(auth?.outcome).toEqual({ type: 'proxy_signed_in', scheme: 'Basic' })
      expect(auth?.offeredSchemes).toEqual(['Basic'])
      expect(report.ok).toBe(true)

      const wrong = await run(proxyUrl(squid.url, 'alice', 'Wrong-pass-987'))
      expect(wrong.steps.find((s) => s.step === 'proxy_auth')).toMatchObject({
        ok: false,
        error: { kind: 'proxy_auth', fact: 'proxy_auth_rejected' },
        offeredSchemes: ['Basic'],
      })
      expect(JSON.stringify(wrong)).not.toContain('Wrong-pass')
    },
  )
})
