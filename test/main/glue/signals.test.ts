/**
 * A real process with the real when-exit (which conf/electron-store load): it listens once, cleans up and
 * re-raises the signal. Without a listener of ours the re-raised signal kills the process before anything is
 * saved; with quitOnSignals the process finishes its asynchronous save and exits cleanly.
 */
import { spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'

const CHILD = join(import.meta.dirname, 'fixtures/signal-child.ts')
let dir: string
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'proxychat-signals-'))
})
afterEach(() => {
  rmSync(dir, { recursive: true, force: true })
})

function run(
  mode: 'ours' | 'none',
  signal: NodeJS.Signals,
): Promise<{ code: number | null; signal: string | null; log: string }> {
  const log = join(dir, `${mode}-${signal}.log`)
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD, log, mode], {
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  return new Promise((resolve, reject) => {
    child.stdout.on('data', (data: Buffer) => {
      if (data.toString().includes('ready')) child.kill(signal)
    })
    child.on('error', reject)
    child.on('exit', (code, exitSignal) => {
      let text = ''
      try {
        text = readFileSync(log, 'utf8')
      } catch {
        // nothing logged
      }
      resolve({ code, signal: exitSignal, log: text })
    })
  })
}

describe('quit signals with when-exit loaded', () => {
  for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) {
    it(`${signal}: our listener runs, the save finishes, the process exits cleanly`, async () => {
      const result = await run('ours', signal)
      expect(result).toMatchObject({ code: 0, signal: null })
      expect(result.log).toContain('when-exit')
      expect(result.log).toContain(`signal ${signal}`)
      expect(result.log).toContain('flushed')
    }, 20_000)
  }

  it('without it, the re-raised SIGTERM ends the process before anything is saved', async () => {
    const result = await run('none', 'SIGTERM')
    expect(result.signal).toBe('SIGTERM')
    expect(result.log).toBe('when-exit\n')
  }, 20_000)
})
