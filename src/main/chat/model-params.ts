/**
 * Model parameters between the app and the chat client: the checks main runs on what the page saves (each
 * provider's range, from the shared table), and the values each provider of a chain sends (the conversation's
 * own, else that provider's default, without what that provider cannot take).
 */
import type { ModelParams, ModelRef, ProviderConfig, Settings } from '../../shared/domain'
import {
  effectiveParams,
  fitParams,
  ownProblems,
  paramProblems,
  type ParamProblem,
} from '../../shared/model-params'
import { AppError } from '../app-error'
import type { ChatCompletionCreateParams } from '../llm/types'

type RequestParams = Pick<
  ChatCompletionCreateParams,
  'temperature' | 'max_tokens' | 'top_p' | 'reasoning_effort' | 'thinking'
>

/** The app's names → the library's (OpenAI's) request fields; unset fields stay absent. */
export function toRequestParams(params: ModelParams): RequestParams {
  const out: RequestParams = {}
  if (params.temperature !== undefined) out.temperature = params.temperature
  if (params.maxTokens !== undefined) out.max_tokens = params.maxTokens
  if (params.topP !== undefined) out.top_p = params.topP
  if (params.reasoningEffort !== undefined) out.reasoning_effort = params.reasoningEffort
  if (params.thinkingBudget !== undefined)
    out.thinking = { type: 'enabled', budget_tokens: params.thinkingBudget }
  return out
}

function fromRequestParams(request: ChatCompletionCreateParams): ModelParams {
  const out: ModelParams = {}
  if (request.temperature !== undefined) out.temperature = request.temperature
  if (request.max_tokens !== undefined) out.maxTokens = request.max_tokens
  if (request.top_p !== undefined) out.topP = request.top_p
  if (request.reasoning_effort !== undefined) out.reasoningEffort = request.reasoning_effort
  if (request.thinking?.type === 'enabled') out.thinkingBudget = request.thinking.budget_tokens
  return out
}

/**
 * A request as one provider of the chain sends it: the values the request carries (the conversation's own),
 * else the provider's defaults, without what this provider cannot take (a fallback of another kind, or a
 * conversation moved to another provider, never sends a value outside its range).
 */
export function paramsForProvider(
  request: ChatCompletionCreateParams,
  kind: ProviderConfig['kind'],
  defaults: ModelParams | undefined,
): ChatCompletionCreateParams {
  const {
    temperature: _t,
    max_tokens: _m,
    top_p: _p,
    reasoning_effort: _r,
    thinking: _k,
    max_completion_tokens: _c,
    ...rest
  } = request
  // The conversation's values this provider cannot take give way to its defaults, then the whole is fitted.
  const own = fitParams(kind, fromRequestParams(request))
  return { ...rest, ...toRequestParams(fitParams(kind, effectiveParams(own, defaults))) }
}

/** English, for logs and library users; the window words the problems itself, at the field. */
export function describeProblems(kind: string, problems: readonly ParamProblem[]): string {
  const parts = problems.map((p) => {
    const range = p.min !== undefined && p.max !== undefined ? ` (${p.min}–${p.max})` : ''
    return `${p.field}: ${p.reason.replace(/_/g, ' ')}${range}`
  })
  return `These model parameters cannot be used with ${kind}: ${parts.join('; ')}.`
}

function providerOf(settings: Settings, providerId: string | undefined): ProviderConfig | undefined {
  return providerId === undefined ? undefined : settings.providers.find((p) => p.id === providerId)
}

/**
 * A conversation's own values, checked with its provider's defaults (the values that would be sent), in
 * that provider's ranges; refused whole with `invalid_input`, so nothing is saved half-way.
 */
export function checkConversationParams(
  settings: Settings,
  model: ModelRef | null,
  params: ModelParams,
): void {
  const provider = providerOf(settings, (model ?? settings.defaultModel)?.providerId)
  if (!provider) return
  const problems = ownProblems(provider.kind, params, settings.modelParams[provider.id])
  if (problems.length) throw new AppError('invalid_input', describeProblems(provider.kind, problems))
}

/** Defaults per provider, each in its provider's ranges (those of a removed provider are left alone: unused). */
export function checkDefaultParams(
  providers: readonly ProviderConfig[],
  defaults: Record<string, ModelParams>,
): void {
  for (const [providerId, params] of Object.entries(defaults)) {
    const provider = providers.find((p) => p.id === providerId)
    if (!provider) continue
    const problems = paramProblems(provider.kind, params)
    if (problems.length) throw new AppError('invalid_input', describeProblems(provider.name, problems))
  }
}
