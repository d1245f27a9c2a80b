/**
 * Runs @doyensec/electronegativity over src/ and fails (exit 1) on any finding: the tool itself
 * exits 0 whatever it finds. Run with `tsx scripts/electronegativity.ts`.
 *
 * The few checks configured out are listed in EXCLUDED_CHECKS and IGNORED_FINDINGS, each with
 * the reason it is a false positive for this code base. Everything else counts.
 */
import { readFileSync, readdirSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join, relative, resolve } from 'node:path'
import { buildContentSecurityPolicy } from '../src/main/csp'

interface Finding {
  id: string
  file: string
  location?: { line: number; column: number }
  sample?: string
  description: string
  severity?: { name: string }
  confidence?: { name: string }
  manualReview?: boolean
}

interface RunResult {
  issues: Finding[]
  errors: { file: string; message: string; tolerable: boolean }[]
}

type Run = (options: {
  input: string
  isRelative: boolean
  electronVersionOverride: string
  excludeFromScan: string[]
}) => Promise<RunResult>

interface CspEvaluatorModule {
  CspParser: new (policy: string) => { csp: unknown }
  CspEvaluator: new (
    csp: unknown,
    version: unknown,
  ) => { evaluate(): { severity: number; directive: string; value?: string; description: string }[] }
  Version: { CSP3: unknown }
  severities: Record<'HIGH' | 'SYNTAX' | 'MEDIUM' | 'HIGH_MAYBE' | 'MEDIUM_MAYBE', number>
}

const require = createRequire(import.meta.url)
const root = resolve(import.meta.dirname, '..')
const sourceDir = join(root, 'src')

/**
 * Checks switched off in electronegativity itself (class names, as its `-x` option takes them).
 * - CSP*: it can only read a policy written as a string literal inside the onHeadersReceived
 *   callback; ours is built by src/main/csp.ts (the same function the app calls), so it reports
 *   "Failed to parse CSP" instead of evaluating it. The exact policies are evaluated below with
 *   the same evaluator (csp-evaluator, CSP3), header and every <meta> policy in src/.
 * - AvailableSecurityFixesGlobalCheck: it downloads Electron's release list from GitHub, and it
 *   reads the Electron version from a package.json, which src/ does not have: over src/ it can
 *   only fail on a network error. Keeping Electron current is the dependency updates' job.
 */
const EXCLUDED_CHECKS = ['CSPGlobalCheck', 'CSPJSCheck', 'CSPHTMLCheck', 'AvailableSecurityFixesGlobalCheck']

/** Findings that are false positives by construction, with the reason. */
const IGNORED_FINDINGS: { id: string; where: (file: string) => boolean; reason: string }[] = [
  {
    // The check matches any method named openExternal. In the renderer that is our preload API
    // (window.proxychat.app.openExternal), not shell.openExternal: the sandboxed page has no
    // Node, and main validates the URL (http(s) only) before it reaches shell.openExternal.
    id: 'OPEN_EXTERNAL_JS_CHECK',
    where: (file) => file.replaceAll('\\', '/').startsWith('renderer/'),
    reason: 'the renderer only reaches shell through the validated IPC channel',
  },
]

function electronVersion(): string {
  const manifest = JSON.parse(readFileSync(join(root, 'node_modules/electron/package.json'), 'utf8')) as {
    version: string
  }
  return manifest.version
}

function htmlFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : htmlFiles(path)
    return entry.name.endsWith('.html') ? [path] : []
  })
}

/** Every policy the app can send: the header policy and any <meta http-equiv> policy in src/. */
function policiesToEvaluate(): { where: string; policy: string }[] {
  const policies = [{ where: 'main/csp.ts (production header)', policy: buildContentSecurityPolicy() }]
  const meta = /<meta\s[^>]*http-equiv=["']Content-Security-Policy["'][^>]*content=(["'])(.*?)\1/gi
  for (const file of htmlFiles(sourceDir)) {
    for (const match of readFileSync(file, 'utf8').matchAll(meta)) {
      policies.push({ where: `${relative(sourceDir, file)} (<meta>)`, policy: match[2] ?? '' })
    }
  }
  return policies
}

/** Same severity threshold as electronegativity's CSP check, plus syntax errors and our own rules. */
function evaluatePolicies(): Finding[] {
  const csp = require('@doyensec/csp-evaluator') as CspEvaluatorModule
  const failing = new Set([
    csp.severities.HIGH,
    csp.severities.SYNTAX,
    csp.severities.MEDIUM,
    csp.severities.HIGH_MAYBE,
    csp.severities.MEDIUM_MAYBE,
  ])
  const findings: Finding[] = []
  for (const { where, policy } of policiesToEvaluate()) {
    const results = new csp.CspEvaluator(new csp.CspParser(policy).csp, csp.Version.CSP3).evaluate()
    for (const result of results) {
      if (!failing.has(result.severity)) continue
      // "'self' can be problematic if you host JSONP, Angular or user uploaded files": app://
      // serves only our own bundle, read-only, none of those.
      if (result.directive === 'script-src' && result.value === "'self'") continue
      findings.push({ id: 'CSP_EVALUATION', file: where, sample: policy, description: result.description })
    }
    const scriptSrc = /(?:^|;)\s*script-src([^;]*)/.exec(policy)?.[1] ?? ''
    if (/'unsafe-inline'|'unsafe-eval'|'wasm-unsafe-eval'|\*|https?:/.test(scriptSrc)) {
      findings.push({
        id: 'CSP_SCRIPT_SRC',
        file: where,
        sample: policy,
        description: 'script-src too broad',
      })
    }
  }
  return findings
}

/**
 * Electronegativity fetches translations (and release data) over the network with `got`. This tool runs
 * offline, and must send no traffic anywhere: its `got` is replaced by one that fails at once, which it
 * handles by falling back to its bundled English texts.
 */
function keepOffline(): void {
  const toolRequire = createRequire(require.resolve('@doyensec/electronegativity'))
  for (const from of [
    toolRequire,
    createRequire(toolRequire.resolve('@doyensec/electronegativity/dist/locales/i18n.js')),
  ]) {
    const gotPath = from.resolve('got')
    const offline = (): Promise<never> => Promise.reject(new Error('offline: network access is disabled'))
    require.cache[gotPath] = {
      id: gotPath,
      filename: gotPath,
      loaded: true,
      exports: offline,
    } as unknown as NodeJS.Module
  }
}

async function main(): Promise<void> {
  keepOffline()
  const run = require('@doyensec/electronegativity') as Run
  const result = await run({
    input: sourceDir,
    isRelative: true,
    electronVersionOverride: electronVersion(),
    excludeFromScan: EXCLUDED_CHECKS,
  })

  const ignored: string[] = []
  const findings = result.issues.filter((issue) => {
    const rule = IGNORED_FINDINGS.find(
      (candidate) => candidate.id === issue.id && candidate.where(issue.file),
    )
    if (rule !== undefined)
      ignored.push(`${issue.id} ${issue.file}:${issue.location?.line ?? 0} (${rule.reason})`)
    return rule === undefined
  })
  findings.push(...evaluatePolicies())
  const parseErrors = result.errors.filter((error) => !error.tolerable)

  for (const line of ignored) console.log(`ignored: ${line}`)
  for (const error of parseErrors) console.error(`parse error: ${error.file}: ${error.message}`)
  for (const finding of findings) {
    const where = `${finding.file}:${finding.location?.line ?? 0}`
    const level = finding.severity === undefined ? '' : ` [${finding.severity.name}]`
    console.error(`${finding.id}${level} ${where}: ${finding.description}`)
    if (finding.sample !== undefined) console.error(`    ${finding.sample.trim()}`)
  }
  if (findings.length > 0 || parseErrors.length > 0) {
    console.error(`electronegativity: ${findings.length} finding(s), ${parseErrors.length} parse error(s).`)
    process.exit(1)
  }
  console.log('electronegativity: no findings.')
}

await main()
