/**
 * The benchmark's servers in their own process, so that serving 56 MB of SSE and piping it through the
 * proxies does not take CPU time from the client being measured. Prints one JSON line with the addresses;
 * a `stats` line on stdin is answered with one JSON line of counts: TCP connections each proxy accepted
 * (counted by a relay in front of it, so Squid is counted too) and the NTLM proxy's handshakes.
 */
import net from 'node:net'
import tls from 'node:tls'
import type { AddressInfo } from 'node:net'
import { createInterface } from 'node:readline'
import { startFakeProvider } from '../fixtures/fake-provider'
import { startHttpProxy } from '../fixtures/http-proxy'
import { startNtlmProxy } from '../fixtures/ntlm-proxy'
import { startSocks5Server } from '../fixtures/socks5-server'
import { hasSquid, startSquid } from '../fixtures/squid'
import { serverCertPem, serverKeyPem } from '../fixtures/tls'
import { manyChunksTranscript } from '../fixtures/transcripts'
import { BENCH_PASSWORD, SQUID_PASSWORD } from './stream-servers-config'

const chunks = Number(process.argv[2] ?? 200_000)
const servers: { close(): unknown }[] = []

/** A TLS-terminating front for a plain HTTP server: the same provider over HTTPS. */
async function tlsFront(baseURL: string): Promise<string> {
  const front = tls.createServer({ key: serverKeyPem, cert: serverCertPem }, (socket) => {
    const upstream = net.connect(Number(new URL(baseURL).port), '127.0.0.1')
    socket.pipe(upstream).pipe(socket)
    socket.on('error', () => upstream.destroy())
    upstream.on('error', () => socket.destroy())
  })
  await new Promise<void>((resolve) => front.listen(0, '127.0.0.1', resolve))
  servers.push(front)
  return `https://127.0.0.1:${(front.address() as AddressInfo).port}/v1`
}

const connections: Record<string, number> = {}

/** A TCP relay in front of a proxy that counts the connections clients open to it. */
async function counted(name: string, proxyUrl: string): Promise<string> {
  const target = new URL(proxyUrl)
  connections[name] = 0
  const relay = net.createServer((socket) => {
    connections[name] = (connections[name] ?? 0) + 1
    const upstream = net.connect(Number(target.port), target.hostname)
    socket.pipe(upstream).pipe(socket)
    socket.on('error', () => upstream.destroy())
    upstream.on('error', () => socket.destroy())
    socket.on('close', () => upstream.destroy())
    upstream.on('close', () => socket.destroy())
  })
  await new Promise<void>((resolve) => relay.listen(0, '127.0.0.1', resolve))
  servers.push(relay)
  const url = new URL(proxyUrl)
  url.port = String((relay.address() as AddressInfo).port)
  return url.toString().replace(/\/$/, '')
}

const fake = await startFakeProvider({ default: { transcript: manyChunksTranscript(chunks) } })
// A short reply, for counting connections and handshakes over many sequential requests.
const small = await startFakeProvider({ default: { text: 'short reply' } })
const proxy = await startHttpProxy({ username: 'bench', password: BENCH_PASSWORD })
const ntlm = await startNtlmProxy({ domain: 'CORP', user: 'bench', password: BENCH_PASSWORD })
const socks = await startSocks5Server({ username: 'bench', password: BENCH_PASSWORD })
const squidDigest = hasSquid('digest')
  ? await startSquid({ scheme: 'digest', users: { bench: SQUID_PASSWORD } })
  : undefined
const squidNtlm = hasSquid('ntlm') ? await startSquid({ scheme: 'ntlm' }) : undefined

console.log(
  JSON.stringify({
    baseURL: fake.baseURL,
    tlsBaseURL: await tlsFront(fake.baseURL),
    smallURL: small.baseURL,
    smallTlsURL: await tlsFront(small.baseURL),
    // Throughput goes straight to the proxies; connection counts through the relays (one more hop).
    proxies: {
      Basic: proxy.url,
      NTLM: ntlm.url,
      SOCKS5: socks.url,
      ...(squidDigest ? { 'Digest (Squid)': squidDigest.url } : {}),
      ...(squidNtlm ? { 'NTLM (Squid)': squidNtlm.url } : {}),
    },
    counted: {
      Basic: await counted('Basic', proxy.url),
      NTLM: await counted('NTLM', ntlm.url),
      SOCKS5: await counted('SOCKS5', socks.url),
      ...(squidDigest ? { 'Digest (Squid)': await counted('Digest (Squid)', squidDigest.url) } : {}),
      ...(squidNtlm ? { 'NTLM (Squid)': await counted('NTLM (Squid)', squidNtlm.url) } : {}),
    },
  }),
)
// Ends with the parent: it closes our stdin.
const lines = createInterface({ input: process.stdin })
lines.on('line', (line) => {
  if (line === 'stats') console.log(JSON.stringify({ connections, ntlmHandshakes: ntlm.handshakes }))
})
lines.on('close', () => {
  for (const server of servers) server.close()
  void Promise.all([
    fake.close(),
    small.close(),
    proxy.close(),
    ntlm.close(),
    socks.close(),
    squidDigest?.close(),
    squidNtlm?.close(),
  ]).then(() => process.exit(0))
})
