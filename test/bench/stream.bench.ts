/**
 * npm run bench:stream — chunks per second through the chat client, directly and through local
 * authenticating proxies, next to the official `openai` package reading the same stream in the same run:
 * for plain http:// targets (absolute-form requests) and for https:// targets (CONNECT tunnels; SOCKS5 for
 * both), signed in with Basic, Digest (Squid, when installed) and NTLM (the NTLMv2-verifying proxy).
 * Then, per route, connections opened to the proxy over 100 back-to-back chats (for NTLM each one is a
 * handshake). Prints measured numbers only; nothing here is asserted.
 */
import OpenAI from 'openai'
import { fetch as undiciFetch, request as undiciRequest, Agent } from 'undici'
import { Client, OpenAIProvider } from '../../src/main/llm'
import { DONE, OpenAIStreamMapper } from '../../src/main/llm/openai-stream'
import { SseDecoder } from '../../src/main/llm/sse'
import { caPem } from '../fixtures/tls'
import { BENCH_PASSWORD, SQUID_PASSWORD } from './stream-servers-config'
import { spawn } from 'node:child_process'
import { createInterface } from 'node:readline'

const CHUNKS = Number(process.env.BENCH_CHUNKS ?? 200_000)
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5)
const request = {
  model: 'gpt-4o-mini',
  messages: [{ role: 'user' as const, content: 'Hello' }],
  stream: true as const,
}

const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined)

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)] ?? 0
}

interface Servers {
  baseURL: string
  tlsBaseURL: string
  smallURL: string
  smallTlsURL: string
  /** Proxy URLs by scheme. */
  proxies: Record<string, string>
  /** The same proxies, each behind a connection-counting relay. */
  counted: Record<string, string>
}

interface Stats {
  connections: Record<string, number>
  ntlmHandshakes: number
}

/** Starts the fake providers and the proxies in a child process. */
async function startServers(): Promise<Servers & { stop: () => void; stats: () => Promise<Stats> }> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', new URL('./stream-servers.ts', import.meta.url).pathname, String(CHUNKS)],
    { stdio: ['pipe', 'pipe', 'inherit'] },
  )
  const lines = createInterface({ input: child.stdout })
  const first = await new Promise<string>((resolve) => lines.once('line', resolve))
  const servers = JSON.parse(first) as Servers
  const stats = async (): Promise<Stats> => {
    const answer = new Promise<string>((resolve) => lines.once('line', resolve))
    child.stdin.write('stats\n')
    return JSON.parse(await answer) as Stats
  }
  return { ...servers, stats, stop: () => child.stdin.end() }
}

function withUser(proxyUrl: string, user: string, password: string): string {
  const url = new URL(proxyUrl)
  url.username = encodeURIComponent(user)
  url.password = encodeURIComponent(password)
  return url.toString()
}

const rawHeaders = { 'content-type': 'application/json', authorization: 'Bearer sk-bench' }

/** Decodes and maps an SSE body as the Client does, counting chunks with text. */
async function countContent(body: AsyncIterable<Uint8Array>): Promise<number> {
  const decoder = new SseDecoder()
  const mapper = new OpenAIStreamMapper('bench')
  let n = 0
  for await (const bytes of body) {
    for (const event of decoder.push(bytes)) {
      const chunk = mapper.map(event)
      if (chunk === DONE) return n
      if (chunk?.choices[0]?.delta.content) n++
    }
  }
  return n
}

const HANDSHAKE_REQUESTS = Number(process.env.BENCH_SEQUENTIAL ?? 100)

/** The credentials each proxy accepts, by scheme name. */
function credentialed(scheme: string, url: string): string {
  if (scheme.startsWith('Digest')) return withUser(url, 'bench', SQUID_PASSWORD)
  if (scheme === 'NTLM') return withUser(url, 'CORP\\bench', BENCH_PASSWORD)
  if (scheme === 'NTLM (Squid)') return withUser(url, 'TESTDOMAIN\\bench', BENCH_PASSWORD)
  return url // Basic and SOCKS5 URLs carry their credentials
}

async function readAll(client: Client): Promise<number> {
  let n = 0
  for await (const chunk of await client.chat.completions.create(request))
    if (chunk.choices[0].delta.content) n++
  return n
}

async function main(): Promise<void> {
  const servers = await startServers()
  /** A client of `baseURL` through `proxy` (by scheme), or direct. */
  const clientOf = (baseURL: string, scheme?: string, counting = false): Client => {
    const proxyUrl = scheme === undefined ? undefined : (counting ? servers.counted : servers.proxies)[scheme]
    const route = proxyUrl === undefined ? undefined : credentialed(scheme ?? '', proxyUrl)
    return new Client({
      provider: new OpenAIProvider({ apiKey: 'sk-bench', baseURL }),
      ca: caPem,
      ...(route ? { proxies: { http: route, https: route }, noProxy: [] } : {}),
    })
  }
  // Throughput: every route for plain http:// and for https:// targets (Squid's NTLM only counts below).
  const schemes = Object.keys(servers.proxies).filter((s) => s !== 'NTLM (Squid)')
  const routeClients: Record<string, Client> = {}
  for (const [protocol, baseURL] of [
    ['HTTP', servers.baseURL],
    ['HTTPS', servers.tlsBaseURL],
  ] as const) {
    routeClients[`${protocol} direct`] = clientOf(baseURL)
    for (const scheme of schemes) routeClients[`${protocol} ${scheme}`] = clientOf(baseURL, scheme)
  }
  const openai = new OpenAI({ apiKey: 'sk-bench', baseURL: servers.baseURL, maxRetries: 0 })
  const fetchAgent = new Agent()

  const runners: Record<string, () => Promise<number>> = {
    // undici's request API against its fetch, with the Client's decoding and mapping: nothing else differs.
    'undici request + decoding': async () => {
      const response = await undiciRequest(`${servers.baseURL}/chat/completions`, {
        method: 'POST',
        headers: rawHeaders,
        body: JSON.stringify(request),
        dispatcher: fetchAgent,
      })
      return countContent(response.body)
    },
    'undici fetch + decoding': async () => {
      const response = await undiciFetch(`${servers.baseURL}/chat/completions`, {
        method: 'POST',
        headers: rawHeaders,
        body: JSON.stringify(request),
        dispatcher: fetchAgent,
      })
      if (!response.body) throw new Error('no body')
      return countContent(response.body)
    },
    'openai package (direct)': async () => {
      let n = 0
      for await (const chunk of await openai.chat.completions.create(request))
        if (chunk.choices[0]?.delta?.content) n++
      return n
    },
    ...Object.fromEntries(
      Object.entries(routeClients).map(([name, client]) => [name, () => readAll(client)]),
    ),
  }

  // Warm up each path once (JIT, connection set-up).
  for (const run of Object.values(runners)) await run()
  gc()
  const heapBefore = process.memoryUsage().heapUsed
  const rssBefore = process.memoryUsage().rss

  const rates: Record<string, number[]> = Object.fromEntries(Object.keys(runners).map((k) => [k, []]))
  let heapPeakGrowth = 0
  for (let round = 0; round < ROUNDS; round++) {
    for (const [name, run] of Object.entries(runners)) {
      const started = performance.now()
      const count = await run()
      const seconds = (performance.now() - started) / 1000
      if (count !== CHUNKS) throw new Error(`${name} read ${count} chunks, expected ${CHUNKS}`)
      rates[name]?.push(count / seconds)
      heapPeakGrowth = Math.max(heapPeakGrowth, process.memoryUsage().heapUsed - heapBefore)
    }
  }
  gc()
  const heapAfter = process.memoryUsage().heapUsed
  const rssAfter = process.memoryUsage().rss

  // Connections per route over back-to-back chats with a short reply: 1 means every chat reused the first.
  const perHundred: Record<string, { connections: number; handshakes?: number }> = {}
  for (const [protocol, baseURL] of [
    ['HTTP', servers.smallURL],
    ['HTTPS', servers.smallTlsURL],
  ] as const) {
    for (const scheme of Object.keys(servers.proxies)) {
      const client = clientOf(baseURL, scheme, true)
      const before = await servers.stats()
      for (let i = 0; i < HANDSHAKE_REQUESTS; i++) await readAllText(client)
      const after = await servers.stats()
      await client.close()
      const opened = (after.connections[scheme] ?? 0) - (before.connections[scheme] ?? 0)
      perHundred[`${protocol} ${scheme}`] = {
        connections: (opened / HANDSHAKE_REQUESTS) * 100,
        ...(scheme === 'NTLM'
          ? { handshakes: ((after.ntlmHandshakes - before.ntlmHandshakes) / HANDSHAKE_REQUESTS) * 100 }
          : {}),
      }
    }
  }

  const med = Object.fromEntries(Object.entries(rates).map(([k, v]) => [k, median(v)]))
  const fmt = (n: number): string => Math.round(n).toLocaleString('en-US')
  console.log(
    `\nbench:stream — ${fmt(CHUNKS)} chunks per run, ${ROUNDS} rounds, median chunks/s (Node ${process.version}; servers in a child process)\n`,
  )
  for (const [name, rate] of Object.entries(med)) {
    console.log(
      `  ${name.padEnd(26)} ${fmt(rate).padStart(12)} chunks/s   runs: ${rates[name]?.map(fmt).join(', ')}`,
    )
  }
  const ratio = (a: string, b: string): string => ((med[a] ?? 0) / (med[b] ?? 1)).toFixed(2)
  console.log('')
  console.log(
    `  Client / openai package      ${ratio('HTTP direct', 'openai package (direct)')}×   (goal ≥ 2.0×)`,
  )
  console.log(
    `  undici request / fetch       ${ratio('undici request + decoding', 'undici fetch + decoding')}×   (same dispatcher, decoding and mapping)`,
  )
  for (const protocol of ['HTTP', 'HTTPS']) {
    for (const scheme of schemes) {
      const name = `${protocol} ${scheme}`
      console.log(
        `  ${(name + ' / direct').padEnd(30)} ${ratio(name, `${protocol} direct`)}×   (goal ≥ 0.9×)`,
      )
    }
  }
  console.log(
    `\n  ${HANDSHAKE_REQUESTS} back-to-back chats per route: connections opened to the proxy (and NTLM handshakes) per 100`,
  )
  for (const [name, counts] of Object.entries(perHundred)) {
    const handshakes =
      counts.handshakes === undefined ? '' : `, NTLM handshakes ${counts.handshakes.toFixed(0)}`
    console.log(`  ${name.padEnd(26)} connections ${counts.connections.toFixed(0)}${handshakes}`)
  }
  console.log(
    `\n  memory growth over the run   heap ${((heapAfter - heapBefore) / 1e6).toFixed(1)} MB after GC, ` +
      `peak ${(heapPeakGrowth / 1e6).toFixed(1)} MB, rss ${((rssAfter - rssBefore) / 1e6).toFixed(1)} MB   (goal < 50 MB)`,
  )

  await Promise.all([fetchAgent.close(), ...Object.values(routeClients).map((c) => c.close())])
  servers.stop()
}

/** One short chat, read to its end. */
async function readAllText(client: Client): Promise<string> {
  let text = ''
  for await (const chunk of await client.chat.completions.create(request))
    text += chunk.choices[0].delta.content ?? ''
  if (text !== 'short reply') throw new Error(`unexpected reply: ${text}`)
  return text
}

await main()
