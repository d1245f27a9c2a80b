/**
 * Serves the built renderer from `app://proxychat/` instead of file://: a real origin for the CSP
 * and the sender checks, no access to the rest of the disk, and the CSP header on every response.
 */
import { protocol } from 'electron'
import { readFile } from 'node:fs/promises'
import { extname, isAbsolute, relative, resolve } from 'node:path'
import { serveAttachment, type ImageLookup } from './attachment-route'

export const APP_SCHEME = 'app'
export const APP_HOST = 'proxychat'
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`

/** Must run before the app is ready: privileges cannot be granted afterwards. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    {
      scheme: APP_SCHEME,
      // standard: relative URLs and a real origin; secure: treated like https. corsEnabled: Vite's
      // <script type="module" crossorigin> is a CORS-mode request, even to our own origin.
      privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true, codeCache: true },
    },
  ])
}

const MIME_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.otf': 'font/otf',
  '.wasm': 'application/wasm',
}

export function mimeTypeFor(file: string): string {
  return MIME_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream'
}

/**
 * Maps a request URL to a file inside `root`, or null when the URL is not ours or would leave
 * `root` (dot segments, encoded slashes or backslashes, NUL bytes, absolute paths).
 */
export function resolveAppPath(root: string, requestUrl: string): string | null {
  let url: URL
  try {
    url = new URL(requestUrl)
  } catch {
    return null
  }
  if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST) return null
  let path: string
  try {
    // Decoding after URL parsing is what lets `..%2f` through: the containment check below catches it.
    path = decodeURIComponent(url.pathname)
  } catch {
    return null
  }
  if (path.includes('\0')) return null
  if (path.endsWith('/')) path += 'index.html'
  const base = resolve(root)
  const file = resolve(base, `.${path}`)
  const inside = relative(base, file)
  if (inside === '' || inside.startsWith('..') || isAbsolute(inside)) return null
  return file
}

export interface AppProtocolOptions {
  /** The folder holding the built renderer (out/renderer). */
  rendererDir: string
  contentSecurityPolicy: string
  /** Stored images by hash, for `/attachments/<sha256>` (absent: that route answers 404). */
  attachments?: ImageLookup
}

/** Builds the request handler; exported apart from `handleAppProtocol` so tests can call it directly. */
export function createAppProtocolHandler(
  options: AppProtocolOptions,
): (request: Request) => Promise<Response> {
  const baseHeaders = {
    'Content-Security-Policy': options.contentSecurityPolicy,
    'X-Content-Type-Options': 'nosniff',
    'Cache-Control': 'no-cache',
  }
  const plain = (status: number, text: string): Response =>
    new Response(text, { status, headers: { ...baseHeaders, 'Content-Type': 'text/plain; charset=utf-8' } })

  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return plain(405, 'Method not allowed')
    const url = URL.canParse(request.url) ? new URL(request.url) : undefined
    if (url?.protocol === `${APP_SCHEME}:` && url.host === APP_HOST) {
      const lookup = options.attachments ?? (() => Promise.resolve(undefined))
      const served = await serveAttachment(url.pathname, request.method, lookup, baseHeaders)
      if (served) return served
    }
    const file = resolveAppPath(options.rendererDir, request.url)
    if (file === null) return plain(404, 'Not found')
    let body: Buffer
    try {
      body = await readFile(file)
    } catch {
      return plain(404, 'Not found')
    }
    return new Response(request.method === 'HEAD' ? null : new Uint8Array(body), {
      status: 200,
      headers: { ...baseHeaders, 'Content-Type': mimeTypeFor(file) },
    })
  }
}

/** Must run after the app is ready. */
export function handleAppProtocol(options: AppProtocolOptions): void {
  protocol.handle(APP_SCHEME, createAppProtocolHandler(options))
}
