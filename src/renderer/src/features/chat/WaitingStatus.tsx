import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useController } from '../../app/context'
import type { Clock } from '../../lib/clock'

/** Silence before the window says it is waiting: typing dots alone would look the same for minutes. */
export const WAIT_NOTICE_MS = 5_000

/** The clock's time, updated every `intervalMs` while mounted. */
function useNow(clock: Clock, intervalMs: number): number {
  const [now, setNow] = useState(() => clock.now())
  useEffect(() => clock.every(intervalMs, () => setNow(clock.now())), [clock, intervalMs])
  return now
}

interface Props {
  messageId: string
  providerName: string | undefined
  /** No text has arrived yet: typing dots until the silence is long enough to say so. */
  empty: boolean
}

/**
 * Under a live reply: typing dots at first; after a few seconds without data, how long the app has been
 * waiting for the provider (live), with Stop. Reasoning models may think for minutes before the first word.
 */
export function WaitingStatus({ messageId, providerName, empty }: Props) {
  const { t } = useTranslation()
  const controller = useController()
  const now = useNow(controller.clock, 1000)
  const since = controller.chat.lastHeardAt(messageId) ?? now
  const silentMs = now - since
  if (silentMs < WAIT_NOTICE_MS) {
    if (!empty) return null
    return (
      <p className="message__typing" aria-label={t('message.writing')}>
        <span />
        <span />
        <span />
      </p>
    )
  }
  const seconds = Math.floor(silentMs / 1000)
  const values = { provider: providerName, seconds }
  return (
    <div className="message__waiting" role="status">
      <span className="retry-status__spinner" aria-hidden="true" />
      <span className="message__waiting-text">
        {providerName ? t('message.waitingFor', values) : t('message.waiting', values)}
        {empty && <span className="message__waiting-hint"> {t('message.waitingHint')}</span>}
      </span>
      <button type="button" className="button button--small" onClick={() => void controller.chat.stop()}>
        {t('message.stopWaiting')}
      </button>
    </div>
  )
}
