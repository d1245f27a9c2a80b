import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { basename, join } from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { startTestBackend, type TestBackend } from '../fixtures/backend'
import { createLogger } from '../../src/main/logging/logger'

vi.mock('electron', () => import('../mocks/electron'))

const dirs: string[] = []
const backends: TestBackend[] = []
afterEach(async () => {
  await Promise.all(backends.splice(0).map((b) => b.shutdown()))
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
})

async function backend(resolveProxy?: (url: string) => Promise<string>): Promise<TestBackend> {
  const dir = mkdtempSync(join(tmpdir(), 'proxychat-backend-'))
  dirs.push(dir)
  const started = await startTestBackend({
    userDataDir: join(dir, 'data'),
    ...(resolveProxy ? { resolveProxy } : {}),
  })
  backends.push(started)
  return started
}

describe('backend: export and import', () => {
  it('exports all conversations to the chosen file, and imports them into another data folder once', async () => {
    const a = await backend()
    const conversation = await a.backend.conversations.create()
    await a.backend.conversations.rename(conversation.id, 'Proxy setup')
    await a.backend.settings.setSecret({
      target: { type: 'route', routeId: 'system' },
      value: 'hunter2-secret',
    })
    const exported = await a.backend.conversations.exportAll()
    expect(exported.saved).toBe(true)
    const json = readFileSync(exported.path ?? '', 'utf8')
    expect(json).toContain('Proxy setup')
    expect(json).not.toContain('hunter2-secret')

    const b = await backend()
    const none = { added: 0, skipped: 0, copied: 0, invalid: 0 }
    expect(await b.backend.conversations.import({ json })).toEqual({ ...none, added: 1 })
    // The same file again: nothing is duplicated.
    expect(await b.backend.conversations.import({ json })).toEqual({ ...none, skipped: 1 })
    expect((await b.backend.conversations.list()).map((c) => c.title)).toEqual(['Proxy setup'])
  })

  it('names a Markdown export after the title, never with a name Windows reserves', async () => {
    const a = await backend()
    const conversation = await a.backend.conversations.create()
    await a.backend.conversations.rename(conversation.id, 'CON')
    const exported = await a.backend.conversations.exportMarkdown(conversation.id)
    expect(basename(exported.path ?? '')).toBe('conversation CON.md')
    expect(readFileSync(exported.path ?? '', 'utf8')).toContain('# CON')
  })
})

describe('backend: log', () => {
  it('logs a notice (a corrupt file set aside) as one warning line, and still sends it to the window', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'proxychat-backend-'))
    dirs.push(dir)
    const data = join(dir, 'data')
    mkdirSync(data, { recursive: true })
    writeFileSync(join(data, 'settings.json'), '{ not json')
    const lines: string[] = []
    const started = await startTestBackend({
      userDataDir: data,
      logger: createLogger({ sink: (line) => lines.push(line) }),
    })
    backends.push(started)
    expect(started.events.map((e) => e.channel)).toContain('event:notice')
    expect(lines).toHaveLength(1)
    expect(lines[0]).toMatch(/ WARN {2}\[storage\] .* code=corrupt_file level=warning$/)
  })
})

describe('backend: routes.diagnostics', () => {
  it('reports each provider route, its PAC answer and its last test, with secrets only as present', async () => {
    const { backend: api } = await backend()
    const provider = {
      id: 'local',
      kind: 'custom' as const,
      name: 'Local',
      baseURL: 'http://127.0.0.1:9/v1',
      enabled: true,
      routeId: 'system',
    }
    await api.settings.update({ providers: [provider] })
    await api.settings.setSecret({
      target: { type: 'provider', providerId: 'local' },
      value: 'sk-Backend-7f3Q',
    })
    await api.settings.setSecret({ target: { type: 'route', routeId: 'system' }, value: 'hunter2-secret' })
    expect(await api.routes.diagnostics()).toContain('last test: none this session')

    // A route that cannot be used fails before any connection; the report is kept for the diagnostics.
    const settings = await api.settings.get()
    const system = settings.routes.find((r) => r.id === 'system')
    if (!system) throw new Error('no System route')
    const { password: _password, ...route } = system
    const tested = await api.providers.testConnection({
      provider,
      route: { ...route, mode: 'manual', httpProxy: 'ftp://proxy.example:21' },
    })
    expect(tested.ok).toBe(false)

    const report = await api.routes.diagnostics()
    expect(report).toContain('Version: 0.0.0-test')
    expect(report).toContain('Local (custom) http://127.0.0.1:9, API key set')
    expect(report).toContain('route: System (system proxy / PAC)')
    expect(report).toContain('PAC result: DIRECT')
    expect(report).toContain('password set')
    expect(report).toMatch(
      /last test: failed at .*, route the proxy setting cannot be used\n.*error: \[kind=proxy fact=invalid_proxy\]/,
    )
    for (const secret of ['sk-Backend-7f3Q', 'hunter2-secret'])
      for (let i = 0; i + 4 <= secret.length; i++) expect(report).not.toContain(secret.slice(i, i + 4))
  })
})

describe('backend: a System route whose PAC lookup fails', () => {
  it('the connection test says the route is unknown (pac_failed), never direct, and sends nothing', async () => {
    const asked: string[] = []
    const { backend: api } = await backend((url) => {
      asked.push(url)
      return Promise.reject(new Error('net::ERR_PAC_SCRIPT_FAILED'))
    })
    const provider = {
      id: 'local',
      kind: 'custom' as const,
      name: 'Local',
      // Nothing listens on the discard port: a request that went anyway would fail differently.
      baseURL: 'http://127.0.0.1:9/v1',
      enabled: true,
      routeId: 'system',
    }
    await api.settings.update({ providers: [provider] })
    const report = await api.providers.testConnection({ provider })
    expect(asked).toEqual(['http://127.0.0.1:9/v1'])
    expect(report).toMatchObject({
      ok: false,
      steps: [],
      route: 'pac_failed',
      routeId: 'system',
      error: { kind: 'proxy', fact: 'pac_failed' },
    })
    const diagnostics = await api.routes.diagnostics()
    expect(diagnostics).toContain('PAC result: the lookup failed')
    expect(diagnostics).toContain("route unknown: the system's proxy lookup (PAC) failed")
  })
})
