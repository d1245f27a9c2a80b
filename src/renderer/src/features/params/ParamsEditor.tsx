import { useEffect, useId, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { ModelParams, ProviderKind } from '../../../../shared/domain'
import {
  PARAM_LIMITS,
  effectiveParams,
  isOpenAIReasoningModel,
  ownProblems,
  type NumericParamField,
  type ReasoningEffort,
  NUMERIC_PARAM_FIELDS,
} from '../../../../shared/model-params'
import { errorText } from '../../app/error-text'
import { anthropicThinkingNote, problemText } from './param-texts'
import { parseParams, toTexts, type ParamTexts } from './param-form'

interface Props {
  kind: ProviderKind
  providerName: string
  /** The current model: OpenAI's reasoning models get a note that temperature and top P are not sent. */
  model?: string
  /** The values of this level (the conversation's own, or the provider's defaults). */
  saved: ModelParams
  /** The level below (the provider's defaults under a conversation): shown as placeholders, checked with. */
  inherited?: ModelParams
  onSave: (params: ModelParams) => Promise<void>
  /** The Save button's words, where another Save is near (a provider's form). */
  saveLabel?: string
}

/**
 * Model parameters for one provider: a field per parameter the provider takes, checked as typed against
 * its range (a clear message at the field, in the window's language); Save only when every field is
 * fine, so nothing is saved half-way; Reset to default clears them all.
 */
export function ParamsEditor({ kind, providerName, model, saved, inherited, onSave, saveLabel }: Props) {
  const { t, i18n } = useTranslation()
  const locale = i18n.language
  const ids = useId()
  const limits = PARAM_LIMITS[kind]
  const [texts, setTexts] = useState<ParamTexts>(() => toTexts(saved))
  const [status, setStatus] = useState<'idle' | 'saving' | 'saved'>('idle')
  const [failure, setFailure] = useState<string | null>(null)
  const savedKey = JSON.stringify(saved)
  useEffect(() => {
    setTexts(toTexts(JSON.parse(savedKey) as ModelParams))
  }, [savedKey])

  const parsed = parseParams(texts)
  const problems = ownProblems(kind, parsed.params, inherited)
  const messageFor = (field: NumericParamField | 'reasoningEffort'): string | null => {
    if (field !== 'reasoningEffort' && parsed.notNumbers.has(field)) return t('params.problem.notNumber')
    const problem = problems.find((p) => p.field === field)
    return problem ? problemText(t, problem, providerName, locale) : null
  }
  const invalid = parsed.notNumbers.size > 0 || problems.length > 0
  const changed = JSON.stringify(parsed.params) !== savedKey

  const save = async (params: ModelParams): Promise<void> => {
    setStatus('saving')
    setFailure(null)
    try {
      await onSave(params)
      setStatus('saved')
    } catch (error) {
      setStatus('idle')
      setFailure(errorText(error, t))
    }
  }
  const edit = (field: keyof ParamTexts, value: string): void => {
    setStatus('idle')
    setTexts((current) => ({ ...current, [field]: value }))
  }
  const reasoningModel = model !== undefined && kind !== 'anthropic' && isOpenAIReasoningModel(model)
  const thinkingNote =
    model !== undefined && kind === 'anthropic'
      ? anthropicThinkingNote(t, model, effectiveParams(parsed.params, inherited))
      : null
  const effortMessage = messageFor('reasoningEffort')

  return (
    <form
      className="params"
      aria-label={t('params.title')}
      onSubmit={(event) => {
        event.preventDefault()
        if (!invalid && changed) void save(parsed.params)
      }}
    >
      {reasoningModel && <p className="field__hint">{t('params.reasoningModelNote', { model })}</p>}
      {thinkingNote && <p className="field__hint">{thinkingNote}</p>}
      <div className="params__grid">
        {NUMERIC_PARAM_FIELDS.map((field) => {
          const range = limits[field]
          if (!range) return null
          const id = `${ids}-${field}`
          const message = messageFor(field)
          const fallback = inherited?.[field]
          return (
            <div className="params__field" key={field}>
              <label htmlFor={id}>
                {t(`params.field.${field}`)}{' '}
                <span className="params__range">
                  {t('params.range', {
                    min: range.min.toLocaleString(locale),
                    max: range.max.toLocaleString(locale),
                  })}
                </span>
              </label>
              <input
                id={id}
                inputMode={range.integer ? 'numeric' : 'decimal'}
                value={texts[field]}
                placeholder={fallback === undefined ? t('params.unset') : String(fallback)}
                aria-invalid={message ? true : undefined}
                aria-describedby={message ? `${id}-error` : undefined}
                onChange={(event) => edit(field, event.target.value)}
              />
              {message && (
                <p className="field-error params__error" id={`${id}-error`} role="alert">
                  {message}
                </p>
              )}
            </div>
          )
        })}
        {limits.reasoningEfforts.length > 0 && (
          <div className="params__field">
            <label htmlFor={`${ids}-effort`}>{t('params.field.reasoningEffort')}</label>
            <select
              id={`${ids}-effort`}
              value={texts.reasoningEffort}
              aria-invalid={effortMessage ? true : undefined}
              aria-describedby={effortMessage ? `${ids}-effort-error` : undefined}
              onChange={(event) => edit('reasoningEffort', event.target.value)}
            >
              <option value="">
                {inherited?.reasoningEffort
                  ? t('params.effortInherited', { value: t(`params.effort.${inherited.reasoningEffort}`) })
                  : t('params.unset')}
              </option>
              {limits.reasoningEfforts.map((effort: ReasoningEffort) => (
                <option key={effort} value={effort}>
                  {t(`params.effort.${effort}`)}
                </option>
              ))}
            </select>
            {effortMessage && (
              <p className="field-error params__error" id={`${ids}-effort-error`} role="alert">
                {effortMessage}
              </p>
            )}
          </div>
        )}
      </div>
      {failure && (
        <p className="field-error" role="alert">
          {t('params.saveFailed', { error: failure })}
        </p>
      )}
      <div className="params__actions">
        <button
          type="button"
          className="button button--ghost button--small"
          disabled={status === 'saving' || Object.keys(saved).length === 0}
          onClick={() => {
            setTexts(toTexts({}))
            void save({})
          }}
        >
          {t('params.reset')}
        </button>
        <button
          type="submit"
          className="button button--primary button--small"
          disabled={invalid || !changed || status === 'saving'}
        >
          {saveLabel ?? t('params.save')}
        </button>
        {status === 'saved' && !changed && (
          <span className="params__saved" role="status">
            {t('params.saved')}
          </span>
        )}
      </div>
    </form>
  )
}
