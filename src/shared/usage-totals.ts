/** A conversation's tokens and cost, and how full the model's context is: pure, for the window. */
import { contextWindowOf } from './context-windows'
import type { Message, Usage } from './domain'
import { costOf, priceFor, type ModelPrice } from './pricing'

export interface UsageTotals {
  /** Replies that reported usage. */
  replies: number
  promptTokens: number
  completionTokens: number
  cachedTokens: number
  cacheWriteTokens: number
  reasoningTokens: number
  /** USD, over the replies whose model has a price. */
  cost: number
  savedByCache: number
  pricedReplies: number
}

/** Sums the usage and cost of a conversation's replies. */
export function usageTotals(messages: readonly Message[], prices: readonly ModelPrice[]): UsageTotals {
  const totals: UsageTotals = {
    replies: 0,
    promptTokens: 0,
    completionTokens: 0,
    cachedTokens: 0,
    cacheWriteTokens: 0,
    reasoningTokens: 0,
    cost: 0,
    savedByCache: 0,
    pricedReplies: 0,
  }
  // Matching a model id against the table normalises every row: once per model, not once per reply (this
  // runs again each frame while a reply streams).
  const priceOf = new Map<string, ModelPrice | undefined>()
  const lookup = (model: string): ModelPrice | undefined => {
    if (!priceOf.has(model)) priceOf.set(model, priceFor(prices, model))
    return priceOf.get(model)
  }
  for (const message of messages) {
    const usage = message.meta?.usage
    if (message.role !== 'assistant' || !usage) continue
    totals.replies++
    totals.promptTokens += usage.promptTokens
    totals.completionTokens += usage.completionTokens
    totals.cachedTokens += usage.cachedTokens ?? 0
    totals.cacheWriteTokens += usage.cacheWriteTokens ?? 0
    totals.reasoningTokens += usage.reasoningTokens ?? 0
    const price = message.meta?.model ? lookup(message.meta.model) : undefined
    if (!price) continue
    const cost = costOf(usage, price)
    totals.cost += cost.total
    totals.savedByCache += cost.savedByCache
    totals.pricedReplies++
  }
  return totals
}

/** A reply's cost, or undefined when it reported no usage or its model has no price. */
export function replyCost(message: Message, prices: readonly ModelPrice[]) {
  const usage: Usage | undefined = message.meta?.usage
  const price = message.meta?.model ? priceFor(prices, message.meta.model) : undefined
  return usage && price ? costOf(usage, price) : undefined
}

export interface ContextUse {
  /** Tokens the last reply's request held (its prompt and its reply): what the next request starts from. */
  used: number
  window: number
}

/**
 * How full the context is for the next request: the latest reply's prompt plus reply tokens, against the window
 * of the model the conversation uses. Undefined when the window is unknown or no reply reported usage.
 */
export function contextUse(
  messages: readonly Message[],
  modelId: string | undefined,
): ContextUse | undefined {
  const window = modelId ? contextWindowOf(modelId) : undefined
  if (window === undefined) return undefined
  for (let i = messages.length - 1; i >= 0; i--) {
    const usage = messages[i]?.meta?.usage
    if (messages[i]?.role === 'assistant' && usage)
      return { used: usage.promptTokens + usage.completionTokens, window }
  }
  return undefined
}
