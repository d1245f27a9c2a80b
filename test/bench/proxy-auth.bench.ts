/**
 * node --import tsx test/bench/proxy-auth.bench.ts — HTTPS throughput through authenticated tunnels
 * (Squid Basic, Digest, NTLM, and the in-test NTLMv2 proxy) next to direct, and proxy handshakes per 100
 * requests through one undici Agent. Prints measured numbers only; nothing here is asserted.
 * bench:stream measures the same routes through the chat client; this one isolates the tunnels (and Squid NTLM).
 */
import https from 'node:https'
import type { AddressInfo } from 'node:net'
import { Agent, request, type Dispatcher } from 'undici'
import { tunnelConnector, type Tunnel } from '../../src/main/llm/proxy-auth/tunnel'
import { startNtlmProxy } from '../fixtures/ntlm-proxy'
import { hasSquid, startSquid } from '../fixtures/squid'
import { caPem, serverCertPem, serverKeyPem } from '../fixtures/tls'

const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 100)
const BODY_BYTES = Number(process.env.BENCH_BODY_BYTES ?? 1 << 20)
const PASSWORD = 'bench-password'

const body = Buffer.alloc(BODY_BYTES, 0x61)
const origin = https.createServer({ key: serverKeyPem, cert: serverCertPem }, (_req, res) => res.end(body))
await new Promise<void>((resolve) => origin.listen(0, '127.0.0.1', resolve))
const url = `https://127.0.0.1:${(origin.address() as AddressInfo).port}/`

async function run(dispatcher: Dispatcher): Promise<number> {
  const started = performance.now()
  for (let i = 0; i < REQUESTS; i++) {
    const res = await request(url, { dispatcher })
    for await (const _chunk of res.body) {
      // drain
    }
  }
  return (REQUESTS * BODY_BYTES) / 1e6 / ((performance.now() - started) / 1000)
}

const rows: string[] = []
const direct = new Agent({ connect: { ca: caPem } })
await run(direct) // warm-up
const directMBps = await run(direct)
await direct.close()
rows.push(`direct          ${directMBps.toFixed(0).padStart(6)} MB/s   1.00x   -`)

async function route(name: string, proxyUrl: string, username: string): Promise<void> {
  const tunnels: Tunnel[] = []
  const agent = new Agent({
    connect: tunnelConnector({
      proxy: proxyUrl,
      credentials: { username, password: PASSWORD },
      tls: { ca: caPem },
      onTunnel: (t) => tunnels.push(t),
    }),
  })
  const mbps = await run(agent)
  await agent.close()
  const challenges = tunnels.reduce((n, t) => n + t.challenges, 0)
  rows.push(
    `${name.padEnd(15)} ${mbps.toFixed(0).padStart(6)} MB/s   ${(mbps / directMBps).toFixed(2)}x   ` +
      `${tunnels.length} tunnels, ${challenges} 407s per ${REQUESTS} requests`,
  )
}

const ntlmProxy = await startNtlmProxy({ domain: 'CORP', user: 'alice', password: PASSWORD })
await route('NTLM (verifier)', ntlmProxy.url, 'CORP\\alice')
await ntlmProxy.close()

for (const scheme of ['basic', 'digest', 'ntlm'] as const) {
  if (!hasSquid(scheme)) {
    rows.push(`squid ${scheme}: skipped (Squid not installed)`)
    continue
  }
  const squid = await startSquid({ scheme, users: { alice: PASSWORD } })
  try {
    await route(`squid ${scheme}`, squid.url, scheme === 'ntlm' ? 'CORP\\alice' : 'alice')
  } finally {
    await squid.close()
  }
}

origin.close()
console.log(`${REQUESTS} HTTPS requests of ${BODY_BYTES} bytes each, sequential, one undici Agent per route:`)
for (const row of rows) console.log(row)
