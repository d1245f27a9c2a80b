import { randomUUID } from 'node:crypto'
import type { Notice, UnreadableFileFacts } from '../../shared/domain'

/** Where storage reports what the user must be told; main forwards it to the window (buffering until one exists). */
export type NoticeSink = (notice: Notice) => void

export function corruptFileNotice(what: string, asidePath: string): Notice {
  return {
    id: randomUUID(),
    level: 'warning',
    code: 'corrupt_file',
    message: `${what} could not be read. It was moved aside, nothing in it was deleted: ${asidePath}`,
    path: asidePath,
  }
}

export function notice(level: Notice['level'], code: Notice['code'], message: string, path?: string): Notice {
  return { id: randomUUID(), level, code, message, ...(path === undefined ? {} : { path }) }
}

const OUTCOME_TEXT: Record<UnreadableFileFacts['outcome'], string> = {
  defaults: 'Default settings are used for now; the file is left as it is.',
  'session-only': 'Keys and passwords entered now are kept until you quit; the file is left as it is.',
  rebuilt: 'The conversation list was rebuilt from the conversation files.',
  'set-aside': 'It was moved aside (nothing deleted) and the new settings were saved.',
  'not-saved': 'It could not be moved aside either: changes are kept until you quit, not saved.',
}

/** The English text is for logs; the window words the facts itself. */
export function unreadableFileNotice(facts: UnreadableFileFacts, path?: string): Notice {
  const message = `${facts.file} could not be read (${facts.reason}). ${OUTCOME_TEXT[facts.outcome]}`
  return { ...notice('warning', 'unreadable_file', message, path), unreadable: facts }
}
