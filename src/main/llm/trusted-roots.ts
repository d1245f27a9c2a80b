/**
 * Which certificate authorities TLS trusts. Node's own bundle by default; where the runtime can read the
 * operating system's store (Node 22.19+ and 24, so Electron 45's Node), the app adds it, as browsers do: a
 * company's root certificate installed by IT is then trusted without pasting it into Preferences.
 *
 * Reading the system store is synchronous and has blocked for 10–100 s on macOS (and crashed other
 * Electron apps), so it never runs at start-up: `ensureSystemRoots` runs it once, when the first TLS
 * connection is about to be set up, and a failure only costs the system's roots, never the connection.
 */
import tls from 'node:tls'

type CertificateSource = 'default' | 'system' | 'bundled' | 'extra'

/** The parts of node:tls this needs; older Node versions lack both functions. */
export interface CaApi {
  getCACertificates?: (source?: CertificateSource) => string[]
  setDefaultCACertificates?: (certificates: string[]) => void
}

const nodeTls = tls as CaApi

/** The certificates trusted by default now, the system's included (loaded here on first use). */
export function defaultRoots(api: CaApi = nodeTls): readonly string[] {
  ensureSystemRoots(api)
  return api.getCACertificates?.('default') ?? tls.rootCertificates
}

/**
 * The roots to give TLS when the settings add CAs (`extra`): the defaults (system's included) plus those.
 * Undefined when there are none, which keeps Node's defaults. Either way the system's roots are loaded
 * (once) first: call it when the first connection is about to be set up.
 */
export function trustedCa(
  extra: string | readonly string[] | undefined,
  api: CaApi = nodeTls,
): string[] | undefined {
  const added = extra === undefined ? [] : typeof extra === 'string' ? [extra] : [...extra]
  const roots = defaultRoots(api)
  return added.length > 0 ? [...roots, ...added] : undefined
}

/**
 * Adds the operating system's trusted certificates to the defaults used by every TLS connection.
 * Returns how many the system provided, or undefined where the runtime cannot read them. Throws what the
 * runtime throws: call `ensureSystemRoots` instead.
 */
export function trustSystemCertificates(api: CaApi = nodeTls): number | undefined {
  if (!api.getCACertificates || !api.setDefaultCACertificates) return undefined
  const current = api.getCACertificates('default')
  const known = new Set(current)
  const added = api.getCACertificates('system').filter((certificate) => !known.has(certificate))
  if (added.length > 0) api.setDefaultCACertificates([...current, ...added])
  return added.length
}

/** What each runtime API's one load gave: a count, or undefined (unsupported or failed). */
const loads = new WeakMap<CaApi, { added: number | undefined }>()

/**
 * Loads the system's certificates once per runtime (memoized, also when it failed) and never throws: on a
 * failure TLS keeps the bundled roots (plus the user's extra CAs, which callers add) and `warn` (the caller's logger; by
 * default nothing: a library does not write to the console) hears the error's name and code only.
 */
export function ensureSystemRoots(
  api: CaApi = nodeTls,
  warn: (message: string) => void = () => undefined,
): number | undefined {
  const done = loads.get(api)
  if (done) return done.added
  let added: number | undefined
  try {
    added = trustSystemCertificates(api)
  } catch (error) {
    added = undefined
    warn(`Could not read the system's trusted certificates (${describe(error)}); using the bundled ones.`)
  }
  loads.set(api, { added })
  return added
}

/** The error's name and code: its message may quote a file path or a certificate's subject. */
function describe(error: unknown): string {
  if (!(error instanceof Error)) return 'unknown error'
  const code = (error as { code?: unknown }).code
  return typeof code === 'string' ? `${error.name} ${code}` : error.name
}
