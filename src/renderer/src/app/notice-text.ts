/** The words for a notice: main sends facts for the notices the window knows, English text for the rest. */
import type { TFunction } from 'i18next'
import type { Notice, UnreadableFileFacts } from '../../../shared/domain'

const OUTCOME_KEYS: Record<UnreadableFileFacts['outcome'], string> = {
  defaults: 'notices.unreadable.defaults',
  'session-only': 'notices.unreadable.sessionOnly',
  rebuilt: 'notices.unreadable.rebuilt',
  'set-aside': 'notices.unreadable.setAside',
  'not-saved': 'notices.unreadable.notSaved',
}

const REASONS = new Set(['EACCES', 'EPERM', 'EISDIR', 'EBUSY'])

export function noticeText(notice: Notice, t: TFunction): string {
  const facts = notice.unreadable
  if (!facts) return notice.message
  const reason = REASONS.has(facts.reason)
    ? t(`notices.reason.${facts.reason}`)
    : t('notices.reason.other', { code: facts.reason })
  // The index rebuilt without a path could not be moved aside: it stays where it was.
  const key =
    facts.outcome === 'rebuilt' && notice.path === undefined
      ? 'notices.unreadable.rebuiltInMemory'
      : OUTCOME_KEYS[facts.outcome]
  return t(key, { file: facts.file, reason })
}
