/**
 * `npm start` and `npm run dev` run this first (prestart, predev): it makes sure Electron's binary
 * is in node_modules/electron, and otherwise installs it with Electron's own installer.
 *
 *  - Installed already: exits 0 at once, printing nothing.
 *  - Not installed: asks the download address for an answer within a few seconds (through the
 *    user's proxy, as the installer will), then runs node_modules/electron/install.js (the
 *    `install-electron` bin) with a proxy turned on when HTTPS_PROXY is set.
 *  - It cannot download: exits 1 with what to do (proxy variables, a mirror, or the exact zip and
 *    folder for a manual download), never a stack trace and never a password.
 *
 * `npm install` downloads nothing (Electron 42+ has no postinstall), so it keeps working offline.
 *
 * Options (tests): --electron-dir <dir> (default: the installed `electron` package),
 * --timeout-ms <n> (how long the address may take to answer; default 10 s).
 */
import { spawn } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { homedir } from 'node:os'
import { dirname, join } from 'node:path'
import { parseArgs } from 'node:util'
import { EnvHttpProxyAgent, fetch } from 'undici'
import type { Env } from './electron-binary'
import {
  artifactFileName,
  artifactUrl,
  cacheFolderFor,
  cacheRoot,
  installAdvice,
  installedExecutable,
  installerEnv,
  redactCredentials,
  targetOf,
} from './electron-binary'

const DEFAULT_TIMEOUT_MS = 10_000

/** Why the address gave no usable answer within the time, or null when it did. */
async function probe(url: string, env: Env, timeoutMs: number): Promise<string | null> {
  if (!/^https?:/i.test(url)) return null
  // The installer goes through the proxy exactly when ELECTRON_GET_USE_PROXY is set (undici's
  // EnvHttpProxyAgent, HTTPS_PROXY / HTTP_PROXY / NO_PROXY): so does this question.
  const dispatcher = env['ELECTRON_GET_USE_PROXY'] ? new EnvHttpProxyAgent() : undefined
  try {
    const response = await fetch(url, {
      method: 'GET',
      redirect: 'follow',
      signal: AbortSignal.timeout(timeoutMs),
      ...(dispatcher === undefined ? {} : { dispatcher }),
    })
    await response.body?.cancel()
    return response.ok ? null : `the server answered HTTP ${response.status} ${response.statusText}`.trim()
  } catch (error) {
    return describeFetchError(error, timeoutMs)
  } finally {
    await dispatcher?.close()
  }
}

function describeFetchError(error: unknown, timeoutMs: number): string {
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError'))
    return `no answer within ${Math.round(timeoutMs / 1000)} s (no network, or a proxy is needed)`
  // fetch wraps the reason in causes ("fetch failed" → "Request was cancelled." → the proxy's answer).
  let deepest: unknown = error
  while (deepest instanceof Error && deepest.cause instanceof Error) deepest = deepest.cause
  const message = deepest instanceof Error ? deepest.message : String(deepest)
  const proxyStatus = /Proxy response \((\d+)\)/.exec(message)?.[1]
  if (proxyStatus === '407') return 'the proxy wants a username and password, or rejected them (HTTP 407)'
  if (proxyStatus !== undefined) return `the proxy refused the connection (HTTP ${proxyStatus})`
  const code =
    typeof deepest === 'object' && deepest !== null && 'code' in deepest && typeof deepest.code === 'string'
      ? deepest.code
      : undefined
  return code !== undefined && !message.includes(code) ? `${code}: ${message}` : message
}

/** Runs Electron's installer; resolves with its first error line, or null when it succeeded. */
function runInstaller(electronDir: string, env: Env): Promise<string | null> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [join(electronDir, 'install.js')], {
      env: { ...env },
      stdio: ['ignore', 'inherit', 'pipe'],
    })
    let stderr = ''
    child.stderr.setEncoding('utf8')
    child.stderr.on('data', (chunk: string) => {
      stderr += chunk
    })
    child.on('error', (error) => resolve(error.message))
    child.on('close', (code, signal) => {
      if (code === 0) return resolve(null)
      const firstLine = stderr.split('\n').find((line) => line.trim() !== '')
      resolve(firstLine?.trim() ?? `the installer exited with ${signal ?? `code ${code}`}`)
    })
  })
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: { 'electron-dir': { type: 'string' }, 'timeout-ms': { type: 'string' } },
  })
  const electronDir =
    values['electron-dir'] ?? dirname(createRequire(import.meta.url).resolve('electron/package.json'))
  const timeoutMs = Number(values['timeout-ms'] ?? DEFAULT_TIMEOUT_MS)
  const env = installerEnv(process.env)
  const { version } = JSON.parse(readFileSync(join(electronDir, 'package.json'), 'utf8')) as {
    version: string
  }
  const { platform, arch } = targetOf(env, process)

  // electron-vite runs ELECTRON_EXEC_PATH when it is set, and nothing needs downloading.
  const execPath = env['ELECTRON_EXEC_PATH']
  if (execPath && existsSync(execPath)) return 0
  if (installedExecutable(electronDir, version, platform) !== null) return 0

  const fileName = artifactFileName(version, platform, arch)
  const url = artifactUrl(env, version, fileName)
  const cacheFolder = cacheFolderFor(cacheRoot(env, process.platform, homedir()), url, process.platform)
  const advise = (reason: string): number => {
    console.error(
      `\n${installAdvice({ version, platform, arch, url, cacheFolder, fileName, reason, env })}\n`,
    )
    return 1
  }

  const cached = existsSync(join(cacheFolder, fileName))
  if (cached) {
    console.log(`Installing Electron ${version} from ${join(cacheFolder, fileName)}…`)
  } else {
    console.log(`Electron ${version} is not installed yet: downloading it (about 100 MB) from`)
    console.log(`  ${redactCredentials(url)}`)
    const unreachable = await probe(url, env, timeoutMs)
    if (unreachable !== null) return advise(unreachable)
  }
  const failure = await runInstaller(electronDir, env)
  if (failure !== null) return advise(failure)
  if (installedExecutable(electronDir, version, platform) === null)
    return advise('the installer finished, but the binary is not in node_modules/electron/dist')
  console.log(`Electron ${version} is installed.`)
  return 0
}

process.exitCode = await main().catch((error: unknown) => {
  console.error(redactCredentials(error instanceof Error ? error.message : String(error)))
  return 1
})
