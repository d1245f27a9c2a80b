/**
 * Model parameters in a request body, per API. Only fields the caller set are written. The rules for a
 * parameter a model cannot take:
 * - OpenAI's reasoning models (o-series, gpt-5) refuse temperature and top_p: both are **left out**, and the
 *   output limit goes as `max_completion_tokens`. These are sampling preferences a reasoning model has no use
 *   for, so leaving them out keeps a provider-wide default from breaking every reasoning model.
 * - Anthropic with thinking (a budget, or adaptive thinking by an effort) takes no temperature and top_p only
 *   from 0.95: those are left out too. Which kind of thinking goes depends on the model (anthropicParamFields).
 * - A thinking budget below 1,024 tokens or not below max_tokens is a contradiction in what was asked, not a
 *   preference: a `bad_request` (`invalid_params`) before any byte is sent.
 */
import { ProviderError } from './errors'
import type { ChatCompletionCreateParams } from './types'
import {
  THINKING_TOP_P_MIN,
  WIDEST_RANGES,
  isOpenAIReasoningModel,
  type ReasoningEffort,
} from '../../shared/model-params'
import {
  ANTHROPIC_ANSWER_ROOM,
  EFFORT_BUDGETS,
  anthropicThinking,
  effortForBudget,
  effortForModel,
} from '../../shared/anthropic-thinking'

type Body = Record<string, unknown>

/** Anthropic's smallest thinking budget (the shared table's). */
const MIN_THINKING_BUDGET = WIDEST_RANGES.thinkingBudget.min

function set(body: Body, key: string, value: unknown): void {
  if (value !== undefined) body[key] = value
}

/** The parameter fields of an OpenAI-compatible Chat Completions body. */
export function openAIParamFields(params: ChatCompletionCreateParams): Body {
  const body: Body = {}
  const limit = params.max_completion_tokens ?? params.max_tokens
  if (isOpenAIReasoningModel(params.model)) {
    set(body, 'max_completion_tokens', limit)
  } else {
    set(body, 'temperature', params.temperature)
    set(body, 'top_p', params.top_p)
    if (params.max_completion_tokens !== undefined) set(body, 'max_completion_tokens', limit)
    else set(body, 'max_tokens', limit)
  }
  set(body, 'reasoning_effort', params.reasoning_effort)
  return body
}

/**
 * The parameter fields of an Anthropic Messages body (max_tokens always: the API requires it). How the model
 * thinks follows what it takes (anthropic-thinking.ts): a budget sent to a model that takes only adaptive
 * thinking goes as the closest effort, and an effort sent to a model that takes only budgets as its budget,
 * so no request is sent that is certain to fail; an unknown model gets what was asked.
 */
export function anthropicParamFields(provider: string, params: ChatCompletionCreateParams): Body {
  const model = anthropicThinking(params.model)
  const asked = params.thinking?.type === 'enabled' ? params.thinking.budget_tokens : undefined
  const wantsAdaptive =
    params.thinking?.type === 'adaptive' || (asked === undefined && params.reasoning_effort)
  let budget: number | undefined
  let effort: ReasoningEffort | undefined
  let adaptive = false
  if (wantsAdaptive) {
    if (model.mode === 'budget') budget = EFFORT_BUDGETS[params.reasoning_effort ?? 'high']
    else [adaptive, effort] = [true, params.reasoning_effort]
  } else if (asked !== undefined) {
    if (model.mode === 'adaptive')
      [adaptive, effort] = [true, params.reasoning_effort ?? effortForBudget(asked, model.efforts)]
    else budget = asked
  }
  if (effort !== undefined) effort = effortForModel(effort, model.efforts)
  const limit = params.max_completion_tokens ?? params.max_tokens
  // Without a limit of the caller's, the answer keeps the usual room on top of the thinking.
  const room = budget ?? asked ?? (adaptive ? EFFORT_BUDGETS[effort ?? 'high'] : 0)
  const maxTokens = limit ?? room + ANTHROPIC_ANSWER_ROOM
  const body: Body = { max_tokens: maxTokens }
  if (!adaptive && budget === undefined) {
    set(body, 'temperature', params.temperature)
    set(body, 'top_p', params.top_p)
    return body
  }
  if (budget !== undefined) {
    checkBudget(provider, budget, maxTokens)
    body.thinking = { type: 'enabled', budget_tokens: budget }
  } else {
    body.thinking = { type: 'adaptive' }
    if (effort !== undefined) body.output_config = { effort }
  }
  // Thinking of either kind takes no temperature, and top_p only from 0.95.
  if (params.top_p !== undefined && params.top_p >= THINKING_TOP_P_MIN) body.top_p = params.top_p
  return body
}

function checkBudget(provider: string, budget: number, maxTokens: number): void {
  if (Number.isInteger(budget) && budget >= MIN_THINKING_BUDGET && budget < maxTokens) return
  throw new ProviderError({
    provider,
    kind: 'bad_request',
    fact: 'invalid_params',
    message:
      `${provider} needs a thinking budget of at least ${MIN_THINKING_BUDGET} tokens and below max_tokens ` +
      `(asked: ${budget} with max_tokens ${maxTokens}). Nothing was sent.`,
  })
}
