import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { RetryState } from './chat-state'
import { useErrorKindLabel } from './error-kinds'
import { wordFacts } from './error-facts'

/** "Retrying 2/5 via OpenAI in 2 s — rate limited", counting down. */
export function RetryStatus({ retry }: { retry: RetryState }) {
  const { t } = useTranslation()
  const reason = useErrorKindLabel(retry.reason)
  const [now, setNow] = useState(() => Date.now())
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 250)
    return () => clearInterval(timer)
  }, [retry])
  const seconds = Math.max(0, Math.ceil((retry.until - now) / 1000))
  const values = {
    attempt: retry.attempt,
    max: retry.maxAttempts,
    provider: retry.providerName,
    seconds,
    reason,
  }
  return (
    <p className="retry-status" role="status" title={wordFacts(t, retry.facts) || reason}>
      <span className="retry-status__spinner" aria-hidden="true" />
      {seconds > 0 ? t('retry.waiting', values) : t('retry.now', values)}
    </p>
  )
}
