/** Pure: model parameters ↔ the texts of their fields (a comma is a decimal point, as Russian writes it). */
import type { ModelParams } from '../../../../shared/domain'
import {
  REASONING_EFFORTS,
  type NumericParamField,
  type ReasoningEffort,
  NUMERIC_PARAM_FIELDS,
} from '../../../../shared/model-params'

export type ParamTexts = Record<NumericParamField | 'reasoningEffort', string>

export function toTexts(params: ModelParams): ParamTexts {
  const text = (value: number | undefined): string => (value === undefined ? '' : String(value))
  return {
    temperature: text(params.temperature),
    maxTokens: text(params.maxTokens),
    topP: text(params.topP),
    thinkingBudget: text(params.thinkingBudget),
    reasoningEffort: params.reasoningEffort ?? '',
  }
}

function isEffort(value: string): value is ReasoningEffort {
  return (REASONING_EFFORTS as readonly string[]).includes(value)
}

/** The values typed (empty fields unset) and the fields whose text is not a number at all. */
export function parseParams(texts: ParamTexts): { params: ModelParams; notNumbers: Set<NumericParamField> } {
  const params: ModelParams = {}
  const notNumbers = new Set<NumericParamField>()
  for (const field of NUMERIC_PARAM_FIELDS) {
    const text = texts[field].trim().replace(',', '.').replace(/\s/g, '')
    if (text === '') continue
    const value = /^[-+]?(\d+\.?\d*|\.\d+)$/.test(text) ? Number(text) : Number.NaN
    if (Number.isNaN(value)) notNumbers.add(field)
    else params[field] = value
  }
  if (isEffort(texts.reasoningEffort)) params.reasoningEffort = texts.reasoningEffort
  return { params, notNumbers }
}
