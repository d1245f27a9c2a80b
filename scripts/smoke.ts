/**
 * `npm run smoke`: the real app in real Electron, once, end to end.
 *
 * Builds, launches Electron on out/ with a temporary data folder of its own (PROXYCHAT_USER_DATA_DIR,
 * honoured only by unpackaged runs) and a fake provider on 127.0.0.1, then drives one chat through
 * the Chrome DevTools Protocol as a user would: the provider is set through the window's own API,
 * the question typed into the message box and sent with Enter. It checks the reply shows, closes
 * the window, checks Electron exited cleanly (code 0), and that the reply is saved in the data folder.
 *
 * DevTools: `--remote-debugging-port=0` is passed on this command line only, so Chromium listens on
 * 127.0.0.1 at a free port for this run. (Chromium honours that switch in any Electron app; the
 * EnableNodeCliInspectArguments fuse covers Node's --inspect, not it.)
 *
 * Without Electron's binary (node_modules/electron/dist; `npm start` installs it) it says so and
 * exits 0 having checked nothing. On Linux with no display it runs under `xvfb-run`.
 */
import { spawn, spawnSync } from 'node:child_process'
import type { ChildProcess } from 'node:child_process'
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { chromium } from 'playwright-core'
import type { Browser, Page } from 'playwright-core'
import { startFakeProvider } from '../test/fixtures/fake-provider'
import { installedExecutable } from './electron-binary'

const ROOT = resolve(import.meta.dirname, '..')
const QUESTION = 'Smoke test: are you there?'
const REPLY = 'Yes — the real Electron app answered. Да, всё работает.'
const STEP_TIMEOUT_MS = 30_000

function fail(message: string): never {
  throw new Error(message)
}

function electronBinary(): string | null {
  const override = process.env['ELECTRON_EXEC_PATH']
  if (override) return override
  const electronDir = dirname(createRequire(import.meta.url).resolve('electron/package.json'))
  const { version } = JSON.parse(readFileSync(join(electronDir, 'package.json'), 'utf8')) as {
    version: string
  }
  return installedExecutable(electronDir, version, process.platform)
}

function hasDisplay(): boolean {
  return process.platform !== 'linux' || Boolean(process.env['DISPLAY'] || process.env['WAYLAND_DISPLAY'])
}

function onPath(command: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0
}

/** Resolves with the DevTools WebSocket address Chromium prints on stderr. */
function devToolsEndpoint(child: ChildProcess, log: string[]): Promise<string> {
  return new Promise((resolvePromise, reject) => {
    const timer = setTimeout(
      () => reject(new Error('Electron printed no DevTools address in 30 s')),
      STEP_TIMEOUT_MS,
    )
    child.stderr?.setEncoding('utf8')
    child.stderr?.on('data', (chunk: string) => {
      log.push(chunk)
      const match = /DevTools listening on (ws:\/\/\S+)/.exec(log.join(''))
      if (match?.[1] !== undefined) {
        clearTimeout(timer)
        resolvePromise(match[1])
      }
    })
    child.on('exit', (code, signal) => {
      clearTimeout(timer)
      reject(new Error(`Electron exited before DevTools was up (${signal ?? `code ${code}`})`))
    })
  })
}

async function appPage(browser: Browser): Promise<Page> {
  const deadline = Date.now() + STEP_TIMEOUT_MS
  while (Date.now() < deadline) {
    for (const context of browser.contexts())
      for (const page of context.pages()) if (page.url().startsWith('app://proxychat/')) return page
    await new Promise((done) => setTimeout(done, 200))
  }
  return fail('no window showed app://proxychat/ within 30 s')
}

/** Every assistant message saved in the data folder's conversation files. */
function savedReplies(userData: string): { content: unknown; status: unknown }[] {
  const found: { content: unknown; status: unknown }[] = []
  const walk = (value: unknown): void => {
    if (Array.isArray(value)) value.forEach(walk)
    else if (typeof value === 'object' && value !== null) {
      const record = value as Record<string, unknown>
      if (record['role'] === 'assistant') found.push({ content: record['content'], status: record['status'] })
      Object.values(record).forEach(walk)
    }
  }
  const dir = join(userData, 'conversations')
  for (const name of readdirSync(dir))
    if (name.endsWith('.json')) walk(JSON.parse(readFileSync(join(dir, name), 'utf8')))
  return found
}

function waitForExit(
  child: ChildProcess,
  ms: number,
): Promise<{ code: number | null; signal: string | null } | null> {
  if (child.exitCode !== null || child.signalCode !== null)
    return Promise.resolve({ code: child.exitCode, signal: child.signalCode })
  return new Promise((done) => {
    const timer = setTimeout(() => done(null), ms)
    child.once('exit', (code, signal) => {
      clearTimeout(timer)
      done({ code, signal })
    })
  })
}

async function main(): Promise<number> {
  const binary = electronBinary()
  if (binary === null) {
    console.log(
      "Smoke test skipped: Electron's binary is not installed (node_modules/electron/dist), so nothing",
    )
    console.log(
      'was checked. `npm start` installs it (see README, "Electron behind a proxy"); then run it again.',
    )
    return 0
  }
  const wrapper = hasDisplay() ? [] : onPath('xvfb-run') ? ['xvfb-run', '-a'] : null
  if (wrapper === null) {
    console.error(
      'Smoke test: no display (DISPLAY / WAYLAND_DISPLAY) and no xvfb-run to make one (apt-get install xvfb).',
    )
    return 1
  }

  console.log('Smoke test: building…')
  const build = spawnSync('npm', ['run', 'build'], {
    cwd: ROOT,
    stdio: 'inherit',
    shell: process.platform === 'win32',
  })
  if (build.status !== 0) return fail('the build failed')

  const userData = mkdtempSync(join(tmpdir(), 'proxychat-smoke-'))
  const fake = await startFakeProvider({ models: ['smoke-model'], default: { text: REPLY } })
  const env: NodeJS.ProcessEnv = { ...process.env, PROXYCHAT_USER_DATA_DIR: userData }
  delete env['ELECTRON_RUN_AS_NODE']
  delete env['ELECTRON_RENDERER_URL']
  const [command = binary, ...args] = [...wrapper, binary, ROOT, '--remote-debugging-port=0']
  const child = spawn(command, args, { cwd: ROOT, env, stdio: ['ignore', 'inherit', 'pipe'] })
  const log: string[] = []
  let browser: Browser | null = null
  try {
    console.log(`Smoke test: launched ${binary} with data in ${userData}`)
    browser = await chromium.connectOverCDP(await devToolsEndpoint(child, log), { timeout: STEP_TIMEOUT_MS })
    const page = await appPage(browser)
    page.setDefaultTimeout(STEP_TIMEOUT_MS)
    await page.locator('.app:not(.app--loading)').waitFor()

    // The provider, through the window's own API (the real preload and IPC), then a reload to show it.
    await page.evaluate(async (baseURL) => {
      const api = window.proxychat
      if (api === undefined) throw new Error('the preload exposed no window.proxychat')
      await api.settings.update({
        providers: [{ id: 'smoke', kind: 'custom', name: 'Smoke', baseURL, enabled: true }],
        defaultModel: { providerId: 'smoke', model: 'smoke-model' },
      })
    }, fake.baseURL)
    await page.reload()
    await page.locator('.app:not(.app--loading)').waitFor()

    const box = page.getByRole('textbox', { name: 'Message' })
    await box.fill(QUESTION)
    await box.press('Enter')
    await page.getByRole('article').filter({ hasText: REPLY }).waitFor()
    await page.getByRole('button', { name: 'Send' }).waitFor()
    const asked = fake.requests.filter((request) => request.path === '/v1/chat/completions')
    if (asked.length !== 1) fail(`the provider got ${asked.length} chat requests, not 1`)
    console.log('Smoke test: the reply arrived in the window.')

    // Closing the last window quits the app (Windows, Linux); macOS keeps running, so it gets SIGTERM.
    await page.evaluate(() => window.close()).catch(() => undefined)
    let exit = await waitForExit(child, 15_000)
    if (exit === null && process.platform === 'darwin') {
      child.kill('SIGTERM')
      exit = await waitForExit(child, 15_000)
    }
    if (exit === null) fail('Electron did not exit within 15 s of its last window closing')
    if (exit.code !== 0) fail(`Electron exited with ${exit.signal ?? `code ${exit.code}`}, not 0`)
    console.log('Smoke test: Electron exited cleanly (code 0).')

    const saved = savedReplies(userData)
    if (!saved.some((reply) => reply.content === REPLY && reply.status === 'done'))
      fail(`the reply is not saved as done in ${join(userData, 'conversations')}: ${JSON.stringify(saved)}`)
    console.log('Smoke test: the reply is saved in the data folder. Passed.')
    return 0
  } catch (error) {
    console.error(`Smoke test FAILED: ${error instanceof Error ? error.message : String(error)}`)
    const tail = log.join('').split('\n').slice(-30).join('\n')
    if (tail.trim() !== '') console.error(`Electron's last output:\n${tail}`)
    return 1
  } finally {
    await browser?.close().catch(() => undefined)
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
    await fake.close()
    rmSync(userData, { recursive: true, force: true })
  }
}

process.exitCode = await main().catch((error: unknown) => {
  console.error(`Smoke test FAILED: ${error instanceof Error ? error.message : String(error)}`)
  return 1
})
