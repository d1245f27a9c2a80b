import { useEffect, type ChangeEvent } from 'react'
import { useTranslation } from 'react-i18next'
import type { ModelRef } from '../../../../shared/domain'
import { useController } from '../../app/context'
import { useStore } from '../../lib/store'

function encode(ref: ModelRef): string {
  return JSON.stringify([ref.providerId, ref.model])
}

function decode(value: string): ModelRef | null {
  try {
    const parsed: unknown = JSON.parse(value)
    if (Array.isArray(parsed) && typeof parsed[0] === 'string' && typeof parsed[1] === 'string') {
      return { providerId: parsed[0], model: parsed[1] }
    }
  } catch {
    // not a model
  }
  return null
}

/** The model of the open conversation, from every enabled provider's models, grouped by provider. */
export function ModelPicker() {
  const { t } = useTranslation()
  const controller = useController()
  const providers = useStore(controller.app, (s) => s.settings?.providers)
  const defaultModel = useStore(controller.app, (s) => s.settings?.defaultModel ?? null)
  const conversationModel = useStore(controller.chat, (s) => s.conversation?.model ?? null)
  const draftModel = useStore(controller.chat, (s) => (s.conversationId ? null : s.draft.model))
  const lists = useStore(controller.models, (s) => s)
  const enabled = (providers ?? []).filter((p) => p.enabled)
  const current = conversationModel ?? draftModel ?? defaultModel

  useEffect(() => {
    for (const provider of enabled) controller.models.ensure(provider.id)
  })

  const onChange = (event: ChangeEvent<HTMLSelectElement>): void => {
    const model = decode(event.target.value)
    if (!model) return
    void controller.chat.setModel(model)
    void controller.updateSettings({ defaultModel: model }).catch(() => undefined)
  }

  return (
    <select
      className="model-picker"
      aria-label={t('chat.model')}
      value={current ? encode(current) : ''}
      onChange={onChange}
    >
      {!current && <option value="">{t('chat.chooseModel')}</option>}
      {enabled.map((provider) => {
        const list = lists[provider.id]
        const models = [...(list?.models ?? [])]
        if (current?.providerId === provider.id && !models.includes(current.model))
          models.unshift(current.model)
        return (
          <optgroup key={provider.id} label={provider.name}>
            {models.map((model) => (
              <option key={model} value={encode({ providerId: provider.id, model })}>
                {model}
              </option>
            ))}
            {models.length === 0 && (
              <option disabled value={`none:${provider.id}`}>
                {list?.status === 'loading'
                  ? t('chat.modelsLoading')
                  : list?.status === 'failed'
                    ? t('chat.modelsFailed')
                    : t('chat.noModels')}
              </option>
            )}
          </optgroup>
        )
      })}
    </select>
  )
}
