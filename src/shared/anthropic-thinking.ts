/**
 * What an Anthropic model takes for thinking, read from its id: adaptive thinking (`thinking: {type:
 * 'adaptive'}` with `output_config.effort`), a thinking budget (`thinking: {type: 'enabled', budget_tokens}`),
 * both, or unknown (a custom or future id: what the user set is sent as set). And the one table between the
 * two: the budget an effort stands for (an effort sent to a budget-only model) and the effort closest to a
 * budget (a budget sent to an adaptive-only model). Pure; shared by the chat client, main and the window.
 *
 * Sources (Anthropic's docs, 2026): Opus 4.7, Opus 4.8 and every Claude 5 model (Opus, Sonnet, Haiku, Fable,
 * Mythos) refuse `thinking.type: "enabled"` with a 400; Opus 4.6 and Sonnet 4.6 take both (budgets
 * deprecated); 3.7 Sonnet, Sonnet 4/4.5, Opus 4/4.1/4.5 and Haiku 4.5 take only budgets. Mythos Preview is
 * "adaptive only" on Bedrock's page and "both" on Anthropic's: treated as adaptive only, which works either
 * way. `max` effort: every model that takes adaptive thinking; `xhigh`: Opus 4.7+, Claude 5 models.
 */
import { REASONING_EFFORTS, type ReasoningEffort } from './model-params'

export type AnthropicThinkingMode = 'adaptive' | 'both' | 'budget' | 'unknown'

export interface AnthropicThinking {
  mode: AnthropicThinkingMode
  /** The effort levels the model takes (all of them when unknown; none when it takes only budgets). */
  efforts: readonly ReasoningEffort[]
}

const ALL: readonly ReasoningEffort[] = REASONING_EFFORTS
const NO_XHIGH: readonly ReasoningEffort[] = ['low', 'medium', 'high', 'max']

/**
 * The budget each effort stands for on a model that takes only budgets, and the room for thinking an
 * effort gets when no max tokens was set (budget + ANTHROPIC_ANSWER_ROOM). xhigh and max stay within
 * 32,000 tokens with the room: Opus 4 and 4.1, the smallest output limit among budget-only models.
 */
export const EFFORT_BUDGETS: Record<ReasoningEffort, number> = {
  low: 2048,
  medium: 8192,
  high: 16384,
  xhigh: 24576,
  max: 27904,
}

/** The usual room for the answer on top of the thinking, when no max tokens was set. */
export const ANTHROPIC_ANSWER_ROOM = 4096

// `claude-opus-4-7`, `claude-sonnet-4-20250514` (a date, not a minor), `claude-haiku-5-5`, `claude-fable-5`…
const NAMED = /claude-(opus|sonnet|haiku|fable|mythos)-(\d{1,2})(?:[-.](\d{1,2}))?(?!\d)/
// The older naming: `claude-3-7-sonnet-20250219`.
const LEGACY = /claude-(\d)-(\d)-(opus|sonnet|haiku)/

/**
 * From the id as the provider takes it, with any prefix (`anthropic/`, `us.anthropic.`) or suffix
 * (`-v1`, `@20250514`, `-latest`) around it.
 */
export function anthropicThinking(model: string): AnthropicThinking {
  const id = model.toLowerCase()
  if (id.includes('claude-mythos-preview')) return { mode: 'adaptive', efforts: NO_XHIGH }
  const named = NAMED.exec(id)
  if (named) {
    const major = Number(named[2])
    const minor = named[3] === undefined ? 0 : Number(named[3])
    if (major >= 5 || (major === 4 && minor >= 7)) return { mode: 'adaptive', efforts: ALL }
    if (major === 4 && minor === 6) return { mode: 'both', efforts: NO_XHIGH }
    if (major === 4) return { mode: 'budget', efforts: [] }
    return { mode: 'unknown', efforts: ALL }
  }
  const legacy = LEGACY.exec(id)
  if (legacy && legacy[1] === '3' && legacy[2] === '7' && legacy[3] === 'sonnet') {
    return { mode: 'budget', efforts: [] }
  }
  return { mode: 'unknown', efforts: ALL }
}

/** The effort whose budget is closest to this one, among the levels given (ties go to the lower level). */
export function effortForBudget(budget: number, efforts: readonly ReasoningEffort[] = ALL): ReasoningEffort {
  let best: ReasoningEffort = efforts[0] ?? 'high'
  for (const effort of efforts) {
    if (Math.abs(EFFORT_BUDGETS[effort] - budget) < Math.abs(EFFORT_BUDGETS[best] - budget)) best = effort
  }
  return best
}

/** A level the model does not take becomes the nearest lower one it takes (xhigh on Opus 4.6 → high). */
export function effortForModel(
  effort: ReasoningEffort,
  efforts: readonly ReasoningEffort[],
): ReasoningEffort {
  if (efforts.includes(effort) || efforts.length === 0) return effort
  const order = ALL.indexOf(effort)
  for (let i = order - 1; i >= 0; i--) {
    const lower = ALL[i]
    if (lower !== undefined && efforts.includes(lower)) return lower
  }
  return efforts[0] ?? effort
}
