/**
 * Plain http:// requests through authenticating proxies in absolute form: the NTLMv2-verifying proxy and
 * real Squid (digest_file_auth with real password checks, basic_ncsa_auth, ntlm_fake_auth). The handshake
 * happens once per connection, the answer goes with the real request, and the response streams.
 */
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { buildConnector } from 'undici'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { AbsoluteFormAgent, type ProxySignIn } from '../../../../src/main/llm/proxy-auth/absolute-form'
import { ProxyAuthError } from '../../../../src/main/llm/proxy-auth/tunnel'
import { startNtlmProxy } from '../../../fixtures/ntlm-proxy'
import { SQUID_MISSING, hasSquid, startSquid, type Squid, type SquidScheme } from '../../../fixtures/squid'

const PASSWORD = 'Tr0ub4dor&3-proxy'

let origin: http.Server
let originUrl: string
/** Resolves the streaming route's second half (the test says when). */
let releaseSecondHalf: (() => void) | undefined

beforeAll(async () => {
  origin = http.createServer((req, res) => {
    let body = ''
    req.on('data', (chunk: Buffer) => (body += chunk.toString()))
    req.on('end', () => {
      if (req.url === '/stream') {
        res.writeHead(200, { 'content-type': 'text/event-stream' })
        res.write('first half;')
        releaseSecondHalf = () => res.end('second half')
        return
      }
      res.end(`hello ${req.method ?? ''} ${req.url ?? ''} ${body}`)
    })
  })
  await new Promise<void>((resolve) => origin.listen(0, '127.0.0.1', resolve))
  originUrl = `http://127.0.0.1:${(origin.address() as AddressInfo).port}`
})

afterAll(async () => {
  origin.closeAllConnections()
  await new Promise((resolve) => origin.close(resolve))
})

const cleanups: (() => Promise<void>)[] = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

function agent(proxy: string, username: string, password: string, signIns: ProxySignIn[] = []) {
  const a = new AbsoluteFormAgent({
    proxy,
    credentials: { username, password },
    connect: buildConnector({}),
    onSignIn: (s) => signIns.push(s),
  })
  cleanups.push(() => a.destroy())
  return a
}

async function post(a: AbsoluteFormAgent, path: string, body = 'b'): Promise<string> {
  const res = await a.request({
    origin: originUrl,
    path,
    method: 'POST',
    headers: { 'content-type': 'text/plain' },
    body,
  })
  const text = await res.body.text()
  return `${res.statusCode} ${text}`
}

async function failure(promise: Promise<unknown>): Promise<ProxyAuthError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  )
  if (!(err instanceof ProxyAuthError)) throw new Error(`expected a ProxyAuthError, got ${String(err)}`)
  return err
}

describe('absolute-form requests through the NTLMv2-verifying proxy', () => {
  it('signs in once and carries back-to-back requests on the one signed-in connection', async () => {
    const proxy = await startNtlmProxy({ domain: 'CORP', user: 'alice', password: PASSWORD })
    cleanups.push(() => proxy.close())
    const signIns: ProxySignIn[] = []
    const a = agent(proxy.url, 'CORP\\alice', PASSWORD, signIns)
    for (let i = 0; i < 8; i++)
      expect(await post(a, `/n${i}`, `body ${i}`)).toBe(`200 hello POST /n${i} body ${i}`)
    expect(proxy.handshakes).toBe(1)
    expect(proxy.connections).toBe(1)
    expect(proxy.attempts).toEqual([{ connection: 1, user: 'alice', domain: 'CORP', ok: true }])
    expect(signIns).toEqual([{ scheme: 'ntlm', offered: ['NTLM'], challenges: 2 }])
  })

  it('streams the response: the first half arrives before the origin sends the rest', async () => {
    const proxy = await startNtlmProxy({ domain: 'CORP', user: 'alice', password: PASSWORD })
    cleanups.push(() => proxy.close())
    const a = agent(proxy.url, 'CORP\\alice', PASSWORD)
    const res = await a.request({ origin: originUrl, path: '/stream', method: 'GET', headers: {} })
    const reader = res.body[Symbol.asyncIterator]()
    const first = await reader.next()
    expect(Buffer.from(first.value as Uint8Array).toString()).toBe('first half;')
    releaseSecondHalf?.()
    let rest = ''
    for (let next = await reader.next(); next.done !== true; next = await reader.next())
      rest += Buffer.from(next.value as Uint8Array).toString()
    expect(rest).toBe('second half')
  })

  it('concurrent requests each get their own signed-in connection, then reuse them', async () => {
    const proxy = await startNtlmProxy({ domain: 'CORP', user: 'alice', password: PASSWORD })
    cleanups.push(() => proxy.close())
    const a = agent(proxy.url, 'CORP\\alice', PASSWORD)
    const round = (): Promise<string[]> => Promise.all([post(a, '/a'), post(a, '/b')])
    expect(await round()).toEqual(['200 hello POST /a b', '200 hello POST /b b'])
    expect(await round()).toEqual(['200 hello POST /a b', '200 hello POST /b b'])
    expect(proxy.handshakes).toBe(2)
    expect(proxy.connections).toBe(2)
  })

  it('a wrong password is rejected credentials after one Authenticate message, without the password', async () => {
    const proxy = await startNtlmProxy({ domain: 'CORP', user: 'alice', password: PASSWORD })
    cleanups.push(() => proxy.close())
    const wrong = 'not-the-Password'
    const err = await failure(post(agent(proxy.url, 'CORP\\alice', wrong), '/x'))
    expect(err.failure).toBe('proxy_auth_credentials_rejected')
    expect(proxy.attempts).toHaveLength(1)
    expect(`${err.message} ${err.stack ?? ''}`).not.toContain(wrong)
  })

  it('names Kerberos when the proxy offers only Negotiate', async () => {
    const proxy = await startNtlmProxy({ domain: 'CORP', user: 'a', password: 'p', offer: ['Negotiate'] })
    cleanups.push(() => proxy.close())
    const err = await failure(post(agent(proxy.url, 'a', 'p'), '/x'))
    expect(err.failure).toBe('proxy_auth_kerberos_only')
    expect(err.offered).toEqual(['Negotiate'])
  })

  it('says the proxy broke the handshake when it closes the connection after its challenge', async () => {
    const proxy = await startNtlmProxy({
      domain: 'CORP',
      user: 'a',
      password: 'p',
      closeAfterChallenge: true,
    })
    cleanups.push(() => proxy.close())
    const err = await failure(post(agent(proxy.url, 'CORP\\a', 'p'), '/x'))
    expect(err.failure).toBe('proxy_auth_connection_closed')
  })
})

describe.each<SquidScheme>(['digest', 'basic', 'ntlm'])(
  'absolute-form requests through Squid (%s)',
  (scheme) => {
    let squid: Squid | undefined
    const title = (text: string): string => (hasSquid(scheme) ? text : `${text} — skipped: ${SQUID_MISSING}`)
    beforeAll(async () => {
      if (hasSquid(scheme)) squid = await startSquid({ scheme, users: { alice: PASSWORD } })
    }, 30_000)
    afterAll(async () => {
      await squid?.close()
    })

    it.skipIf(!hasSquid(scheme))(
      title(`signs in with ${scheme} once for six sequential requests`),
      async () => {
        if (!squid) throw new Error(SQUID_MISSING)
        const signIns: ProxySignIn[] = []
        const a = agent(squid.url, scheme === 'ntlm' ? 'TESTDOMAIN\\alice' : 'alice', PASSWORD, signIns)
        for (let i = 0; i < 6; i++) expect(await post(a, `/s${i}`)).toBe(`200 hello POST /s${i} b`)
        // The first request answers the challenge; NTLM's connection stays signed in, and Basic and Digest
        // send the remembered answer (Digest with the next nonce count) without another 407.
        expect(signIns[0]).toMatchObject({ scheme, challenges: scheme === 'ntlm' ? 2 : 1 })
        expect(signIns.slice(1).every((s) => s.challenges === 0)).toBe(true)
        expect(signIns).toHaveLength(scheme === 'ntlm' ? 1 : 6)
      },
    )

    const refusing = scheme === 'ntlm' ? undefined : it.skipIf(!hasSquid(scheme))
    refusing?.(title('refuses a wrong password as rejected credentials'), async () => {
      if (!squid) throw new Error(SQUID_MISSING)
      const err = await failure(post(agent(squid.url, 'alice', 'wrong-password'), '/x'))
      expect(err.failure).toBe('proxy_auth_credentials_rejected')
    })
  },
)

describe('absolute-form Digest with stale nonces (Squid)', () => {
  const available = hasSquid('digest')
  it.skipIf(!available)(
    `takes a stale nonce without failing${available ? '' : ` — skipped: ${SQUID_MISSING}`}`,
    async () => {
      const squid = await startSquid({ scheme: 'digest', users: { alice: PASSWORD }, nonceMaxCount: 2 })
      cleanups.push(() => squid.close())
      const signIns: ProxySignIn[] = []
      const a = agent(squid.url, 'alice', PASSWORD, signIns)
      for (let i = 0; i < 6; i++) expect(await post(a, `/d${i}`)).toBe(`200 hello POST /d${i} b`)
      expect(signIns.map((s) => s.challenges)).toEqual([1, 0, 0, 1, 0, 0])
    },
  )
})
