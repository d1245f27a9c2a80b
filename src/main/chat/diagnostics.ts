/**
 * The network report behind Preferences → Routes → "Copy diagnostics": plain text a user pastes into a
 * support ticket. Built from facts that hold no secret: secrets appear only as "set" / "not set", addresses
 * only as host:port (no userinfo, path or query: Gemini keys travel in the query), and test failures only as
 * kinds and codes, never the provider's own words (OpenAI quotes part of a rejected key back).
 */
import type { ConnectionTestReport, Settings } from '../../shared/domain'
import { pemCertificates, resolveRoute } from './routes'

export interface TestRecord {
  at: Date
  report: ConnectionTestReport
}

export interface DiagnosticsInput {
  settings: Settings
  /** Whether each secret is stored; never its value. */
  hasApiKey(providerId: string): boolean
  hasRoutePassword(routeId: string): boolean
  /** The PAC answer for each provider on a System route, by provider id; `failed` when the lookup threw. */
  pac: ReadonlyMap<string, string | { failed: true }>
  /** The last Test connection report of each provider, by provider id. */
  lastTests: ReadonlyMap<string, TestRecord>
  app: { version: string; platform: string }
  now: Date
}

/** What a host and port look like; anything else in their place is not shown. */
const HOST_PORT = /^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]+)(:\d{1,5})?$/

/**
 * `scheme://host:port` of a URL, or `host:port` of a proxy address, with everything else dropped. Users
 * type passwords into addresses as they are (`#`, `/`, `@` unencoded), so everything up to the last `@` goes
 * first, and what is left is shown only if it looks like a host.
 */
export function hostPortOf(address: string): string {
  const text = address.trim()
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(text)
  const rest = text.slice(scheme?.[0].length ?? 0)
  const host = rest.slice(rest.lastIndexOf('@') + 1).split(/[/?#]/, 1)[0] ?? ''
  if (!HOST_PORT.test(host)) return '(address not shown: it does not read as host:port)'
  return scheme ? `${scheme[1]}://${host}` : host
}

/** A PAC answer ("PROXY user:pw@a:8080; DIRECT") with each entry's address reduced to host:port. */
function pacText(pac: string | { failed: true } | undefined): string {
  if (pac === undefined) return 'not looked up'
  if (typeof pac !== 'string') return 'the lookup failed'
  const entries = pac
    .split(';')
    .map((entry) => entry.trim().split(/\s+/, 2))
    .filter(([type]) => type)
    // Chromium writes entry types in capitals (PROXY, SOCKS5, DIRECT...): anything else is not one.
    .map(([type = '', address]) =>
      !/^[A-Z0-9]+$/.test(type) ? '(entry not shown)' : address ? `${type} ${hostPortOf(address)}` : type,
    )
  return entries.length ? entries.join('; ') : 'DIRECT (empty answer)'
}

const set = (value: boolean): string => (value ? 'set' : 'not set')

function testLines(record: TestRecord | undefined): string[] {
  if (!record) return ['    last test: none this session']
  const { report } = record
  const route = report.route.includes('://') ? hostPortOf(report.route) : report.route
  const lines = [
    `    last test: ${report.ok ? 'passed' : 'failed'} at ${record.at.toISOString()}, route ${ROUTE_WORDS[route] ?? route}`,
  ]
  for (const step of report.steps) {
    const state = step.skipped ? 'skipped' : step.ok ? 'ok' : 'failed'
    const outcome = step.outcome ? ` ${outcomeText(step.outcome)}` : ''
    const error = step.error ? ` ${failureText(step.error)}` : ''
    lines.push(`      ${step.step}: ${state} ${step.durationMs} ms${outcome}${error}`)
    if (step.offeredSchemes) {
      lines.push(`        proxy offered: ${step.offeredSchemes.map(schemeText).join(', ') || 'nothing'}`)
    }
    step.certificates?.forEach((cert, i) => {
      lines.push(
        `        certificate ${i + 1}: subject ${nameText(cert.subject)}; issuer ${nameText(cert.issuer)}`,
      )
    })
  }
  if (report.error) lines.push(`      error: ${failureText(report.error)}`)
  return lines
}

const ROUTE_WORDS: Record<string, string> = {
  pac_failed: "unknown: the system's proxy lookup (PAC) failed, nothing was sent",
  invalid: 'the proxy setting cannot be used',
}

/** The outcome's type, and the scheme that signed in to the proxy (`proxy_signed_in Digest`). */
function outcomeText(outcome: NonNullable<ConnectionTestReport['steps'][number]['outcome']>): string {
  return outcome.type === 'proxy_signed_in' ? `${outcome.type} ${outcome.scheme}` : outcome.type
}

/** A scheme as the proxy spelled it: a token only (`NTLM`, `Negotiate`), anything else is not shown. */
function schemeText(scheme: string): string {
  return /^[A-Za-z0-9._-]{1,32}$/.test(scheme) ? scheme : '(not shown)'
}

/** A certificate name as the server sent it: printable characters only, capped. */
function nameText(name: string): string {
  // eslint-disable-next-line no-control-regex
  return name.replace(/[\u0000-\u001f\u007f]/g, '').slice(0, 200) || '(empty)'
}

/** Kind, fact and codes only: `said` and `message` may quote what the provider echoed back. */
function failureText(error: NonNullable<ConnectionTestReport['error']>): string {
  const parts = [`kind=${error.kind}`]
  if (error.fact) parts.push(`fact=${error.fact}`)
  if (error.status !== undefined) parts.push(`status=${error.status}`)
  if (error.code) parts.push(`code=${error.code}`)
  if (error.proxy) parts.push(`proxy=${hostPortOf(error.proxy)}`)
  if (error.timeoutMs !== undefined) parts.push(`timeoutMs=${error.timeoutMs}`)
  return `[${parts.join(' ')}]`
}

const PROXY_FIELDS = [
  ['HTTP', 'httpProxy'],
  ['HTTPS', 'httpsProxy'],
  ['SOCKS', 'socksProxy'],
] as const

export function buildDiagnostics(input: DiagnosticsInput): string {
  const { settings } = input
  const lines = [
    'ProxyChat network diagnostics',
    `Version: ${input.app.version}`,
    `Platform: ${input.app.platform}`,
    `Time: ${input.now.toISOString()}`,
    `Default route: ${settings.routes.find((r) => r.id === settings.defaultRouteId)?.name ?? settings.defaultRouteId}`,
    '',
    'Providers (enabled):',
  ]
  const enabled = settings.providers.filter((p) => p.enabled)
  if (enabled.length === 0) lines.push('  none')
  for (const provider of enabled) {
    const { route, missingRouteId } = resolveRoute(settings, provider.id)
    const kind =
      route.mode === 'none' ? 'direct' : route.mode === 'system' ? 'system proxy / PAC' : 'proxy profile'
    lines.push(
      `  ${provider.name} (${provider.kind}) ${hostPortOf(provider.baseURL)}, API key ${set(input.hasApiKey(provider.id))}`,
      `    route: ${route.name} (${kind})${missingRouteId ? ', its own route was deleted: the default stands in' : ''}`,
    )
    if (route.mode === 'manual') {
      for (const [label, field] of PROXY_FIELDS) {
        if (route[field].trim()) lines.push(`    ${label} proxy: ${hostPortOf(route[field])}`)
      }
      if (route.useHttpForHttps) lines.push('    HTTP proxy used for HTTPS too')
      if (route.socksProxy.trim()) lines.push(`    SOCKS remote DNS: ${route.socksRemoteDns ? 'yes' : 'no'}`)
    }
    if (route.mode === 'system') lines.push(`    PAC result: ${pacText(input.pac.get(provider.id))}`)
    if (route.mode !== 'none') {
      lines.push(
        `    username ${set(route.username.trim() !== '')}, password ${set(input.hasRoutePassword(route.id))}`,
        `    bypass entries: ${route.bypass.length}`,
      )
    }
    lines.push(
      `    CA certificates: ${pemCertificates(route.caCertificates).length}`,
      ...testLines(input.lastTests.get(provider.id)),
    )
  }
  return `${lines.join('\n')}\n`
}

/** The PAC answer for each enabled provider on a System route, asked of the system (Electron) once each. */
export async function systemPacResults(
  settings: Settings,
  resolveSystemProxy: (url: string) => Promise<string>,
): Promise<Map<string, string | { failed: true }>> {
  const results = new Map<string, string | { failed: true }>()
  for (const provider of settings.providers.filter((p) => p.enabled)) {
    if (resolveRoute(settings, provider.id).route.mode !== 'system') continue
    try {
      results.set(provider.id, await resolveSystemProxy(provider.baseURL))
    } catch {
      // A PAC script that throws is a fact for the report, not a reason to have no report.
      results.set(provider.id, { failed: true })
    }
  }
  return results
}
