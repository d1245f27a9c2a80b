/**
 * npm run bench:stream — chunks per second through the chat client, directly and through a local
 * authenticated HTTP proxy, next to the official `openai` package reading the same stream in the same run;
 * then over HTTPS, direct against CONNECT tunnels signed in with Basic, Digest (Squid, when installed) and
 * NTLM (the NTLMv2-verifying proxy), with the proxies' handshakes per 100 requests.
 * Prints measured numbers only; nothing here is asserted.
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
  proxyUrl: string
  ntlmUrl: string
  digestUrl?: string
}

/** Starts the fake provider and the proxies in a child process. */
async function startServers(): Promise<
  Servers & { stop: () => void; stats: () => Promise<{ ntlmHandshakes: number; basicConnects: number }> }
> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', new URL('./stream-servers.ts', import.meta.url).pathname, String(CHUNKS)],
    {
      stdio: ['pipe', 'pipe', 'inherit'],
    },
  )
  const lines = createInterface({ input: child.stdout })
  const first = await new Promise<string>((resolve) => lines.once('line', resolve))
  const servers = JSON.parse(first) as Servers
  const stats = async (): Promise<{ ntlmHandshakes: number; basicConnects: number }> => {
    const answer = new Promise<string>((resolve) => lines.once('line', resolve))
    child.stdin.write('stats\n')
    return JSON.parse(await answer) as { ntlmHandshakes: number; basicConnects: number }
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

async function main(): Promise<void> {
  const servers = await startServers()
  const direct = new Client({
    provider: new OpenAIProvider({ apiKey: 'sk-bench', baseURL: servers.baseURL }),
  })
  const proxied = new Client({
    provider: new OpenAIProvider({ apiKey: 'sk-bench', baseURL: servers.baseURL }),
    proxies: { http: servers.proxyUrl },
    noProxy: [],
  })
  const overTls = (proxy?: string): Client =>
    new Client({
      provider: new OpenAIProvider({ apiKey: 'sk-bench', baseURL: servers.tlsBaseURL }),
      ca: caPem,
      ...(proxy ? { proxies: { https: proxy }, noProxy: [] } : {}),
    })
  const tlsClients: Record<string, Client> = {
    'HTTPS direct': overTls(),
    'HTTPS Basic tunnel': overTls(servers.proxyUrl),
    'HTTPS NTLM tunnel': overTls(withUser(servers.ntlmUrl, 'CORP\\bench', BENCH_PASSWORD)),
    ...(servers.digestUrl
      ? { 'HTTPS Digest (Squid)': overTls(withUser(servers.digestUrl, 'bench', SQUID_PASSWORD)) }
      : {}),
  }
  const openai = new OpenAI({ apiKey: 'sk-bench', baseURL: servers.baseURL, maxRetries: 0 })
  const fetchAgent = new Agent()

  const runners: Record<string, () => Promise<number>> = {
    'Client (direct)': async () => {
      let n = 0
      for await (const chunk of await direct.chat.completions.create(request))
        if (chunk.choices[0].delta.content) n++
      return n
    },
    'Client (through proxy)': async () => {
      let n = 0
      for await (const chunk of await proxied.chat.completions.create(request))
        if (chunk.choices[0].delta.content) n++
      return n
    },
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
      Object.entries(tlsClients).map(([name, client]) => [
        name,
        async () => {
          let n = 0
          for await (const chunk of await client.chat.completions.create(request))
            if (chunk.choices[0].delta.content) n++
          return n
        },
      ]),
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
  const clientRate = med['Client (direct)'] ?? 0
  const proxyRate = med['Client (through proxy)'] ?? 0
  const openaiRate = med['openai package (direct)'] ?? 1
  console.log('')
  console.log(`  Client / openai package      ${(clientRate / openaiRate).toFixed(2)}×   (goal ≥ 2.0×)`)
  console.log(`  through proxy / direct       ${(proxyRate / clientRate).toFixed(2)}×   (goal ≥ 0.8×)`)
  console.log(
    `  undici request / fetch       ${((med['undici request + decoding'] ?? 0) / (med['undici fetch + decoding'] ?? 1)).toFixed(2)}×   (same dispatcher, decoding and mapping)`,
  )
  const tlsDirect = med['HTTPS direct'] ?? 1
  for (const name of Object.keys(tlsClients).slice(1)) {
    console.log(
      `  ${(name + ' / HTTPS direct').padEnd(38)} ${((med[name] ?? 0) / tlsDirect).toFixed(2)}×   (goal ≥ 0.9×)`,
    )
  }
  const requests = ROUNDS + 1
  const { ntlmHandshakes, basicConnects } = await servers.stats()
  console.log(
    `  NTLM handshakes              ${((ntlmHandshakes / requests) * 100).toFixed(0)} per 100 requests ` +
      `(${ntlmHandshakes} over ${requests})`,
  )
  console.log(`  Basic proxy: requests seen   ${basicConnects} (absolute-form requests and CONNECTs)`)
  console.log(
    `  memory growth over the run   heap ${((heapAfter - heapBefore) / 1e6).toFixed(1)} MB after GC, ` +
      `peak ${(heapPeakGrowth / 1e6).toFixed(1)} MB, rss ${((rssAfter - rssBefore) / 1e6).toFixed(1)} MB   (goal < 50 MB)`,
  )

  await Promise.all([
    direct.close(),
    proxied.close(),
    fetchAgent.close(),
    ...Object.values(tlsClients).map((c) => c.close()),
  ])
  servers.stop()
}

await main()
