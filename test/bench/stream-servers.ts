/**
 * The benchmark's servers in their own process, so that serving 56 MB of SSE and piping it through the
 * proxy does not take CPU time from the client being measured. Prints one JSON line with the addresses;
 * a `stats` line on stdin is answered with one JSON line of proxy handshake counts.
 */
import net from 'node:net'
import tls from 'node:tls'
import type { AddressInfo } from 'node:net'
import { createInterface } from 'node:readline'
import { startFakeProvider } from '../fixtures/fake-provider'
import { startHttpProxy } from '../fixtures/http-proxy'
import { startNtlmProxy } from '../fixtures/ntlm-proxy'
import { hasSquid, startSquid } from '../fixtures/squid'
import { serverCertPem, serverKeyPem } from '../fixtures/tls'
import { manyChunksTranscript } from '../fixtures/transcripts'
import { BENCH_PASSWORD, SQUID_PASSWORD } from './stream-servers-config'

const chunks = Number(process.argv[2] ?? 200_000)
const fake = await startFakeProvider({ default: { transcript: manyChunksTranscript(chunks) } })
// The same provider over TLS (a terminating front), for routes through authenticated CONNECT tunnels.
const front = tls.createServer({ key: serverKeyPem, cert: serverCertPem }, (socket) => {
  const upstream = net.connect(Number(new URL(fake.baseURL).port), '127.0.0.1')
  socket.pipe(upstream).pipe(socket)
  socket.on('error', () => upstream.destroy())
  upstream.on('error', () => socket.destroy())
})
await new Promise<void>((resolve) => front.listen(0, '127.0.0.1', resolve))
const tlsBaseURL = `https://127.0.0.1:${(front.address() as AddressInfo).port}/v1`

const proxy = await startHttpProxy({ username: 'bench', password: BENCH_PASSWORD })
const ntlm = await startNtlmProxy({ domain: 'CORP', user: 'bench', password: BENCH_PASSWORD })
const squid = hasSquid('digest')
  ? await startSquid({ scheme: 'digest', users: { bench: SQUID_PASSWORD } })
  : undefined
console.log(
  JSON.stringify({
    baseURL: fake.baseURL,
    tlsBaseURL,
    proxyUrl: proxy.url,
    ntlmUrl: ntlm.url,
    ...(squid ? { digestUrl: squid.url } : {}),
  }),
)
// Ends with the parent: it closes our stdin.
const lines = createInterface({ input: process.stdin })
lines.on('line', (line) => {
  if (line === 'stats') {
    console.log(JSON.stringify({ ntlmHandshakes: ntlm.handshakes, basicConnects: proxy.seen.length }))
  }
})
lines.on('close', () => {
  front.close()
  void Promise.all([fake.close(), proxy.close(), ntlm.close(), squid?.close()]).then(() => process.exit(0))
})
