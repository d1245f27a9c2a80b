/**
 * The app's log: a logger writing to `<data folder>/logs/main.log` (rotated at 1 MB, three kept), and,
 * in a development run, the same lines on stderr.
 */
import { join } from 'node:path'
import { createLogger, type Logger, type LogLevel } from './logger'
import { RotatingFile } from './rotating-file'

export interface AppLog {
  logger: Logger
  /** The folder Help › Show Logs opens. */
  dir: string
  /** Resolves once every line so far is written (on quit). */
  flush(): Promise<void>
}

export function logsFolder(userDataDir: string): string {
  return join(userDataDir, 'logs')
}

export function openAppLog(options: {
  userDataDir: string
  level: LogLevel
  /** Also write each line here (a development run's terminal). */
  mirror?: (line: string) => void
  now?: () => number
}): AppLog {
  const dir = logsFolder(options.userDataDir)
  const file = new RotatingFile({ dir })
  const logger = createLogger({
    level: options.level,
    ...(options.now === undefined ? {} : { now: options.now }),
    sink: (line) => {
      file.write(line)
      options.mirror?.(line)
    },
  })
  return { logger, dir, flush: () => file.flush() }
}
