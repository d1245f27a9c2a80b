/**
 * Which certificate authorities TLS trusts. Node's own bundle by default; where the runtime can read the
 * operating system's store (Node 22.19+ and 24, so Electron 45's Node), the app adds it, as browsers do: a
 * company's root certificate installed by IT is then trusted without pasting it into Preferences.
 */
import tls from 'node:tls'

type CertificateSource = 'default' | 'system' | 'bundled' | 'extra'

/** The parts of node:tls this needs; older Node versions lack both functions. */
export interface CaApi {
  getCACertificates?: (source?: CertificateSource) => string[]
  setDefaultCACertificates?: (certificates: string[]) => void
}

const nodeTls = tls as unknown as CaApi

/** The certificates trusted by default now (the system's included once `trustSystemCertificates` ran). */
export function defaultRoots(api: CaApi = nodeTls): readonly string[] {
  return api.getCACertificates?.('default') ?? tls.rootCertificates
}

/**
 * Adds the operating system's trusted certificates to the defaults used by every TLS connection.
 * Returns how many the system provided, or undefined where the runtime cannot read them.
 */
export function trustSystemCertificates(api: CaApi = nodeTls): number | undefined {
  if (!api.getCACertificates || !api.setDefaultCACertificates) return undefined
  const current = api.getCACertificates('default')
  const known = new Set(current)
  const added = api.getCACertificates('system').filter((certificate) => !known.has(certificate))
  if (added.length > 0) api.setDefaultCACertificates([...current, ...added])
  return added.length
}
