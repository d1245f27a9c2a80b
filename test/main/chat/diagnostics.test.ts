import { describe, expect, it } from 'vitest'
import {
  buildDiagnostics,
  hostPortOf,
  systemPacResults,
  type DiagnosticsInput,
} from '../../../src/main/chat/diagnostics'
import { defaultSettings, directRoute, systemRoute } from '../../../src/shared/defaults'
import type { ConnectionTestReport, RouteProfile, Settings } from '../../../src/shared/domain'

// Mixed characters, so that no 4-character piece of them occurs in the report's ordinary words.
const API_KEY = 'sk-Q7#zR9!wK2$vX4^mJ8'
const GEMINI_KEY = 'AIzaQ8%tY3&nB6*pL1~'
const PROXY_PASSWORD = 'pW@3(Zq]9;Tb|7'
const PROXY_USER = 'CORP\\ivÅn.k0z'
const SECRETS = [API_KEY, GEMINI_KEY, PROXY_PASSWORD, PROXY_USER]

const PEM = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n'

const office: RouteProfile = {
  ...directRoute(),
  id: 'office',
  name: 'Office',
  mode: 'manual',
  // Refused when saved; here to prove that even a pasted password does not get through.
  httpProxy: `http://${PROXY_USER}:${PROXY_PASSWORD}@10.0.0.5:3128/`,
  socksProxy: 'socks5h://127.0.0.1:1080',
  username: PROXY_USER,
  bypass: ['localhost', '*.corp'],
  caCertificates: PEM + PEM,
}

function settings(): Settings {
  return {
    ...defaultSettings(),
    routes: [directRoute(), { ...systemRoute(), username: PROXY_USER }, office],
    defaultRouteId: 'direct',
    providers: [
      {
        id: 'openai',
        kind: 'openai',
        name: 'OpenAI',
        baseURL: `https://u:${API_KEY}@api.openai.com/v1?key=${API_KEY}`,
        enabled: true,
        routeId: 'office',
      },
      {
        id: 'gemini',
        kind: 'gemini',
        name: 'Gemini',
        baseURL: `https://generativelanguage.googleapis.com/v1beta?key=${GEMINI_KEY}#${GEMINI_KEY}`,
        enabled: true,
        routeId: 'system',
      },
      {
        id: 'gone',
        kind: 'groq',
        name: 'Groq',
        baseURL: 'https://api.groq.com',
        enabled: true,
        routeId: 'deleted',
      },
      { id: 'off', kind: 'deepseek', name: 'Off', baseURL: 'https://api.deepseek.com', enabled: false },
    ],
  }
}

const failedTest: ConnectionTestReport = {
  ok: false,
  route: `http://${PROXY_USER}:${PROXY_PASSWORD}@10.0.0.5:3128`,
  steps: [
    { step: 'proxy_connect', ok: true, durationMs: 12 },
    {
      step: 'proxy_auth',
      ok: true,
      durationMs: 19,
      outcome: { type: 'proxy_signed_in', scheme: 'NTLM' },
      // What a proxy sends is not trusted to be a token: the last one is not shown.
      offeredSchemes: ['Negotiate', 'NTLM', 'Basic', `Basic realm=${PROXY_PASSWORD}`],
    },
    {
      step: 'tls',
      ok: true,
      durationMs: 30,
      certificates: [
        { subject: 'CN=api.openai.com', issuer: 'CN=Example Corp TLS Inspection CA, O=Example Corp' },
        {
          subject: 'CN=Example Corp TLS Inspection CA, O=Example Corp',
          issuer: 'CN=Example Corp TLS Inspection CA, O=Example Corp',
        },
      ],
    },
    {
      step: 'provider_auth',
      ok: false,
      durationMs: 41,
      error: {
        kind: 'auth',
        status: 401,
        code: 'invalid_api_key',
        said: `Incorrect API key provided: ${API_KEY.slice(0, 6)}...${API_KEY.slice(-4)}`,
        message: `401 for key ${API_KEY} through ${PROXY_PASSWORD}`,
      },
    },
  ],
  error: { kind: 'auth', status: 401, message: `key ${API_KEY}`, said: GEMINI_KEY },
}

function input(): DiagnosticsInput {
  return {
    settings: settings(),
    hasApiKey: (id) => id === 'openai',
    hasRoutePassword: (id) => id === 'office',
    pac: new Map([
      ['gemini', `PROXY ${PROXY_USER}:${PROXY_PASSWORD}@pac.corp:8080; SOCKS5 10.1.1.1:1080; DIRECT`],
    ]),
    lastTests: new Map([['openai', { at: new Date('2026-11-28T18:00:00Z'), report: failedTest }]]),
    app: { version: '1.2.3', platform: 'linux' },
    now: new Date('2026-11-28T18:30:00Z'),
  }
}

describe('buildDiagnostics', () => {
  it('contains no fragment of 4 or more characters of any secret, key, password or proxy user', () => {
    const report = buildDiagnostics(input())
    for (const secret of SECRETS) {
      for (let i = 0; i + 4 <= secret.length; i++) {
        const piece = secret.slice(i, i + 4)
        expect(report.includes(piece), `"${piece}" of a secret is in the report`).toBe(false)
      }
    }
  })

  it('says per enabled provider its route, proxies, PAC result, secrets present and last test', () => {
    const report = buildDiagnostics(input())
    expect(report).toContain('Version: 1.2.3')
    expect(report).toContain('Platform: linux')
    expect(report).toContain('Time: 2026-11-28T18:30:00.000Z')
    expect(report).toContain('OpenAI (openai) https://api.openai.com, API key set')
    expect(report).toContain('route: Office (proxy profile)')
    expect(report).toContain('HTTP proxy: http://10.0.0.5:3128')
    expect(report).toContain('SOCKS proxy: socks5h://127.0.0.1:1080')
    expect(report).toContain('username set, password set')
    expect(report).toContain('bypass entries: 2')
    expect(report).toContain('CA certificates: 2')
    expect(report).toContain('last test: failed at 2026-11-28T18:00:00.000Z, route http://10.0.0.5:3128')
    expect(report).toContain('provider_auth: failed 41 ms [kind=auth status=401 code=invalid_api_key]')
    // The proxy's schemes and the one used; the chain seen through the route (here, an inspecting proxy's).
    expect(report).toContain('proxy_auth: ok 19 ms proxy_signed_in NTLM\n')
    expect(report).toContain('proxy offered: Negotiate, NTLM, Basic, (not shown)\n')
    expect(report).toContain(
      'certificate 1: subject CN=api.openai.com; issuer CN=Example Corp TLS Inspection CA, O=Example Corp\n',
    )
    expect(report).toContain('certificate 2: subject CN=Example Corp TLS Inspection CA, O=Example Corp;')
    expect(report).toContain('Gemini (gemini) https://generativelanguage.googleapis.com, API key not set')
    expect(report).toContain('route: System (system proxy / PAC)')
    // The password's `;` splits the entry: neither half is shown.
    expect(report).toMatch(
      /PAC result: PROXY \(address not shown.*\); \(entry not shown\); SOCKS5 10\.1\.1\.1:1080; DIRECT\n/,
    )
    expect(report).toContain('password not set')
    expect(report).toContain('last test: none this session')
    // A deleted route: the default one stands in, and the report says so.
    expect(report).toMatch(/route: Direct \(direct\), its own route was deleted/)
    expect(report).not.toContain('Off (deepseek)')
  })

  it('asks the system for the PAC result of each enabled provider on a System route, with its URL', async () => {
    const asked: string[] = []
    const pac = await systemPacResults(settings(), (url) => {
      asked.push(url)
      return Promise.resolve('PROXY pac.corp:8080; DIRECT')
    })
    expect(asked).toEqual([settings().providers[1]?.baseURL])
    expect(buildDiagnostics({ ...input(), pac })).toContain('PAC result: PROXY pac.corp:8080; DIRECT\n')
  })

  it('a test whose PAC lookup failed says the route is unknown, never direct', () => {
    const report = buildDiagnostics({
      ...input(),
      lastTests: new Map([
        [
          'gemini',
          {
            at: new Date('2026-11-28T18:10:00Z'),
            report: {
              ok: false,
              steps: [],
              route: 'pac_failed',
              routeId: 'system',
              error: { kind: 'proxy', fact: 'pac_failed', message: 'x' },
            },
          },
        ],
      ]),
    })
    expect(report).toContain(
      "last test: failed at 2026-11-28T18:10:00.000Z, route unknown: the system's proxy lookup (PAC) failed, nothing was sent\n",
    )
    expect(report).toContain('      error: [kind=proxy fact=pac_failed]')
    expect(report).not.toMatch(/last test:.*direct/)
  })

  it('a PAC lookup that threw is reported as failed', async () => {
    const pac = await systemPacResults(settings(), () => Promise.reject(new Error(`boom ${PROXY_PASSWORD}`)))
    expect(pac).toEqual(new Map([['gemini', { failed: true }]]))
    expect(buildDiagnostics({ ...input(), pac })).toContain('PAC result: the lookup failed')
  })

  it.each([
    ['http://user:pw@10.0.0.1:3128/', 'http://10.0.0.1:3128'],
    ['user:p@ss@proxy:8080', 'proxy:8080'],
    ['https://host.example/path?key=abc#frag', 'https://host.example'],
    ['[::1]:3128', '[::1]:3128'],
    ['https://host/?e=a@b&key=Zx9q', '(address not shown: it does not read as host:port)'],
    ['http://u:1234#5678@proxy:3128', 'http://proxy:3128'],
  ])('hostPortOf(%j) is %j', (address, expected) => {
    expect(hostPortOf(address)).toBe(expected)
  })
})
