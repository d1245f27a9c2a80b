import { spawn } from 'node:child_process'
import { readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { startFakeProvider, type FakeProvider } from '../../fixtures/fake-provider'
import { startHttpProxy, type HttpProxy } from '../../fixtures/http-proxy'

const ROOT = join(import.meta.dirname, '../../..')
// Next to the README, so that its `./src/main/llm` import resolves exactly as written.
const SNIPPET = join(ROOT, '.readme-snippet.test-run.ts')

let fake: FakeProvider
let proxy: HttpProxy
beforeAll(async () => {
  fake = await startFakeProvider()
  proxy = await startHttpProxy({ username: 'username', password: 'p@ss:w/rd' })
})
afterAll(async () => {
  rmSync(SNIPPET, { force: true })
  await Promise.all([fake.close(), proxy.close()])
})

/** The README's library example, verbatim. */
function readmeSnippet(): string {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8')
  const section = readme.slice(readme.indexOf('## Use the chat client as a library'))
  const match = /```ts\n([\s\S]*?)```/.exec(section)
  if (!match?.[1]) throw new Error('README has no library example')
  return match[1]
}

function run(env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  writeFileSync(SNIPPET, readmeSnippet())
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', SNIPPET], {
      cwd: ROOT,
      env: { ...process.env, ...env },
    })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()))
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
    child.on('close', (code) => resolve({ code, stdout, stderr }))
  })
}

it('runs the README example as written against the fake provider, streaming the reply', async () => {
  fake.enqueue({ text: ['Hi', ' from', ' the', ' fake'] })
  const result = await run({
    OPENAI_API_KEY: 'sk-readme-test-1234',
    OPENAI_BASE_URL: fake.baseURL,
    PROXY_URL: '',
  })
  expect(result.stderr).toBe('')
  expect(result.code).toBe(0)
  expect(result.stdout).toBe('Hi from the fake')
  const request = fake.requests.at(-1)
  expect(request?.headers.authorization).toBe('Bearer sk-readme-test-1234')
  expect(request?.body).toMatchObject({
    model: 'gpt-4o-mini',
    messages: [{ role: 'user', content: 'Hello' }],
  })
}, 30_000)

it('with PROXY_URL set, reaches a loopback provider directly: loopback bypasses the proxy by default', async () => {
  fake.enqueue({ text: 'local' })
  const result = await run({
    OPENAI_API_KEY: 'sk-readme-test-1234',
    OPENAI_BASE_URL: fake.baseURL,
    PROXY_URL: proxy.url,
  })
  expect(result.stderr).toBe('')
  expect(result.stdout).toBe('local')
  expect(proxy.seen).toEqual([])
}, 30_000)
