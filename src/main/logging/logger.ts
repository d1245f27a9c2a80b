/**
 * The main process's logger: one line per event (time, level, scope, message, a few fields), every line
 * redacted before it leaves, written to whatever sink is injected (the rotating file in the app). Modules
 * get a Logger passed in, so tests can read what they log and the library (src/main/llm) needs none.
 */
import { redactSecrets } from '../llm/errors'

export type LogLevel = 'debug' | 'info' | 'warn' | 'error'

const RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 }

/** Small structured facts: scalars, or an error (reduced to its name, code and message). */
export type LogValue = string | number | boolean | null | undefined | Error
export type LogFields = Readonly<Record<string, LogValue>>

export interface Logger {
  debug(message: string, fields?: LogFields): void
  info(message: string, fields?: LogFields): void
  warn(message: string, fields?: LogFields): void
  error(message: string, fields?: LogFields): void
  /** The same logger, its lines marked with another scope ("ipc", "storage", ...). */
  child(scope: string): Logger
}

/** Where finished lines go: a file, a test's array. Each line ends without a newline. */
export type LogSink = (line: string) => void

export interface LoggerOptions {
  sink: LogSink
  /** Lines below this level are dropped. */
  level?: LogLevel
  scope?: string
  now?: () => number
}

/** Field values longer than this are cut: a line is a summary, not a dump. */
const MAX_VALUE_LENGTH = 1000

function errorText(error: Error): string {
  const code = (error as { code?: unknown }).code
  const prefix = typeof code === 'string' || typeof code === 'number' ? `${error.name}[${code}]` : error.name
  return `${prefix}: ${error.message}`
}

function formatValue(value: LogValue): string {
  let text = value instanceof Error ? errorText(value) : String(value)
  if (text.length > MAX_VALUE_LENGTH) text = `${text.slice(0, MAX_VALUE_LENGTH)}…`
  // Quoted when it would otherwise be ambiguous, so a line splits back into its fields.
  return /^[^\s"=]+$/.test(text) ? text : JSON.stringify(text)
}

/**
 * One event as one line: `2025-01-02T03:04:05.678Z WARN  [ipc] message key=value key="two words"`.
 * Newlines in the message become spaces (one event, one line); the whole line is redacted last, so a
 * secret is scrubbed wherever it hides (message, field, an error's text).
 */
export function formatLine(
  time: number,
  level: LogLevel,
  scope: string,
  message: string,
  fields: LogFields = {},
): string {
  const parts = [new Date(time).toISOString(), level.toUpperCase().padEnd(5), `[${scope}]`, message]
  for (const [key, value] of Object.entries(fields)) {
    if (value === undefined) continue
    parts.push(`${key}=${formatValue(value)}`)
  }
  return redactSecrets(parts.join(' ').replace(/\r?\n/g, ' ↵ '))
}

export function createLogger(options: LoggerOptions): Logger {
  const threshold = RANK[options.level ?? 'info']
  const now = options.now ?? Date.now
  const make = (scope: string): Logger => {
    const log =
      (level: LogLevel) =>
      (message: string, fields?: LogFields): void => {
        if (RANK[level] < threshold) return
        options.sink(formatLine(now(), level, scope, message, fields))
      }
    return {
      debug: log('debug'),
      info: log('info'),
      warn: log('warn'),
      error: log('error'),
      child: (child) => make(child),
    }
  }
  return make(options.scope ?? 'main')
}

/** Whatever was thrown, as an Error a log field can carry. */
export function asError(thrown: unknown): Error {
  return thrown instanceof Error ? thrown : new Error(String(thrown))
}

const ignore = (): void => undefined

/** A logger that writes nothing: the default where none is given. */
export const silentLogger: Logger = {
  debug: ignore,
  info: ignore,
  warn: ignore,
  error: ignore,
  child: () => silentLogger,
}
