/**
 * Model parameters (temperature, max output tokens, top_p, reasoning effort, thinking budget): the one table
 * of what each kind of provider takes and in which range, the checks the window and main both run, and the
 * rule that picks the value a request carries (the conversation's, else the provider's default, else none).
 * Plain data and pure functions: imported by main, the chat client's mapping and the window alike.
 */
import type { ProviderKind } from './domain'

/** Every level any provider takes; each kind of provider offers its own list (PARAM_LIMITS). */
export const REASONING_EFFORTS = ['low', 'medium', 'high', 'xhigh', 'max'] as const
export type ReasoningEffort = (typeof REASONING_EFFORTS)[number]
/** OpenAI's Chat Completions `reasoning_effort`, as the gateways that copy it take it. */
const OPENAI_EFFORTS: readonly ReasoningEffort[] = ['low', 'medium', 'high']

/** Every field optional: an absent field is not sent, and the provider uses its own default. */
export interface ModelParams {
  temperature?: number
  /** Max output tokens (`max_tokens`; `max_completion_tokens` for OpenAI's reasoning models). */
  maxTokens?: number
  topP?: number
  /**
   * OpenAI-style reasoning models (o-series, gpt-5, and gateways that take `reasoning_effort`); on Anthropic,
   * adaptive thinking: `thinking: { type: 'adaptive' }` with `output_config: { effort }`.
   */
  reasoningEffort?: ReasoningEffort
  /** Anthropic extended thinking: `thinking: { type: 'enabled', budget_tokens }`. */
  thinkingBudget?: number
}

export const MODEL_PARAM_FIELDS = [
  'temperature',
  'maxTokens',
  'topP',
  'reasoningEffort',
  'thinkingBudget',
] as const satisfies readonly (keyof ModelParams)[]
export type ModelParamField = (typeof MODEL_PARAM_FIELDS)[number]
export type NumericParamField = Exclude<ModelParamField, 'reasoningEffort'>
export const NUMERIC_PARAM_FIELDS = MODEL_PARAM_FIELDS.filter(
  (field): field is NumericParamField => field !== 'reasoningEffort',
)

export interface ParamRange {
  min: number
  max: number
  integer: boolean
}

/**
 * What one kind of provider takes: a range per numeric field, null where it takes no such field, and the
 * reasoning effort levels it offers (none: it takes no reasoning effort).
 */
export type ParamLimits = Record<NumericParamField, ParamRange | null> & {
  reasoningEfforts: readonly ReasoningEffort[]
}

const TEMPERATURE_0_2: ParamRange = { min: 0, max: 2, integer: false }
const TOP_P: ParamRange = { min: 0, max: 1, integer: false }
/** Output limits differ per model (4,096 to 128,000 today); the provider refuses more than its model takes. */
const MAX_TOKENS: ParamRange = { min: 1, max: 1_000_000, integer: true }

const openAICompatible = (reasoningEffort: boolean): ParamLimits => ({
  temperature: TEMPERATURE_0_2,
  maxTokens: MAX_TOKENS,
  topP: TOP_P,
  reasoningEfforts: reasoningEffort ? OPENAI_EFFORTS : [],
  thinkingBudget: null,
})

/**
 * The shared table. OpenAI's Chat Completions and the gateways that copy it take temperature 0–2;
 * Anthropic's Messages API 0–1, a thinking budget of at least 1,024 tokens (below max tokens), or a reasoning
 * effort low…max (adaptive thinking; which the model takes is anthropic-thinking.ts's, at send time).
 * `reasoning_effort` is listed where the service documents it (OpenAI, OpenRouter, Groq, Gemini's
 * OpenAI-compatible endpoint) and for custom endpoints, whose models the app cannot know.
 */
export const PARAM_LIMITS: Record<ProviderKind, ParamLimits> = {
  openai: openAICompatible(true),
  anthropic: {
    temperature: { min: 0, max: 1, integer: false },
    maxTokens: MAX_TOKENS,
    topP: TOP_P,
    reasoningEfforts: REASONING_EFFORTS,
    thinkingBudget: { min: 1024, max: 1_000_000, integer: true },
  },
  openrouter: openAICompatible(true),
  groq: openAICompatible(true),
  deepseek: openAICompatible(false),
  gemini: openAICompatible(true),
  ollama: openAICompatible(false),
  lmstudio: openAICompatible(false),
  custom: openAICompatible(true),
}

/** The widest range of each numeric field over every provider: what the IPC schema lets through at all. */
export const WIDEST_RANGES: Record<NumericParamField, ParamRange> = {
  temperature: TEMPERATURE_0_2,
  maxTokens: MAX_TOKENS,
  topP: TOP_P,
  thinkingBudget: { min: 1024, max: 1_000_000, integer: true },
}

/**
 * Why a value cannot be used, as facts the window words: `range` (outside min–max), `integer`, `unsupported`
 * (this provider takes no such field), `budget_not_below_max` (a thinking budget must be below max tokens),
 * `thinking_sampling` (Anthropic takes no temperature with thinking, and top_p only from 0.95),
 * `exclusive` (Anthropic's current models take temperature or top_p, not both), `effort_level` (this
 * provider takes no such effort level), `effort_and_budget` (Anthropic thinks by a reasoning effort or by a
 * thinking budget, not both).
 */
export interface ParamProblem {
  field: ModelParamField
  reason:
    | 'range'
    | 'integer'
    | 'unsupported'
    | 'budget_not_below_max'
    | 'thinking_sampling'
    | 'exclusive'
    | 'effort_level'
    | 'effort_and_budget'
  min?: number
  max?: number
  /** For `thinking_sampling`: what turns thinking on. */
  with?: 'thinkingBudget' | 'reasoningEffort'
}

/** Rules between fields: a field bad on its own goes before any of these (fitParams). */
const BETWEEN_FIELDS: ReadonlySet<ParamProblem['reason']> = new Set([
  'thinking_sampling',
  'exclusive',
  'effort_and_budget',
])

/** With extended thinking on, Anthropic takes top_p only in 0.95–1 (and no temperature). */
export const THINKING_TOP_P_MIN = 0.95

/** Problems with one set of values for one kind of provider, field by field (empty: fine to save and send). */
export function paramProblems(kind: ProviderKind, params: ModelParams): ParamProblem[] {
  const limits = PARAM_LIMITS[kind]
  const problems: ParamProblem[] = []
  for (const field of NUMERIC_PARAM_FIELDS) {
    const value = params[field]
    if (value === undefined) continue
    const range = limits[field]
    if (!range) problems.push({ field, reason: 'unsupported' })
    else if (!Number.isFinite(value) || value < range.min || value > range.max)
      problems.push({ field, reason: 'range', min: range.min, max: range.max })
    else if (range.integer && !Number.isInteger(value))
      problems.push({ field, reason: 'integer', min: range.min, max: range.max })
  }
  const effort = params.reasoningEffort
  if (effort !== undefined && !limits.reasoningEfforts.includes(effort)) {
    problems.push({
      field: 'reasoningEffort',
      reason: limits.reasoningEfforts.length ? 'effort_level' : 'unsupported',
    })
  }
  if (kind === 'anthropic') problems.push(...anthropicProblems(params, problems))
  return problems
}

/** The rules between fields on Anthropic, checked only on fields that are fine on their own. */
function anthropicProblems(params: ModelParams, found: readonly ParamProblem[]): ParamProblem[] {
  const ok = (field: ModelParamField): boolean => !found.some((p) => p.field === field)
  const problems: ParamProblem[] = []
  const { thinkingBudget: budget, reasoningEffort: effort, maxTokens, temperature, topP } = params
  const byBudget = budget !== undefined && ok('thinkingBudget')
  const byEffort = effort !== undefined && ok('reasoningEffort')
  if (byBudget && byEffort) problems.push({ field: 'thinkingBudget', reason: 'effort_and_budget' })
  if (byBudget && maxTokens !== undefined && ok('maxTokens') && budget >= maxTokens) {
    problems.push({ field: 'thinkingBudget', reason: 'budget_not_below_max', max: maxTokens - 1 })
  }
  // Adaptive thinking (an effort) has extended thinking's sampling rules.
  const by = byBudget ? 'thinkingBudget' : byEffort ? 'reasoningEffort' : undefined
  if (by !== undefined) {
    if (temperature !== undefined && ok('temperature')) {
      problems.push({ field: 'temperature', reason: 'thinking_sampling', with: by })
    }
    if (topP !== undefined && ok('topP') && topP < THINKING_TOP_P_MIN) {
      problems.push({ field: 'topP', reason: 'thinking_sampling', min: THINKING_TOP_P_MIN, max: 1, with: by })
    }
  } else if (temperature !== undefined && topP !== undefined && ok('temperature') && ok('topP')) {
    problems.push({ field: 'topP', reason: 'exclusive' })
  }
  return problems
}

/**
 * Problems of one level's own values (a conversation's), checked together with the level below (its
 * provider's defaults), as they would be sent; only problems the own values take part in: a bad default is
 * the Preferences' to fix. What main refuses and what the window shows at the field.
 */
export function ownProblems(
  kind: ProviderKind,
  own: ModelParams,
  inherited: ModelParams | undefined,
): ParamProblem[] {
  const set = new Set<ModelParamField>(MODEL_PARAM_FIELDS.filter((f) => own[f] !== undefined))
  return paramProblems(kind, effectiveParams(own, inherited)).filter(
    (p) => set.has(p.field) || involvesOwn(p, set),
  )
}

/** A problem between fields names one of them; the other one may be the own value. */
function involvesOwn(problem: ParamProblem, own: ReadonlySet<ModelParamField>): boolean {
  if (problem.reason === 'budget_not_below_max') return own.has('maxTokens')
  if (problem.reason === 'thinking_sampling') return own.has('thinkingBudget') || own.has('reasoningEffort')
  if (problem.reason === 'exclusive') return own.has('temperature')
  if (problem.reason === 'effort_and_budget') return own.has('reasoningEffort')
  return false
}

/** How a model thinks: a conversation that sets one of these sets how, and inherits neither. */
const THINKING_FIELDS: readonly ModelParamField[] = ['reasoningEffort', 'thinkingBudget']

/**
 * Field by field: the conversation's value, else the provider's default, else none. Thinking is one choice:
 * a conversation's effort replaces a default budget (and the reverse) instead of clashing with it.
 */
export function effectiveParams(
  conversation: ModelParams | undefined,
  providerDefault: ModelParams | undefined,
): ModelParams {
  const out: ModelParams = {}
  const ownThinking = THINKING_FIELDS.some((field) => conversation?.[field] !== undefined)
  for (const field of MODEL_PARAM_FIELDS) {
    const inherited = ownThinking && THINKING_FIELDS.includes(field) ? undefined : providerDefault?.[field]
    const value = conversation?.[field] ?? inherited
    if (value !== undefined) Object.assign(out, { [field]: value })
  }
  return out
}

/**
 * The values one provider can take, the others left out: a conversation moved to another provider (or a
 * fallback provider answering) never gets a value outside its range. Fields bad on their own (and a budget
 * not below max tokens) go first; only then the rules between fields, so a dropped budget takes no
 * temperature with it.
 */
export function fitParams(kind: ProviderKind, params: ModelParams): ModelParams {
  let current = compactParams(params)
  for (;;) {
    const problems = paramProblems(kind, current)
    if (!problems.length) return current
    const own = problems.filter((p) => !BETWEEN_FIELDS.has(p.reason))
    const drop = new Set((own.length ? own : problems).map((p) => p.field))
    const next: ModelParams = {}
    for (const field of MODEL_PARAM_FIELDS) {
      const value = current[field]
      if (value !== undefined && !drop.has(field)) Object.assign(next, { [field]: value })
    }
    current = next
  }
}

/** Only the fields that are set: what is stored, so an absent field stays absent. */
export function compactParams(params: ModelParams): ModelParams {
  const out: ModelParams = {}
  for (const field of MODEL_PARAM_FIELDS) {
    const value = params[field]
    if (value !== undefined) Object.assign(out, { [field]: value })
  }
  return out
}

export function hasParams(params: ModelParams | undefined): boolean {
  return params !== undefined && MODEL_PARAM_FIELDS.some((field) => params[field] !== undefined)
}

/**
 * OpenAI's reasoning models (o1, o3, o4-mini, gpt-5…, also behind a gateway as `openai/o3`): they refuse
 * temperature and top_p and take `max_completion_tokens` instead of `max_tokens`.
 */
export function isOpenAIReasoningModel(model: string): boolean {
  const name = model.toLowerCase().split('/').pop() ?? ''
  return /^o\d/.test(name) || (/^gpt-5/.test(name) && !name.includes('chat'))
}
