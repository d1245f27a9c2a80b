import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync, existsSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { registerSecret } from '../../../src/main/llm/errors'
import { openAppLog } from '../../../src/main/logging/app-log'
import { RotatingFile } from '../../../src/main/logging/rotating-file'

let dir: string

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'proxychat-log-'))
})

afterEach(() => {
  rmSync(dir, { recursive: true, force: true })
})

const read = (name: string): string => readFileSync(join(dir, name), 'utf8')

describe('RotatingFile', () => {
  it('appends lines in order, creating the folder, without waiting for the disk', async () => {
    const file = new RotatingFile({ dir: join(dir, 'logs') })
    for (let i = 0; i < 50; i += 1) file.write(`line ${i}`)
    // Nothing has been written yet: write() only queues.
    expect(existsSync(join(dir, 'logs', 'main.log'))).toBe(false)
    await file.flush()
    const lines = readFileSync(join(dir, 'logs', 'main.log'), 'utf8').split('\n')
    expect(lines.slice(0, 50)).toEqual(Array.from({ length: 50 }, (_, i) => `line ${i}`))
    expect(lines[50]).toBe('')
  })

  it('rotates before a file would pass maxBytes and keeps only `keep` old files', async () => {
    const file = new RotatingFile({ dir, maxBytes: 100, keep: 3 })
    // 10 lines of 20 bytes each (19 + newline): five lines per file.
    const line = (n: number): string => `entry-${String(n).padStart(3, '0')}-xxxxxxx`
    for (let round = 0; round < 5; round += 1) {
      for (let i = 0; i < 5; i += 1) file.write(line(round * 5 + i))
      await file.flush()
    }
    expect(readdirSync(dir).sort()).toEqual(['main.log', 'main.log.1', 'main.log.2', 'main.log.3'])
    for (const name of readdirSync(dir)) expect(Buffer.byteLength(read(name))).toBeLessThanOrEqual(100)
    // The newest lines are in main.log, the older ones shifted; the first round has been dropped.
    expect(read('main.log')).toContain(line(24))
    expect(read('main.log.1')).toContain(line(19))
    expect(read('main.log.3')).toContain(line(5))
    expect(readdirSync(dir).map(read).join('')).not.toContain(line(4))
  })

  it('rotates within one batch too', async () => {
    const file = new RotatingFile({ dir, maxBytes: 50, keep: 1 })
    for (let i = 0; i < 6; i += 1) file.write(`batch-line-${i}-abcdef`) // 21 bytes each
    await file.flush()
    expect(readdirSync(dir).sort()).toEqual(['main.log', 'main.log.1'])
    expect(read('main.log')).toBe('batch-line-4-abcdef\nbatch-line-5-abcdef\n')
    expect(read('main.log.1')).toBe('batch-line-2-abcdef\nbatch-line-3-abcdef\n')
  })

  it('counts an existing file against the limit after a restart', async () => {
    writeFileSync(join(dir, 'main.log'), 'x'.repeat(95) + '\n')
    const file = new RotatingFile({ dir, maxBytes: 100 })
    file.write('after restart')
    await file.flush()
    expect(read('main.log')).toBe('after restart\n')
    expect(read('main.log.1')).toHaveLength(96)
  })

  it('drops lines past the queue bound and says how many', async () => {
    const file = new RotatingFile({ dir, maxQueuedLines: 3 })
    for (let i = 0; i < 10; i += 1) file.write(`l${i}`)
    await file.flush()
    const text = read('main.log')
    expect(text).toContain('l0\n')
    expect(text).toMatch(/\(\d+ log lines dropped/)
  })

  it('survives a folder it cannot write to', async () => {
    writeFileSync(join(dir, 'blocked'), '')
    const file = new RotatingFile({ dir: join(dir, 'blocked') })
    file.write('lost')
    await expect(file.flush()).resolves.toBeUndefined()
  })
})

describe('openAppLog', () => {
  it('writes redacted lines to <data>/logs/main.log: no API key or proxy password reaches the file', async () => {
    const apiKey = 'sk-proj-Secret0123456789abcdef'
    const proxyPassword = 'hunter2-proxy!'
    registerSecret(apiKey)
    registerSecret(proxyPassword)
    const mirrored: string[] = []
    const log = openAppLog({ userDataDir: dir, level: 'info', now: () => 0, mirror: (l) => mirrored.push(l) })
    expect(log.dir).toBe(join(dir, 'logs'))
    log.logger.child('chat').error(`Request failed with key ${apiKey}`, {
      proxy: `http://bob:${encodeURIComponent(proxyPassword)}@10.0.0.1:3128`,
      error: new Error(`407 for password ${proxyPassword}`),
    })
    log.logger.debug('not at info level')
    await log.flush()
    const text = readFileSync(join(dir, 'logs', 'main.log'), 'utf8')
    expect(text.split('\n')).toHaveLength(2)
    expect(text).toContain('ERROR [chat] Request failed with key ***')
    expect(text).not.toContain(apiKey)
    expect(text).not.toContain(proxyPassword)
    expect(text).not.toContain(encodeURIComponent(proxyPassword))
    expect(mirrored).toEqual([text.trimEnd()])
  })
})
