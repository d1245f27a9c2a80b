import { useEffect, useId, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { effectiveParams, hasParams } from '../../../../shared/model-params'
import { useController } from '../../app/context'
import { useStore } from '../../lib/store'
import { ParamsEditor } from './ParamsEditor'
import { summaryText } from './param-texts'
import './params.css'

/**
 * The open conversation's model parameters, next to the model picker: a button showing the values in use
 * (the conversation's own, else the provider's defaults) that opens a compact panel to change them.
 */
export function ParamsPanel() {
  const { t } = useTranslation()
  const controller = useController()
  const id = useId()
  const [open, setOpen] = useState(false)
  const root = useRef<HTMLDivElement>(null)
  const settings = useStore(controller.app, (s) => s.settings)
  const own = useStore(controller.chat, (s) => (s.conversation ? s.conversation.params : s.draft.params))
  const conversationModel = useStore(controller.chat, (s) => s.conversation?.model ?? null)
  const draftModel = useStore(controller.chat, (s) => (s.conversationId ? null : s.draft.model))
  const model = conversationModel ?? draftModel ?? settings?.defaultModel ?? null
  const provider = settings?.providers.find((p) => p.id === model?.providerId)
  const defaults = provider ? settings?.modelParams[provider.id] : undefined
  const inUse = effectiveParams(own, defaults)
  const summary = summaryText(t, inUse)

  useEffect(() => {
    if (!open) return
    const close = (event: MouseEvent): void => {
      if (root.current && !root.current.contains(event.target as Node)) setOpen(false)
    }
    document.addEventListener('mousedown', close)
    return () => document.removeEventListener('mousedown', close)
  }, [open])

  return (
    <div
      className="params-panel"
      ref={root}
      onKeyDown={(event) => {
        if (event.key === 'Escape' && open) {
          event.stopPropagation()
          setOpen(false)
        }
      }}
    >
      <button
        type="button"
        className={`params-panel__button${hasParams(own) ? ' params-panel__button--own' : ''}`}
        aria-expanded={open}
        aria-controls={`${id}-panel`}
        title={t('params.buttonHint')}
        onClick={() => setOpen((value) => !value)}
      >
        <span>{t('params.button')}</span>
        {summary && <span className="params-panel__summary">{summary}</span>}
      </button>
      {open && (
        <div
          className="params-panel__popover"
          id={`${id}-panel`}
          role="dialog"
          aria-label={t('params.title')}
        >
          <h2 className="params-panel__title">{t('params.title')}</h2>
          {provider && model ? (
            <>
              <p className="field__hint">{t('params.conversationHint')}</p>
              <ParamsEditor
                key={`${provider.id}:${provider.kind}`}
                kind={provider.kind}
                providerName={provider.name}
                model={model.model}
                saved={own ?? {}}
                {...(defaults ? { inherited: defaults } : {})}
                onSave={(params) => controller.chat.setParams(params)}
              />
            </>
          ) : (
            <p className="field__hint">{t('params.noModel')}</p>
          )}
        </div>
      )}
    </div>
  )
}
