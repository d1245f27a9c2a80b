import { describe, expect, it } from 'vitest'
import { registerSecret } from '../../../src/main/llm/errors'
import { createLogger, formatLine, silentLogger } from '../../../src/main/logging/logger'
import type { LogLevel } from '../../../src/main/logging/logger'

const T0 = Date.UTC(2025, 0, 2, 3, 4, 5, 678)

function recording(level?: LogLevel): { lines: string[]; logger: ReturnType<typeof createLogger> } {
  const lines: string[] = []
  const logger = createLogger({
    sink: (line) => lines.push(line),
    now: () => T0,
    ...(level === undefined ? {} : { level }),
  })
  return { lines, logger }
}

describe('formatLine', () => {
  it('writes time, level, scope, message and fields on one line', () => {
    expect(
      formatLine(T0, 'warn', 'ipc', 'Could not send', { channel: 'event:stream', attempts: 2, ok: false }),
    ).toBe('2025-01-02T03:04:05.678Z WARN  [ipc] Could not send channel=event:stream attempts=2 ok=false')
  })

  it('quotes values with spaces, skips undefined ones and reduces errors to name, code and message', () => {
    const error = Object.assign(new Error('no such file'), { code: 'ENOENT' })
    const line = formatLine(T0, 'error', 'storage', 'Read failed', { path: 'a b', gone: undefined, error })
    expect(line).toBe(
      '2025-01-02T03:04:05.678Z ERROR [storage] Read failed path="a b" error="Error[ENOENT]: no such file"',
    )
  })

  it('keeps one event on one line and cuts long values', () => {
    const line = formatLine(T0, 'info', 'main', 'first\nsecond', { long: 'x'.repeat(3000) })
    expect(line).not.toContain('\n')
    expect(line).toContain('first ↵ second')
    expect(line.length).toBeLessThan(1200)
  })

  it('redacts key-shaped tokens, credentials in URLs and registered secrets wherever they appear', () => {
    registerSecret('proxy-pass-Zq81')
    const line = formatLine(T0, 'error', 'chat', 'Failed with sk-abcdefghijklmnop1234', {
      proxy: 'http://alice:proxy-pass-Zq81@proxy.local:8080',
      error: new Error('auth header Bearer abc.def.ghi rejected; password proxy-pass-Zq81'),
    })
    expect(line).not.toContain('sk-abcdefghijklmnop1234')
    expect(line).not.toContain('proxy-pass-Zq81')
    expect(line).not.toContain('alice:')
    expect(line).not.toContain('abc.def.ghi')
  })
})

describe('createLogger', () => {
  it('drops lines below its level (info by default)', () => {
    const { lines, logger } = recording()
    logger.debug('hidden')
    logger.info('shown')
    logger.warn('shown too')
    logger.error('and this')
    expect(lines.map((l) => l.split(' ')[1])).toEqual(['INFO', 'WARN', 'ERROR'])
  })

  it('writes debug lines when asked to, and only errors at error level', () => {
    const debug = recording('debug')
    debug.logger.debug('detail')
    expect(debug.lines).toHaveLength(1)
    const errors = recording('error')
    errors.logger.warn('no')
    errors.logger.error('yes')
    expect(errors.lines).toEqual(['2025-01-02T03:04:05.678Z ERROR [main] yes'])
  })

  it('gives children their own scope and the same sink and level', () => {
    const { lines, logger } = recording('warn')
    const ipc = logger.child('ipc')
    ipc.info('dropped')
    ipc.warn('kept')
    expect(lines).toEqual(['2025-01-02T03:04:05.678Z WARN  [ipc] kept'])
  })

  it('silentLogger writes nothing and stays silent for children', () => {
    expect(() => {
      silentLogger.error('nothing')
      silentLogger.child('x').warn('nothing')
    }).not.toThrow()
    expect(silentLogger.child('x')).toBe(silentLogger)
  })
})
