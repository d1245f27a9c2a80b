import { useMemo } from 'react'
import { useTranslation } from 'react-i18next'
import { contextUse, usageTotals } from '../../../../shared/usage-totals'
import { useController } from '../../app/context'
import { useStore } from '../../lib/store'
import { formatCompact, formatCount, formatUsd } from './usage-text'
import './usage.css'

/** The conversation's totals (tokens, cached apart, cost) and, where the model's window is known, how full it is. */
export function ConversationUsage() {
  const { t, i18n } = useTranslation()
  const controller = useController()
  const messages = useStore(controller.chat, (s) => s.messages)
  const model = useStore(controller.chat, (s) => s.conversation?.model?.model)
  const prices = useStore(controller.app, (s) => s.settings?.prices)
  const totals = useMemo(() => usageTotals(messages, prices ?? []), [messages, prices])
  const gauge = useMemo(() => contextUse(messages, model), [messages, model])
  if (totals.replies === 0) return null
  const lang = i18n.language

  const tokens = t('usage.totalTokens', {
    count: totals.promptTokens + totals.completionTokens,
    value: formatCount(totals.promptTokens + totals.completionTokens, lang),
  })
  const parts = [tokens]
  if (totals.cachedTokens > 0)
    parts.push(t('usage.cached', { value: formatCount(totals.cachedTokens, lang) }))
  const details = [
    t('usage.detailPrompt', { value: formatCount(totals.promptTokens, lang) }),
    t('usage.detailReply', { value: formatCount(totals.completionTokens, lang) }),
    ...(totals.cachedTokens ? [t('usage.cached', { value: formatCount(totals.cachedTokens, lang) })] : []),
    ...(totals.cacheWriteTokens
      ? [t('usage.cacheWrite', { value: formatCount(totals.cacheWriteTokens, lang) })]
      : []),
    ...(totals.reasoningTokens
      ? [t('usage.reasoning', { value: formatCount(totals.reasoningTokens, lang) })]
      : []),
  ]
  let cost: string | null = null
  if (totals.pricedReplies > 0) {
    cost = formatUsd(totals.cost, lang)
    if (totals.pricedReplies < totals.replies)
      cost = t('usage.partialCost', { value: cost, count: totals.replies - totals.pricedReplies })
  }
  const percent = gauge ? Math.min(100, (gauge.used / gauge.window) * 100) : 0
  const level = percent >= 90 ? 'full' : percent >= 70 ? 'high' : 'ok'

  return (
    <div className="conversation-usage" aria-label={t('usage.conversation')} role="group">
      <span className="conversation-usage__totals" title={details.join(' · ')}>
        {parts.join(' · ')}
        {cost && <> · {cost}</>}
        {totals.savedByCache > 0 && (
          <> · {t('usage.saved', { value: formatUsd(totals.savedByCache, lang) })}</>
        )}
      </span>
      {gauge && (
        <span className="conversation-usage__gauge">
          <span
            className={`usage-gauge usage-gauge--${level}`}
            role="meter"
            aria-label={t('usage.context')}
            aria-valuemin={0}
            aria-valuemax={gauge.window}
            aria-valuenow={Math.min(gauge.used, gauge.window)}
            aria-valuetext={t('usage.contextValue', {
              used: formatCount(gauge.used, lang),
              window: formatCount(gauge.window, lang),
              percent: Math.round(percent),
            })}
          >
            <span className="usage-gauge__fill" style={{ width: `${percent}%` }} />
          </span>
          <span className="usage-gauge__text">
            {t('usage.contextShort', {
              used: formatCompact(gauge.used, lang),
              window: formatCompact(gauge.window, lang),
            })}
          </span>
        </span>
      )}
    </div>
  )
}
