import http from 'node:http'
import https from 'node:https'
import type { AddressInfo, Socket } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { ProviderError } from '../../../src/main/llm/errors'
import { HttpTransport } from '../../../src/main/llm/transport'
import type { HttpRequest, TransportOptions } from '../../../src/main/llm/transport-types'
import { startHttpProxy } from '../../fixtures/http-proxy'
import { startSocks5Server } from '../../fixtures/socks5-server'
import { caPem, expiredCertPem, expiredKeyPem, serverCertPem, serverKeyPem } from '../../fixtures/tls'

/* ------------------------------------------------------------ test target */

interface Target {
  /** `http(s)://127.0.0.1:port` */
  url: string
  port: number
  /** Connections the server has seen close. */
  closed: number
  connections: number
  close(): Promise<void>
}

/**
 * A target server with a few behaviours by path: /hello answers, /no-headers never answers,
 * /stall-body sends one chunk then goes silent, /stream sends a chunk every 20 ms until the client leaves.
 */
async function startTarget(tlsOptions?: { key: string; cert: string }): Promise<Target> {
  const sockets = new Set<Socket>()
  const state = { closed: 0, connections: 0 }
  const handler = (req: http.IncomingMessage, res: http.ServerResponse): void => {
    if (req.url === '/no-headers') return
    if (req.url === '/stall-body') {
      res.writeHead(200, { 'content-type': 'text/event-stream' })
      res.write('data: first\n\n')
      return
    }
    if (req.url === '/stream') {
      res.writeHead(200, { 'content-type': 'text/event-stream' })
      const timer = setInterval(() => res.write('data: tick\n\n'), 20)
      res.on('close', () => clearInterval(timer))
      return
    }
    let body = ''
    req.on('data', (c: Buffer) => (body += c.toString()))
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'text/plain', 'x-test': 'yes' })
      res.end(`hello ${req.method} ${req.url} ${body}`)
    })
  }
  const server = tlsOptions ? https.createServer(tlsOptions, handler) : http.createServer(handler)
  server.on('connection', (socket: Socket) => {
    state.connections += 1
    sockets.add(socket)
    socket.on('close', () => {
      state.closed += 1
      sockets.delete(socket)
    })
  })
  server.on('tlsClientError', () => undefined)
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const port = (server.address() as AddressInfo).port
  return {
    url: `${tlsOptions ? 'https' : 'http'}://127.0.0.1:${port}`,
    port,
    get closed() {
      return state.closed
    },
    get connections() {
      return state.connections
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy()
        server.close(() => resolve())
      }),
  }
}

/** A port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = http.createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const port = (server.address() as AddressInfo).port
  await new Promise<void>((resolve) => server.close(() => resolve()))
  return port
}

/* ------------------------------------------------------------------ setup */

const cleanups: (() => Promise<void>)[] = []

afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()?.()
})

function keep<T extends { close(): Promise<void> }>(thing: T): T {
  cleanups.push(() => thing.close())
  return thing
}

const tlsServer = { key: serverKeyPem, cert: serverCertPem }

function transport(options: TransportOptions): HttpTransport {
  return keep(new HttpTransport(options))
}

function get(url: string, extra: Partial<HttpRequest> = {}): HttpRequest {
  return { provider: 'test', url, method: 'GET', headers: {}, ...extra }
}

async function fetchText(t: HttpTransport, url: string, extra: Partial<HttpRequest> = {}): Promise<string> {
  const res = await t.request(get(url, extra))
  expect(res.status).toBe(200)
  return res.text()
}

async function rejection(promise: Promise<unknown>): Promise<ProviderError> {
  try {
    await promise
  } catch (err) {
    expect(err).toBeInstanceOf(ProviderError)
    return err as ProviderError
  }
  throw new Error('expected a rejection')
}

async function waitFor(condition: () => boolean, ms = 2000): Promise<void> {
  const start = Date.now()
  while (!condition()) {
    if (Date.now() - start > ms) throw new Error('timed out waiting')
    await new Promise((r) => setTimeout(r, 10))
  }
}

/** Everything an error carries, as one string, to search for secrets. */
function everything(err: ProviderError): string {
  return JSON.stringify({ ...err, message: err.message, stack: err.stack, cause: err.cause })
}

// Characters that break naive URL handling.
const TRICKY_PASSWORD = 'p@ss:w/rd%Zz9'

/* ------------------------------------------------------------------ tests */

describe('HttpTransport: direct', () => {
  it('sends a request and reads the reply', async () => {
    const target = keep(await startTarget())
    const t = transport({})
    const res = await t.request(get(`${target.url}/hello`, { method: 'POST', body: 'payload' }))
    expect(res.status).toBe(200)
    expect(res.headers['x-test']).toBe('yes')
    expect(await res.text()).toBe('hello POST /hello payload')
  })

  it('bypasses configured proxies for loopback by default', async () => {
    const proxy = keep(await startHttpProxy())
    const target = keep(await startTarget())
    const t = transport({ proxies: { http: proxy.url, https: proxy.url } })
    expect(await fetchText(t, `${target.url}/hello`)).toBe('hello GET /hello ')
    expect(proxy.seen).toEqual([])
  })

  it('reports a refused connection as network', async () => {
    const t = transport({})
    const err = await rejection(t.request(get(`http://127.0.0.1:${await closedPort()}/`)))
    expect(err.kind).toBe('network')
    expect(err.retriable).toBe(true)
    expect(err.provider).toBe('test')
  })
})

describe('HttpTransport: HTTP proxy', () => {
  it('uses the http proxy for http:// targets and the https proxy for https:// targets', async () => {
    const plainProxy = keep(await startHttpProxy())
    const secureProxy = keep(await startHttpProxy())
    const plainTarget = keep(await startTarget())
    const tlsTarget = keep(await startTarget(tlsServer))
    const t = transport({ proxies: { http: plainProxy.url, https: secureProxy.url }, noProxy: [], ca: caPem })

    expect(await fetchText(t, `${plainTarget.url}/a`)).toBe('hello GET /a ')
    expect(await fetchText(t, `${tlsTarget.url}/b`)).toBe('hello GET /b ')

    // http:// goes in absolute form, https:// through a CONNECT tunnel.
    expect(plainProxy.seen).toEqual([{ method: 'GET', target: `${plainTarget.url}/a`, authorized: true }])
    expect(secureProxy.seen).toEqual([
      { method: 'CONNECT', target: `127.0.0.1:${tlsTarget.port}`, authorized: true },
    ])
  })

  it('signs in with Basic auth, with @ : / % in the password', async () => {
    const proxy = keep(await startHttpProxy({ username: 'al:ice', password: TRICKY_PASSWORD }))
    const plainTarget = keep(await startTarget())
    const tlsTarget = keep(await startTarget(tlsServer))
    const t = transport({ proxies: { http: proxy.url, https: proxy.url }, noProxy: [], ca: caPem })

    expect(await fetchText(t, `${plainTarget.url}/x`)).toBe('hello GET /x ')
    expect(await fetchText(t, `${tlsTarget.url}/y`, { method: 'POST', body: 'b' })).toBe('hello POST /y b')
    // Absolute-form requests and tunnels wait for the challenge, so no password goes to a proxy that
    // wants NTLM or Digest; the Basic answer that worked then goes at once, for both.
    expect(proxy.seen.map((s) => [s.method, s.authorized])).toEqual([
      ['GET', false],
      ['GET', true],
      ['CONNECT', true],
    ])
  })

  it('reuses one dispatcher and one tunnel for sequential requests', async () => {
    const proxy = keep(await startHttpProxy({ username: 'u', password: 'pw' }))
    const target = keep(await startTarget(tlsServer))
    const t = transport({ proxies: { https: proxy.url }, noProxy: [], ca: caPem })
    for (let i = 0; i < 3; i++) expect(await fetchText(t, `${target.url}/n${i}`)).toBe(`hello GET /n${i} `)
    // One tunnel: the challenge and its answer on one connection.
    expect(proxy.seen.map((s) => [s.method, s.authorized])).toEqual([
      ['CONNECT', false],
      ['CONNECT', true],
    ])
    expect(proxy.connections).toBe(1)
    expect(target.connections).toBe(1)
  })

  it('reports wrong credentials as proxy_auth, for CONNECT and for absolute-form requests', async () => {
    const proxy = keep(await startHttpProxy({ username: 'u', password: 'right' }))
    const plainTarget = keep(await startTarget())
    const tlsTarget = keep(await startTarget(tlsServer))
    const wrong = proxy.url.replace(':right@', ':Wrong-Pass-77@')
    const t = transport({ proxies: { http: wrong, https: wrong }, noProxy: [], ca: caPem })

    const viaConnect = await rejection(t.request(get(`${tlsTarget.url}/`)))
    expect(viaConnect.kind).toBe('proxy_auth')
    expect(viaConnect.status).toBe(407)
    expect(viaConnect.retriable).toBe(false)
    expect(viaConnect.message).toMatch(/rejected the username or password/)

    const viaForward = await rejection(t.request(get(`${plainTarget.url}/`)))
    expect(viaForward.kind).toBe('proxy_auth')

    expect(proxy.seen.every((s) => !s.authorized)).toBe(true)
    for (const err of [viaConnect, viaForward]) expect(everything(err)).not.toContain('Wrong-Pass-77')
  })

  it('reports missing credentials as proxy_auth', async () => {
    const proxy = keep(await startHttpProxy({ username: 'u', password: 'right' }))
    const target = keep(await startTarget(tlsServer))
    const t = transport({ proxies: { https: `http://127.0.0.1:${proxy.port}` }, noProxy: [], ca: caPem })
    expect((await rejection(t.request(get(`${target.url}/`)))).kind).toBe('proxy_auth')
  })

  it.each([403, 502])('reports CONNECT answered with %i as proxy', async (status) => {
    const proxy = keep(await startHttpProxy({ connectStatus: status }))
    const target = keep(await startTarget(tlsServer))
    const t = transport({ proxies: { https: proxy.url }, noProxy: [], ca: caPem })
    const err = await rejection(t.request(get(`${target.url}/`)))
    expect(err.kind).toBe('proxy')
    expect(err.status).toBe(status)
    expect(err.message).toContain(`HTTP ${status}`)
    expect(err.message).toMatch(status === 502 ? /could not reach/ : /refused to connect/)
  })

  it('reports a proxy that is down as proxy, not network', async () => {
    const port = await closedPort()
    const url = `http://u:Down-Secret-1@127.0.0.1:${port}`
    const t = transport({ proxies: { http: url, https: url }, noProxy: [] })
    for (const target of ['https://127.0.0.1:9/', 'http://127.0.0.1:9/']) {
      const err = await rejection(t.request(get(target)))
      expect(err.kind).toBe('proxy')
      expect(err.message).toBe(
        `Cannot reach the proxy at 127.0.0.1:${port}: check the address and that the proxy is running`,
      )
      expect(everything(err)).not.toContain('Down-Secret-1')
    }
  })

  it('reports a proxy that never answers CONNECT as proxy after the connect timeout', async () => {
    const proxy = keep(await startHttpProxy({ stall: true }))
    const t = transport({ proxies: { https: proxy.url }, noProxy: [], timeouts: { connectMs: 300 } })
    const err = await rejection(t.request(get('https://127.0.0.1:9/')))
    expect(err.kind).toBe('proxy')
    expect(err.message).toMatch(/did not answer within 0.3 s/)
  })

  it('aborts at once while the proxy is still connecting', async () => {
    const proxy = keep(await startHttpProxy({ stall: true }))
    const t = transport({ proxies: { https: proxy.url }, noProxy: [] })
    const controller = new AbortController()
    setTimeout(() => controller.abort(), 50)
    const start = Date.now()
    const err = await rejection(t.request(get('https://127.0.0.1:9/', { signal: controller.signal })))
    expect(err.kind).toBe('aborted')
    expect(Date.now() - start).toBeLessThan(1000)
  })

  it('rejects an invalid proxy address with a proxy error', async () => {
    const t = transport({ proxies: { https: 'proxy.example:8080' }, noProxy: [] })
    const err = await rejection(t.request(get('https://127.0.0.1:9/')))
    expect(err.kind).toBe('proxy')
    expect(err.retriable).toBe(false)
    expect(err.message).toMatch(/has no scheme/)
  })
})

describe('HttpTransport: HTTPS proxy', () => {
  it('talks TLS to the proxy, trusting the extra CA', async () => {
    const proxy = keep(await startHttpProxy({ tls: true, username: 'u', password: TRICKY_PASSWORD }))
    const plainTarget = keep(await startTarget())
    const tlsTarget = keep(await startTarget(tlsServer))
    expect(proxy.url.startsWith('https://')).toBe(true)
    const t = transport({ proxies: { http: proxy.url, https: proxy.url }, noProxy: [], ca: caPem })
    expect(await fetchText(t, `${tlsTarget.url}/s`)).toBe('hello GET /s ')
    expect(await fetchText(t, `${plainTarget.url}/p`)).toBe('hello GET /p ')
    // The https:// target's tunnel answers the challenge; the http:// target goes in absolute form over
    // TLS to the proxy, with the Basic answer that worked.
    expect(proxy.seen.map((s) => [s.method, s.authorized])).toEqual([
      ['CONNECT', false],
      ['CONNECT', true],
      ['GET', true],
    ])
  })

  it('hints at the scheme when it does not match the proxy', async () => {
    const plain = keep(await startHttpProxy())
    const secure = keep(await startHttpProxy({ tls: true }))
    const wrongScheme = [plain.url.replace('http://', 'https://'), secure.url.replace('https://', 'http://')]
    for (const url of wrongScheme) {
      const t = transport({ proxies: { https: url }, noProxy: [], ca: caPem })
      const err = await rejection(t.request(get('https://127.0.0.1:9/')))
      expect(err.kind).toBe('proxy')
      expect(err.message).toMatch(/should start with http:\/\/ or https:\/\//)
    }
    // One attempt each: undici 7 would otherwise reconnect in a loop (nodejs/undici#3897).
    expect(plain.connections).toBe(1)
    expect(secure.connections).toBe(1)
  })

  it("fails with a certificate hint when the proxy's CA is not trusted", async () => {
    const proxy = keep(await startHttpProxy({ tls: true }))
    const t = transport({ proxies: { https: proxy.url }, noProxy: [] })
    const err = await rejection(t.request(get('https://127.0.0.1:9/')))
    expect(err.kind).toBe('network')
    expect(err.retriable).toBe(false)
    expect(err.message).toMatch(/TLS certificate of the proxy at 127.0.0.1:\d+ could not be verified/)
    expect(err.fact).toBe('certificate_untrusted')
  })
})

describe('HttpTransport: SOCKS5', () => {
  it('socks5h sends the hostname to the proxy unresolved', async () => {
    const socks = keep(await startSocks5Server({ username: 'u', password: TRICKY_PASSWORD }))
    const target = keep(await startTarget())
    const tlsTarget = keep(await startTarget(tlsServer))
    const url = socks.url.replace('socks5://', 'socks5h://')
    const t = transport({ proxies: { http: url, https: url }, noProxy: [], ca: caPem })

    expect(await fetchText(t, `http://localhost:${target.port}/h`)).toBe('hello GET /h ')
    // TLS through the proxy, checked against the name "localhost".
    expect(await fetchText(t, `https://localhost:${tlsTarget.port}/t`)).toBe('hello GET /t ')
    expect(socks.seen).toEqual([
      { host: 'localhost', port: target.port, atyp: 'domain' },
      { host: 'localhost', port: tlsTarget.port, atyp: 'domain' },
    ])
  })

  it('socks5 resolves the hostname locally and sends an address', async () => {
    const socks = keep(await startSocks5Server({ username: 'u', password: TRICKY_PASSWORD }))
    const target = keep(await startTarget())
    const tlsTarget = keep(await startTarget(tlsServer))
    const t = transport({ proxies: { http: socks.url, https: socks.url }, noProxy: [], ca: caPem })

    expect(await fetchText(t, `http://localhost:${target.port}/h`)).toBe('hello GET /h ')
    expect(await fetchText(t, `https://localhost:${tlsTarget.port}/t`)).toBe('hello GET /t ')
    expect(socks.seen).toEqual([
      { host: '127.0.0.1', port: target.port, atyp: 'ipv4' },
      { host: '127.0.0.1', port: tlsTarget.port, atyp: 'ipv4' },
    ])
  })

  it('reuses one connection for sequential requests', async () => {
    const socks = keep(await startSocks5Server())
    const target = keep(await startTarget())
    const t = transport({ proxies: { http: socks.url }, noProxy: [] })
    for (let i = 0; i < 3; i++) await fetchText(t, `${target.url}/${i}`)
    expect(socks.connections).toBe(1)
  })

  it('reports wrong credentials as proxy_auth', async () => {
    const socks = keep(await startSocks5Server({ username: 'u', password: 'right' }))
    const wrong = socks.url.replace(':right@', ':Socks-Wrong-88@')
    const t = transport({ proxies: { http: wrong }, noProxy: [] })
    const err = await rejection(t.request(get('http://127.0.0.1:9/')))
    expect(err.kind).toBe('proxy_auth')
    expect(socks.authFailures).toBe(1)
    expect(everything(err)).not.toContain('Socks-Wrong-88')
  })

  it('reports a SOCKS proxy that is down as proxy', async () => {
    const port = await closedPort()
    const t = transport({ proxies: { http: `socks5h://127.0.0.1:${port}` }, noProxy: [] })
    const err = await rejection(t.request(get('http://localhost:9/')))
    expect(err.kind).toBe('proxy')
    expect(err.message).toMatch(/Cannot reach the proxy at 127.0.0.1:\d+/)
  })

  it('reports a target the proxy cannot reach as network', async () => {
    const socks = keep(await startSocks5Server())
    const t = transport({ proxies: { http: socks.url }, noProxy: [] })
    const err = await rejection(t.request(get(`http://127.0.0.1:${await closedPort()}/`)))
    expect(err.kind).toBe('network')
    expect(err.message).toMatch(/could not reach .*ConnectionRefused/)
  })

  it('reports a destination the proxy refuses as proxy', async () => {
    const socks = keep(await startSocks5Server())
    const t = transport({ proxies: { http: socks.url }, noProxy: [] })
    // The fixture only allows loopback; it answers before any connection is tried.
    const err = await rejection(t.request(get('http://192.0.2.1:9/')))
    expect(err.kind).toBe('proxy')
    expect(err.message).toMatch(/refused to connect .*NotAllowed/)
  })

  it('reports a SOCKS proxy that never answers as proxy, and aborts at once', async () => {
    const socks = keep(await startSocks5Server({ stall: true }))
    const t = transport({ proxies: { http: socks.url }, noProxy: [], timeouts: { connectMs: 300 } })
    const err = await rejection(t.request(get('http://127.0.0.1:9/')))
    expect(err.kind).toBe('proxy')

    const slow = transport({ proxies: { http: socks.url }, noProxy: [] })
    const controller = new AbortController()
    setTimeout(() => controller.abort(), 50)
    const start = Date.now()
    const aborted = await rejection(slow.request(get('http://127.0.0.1:9/', { signal: controller.signal })))
    expect(aborted.kind).toBe('aborted')
    expect(Date.now() - start).toBeLessThan(1000)
  })
})

describe('HttpTransport: certificates', () => {
  it('rejects an untrusted certificate with a hint, and accepts it with the CA', async () => {
    const target = keep(await startTarget(tlsServer))
    const err = await rejection(transport({}).request(get(`${target.url}/`)))
    expect(err.kind).toBe('network')
    expect(err.retriable).toBe(false)
    expect(err.message).toMatch(/certificate/)
    expect(err.message).toMatch(/add its CA certificate/)

    expect(await fetchText(transport({ ca: [caPem] }), `${target.url}/ok`)).toBe('hello GET /ok ')
  })

  it('rejects an expired certificate even with the CA', async () => {
    const target = keep(await startTarget({ key: expiredKeyPem, cert: expiredCertPem }))
    const err = await rejection(transport({ ca: caPem }).request(get(`${target.url}/`)))
    expect(err.kind).toBe('network')
    expect(err.retriable).toBe(false)
    expect(err.message).toMatch(/expired/)
    expect(err.fact).toBe('certificate_untrusted')
  })

  it('trusts the CA through a proxy tunnel too', async () => {
    const proxy = keep(await startHttpProxy())
    const target = keep(await startTarget(tlsServer))
    const without = transport({ proxies: { https: proxy.url }, noProxy: [] })
    const err = await rejection(without.request(get(`${target.url}/`)))
    expect(err.kind).toBe('network')
    expect(err.retriable).toBe(false)
    expect(err.message).toMatch(/through the proxy/)
  })
})

describe('HttpTransport: timeouts, aborts and closing', () => {
  it('times out waiting for headers', async () => {
    const target = keep(await startTarget())
    const t = transport({ timeouts: { firstByteMs: 200 } })
    const err = await rejection(t.request(get(`${target.url}/no-headers`)))
    expect(err.kind).toBe('timeout')
    expect(err.message).toBe('No reply from test within 0.2 s')
  })

  it('times out when the body goes silent', async () => {
    const target = keep(await startTarget())
    const t = transport({ timeouts: { idleMs: 200 } })
    const res = await t.request(get(`${target.url}/stall-body`))
    const chunks: string[] = []
    const err = await rejection(
      (async () => {
        for await (const chunk of res.body) chunks.push(Buffer.from(chunk).toString())
      })(),
    )
    expect(chunks.join('')).toBe('data: first\n\n')
    expect(err.kind).toBe('timeout')
    expect(err.message).toBe('The stream went silent for 0.2 s')
  })

  it('aborts while waiting for headers', async () => {
    const target = keep(await startTarget())
    const t = transport({})
    const controller = new AbortController()
    setTimeout(() => controller.abort(), 50)
    const err = await rejection(t.request(get(`${target.url}/no-headers`, { signal: controller.signal })))
    expect(err.kind).toBe('aborted')
    await waitFor(() => target.closed >= 1)
  })

  it('fails at once with an already aborted signal', async () => {
    const t = transport({})
    const err = await rejection(t.request(get('http://127.0.0.1:9/', { signal: AbortSignal.abort() })))
    expect(err.kind).toBe('aborted')
  })

  it('aborts mid-body: iteration throws aborted and the server sees the close', async () => {
    const target = keep(await startTarget())
    const t = transport({})
    const controller = new AbortController()
    const res = await t.request(get(`${target.url}/stream`, { signal: controller.signal }))
    let chunks = 0
    const err = await rejection(
      (async () => {
        for await (const _ of res.body) if (++chunks === 2) controller.abort()
      })(),
    )
    expect(err.kind).toBe('aborted')
    await waitFor(() => target.closed >= 1)
  })

  it('close() on a response drops the connection at once', async () => {
    const target = keep(await startTarget())
    const t = transport({})
    const res = await t.request(get(`${target.url}/stream`))
    const iterator = res.body[Symbol.asyncIterator]()
    await iterator.next()
    res.close()
    await waitFor(() => target.closed >= 1)
    // The body just ends for a consumer that closed it.
    expect((await iterator.next()).done).toBe(true)
  })

  it('close() on the transport closes its connections; later requests fail as aborted', async () => {
    const target = keep(await startTarget())
    const t = new HttpTransport({})
    await fetchText(t, `${target.url}/hello`)
    expect(target.closed).toBe(0)
    await t.close()
    await waitFor(() => target.closed >= 1)
    expect((await rejection(t.request(get(`${target.url}/hello`)))).kind).toBe('aborted')
  })
})

describe('HttpTransport: secrets', () => {
  it('keeps proxy passwords out of every error, raw and encoded', async () => {
    const password = 'S3cret@:/%pw'
    const encoded = encodeURIComponent(password)
    const proxy = keep(await startHttpProxy({ username: 'u', password: 'other' }))
    const socks = keep(await startSocks5Server({ username: 'u', password: 'other' }))
    const down = await closedPort()
    const target = keep(await startTarget(tlsServer))
    const configs = [
      `http://u:${encoded}@127.0.0.1:${proxy.port}`,
      `http://u:${encoded}@127.0.0.1:${down}`,
      `socks5h://u:${encoded}@127.0.0.1:${socks.port}`,
      `socks5://u:${encoded}@127.0.0.1:${down}`,
    ]
    for (const url of configs) {
      const t = transport({ proxies: { https: url }, noProxy: [], ca: caPem })
      const err = await rejection(t.request(get(`${target.url}/`)))
      const text = everything(err)
      expect(text).not.toContain(password)
      expect(text).not.toContain(encoded)
      expect(text).not.toContain('S3cret')
    }
  })
})
