import { useTranslation } from 'react-i18next'
import type { MessageMeta } from '../../../../shared/domain'
import { wordFacts } from './error-facts'
import { ERROR_REASONS } from './error-kinds'

/** "Answered by Groq after OpenAI failed: rate limited", quietly, under a reply a fallback wrote. */
export function FallbackNote({ meta }: { meta: MessageMeta }) {
  const { t, i18n } = useTranslation()
  const failed = meta.fallbackFrom ?? []
  const first = failed[0]
  if (!first) return null
  const answered = meta.providerName ?? t('message.fallbackUnknown')
  const text =
    failed.length === 1
      ? t('message.fallback', { answered, failed: first.provider, reason: t(ERROR_REASONS[first.kind]) })
      : t('message.fallbackMany', {
          answered,
          list: new Intl.ListFormat(i18n.language, { type: 'conjunction' }).format(
            failed.map((f) =>
              t('message.fallbackItem', { provider: f.provider, reason: t(ERROR_REASONS[f.kind]) }),
            ),
          ),
        })
  // The providers' own words (or the facts, worded), for whoever wants the details.
  const details = failed
    .map((f) => `${f.provider}: ${f.said ?? (wordFacts(t, f) || t(ERROR_REASONS[f.kind]))}`)
    .join('\n')
  return (
    <p className="message__fallback" title={details}>
      {text}
    </p>
  )
}
