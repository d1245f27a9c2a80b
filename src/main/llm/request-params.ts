/**
 * Model parameters in a request body, per API. Only fields the caller set are written. The rules for a
 * parameter a model cannot take:
 * - OpenAI's reasoning models (o-series, gpt-5) refuse temperature and top_p: both are **left out**, and the
 *   output limit goes as `max_completion_tokens`. These are sampling preferences a reasoning model has no use
 *   for, so leaving them out keeps a provider-wide default from breaking every reasoning model.
 * - Anthropic with extended thinking takes no temperature and top_p only from 0.95: those are left out too.
 * - A thinking budget below 1,024 tokens or not below max_tokens is a contradiction in what was asked, not a
 *   preference: a `bad_request` (`invalid_params`) before any byte is sent.
 */
import { ProviderError } from './errors'
import type { ChatCompletionCreateParams } from './types'
import { isOpenAIReasoningModel } from '../../shared/model-params'

type Body = Record<string, unknown>

/** The Messages API requires max_tokens; 4096 is accepted by every current Claude model. */
export const ANTHROPIC_DEFAULT_MAX_TOKENS = 4096
/** Anthropic's smallest thinking budget. */
export const MIN_THINKING_BUDGET = 1024
/** With thinking on, Anthropic takes top_p only from here to 1. */
const THINKING_TOP_P_MIN = 0.95
/** reasoning_effort sent to Anthropic without a `thinking` of its own becomes this budget. */
export const EFFORT_BUDGETS: Record<NonNullable<ChatCompletionCreateParams['reasoning_effort']>, number> = {
  low: 2048,
  medium: 8192,
  high: 16384,
}

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

/** The parameter fields of an Anthropic Messages body (max_tokens always: the API requires it). */
export function anthropicParamFields(provider: string, params: ChatCompletionCreateParams): Body {
  const budget =
    params.thinking?.budget_tokens ??
    (params.reasoning_effort ? EFFORT_BUDGETS[params.reasoning_effort] : undefined)
  const asked = params.max_completion_tokens ?? params.max_tokens
  // Without a limit of the caller's, the answer keeps the usual room on top of the thinking.
  const maxTokens = asked ?? (budget === undefined ? 0 : budget) + ANTHROPIC_DEFAULT_MAX_TOKENS
  const body: Body = { max_tokens: maxTokens }
  if (budget === undefined) {
    set(body, 'temperature', params.temperature)
    set(body, 'top_p', params.top_p)
    return body
  }
  if (!Number.isInteger(budget) || budget < MIN_THINKING_BUDGET || budget >= maxTokens) {
    throw new ProviderError({
      provider,
      kind: 'bad_request',
      fact: 'invalid_params',
      message:
        `${provider} needs a thinking budget of at least ${MIN_THINKING_BUDGET} tokens and below max_tokens ` +
        `(asked: ${budget} with max_tokens ${maxTokens}). Nothing was sent.`,
    })
  }
  body.thinking = { type: 'enabled', budget_tokens: budget }
  if (params.top_p !== undefined && params.top_p >= THINKING_TOP_P_MIN) body.top_p = params.top_p
  return body
}
