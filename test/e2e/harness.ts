/**
 * Launches the app for browser tests: the real main-process services run in this Node process (only
 * Electron-only pieces substituted, see test/fixtures/backend.ts), the built renderer is served on
 * 127.0.0.1 with the app's Content-Security-Policy, and Debian's Chromium loads it. The page talks to the
 * services through the real preload code, bundled with a shim for `electron`, and the real IPC handlers.
 */
import { readFile } from 'node:fs/promises'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { extname, join, normalize, resolve } from 'node:path'
import { build } from 'esbuild'
import { chromium, type Browser, type Page } from 'playwright-core'
import { startTestBackend, type TestBackend } from '../fixtures/backend'
import { buildContentSecurityPolicy } from '../../src/main/csp'
import { serveAttachment, type ImageLookup } from '../../src/main/attachment-route'
import { handleInvoke } from '../../src/main/ipc/register'
import { channelHandlers } from '../../src/main/ipc/handlers'
import type { Channel } from '../../src/shared/contract'

const ROOT = resolve(import.meta.dirname, '../..')
const RENDERER_DIR = join(ROOT, 'out/renderer')

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
  '--disable-quic',
]

export interface LaunchOptions {
  userDataDir: string
  /** Page size; the default is a laptop window. */
  viewport?: { width: number; height: number }
  colorScheme?: 'light' | 'dark'
  locale?: string
  localServers?: { kind: 'ollama' | 'lmstudio'; baseURL: string }[]
  /** Model titles after a first reply: off unless a test asks (see startTestBackend). */
  modelTitles?: boolean
}

export interface LaunchedApp {
  page: Page
  backend: TestBackend
  /** Closes the browser and shuts the services down (streams stopped and saved), like quitting. */
  close(): Promise<void>
}

let preloadBundle: Promise<string> | undefined

/** The real preload, bundled for the page with `electron` replaced by the shim. */
function bundlePreload(): Promise<string> {
  preloadBundle ??= build({
    entryPoints: [join(ROOT, 'src/preload/index.ts')],
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    alias: { electron: join(ROOT, 'test/e2e/electron-shim.ts') },
  }).then((result) => result.outputFiles[0]?.text ?? '')
  return preloadBundle
}

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
  '.json': 'application/json',
}

/** Bytes the page uploaded (see electron-shim.ts), by upload id, until the call that names them. */
type Uploads = Map<string, Uint8Array>

/** Bytes the shim tagged, back as the Uint8Array the page sent. */
function reviveBytes(value: unknown, uploads: Uploads): unknown {
  if (Array.isArray(value)) return value.map((v) => reviveBytes(v, uploads))
  if (typeof value !== 'object' || value === null) return value
  const tagged = (value as { __e2eBytes?: unknown }).__e2eBytes
  if (typeof tagged === 'string') {
    const bytes = uploads.get(tagged)
    uploads.delete(tagged)
    if (!bytes) throw new Error(`No upload ${tagged}`)
    return bytes
  }
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, reviveBytes(v, uploads)]))
}

const UPLOAD = /^\/__e2e\/bytes\/([\w-]{1,64})$/

/** Takes a POST of bytes from the shim; true when the request was one. */
function takeUpload(req: http.IncomingMessage, res: http.ServerResponse, uploads: Uploads): boolean {
  const id = UPLOAD.exec(new URL(req.url ?? '/', 'http://x').pathname)?.[1]
  if (req.method !== 'POST' || id === undefined) return false
  const chunks: Buffer[] = []
  req.on('data', (chunk: Buffer) => chunks.push(chunk))
  req.on('end', () => {
    uploads.set(id, new Uint8Array(Buffer.concat(chunks)))
    res.writeHead(204).end()
  })
  return true
}

/**
 * Serves the built renderer with the app's CSP header, as the app:// protocol handler does, and stored
 * images at /attachments/<sha256> through the app protocol's own route code.
 */
async function serveRenderer(
  images: ImageLookup,
  uploads: Uploads,
): Promise<{ origin: string; close(): Promise<void> }> {
  const csp = buildContentSecurityPolicy()
  const server = http.createServer((req, res) => {
    if (takeUpload(req, res, uploads)) return
    const rawPath = new URL(req.url ?? '/', 'http://x').pathname
    void serveAttachment(rawPath, req.method ?? 'GET', images, { 'Content-Security-Policy': csp }).then(
      async (response) => {
        if (!response) {
          serveFile(req, res, rawPath)
          return
        }
        res.writeHead(response.status, Object.fromEntries(response.headers))
        res.end(Buffer.from(await response.arrayBuffer()))
      },
    )
  })
  const serveFile = (_req: http.IncomingMessage, res: http.ServerResponse, rawPath: string): void => {
    const path = decodeURIComponent(rawPath)
    // Chromium asks web pages for a favicon; the app has none to serve here.
    if (path === '/favicon.ico') {
      res.writeHead(204).end()
      return
    }
    const file = normalize(join(RENDERER_DIR, path === '/' ? 'index.html' : path))
    if (!file.startsWith(RENDERER_DIR)) {
      res.writeHead(403).end()
      return
    }
    readFile(file).then(
      (body) => {
        res.writeHead(200, {
          'content-type': MIME[extname(file)] ?? 'application/octet-stream',
          'content-security-policy': csp,
        })
        res.end(body)
      },
      () => res.writeHead(404, { 'content-security-policy': csp }).end(),
    )
  }
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done))
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  return {
    origin,
    close: () =>
      new Promise<void>((done) => {
        server.closeAllConnections()
        server.close(() => done())
      }),
  }
}

let browser: Promise<Browser> | undefined

function sharedBrowser(): Promise<Browser> {
  browser ??= chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: CHROMIUM_ARGS,
  })
  return browser
}

/** Closes the browser shared by every launch in this test file. */
export async function closeBrowser(): Promise<void> {
  const current = browser
  browser = undefined
  if (current) await (await current).close()
}

export async function launchApp(options: LaunchOptions): Promise<LaunchedApp> {
  const starting = startTestBackend({
    userDataDir: options.userDataDir,
    ...(options.localServers ? { localServers: options.localServers } : {}),
    ...(options.modelTitles ? { modelTitles: true } : {}),
  })
  const uploads: Uploads = new Map()
  const [preload, server, backend, chromiumBrowser] = await Promise.all([
    bundlePreload(),
    serveRenderer(async (hash) => (await starting).attachments.serveImage(hash), uploads),
    starting,
    sharedBrowser(),
  ])
  const context = await chromiumBrowser.newContext({
    viewport: options.viewport ?? { width: 1280, height: 800 },
    colorScheme: options.colorScheme ?? 'light',
    locale: options.locale ?? 'en-US',
  })
  const page = await context.newPage()
  const isOwnUrl = (url: string): boolean => url.startsWith(`${server.origin}/`)

  await page.exposeBinding('__e2eInvoke', async (source, channel: string, args: unknown[]) => {
    // Channels are derived from the IPC table; a name the table does not declare has no handler.
    const channelHandler = channelHandlers.get(channel as Channel)
    if (!channelHandler)
      return JSON.stringify({
        ok: false,
        error: { code: 'invalid_payload', message: `No channel ${channel}` },
      })
    const frame = { url: source.frame.url(), parent: source.frame.parentFrame() === null ? null : {} }
    const result = await handleInvoke(
      channel as Channel,
      channelHandler,
      { senderFrame: frame as never },
      args.map((arg) => reviveBytes(arg, uploads)),
      {
        getBackend: () => backend.backend,
        isOwnUrl,
      },
    )
    // One JSON string crosses the bridge faster than a structured object (Electron's IPC is faster still).
    return JSON.stringify(result)
  })
  // Main's events reach the page in order, like webContents.send.
  let delivery = Promise.resolve()
  backend.onEvent = (channel, payload) => {
    delivery = delivery
      .then(() =>
        page.evaluate(
          ([c, p]) => (window as unknown as { __e2eEmit(c: string, p: unknown): void }).__e2eEmit(c, p),
          [channel, payload] as const,
        ),
      )
      .catch(() => undefined)
  }
  await page.addInitScript({ content: preload })
  await page.goto(`${server.origin}/index.html`)

  let closed = false
  return {
    page,
    backend,
    close: async () => {
      if (closed) return
      closed = true
      backend.onEvent = undefined
      await context.close()
      await backend.shutdown()
      await server.close()
    },
  }
}
