/** A parameter's problem in the user's language: what is wrong and what range the provider takes. */
import type { TFunction } from 'i18next'
import type { ModelParams } from '../../../../shared/domain'
import type { ParamProblem } from '../../../../shared/model-params'
import { EFFORT_BUDGETS, anthropicThinking, effortForBudget } from '../../../../shared/anthropic-thinking'

export function problemText(t: TFunction, problem: ParamProblem, provider: string, locale: string): string {
  const range = {
    min: problem.min?.toLocaleString(locale),
    max: problem.max?.toLocaleString(locale),
    provider,
  }
  switch (problem.reason) {
    case 'range':
      return t('params.problem.range', range)
    case 'integer':
      return t('params.problem.integer', range)
    case 'unsupported':
      return t('params.problem.unsupported', range)
    case 'budget_not_below_max':
      return t('params.problem.budgetNotBelowMax', range)
    case 'thinking_sampling':
      if (problem.with === 'reasoningEffort') {
        return problem.field === 'temperature'
          ? t('params.problem.effortTemperature', range)
          : t('params.problem.effortTopP', range)
      }
      return problem.field === 'temperature'
        ? t('params.problem.thinkingTemperature', range)
        : t('params.problem.thinkingTopP', range)
    case 'exclusive':
      return t('params.problem.exclusive', range)
    case 'effort_level':
      return t('params.problem.effortLevel', range)
    case 'effort_and_budget':
      return t('params.problem.effortAndBudget', range)
  }
}

/**
 * What an Anthropic model does with the thinking set for it, when it cannot take it as set: a budget sent to
 * a model that takes only reasoning effort goes as the closest effort, an effort sent to a model that takes
 * only budgets as a budget (anthropic-thinking.ts; the request is never one certain to fail).
 */
export function anthropicThinkingNote(t: TFunction, model: string, params: ModelParams): string | null {
  const taken = anthropicThinking(model)
  const { thinkingBudget: budget, reasoningEffort: effort } = params
  if (taken.mode === 'adaptive' && budget !== undefined && effort === undefined) {
    const closest = effortForBudget(budget, taken.efforts)
    return t('params.budgetAsEffort', { model, effort: t(`params.effort.${closest}`) })
  }
  if (taken.mode === 'budget' && effort !== undefined && budget === undefined) {
    return t('params.effortAsBudget', {
      model,
      effort: t(`params.effort.${effort}`),
      budget: EFFORT_BUDGETS[effort],
    })
  }
  return null
}

/** The panel button's summary of the values in use: "T 0.7 · max 1024". */
export function summaryText(t: TFunction, params: ModelParams): string {
  const parts: string[] = []
  if (params.temperature !== undefined)
    parts.push(t('params.short.temperature', { value: params.temperature }))
  if (params.topP !== undefined) parts.push(t('params.short.topP', { value: params.topP }))
  if (params.maxTokens !== undefined) parts.push(t('params.short.maxTokens', { value: params.maxTokens }))
  if (params.reasoningEffort !== undefined)
    parts.push(t('params.short.reasoningEffort', { value: t(`params.effort.${params.reasoningEffort}`) }))
  if (params.thinkingBudget !== undefined)
    parts.push(t('params.short.thinkingBudget', { value: params.thinkingBudget }))
  return parts.join(' · ')
}
