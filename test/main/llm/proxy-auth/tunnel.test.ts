import https from 'node:https'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { Agent, request } from 'undici'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  ProxyAuthError,
  openTunnel,
  tunnelConnector,
  type Tunnel,
} from '../../../../src/main/llm/proxy-auth/tunnel'
import { ProxyAuthMemory } from '../../../../src/main/llm/proxy-auth/negotiator'
import { startNtlmProxy } from '../../../fixtures/ntlm-proxy'
import { SQUID_MISSING, hasSquid, startSquid, type Squid, type SquidScheme } from '../../../fixtures/squid'
import { caPem, serverCertPem, serverKeyPem } from '../../../fixtures/tls'

const PASSWORD = 'Tr0ub4dor&3-proxy'

let origin: https.Server
let plainOrigin: http.Server
let originUrl: string
let plainUrl: string

beforeAll(async () => {
  const handler = (req: http.IncomingMessage, res: http.ServerResponse): void => {
    res.end(`hello ${req.url ?? ''}`)
  }
  origin = https.createServer({ key: serverKeyPem, cert: serverCertPem }, handler)
  plainOrigin = http.createServer(handler)
  await new Promise<void>((resolve) => origin.listen(0, '127.0.0.1', resolve))
  await new Promise<void>((resolve) => plainOrigin.listen(0, '127.0.0.1', resolve))
  originUrl = `https://127.0.0.1:${(origin.address() as AddressInfo).port}`
  plainUrl = `http://127.0.0.1:${(plainOrigin.address() as AddressInfo).port}`
})

afterAll(async () => {
  origin.closeAllConnections()
  plainOrigin.closeAllConnections()
  await new Promise((resolve) => origin.close(resolve))
  await new Promise((resolve) => plainOrigin.close(resolve))
})

const withUser = (proxyUrl: string, user: string, password: string): string => {
  const url = new URL(proxyUrl)
  url.username = encodeURIComponent(user)
  url.password = encodeURIComponent(password)
  return url.toString()
}

/** Two HTTPS requests through one Agent; returns the bodies and the tunnels opened. */
async function fetchTwice(proxy: string): Promise<{ bodies: string[]; tunnels: Tunnel[] }> {
  const tunnels: Tunnel[] = []
  const agent = new Agent({
    connect: tunnelConnector({ proxy, tls: { ca: caPem }, onTunnel: (t) => tunnels.push(t) }),
  })
  try {
    const bodies: string[] = []
    for (const path of ['/one', '/two']) {
      const res = await request(`${originUrl}${path}`, { dispatcher: agent })
      bodies.push(await res.body.text())
      // undici frees the connection just after the body ends; the next request should find it idle.
      await new Promise((resolve) => setTimeout(resolve, 20))
    }
    return { bodies, tunnels }
  } finally {
    await agent.close()
  }
}

async function failure(promise: Promise<unknown>): Promise<ProxyAuthError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  )
  if (!(err instanceof ProxyAuthError)) throw new Error(`expected a ProxyAuthError, got ${String(err)}`)
  return err
}

describe('tunnel through the NTLMv2-verifying proxy', () => {
  it('authenticates once and reuses the tunnel for the next request', async () => {
    const proxy = await startNtlmProxy({ domain: 'CORP', user: 'alice', password: PASSWORD })
    try {
      const { bodies, tunnels } = await fetchTwice(withUser(proxy.url, 'CORP\\alice', PASSWORD))
      expect(bodies).toEqual(['hello /one', 'hello /two'])
      expect(tunnels.map((t) => t.scheme)).toEqual(['ntlm'])
      expect(proxy.handshakes).toBe(1)
      expect(proxy.connections).toBe(1)
      expect(proxy.attempts).toEqual([{ connection: 1, user: 'alice', domain: 'CORP', ok: true }])
    } finally {
      await proxy.close()
    }
  })

  it('answers plain-http origins through the bare tunnel, with credentials given apart from the URL', async () => {
    const proxy = await startNtlmProxy({ domain: 'CORP', user: 'alice', password: PASSWORD })
    const credentials = { username: 'CORP\\alice', password: PASSWORD }
    const agent = new Agent({ connect: tunnelConnector({ proxy: proxy.url, credentials }) })
    try {
      const res = await request(`${plainUrl}/plain`, { dispatcher: agent })
      expect(await res.body.text()).toBe('hello /plain')
    } finally {
      await agent.close()
      await proxy.close()
    }
  })

  it('fails with rejected credentials on a wrong password, without a retry and without the password', async () => {
    const proxy = await startNtlmProxy({ domain: 'CORP', user: 'alice', password: PASSWORD })
    try {
      const wrong = 'not-the-Password'
      const err = await failure(
        openTunnel({ proxy: withUser(proxy.url, 'CORP\\alice', wrong), host: '127.0.0.1', port: 9 }),
      )
      expect(err.failure).toBe('proxy_auth_credentials_rejected')
      expect(err.kind).toBe('proxy_auth')
      expect(proxy.attempts).toHaveLength(1)
      expect(proxy.attempts[0]?.ok).toBe(false)
      expect(`${err.message} ${err.stack ?? ''}`).not.toContain(wrong)
    } finally {
      await proxy.close()
    }
  })

  it('names Kerberos when the proxy offers only Negotiate', async () => {
    const proxy = await startNtlmProxy({ domain: 'CORP', user: 'a', password: 'p', offer: ['Negotiate'] })
    try {
      const err = await failure(
        openTunnel({ proxy: withUser(proxy.url, 'a', 'p'), host: '127.0.0.1', port: 9 }),
      )
      expect(err.failure).toBe('proxy_auth_kerberos_only')
      expect(err.offered).toEqual(['Negotiate'])
    } finally {
      await proxy.close()
    }
  })

  it('says the proxy broke the handshake when it closes the connection after its challenge', async () => {
    const proxy = await startNtlmProxy({
      domain: 'CORP',
      user: 'a',
      password: 'p',
      closeAfterChallenge: true,
    })
    try {
      const err = await failure(
        openTunnel({ proxy: withUser(proxy.url, 'CORP\\a', 'p'), host: '127.0.0.1', port: 9 }),
      )
      expect(err.failure).toBe('proxy_auth_connection_closed')
    } finally {
      await proxy.close()
    }
  })
})

describe.each<SquidScheme>(['digest', 'basic', 'ntlm'])('tunnel through Squid (%s)', (scheme) => {
  let squid: Squid | undefined
  // Skipped tests say why in their name.
  const title = (text: string): string => (hasSquid(scheme) ? text : `${text} — skipped: ${SQUID_MISSING}`)

  beforeAll(async () => {
    if (hasSquid(scheme)) squid = await startSquid({ scheme, users: { alice: PASSWORD } })
  }, 30_000)
  afterAll(async () => {
    await squid?.close()
  })

  it.skipIf(!hasSquid(scheme))(
    title(`authenticates with ${scheme} and carries HTTPS through the tunnel`),
    async () => {
      if (!squid) throw new Error(SQUID_MISSING)
      const user = scheme === 'ntlm' ? 'TESTDOMAIN\\alice' : 'alice'
      const { bodies, tunnels } = await fetchTwice(withUser(squid.url, user, PASSWORD))
      expect(bodies).toEqual(['hello /one', 'hello /two'])
      expect(tunnels.map((t) => t.scheme)).toEqual([scheme])
      expect(tunnels[0]?.offered.map((s) => s.toLowerCase())).toContain(scheme)
    },
  )

  // Squid's ntlm_fake_auth accepts any password: the NTLMv2-verifying proxy above covers NTLM's refusal.
  const refusing = scheme === 'ntlm' ? undefined : it.skipIf(!hasSquid(scheme))
  refusing?.(title('refuses a wrong password as rejected credentials'), async () => {
    if (!squid) throw new Error(SQUID_MISSING)
    const err = await failure(
      openTunnel({ proxy: withUser(squid.url, 'alice', 'wrong-password'), host: '127.0.0.1', port: 9 }),
    )
    expect(err.failure).toBe('proxy_auth_credentials_rejected')
  })

  it.skipIf(!hasSquid(scheme))(title('asks for credentials when none are set'), async () => {
    if (!squid) throw new Error(SQUID_MISSING)
    const err = await failure(openTunnel({ proxy: squid.url, host: '127.0.0.1', port: 9 }))
    expect(err.failure).toBe('proxy_auth_credentials_required')
  })
})

describe('remembered answers through Squid Digest', () => {
  let squid: Squid | undefined
  const available = hasSquid('digest')
  beforeAll(async () => {
    if (available)
      squid = await startSquid({ scheme: 'digest', users: { alice: PASSWORD }, nonceMaxCount: 2 })
  }, 30_000)
  afterAll(async () => {
    await squid?.close()
  })

  it.skipIf(!available)(
    `sends the next nonce count at once, and takes a stale nonce without failing${available ? '' : ` — skipped: ${SQUID_MISSING}`}`,
    async () => {
      if (!squid) throw new Error(SQUID_MISSING)
      const memory = new ProxyAuthMemory()
      const proxy = withUser(squid.url, 'alice', PASSWORD)
      const port = Number(new URL(plainUrl).port)
      const tunnels: Tunnel[] = []
      for (let i = 0; i < 6; i++) {
        const tunnel = await openTunnel({ proxy, host: '127.0.0.1', port, negotiator: { memory } })
        tunnel.socket.destroy()
        tunnels.push(tunnel)
      }
      // The first is challenged; the next ones send the next nonce count at once, until Squid calls the nonce
      // stale (its count check lets nonce_max_count + 1 uses through): one 407, a new nonce, and no failure.
      expect(tunnels.map((t) => t.challenges)).toEqual([1, 0, 0, 1, 0, 0])
      expect(new Set(tunnels.map((t) => t.scheme))).toEqual(new Set(['digest']))
    },
  )
})
