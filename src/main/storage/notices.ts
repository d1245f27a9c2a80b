import { randomUUID } from 'node:crypto'
import type { Notice } from '../../shared/domain'

/** Where storage reports what the user must be told; main forwards it to the window (buffering until one exists). */
export type NoticeSink = (notice: Notice) => void

export function corruptFileNotice(what: string, asidePath: string): Notice {
  return {
    id: randomUUID(),
    level: 'warning',
    code: 'corrupt-file',
    message: `${what} could not be read. It was moved aside, nothing in it was deleted: ${asidePath}`,
    path: asidePath,
  }
}

export function notice(level: Notice['level'], code: Notice['code'], message: string, path?: string): Notice {
  return { id: randomUUID(), level, code, message, ...(path === undefined ? {} : { path }) }
}
