import net from 'node:net'
import type { AddressInfo } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { ProxyAuthError, ProxyTunnelError, openTunnel } from '../../../../src/main/llm/proxy-auth/tunnel'
import { startHttpProxy, type HttpProxy } from '../../../fixtures/http-proxy'
import { caPem } from '../../../fixtures/tls'

/** A proxy that plays a script: each request head gets the next canned answer, on whichever connection. */
async function scriptedProxy(answers: string[]): Promise<{
  url: string
  heads: { connection: number; head: string }[]
  close(): Promise<void>
}> {
  const heads: { connection: number; head: string }[] = []
  const sockets = new Set<net.Socket>()
  let connections = 0
  const server = net.createServer((socket) => {
    const id = ++connections
    sockets.add(socket)
    let buffer = ''
    socket.on('data', (chunk) => {
      buffer += chunk.toString('latin1')
      let end: number
      while ((end = buffer.indexOf('\r\n\r\n')) >= 0) {
        heads.push({ connection: id, head: buffer.slice(0, end) })
        buffer = buffer.slice(end + 4)
        const answer = answers.shift()
        if (answer === undefined) socket.destroy()
        else if (answer.endsWith('<close>')) socket.end(answer.slice(0, -'<close>'.length))
        else socket.write(answer)
      }
    })
    socket.on('error', () => socket.destroy())
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    heads,
    async close() {
      for (const socket of sockets) socket.destroy()
      await new Promise((resolve) => server.close(resolve))
    },
  }
}

const withUser = (url: string, user = 'alice', password = 'pw'): string =>
  url.replace('http://', `http://${user}:${password}@`)
const OK = 'HTTP/1.1 200 Connection established\r\n\r\n'
const target = { host: '127.0.0.1', port: 443 }

let cleanup: (() => Promise<void>)[] = []
afterEach(async () => {
  for (const step of cleanup) await step()
  cleanup = []
})

describe('openTunnel over unusual proxy answers', () => {
  it('reads a chunked 407 body and answers Digest on the same connection', async () => {
    const proxy = await scriptedProxy([
      'HTTP/1.1 407 Auth\r\nProxy-Authenticate: Digest realm="r", nonce="n", qop="auth"\r\n' +
        'Transfer-Encoding: chunked\r\n\r\n5;ext=1\r\nhello\r\n0\r\nTrailer: x\r\n\r\n',
      OK,
    ])
    cleanup.push(proxy.close)
    const tunnel = await openTunnel({ proxy: withUser(proxy.url), ...target })
    tunnel.socket.destroy()
    expect(tunnel.scheme).toBe('digest')
    expect(proxy.heads.map((h) => h.connection)).toEqual([1, 1])
    expect(proxy.heads[1]?.head).toMatch(/Proxy-Authorization: Digest username="alice", realm="r", nonce="n"/)
    expect(proxy.heads[1]?.head).toContain('uri="127.0.0.1:443"')
  })

  it('reconnects for Digest when the proxy closes after its 407 (HTTP/1.0 without keep-alive)', async () => {
    const proxy = await scriptedProxy([
      'HTTP/1.0 407 Auth\r\nProxy-Authenticate: Digest realm="r", nonce="n"\r\nContent-Length: 3\r\n\r\nabc<close>',
      OK,
    ])
    cleanup.push(proxy.close)
    const tunnel = await openTunnel({ proxy: withUser(proxy.url), ...target })
    tunnel.socket.destroy()
    expect(tunnel.connections).toBe(2)
    expect(proxy.heads.map((h) => h.connection)).toEqual([1, 2])
  })

  it('treats a 407 body without a length as running to the end of the connection', async () => {
    const proxy = await scriptedProxy([
      'HTTP/1.1 407 Auth\r\nProxy-Authenticate: Basic realm="r"\r\n\r\nbody<close>',
      OK,
    ])
    cleanup.push(proxy.close)
    const tunnel = await openTunnel({ proxy: withUser(proxy.url), ...target })
    tunnel.socket.destroy()
    expect(tunnel.connections).toBe(2)
    expect(proxy.heads[1]?.head).toContain(
      `Proxy-Authorization: Basic ${Buffer.from('alice:pw').toString('base64')}`,
    )
  })

  it('keeps bytes that arrive right after the 200 for the caller', async () => {
    const proxy = await scriptedProxy([OK + 'early'])
    cleanup.push(proxy.close)
    const tunnel = await openTunnel({ proxy: proxy.url, ...target })
    const first = await new Promise<string>((resolve) => {
      tunnel.socket.once('data', (chunk: Buffer) => resolve(chunk.toString()))
      tunnel.socket.resume()
    })
    tunnel.socket.destroy()
    expect(first).toBe('early')
    expect(tunnel.scheme).toBeUndefined()
  })

  it('reports other statuses, garbage and refused connections as proxy failures', async () => {
    const proxy = await scriptedProxy([
      'HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n',
      'SSH-2.0-nope\r\n\r\n',
    ])
    cleanup.push(proxy.close)
    await expect(openTunnel({ proxy: proxy.url, ...target })).rejects.toMatchObject({
      kind: 'proxy',
      status: 403,
    })
    await expect(openTunnel({ proxy: proxy.url, ...target })).rejects.toThrow(/HTTP\/1\.x/)
    await expect(openTunnel({ proxy: 'socks5://127.0.0.1:1', ...target })).rejects.toBeInstanceOf(
      ProxyTunnelError,
    )
    const closed = net.createServer()
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve))
    const port = (closed.address() as AddressInfo).port
    await new Promise((resolve) => closed.close(resolve))
    await expect(openTunnel({ proxy: `http://127.0.0.1:${port}`, ...target })).rejects.toMatchObject({
      kind: 'proxy',
    })
  })

  it('gives up with rejected credentials after the bounded number of stale rounds', async () => {
    const stale = (n: number): string =>
      `HTTP/1.1 407 Auth\r\nProxy-Authenticate: Digest realm="r", nonce="n${n}", stale=true\r\nContent-Length: 0\r\n\r\n`
    const proxy = await scriptedProxy([stale(1), stale(2), stale(3), stale(4), stale(5)])
    cleanup.push(proxy.close)
    const err = await openTunnel({ proxy: withUser(proxy.url), ...target }).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(ProxyAuthError)
    expect((err as ProxyAuthError).failure).toBe('proxy_auth_credentials_rejected')
    expect(proxy.heads).toHaveLength(4)
  })
})

describe('openTunnel against the Basic test proxy', () => {
  let proxy: HttpProxy | undefined
  afterEach(async () => {
    await proxy?.close()
    proxy = undefined
  })

  it('reaches an https:// proxy and re-sends Basic on a new connection after its closing 407', async () => {
    proxy = await startHttpProxy({ username: 'bob', password: 'hunter2-hunter2', tls: true })
    const echo = net.createServer((socket) => socket.pipe(socket))
    await new Promise<void>((resolve) => echo.listen(0, '127.0.0.1', resolve))
    const port = (echo.address() as AddressInfo).port
    const tunnel = await openTunnel({ proxy: proxy.url, host: '127.0.0.1', port, proxyTls: { ca: caPem } })
    const echoed = new Promise<string>((resolve) =>
      tunnel.socket.once('data', (d: Buffer) => resolve(d.toString())),
    )
    tunnel.socket.resume()
    tunnel.socket.write('ping')
    expect(await echoed).toBe('ping')
    tunnel.socket.destroy()
    await new Promise((resolve) => echo.close(resolve))
    expect(tunnel.scheme).toBe('basic')
    expect(proxy.seen.map((s) => s.authorized)).toEqual([false, true])
  })

  it('times out on a proxy that never answers, by the injected timer', async () => {
    proxy = await startHttpProxy({ stall: true })
    let fire: () => void = () => undefined
    const pending = openTunnel({
      proxy: proxy.url,
      ...target,
      startTimer: (onTimeout) => {
        fire = onTimeout
        return () => undefined
      },
    })
    await new Promise((resolve) => setTimeout(resolve, 20))
    fire()
    await expect(pending).rejects.toMatchObject({ kind: 'timeout' })
  })

  it('stops at once when aborted', async () => {
    proxy = await startHttpProxy({ stall: true })
    const controller = new AbortController()
    const pending = openTunnel({ proxy: proxy.url, ...target, signal: controller.signal })
    controller.abort()
    await expect(pending).rejects.toMatchObject({ kind: 'aborted' })
    await expect(
      openTunnel({ proxy: proxy.url, ...target, signal: controller.signal }),
    ).rejects.toMatchObject({
      kind: 'aborted',
    })
  })
})
