/**
 * The benchmark's servers in their own process, so that serving 56 MB of SSE and piping it through the
 * proxy does not take CPU time from the client being measured. Prints one JSON line with the addresses.
 */
import { startFakeProvider } from '../fixtures/fake-provider'
import { startHttpProxy } from '../fixtures/http-proxy'
import { manyChunksTranscript } from '../fixtures/transcripts'

const chunks = Number(process.argv[2] ?? 200_000)
const fake = await startFakeProvider({ default: { transcript: manyChunksTranscript(chunks) } })
const proxy = await startHttpProxy({ username: 'bench', password: 'p@ss:w/rd' })
console.log(JSON.stringify({ baseURL: fake.baseURL, proxyUrl: proxy.url }))
// Ends with the parent: it closes our stdin.
process.stdin.resume()
process.stdin.on('end', () => {
  void Promise.all([fake.close(), proxy.close()]).then(() => process.exit(0))
})
