/**
 * The page's Content-Security-Policy, in its own module (no electron import) so that the
 * electronegativity script can evaluate the exact policy the app sends.
 */

/**
 * No remote code, no inline script, no eval. Inline *styles* are allowed: React, KaTeX and
 * react-virtuoso set style attributes, and injected CSS cannot run code or reach the network
 * (img-src, font-src and connect-src stay on our own origin).
 * In development the dev server needs its inline React-refresh preamble and its HMR websocket.
 */
export function buildContentSecurityPolicy(devServerUrl?: string): string {
  const devOrigin = devServerUrl === undefined ? null : httpOrigin(devServerUrl)
  const devSocket = devOrigin === null ? null : devOrigin.replace(/^http/, 'ws')
  const directives: Record<string, string> = {
    'default-src': "'none'",
    'script-src': devOrigin === null ? "'self'" : "'self' 'unsafe-inline'",
    'style-src': "'self' 'unsafe-inline'",
    'img-src': "'self' data:",
    'font-src': "'self' data:",
    'connect-src': devSocket === null ? "'self'" : `'self' ${devSocket}`,
    'worker-src': "'self'",
    'manifest-src': "'self'",
    'media-src': "'none'",
    'frame-src': "'none'",
    'child-src': "'none'",
    'object-src': "'none'",
    'base-uri': "'none'",
    'form-action': "'none'",
    'frame-ancestors': "'none'",
  }
  return Object.entries(directives)
    .map(([name, value]) => `${name} ${value}`)
    .join('; ')
}

function httpOrigin(url: string): string | null {
  try {
    const parsed = new URL(url)
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.origin : null
  } catch {
    return null
  }
}
