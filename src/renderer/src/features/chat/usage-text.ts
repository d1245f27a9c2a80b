/** Words for tokens and money in the window's language: the meta line of a reply and the conversation's totals. */
import type { TFunction } from 'i18next'
import type { Usage } from '../../../../shared/domain'
import type { Cost } from '../../../../shared/pricing'

export function formatCount(n: number, language: string): string {
  return new Intl.NumberFormat(language).format(n)
}

/** 950 → "950", 12,345 → "12.3k" / "12,3 тыс.": the gauge's short form. */
export function formatCompact(n: number, language: string): string {
  return new Intl.NumberFormat(language, { notation: 'compact', maximumFractionDigits: 1 }).format(n)
}

/** Dollars with as many digits as a small amount needs: $0.00042, $0.0125, $1.24. */
export function formatUsd(value: number, language: string): string {
  if (value > 0 && value < 0.00001) return `< ${formatUsd(0.00001, language)}`
  const options: Intl.NumberFormatOptions =
    value < 1 && value > 0
      ? { style: 'currency', currency: 'USD', maximumSignificantDigits: 3 }
      : { style: 'currency', currency: 'USD', minimumFractionDigits: 2, maximumFractionDigits: 2 }
  return new Intl.NumberFormat(language, options).format(value)
}

/** "10 → 1,234 tokens (4,000 cached, 300 written to cache, 512 thinking)". */
export function usageText(usage: Usage, t: TFunction, language: string): string {
  const base = t('usage.tokens', {
    count: usage.completionTokens,
    input: formatCount(usage.promptTokens, language),
    output: formatCount(usage.completionTokens, language),
  })
  const extras: string[] = []
  if (usage.cachedTokens) extras.push(t('usage.cached', { value: formatCount(usage.cachedTokens, language) }))
  if (usage.cacheWriteTokens)
    extras.push(t('usage.cacheWrite', { value: formatCount(usage.cacheWriteTokens, language) }))
  if (usage.reasoningTokens)
    extras.push(t('usage.reasoning', { value: formatCount(usage.reasoningTokens, language) }))
  return extras.length ? `${base} (${extras.join(', ')})` : base
}

/** "$0.0125" and, when the cache saved anything, "saved $0.0216 by the cache". */
export function costText(cost: Cost, t: TFunction, language: string): string[] {
  const parts = [formatUsd(cost.total, language)]
  if (cost.savedByCache > 0) parts.push(t('usage.saved', { value: formatUsd(cost.savedByCache, language) }))
  return parts
}
