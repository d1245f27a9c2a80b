/**
 * scripts/ensure-electron.ts as `npm start` runs it, against a node_modules/electron laid out in a
 * temp folder (Electron 45's real package.json and install.js, with @electron/get linked in) and
 * a mirror on 127.0.0.1 (ELECTRON_MIRROR). Nothing leaves the machine; the cache is a temp folder.
 */
import { spawn } from 'node:child_process'
import { createHash } from 'node:crypto'
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs'
import { createServer } from 'node:http'
import type { IncomingMessage, Server, ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Duplex } from 'node:stream'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { crc32 } from 'node:zlib'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'

const ROOT = resolve(import.meta.dirname, '../..')
const SCRIPT = join(ROOT, 'scripts/ensure-electron.ts')
const REAL_ELECTRON = join(ROOT, 'node_modules/electron')
const VERSION = (JSON.parse(readFileSync(join(REAL_ELECTRON, 'package.json'), 'utf8')) as { version: string })
  .version
const ZIP = `electron-v${VERSION}-linux-x64.zip`

let temp: string
let electronDir: string
let cache: string
const servers: Server[] = []

beforeEach(() => {
  temp = mkdtempSync(join(tmpdir(), 'proxychat-ensure-electron-'))
  const modules = join(temp, 'node_modules')
  electronDir = join(modules, 'electron')
  mkdirSync(electronDir, { recursive: true })
  for (const file of ['package.json', 'install.js', 'checksums.json'])
    copyFileSync(join(REAL_ELECTRON, file), join(electronDir, file))
  // install.js requires these; linked, they resolve their own dependencies from the real tree.
  for (const scope of ['@electron', '@electron-internal'])
    symlinkSync(join(ROOT, 'node_modules', scope), join(modules, scope), 'dir')
  cache = join(temp, 'cache')
})

afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => new Promise((done) => server.close(done))))
  rmSync(temp, { recursive: true, force: true })
})

async function serve(handler: (request: IncomingMessage, response: ServerResponse) => void): Promise<string> {
  const server = createServer(handler)
  servers.push(server)
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done))
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/`
}

/** A port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done))
  const { port } = server.address() as AddressInfo
  await new Promise((done) => server.close(done))
  return port
}

interface Run {
  code: number | null
  stdout: string
  stderr: string
  ms: number
}

/** Runs the script as npm would, with only the variables given (no proxy or mirror of this machine). */
function run(vars: Record<string, string>, args: string[] = []): Promise<Run> {
  const env: Record<string, string> = {}
  for (const [name, value] of Object.entries(process.env))
    if (value !== undefined && !/proxy|^electron_|^npm_config_electron/i.test(name)) env[name] = value
  Object.assign(env, { electron_config_cache: cache, ELECTRON_GET_NO_PROGRESS: '1' }, vars)
  const started = performance.now()
  return new Promise((done) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', SCRIPT, '--electron-dir', electronDir, ...args],
      { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] },
    )
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    child.on('close', (code) => done({ code, stdout, stderr, ms: performance.now() - started }))
  })
}

function expectAdvice(result: Run): void {
  expect(result.code).toBe(1)
  expect(result.stderr).toContain(`Could not download Electron ${VERSION}`)
  expect(result.stderr).toContain('ELECTRON_GET_USE_PROXY=1')
  expect(result.stderr).toContain('HTTPS_PROXY=http://user:password@')
  expect(result.stderr).toContain('ELECTRON_MIRROR=')
  expect(result.stderr).toContain(ZIP)
  expect(result.stderr).toContain(cache)
  expect(result.stderr).not.toMatch(/\n\s+at /) // no stack trace
}

/** A zip of stored (uncompressed) files, enough for Electron's extractor. */
function zip(files: Record<string, string>): Buffer {
  const locals: Buffer[] = []
  const centrals: Buffer[] = []
  let offset = 0
  for (const [name, text] of Object.entries(files)) {
    const data = Buffer.from(text)
    const nameBytes = Buffer.from(name)
    const crc = crc32(data)
    const local = Buffer.alloc(30)
    local.writeUInt32LE(0x04034b50, 0)
    local.writeUInt16LE(20, 4)
    local.writeUInt32LE(crc, 14)
    local.writeUInt32LE(data.length, 18)
    local.writeUInt32LE(data.length, 22)
    local.writeUInt16LE(nameBytes.length, 26)
    const central = Buffer.alloc(46)
    central.writeUInt32LE(0x02014b50, 0)
    central.writeUInt16LE((3 << 8) | 20, 4) // made on Unix, so the mode below counts
    central.writeUInt16LE(20, 6)
    central.writeUInt32LE(crc, 16)
    central.writeUInt32LE(data.length, 20)
    central.writeUInt32LE(data.length, 24)
    central.writeUInt16LE(nameBytes.length, 28)
    central.writeUInt32LE((0o100755 << 16) >>> 0, 38)
    central.writeUInt32LE(offset, 42)
    locals.push(local, nameBytes, data)
    centrals.push(central, nameBytes)
    offset += local.length + nameBytes.length + data.length
  }
  const directory = Buffer.concat(centrals)
  const end = Buffer.alloc(22)
  end.writeUInt32LE(0x06054b50, 0)
  end.writeUInt16LE(Object.keys(files).length, 8)
  end.writeUInt16LE(Object.keys(files).length, 10)
  end.writeUInt32LE(directory.length, 12)
  end.writeUInt32LE(offset, 16)
  return Buffer.concat([...locals, directory, end])
}

describe.skipIf(process.platform !== 'linux' || process.arch !== 'x64')(
  'npm start: the Electron step',
  () => {
    it('does nothing, quickly and silently, when the binary is installed', async () => {
      mkdirSync(join(electronDir, 'dist'))
      writeFileSync(join(electronDir, 'dist', 'version'), VERSION)
      writeFileSync(join(electronDir, 'dist', 'electron'), '')
      writeFileSync(join(electronDir, 'path.txt'), 'electron')
      // A mirror that would fail: it is never asked.
      const result = await run({ ELECTRON_MIRROR: `http://127.0.0.1:${await closedPort()}/` })
      expect(result).toMatchObject({ code: 0, stdout: '', stderr: '' })
    })

    it('stops within seconds with advice when the mirror refuses connections', async () => {
      const result = await run({ ELECTRON_MIRROR: `http://127.0.0.1:${await closedPort()}/` })
      expectAdvice(result)
      expect(result.stderr).toContain('ECONNREFUSED')
      expect(result.ms).toBeLessThan(8_000)
      expect(existsSync(join(electronDir, 'path.txt'))).toBe(false)
    })

    it('stops with advice when the mirror has no such file (404)', async () => {
      const requested: string[] = []
      const mirror = await serve((request, response) => {
        requested.push(request.url ?? '')
        response.writeHead(404).end('not here')
      })
      const result = await run({ ELECTRON_MIRROR: mirror })
      expectAdvice(result)
      expect(result.stderr).toContain('HTTP 404')
      expect(requested).toEqual([`/v${VERSION}/${ZIP}`])
    })

    it('gives up after the timeout when the address never answers', async () => {
      const mirror = await serve(() => {
        // Accepts the connection and says nothing, like a firewall that drops packets.
      })
      const result = await run({ ELECTRON_MIRROR: mirror }, ['--timeout-ms', '1000'])
      expectAdvice(result)
      expect(result.stderr).toContain('no answer within 1 s')
      expect(result.ms).toBeLessThan(6_000)
    })

    it('goes through the proxy set in HTTP_PROXY (turning ELECTRON_GET_USE_PROXY on), never printing its password', async () => {
      const proxied: string[] = []
      const proxy = await serve(() => undefined)
      // undici tunnels every request through the proxy with CONNECT, http:// targets included.
      servers.at(-1)?.on('connect', (request: IncomingMessage, socket: Duplex) => {
        proxied.push(`${request.method} ${request.url} ${request.headers['proxy-authorization'] ?? ''}`)
        socket.end(
          'HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm="corp"\r\n\r\n',
        )
      })
      const port = new URL(proxy).port
      const result = await run({
        ELECTRON_MIRROR: 'http://mirror.invalid/electron/',
        HTTP_PROXY: `http://alice:p%40ss%2Fw0rd@127.0.0.1:${port}`,
      })
      expectAdvice(result)
      const credentials = Buffer.from('alice:p@ss/w0rd').toString('base64')
      expect(proxied).toEqual([`CONNECT mirror.invalid:80 Basic ${credentials}`])
      expect(result.stderr).toContain('the proxy wants a username and password, or rejected them (HTTP 407)')
      expect(result.stderr).toContain(`HTTP_PROXY=http://***@127.0.0.1:${port}`)
      const output = result.stdout + result.stderr
      for (const secret of ['alice', 'p%40ss', 'w0rd']) expect(output).not.toContain(secret)
    })

    it("installs with Electron's own installer from a mirror", async () => {
      const archive = zip({ electron: '#!/bin/sh\necho fake electron\n', version: `v${VERSION}` })
      const sums = `${createHash('sha256').update(archive).digest('hex')} *${ZIP}\n`
      const requested: string[] = []
      const mirror = await serve((request, response) => {
        requested.push(request.url ?? '')
        if (request.url === `/v${VERSION}/${ZIP}`) response.writeHead(200).end(archive)
        else if (request.url === `/v${VERSION}/SHASUMS256.txt`) response.writeHead(200).end(sums)
        else response.writeHead(404).end()
      })
      // The fake zip is not in checksums.json: the mirror's SHASUMS256.txt vouches for it instead.
      const result = await run({ ELECTRON_MIRROR: mirror, electron_use_remote_checksums: '1' })
      expect(result.stderr).toBe('')
      expect(result.code).toBe(0)
      expect(result.stdout).toContain(`Electron ${VERSION} is installed.`)
      expect(readFileSync(join(electronDir, 'path.txt'), 'utf8')).toBe('electron')
      expect(readFileSync(join(electronDir, 'dist', 'electron'), 'utf8')).toContain('fake electron')
      expect(requested).toContain(`/v${VERSION}/SHASUMS256.txt`)

      // Now it is there: the next start asks nobody.
      requested.length = 0
      const again = await run({ ELECTRON_MIRROR: mirror })
      expect(again).toMatchObject({ code: 0, stdout: '', stderr: '' })
      expect(requested).toEqual([])
    })

    it('installs from a zip placed by hand in the folder the advice names, without downloading it', async () => {
      const archive = zip({ electron: '#!/bin/sh\n', version: VERSION })
      const sums = `${createHash('sha256').update(archive).digest('hex')} *${ZIP}\n`
      const requested: string[] = []
      // A mirror without the zip (so the first run fails), whose SHASUMS256.txt vouches for the fake one.
      const mirror = await serve((request, response) => {
        requested.push(request.url ?? '')
        if (request.url === `/v${VERSION}/SHASUMS256.txt`) response.writeHead(200).end(sums)
        else response.writeHead(404).end()
      })
      const vars = { ELECTRON_MIRROR: mirror, electron_use_remote_checksums: '1' }
      const failed = await run(vars)
      expectAdvice(failed)
      const folder = /\n {5}(\S+)\n {3}The next run/.exec(failed.stderr)?.[1] ?? ''
      expect(folder.startsWith(cache)).toBe(true)
      mkdirSync(folder, { recursive: true })
      writeFileSync(join(folder, ZIP), archive)

      requested.length = 0
      const result = await run(vars)
      expect(result.stderr).toBe('')
      expect(result.code).toBe(0)
      expect(result.stdout).toContain(`Installing Electron ${VERSION} from ${join(folder, ZIP)}`)
      expect(requested).toEqual([`/v${VERSION}/SHASUMS256.txt`])
      expect(readFileSync(join(electronDir, 'path.txt'), 'utf8')).toBe('electron')
    })
  },
)
