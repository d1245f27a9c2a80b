import { useId, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { TitleSettings } from '../../../../shared/domain'
import { useController } from '../../app/context'
import { useStore } from '../../lib/store'

/** Titles written by a model after the first reply: the off switch and the model per provider. */
export function TitlesTab() {
  const { t } = useTranslation()
  const controller = useController()
  const ids = useId()
  const titles = useStore(controller.app, (s) => s.settings?.titles)
  const providers = useStore(controller.app, (s) => s.settings?.providers ?? [])
  const [error, setError] = useState<string | null>(null)
  if (!titles) return null

  const save = (patch: Partial<TitleSettings>): void => {
    setError(null)
    controller.updateSettings({ titles: patch }).catch(() => setError(t('common.saveFailed')))
  }
  const setModel = (providerId: string, value: string): void => {
    const model = value.trim()
    if ((titles.models[providerId] ?? '') === model) return
    const { [providerId]: _old, ...others } = titles.models
    save({ models: model ? { ...others, [providerId]: model } : others })
  }

  return (
    <div className="prefs-section">
      <label className="checkbox">
        <input
          type="checkbox"
          checked={titles.enabled}
          aria-describedby={`${ids}-enabled-hint`}
          onChange={(e) => save({ enabled: e.target.checked })}
        />
        <span>{t('titles.enabled')}</span>
      </label>
      <p id={`${ids}-enabled-hint`} className="field__hint">
        {t('titles.enabledHint')}
      </p>
      <h3 className="prefs-section__title">{t('titles.models')}</h3>
      <p className="field__hint">{t('titles.modelsHint')}</p>
      {providers.length === 0 && <p className="field__hint">{t('titles.noProviders')}</p>}
      {providers.map((provider) => (
        // The label above its field: a long provider name and a long model id each get the whole row.
        <div className="field" key={provider.id}>
          <label htmlFor={`${ids}-${provider.id}`}>{provider.name}</label>
          <input
            id={`${ids}-${provider.id}`}
            type="text"
            // Keyed by the saved value: a save elsewhere shows here.
            key={titles.models[provider.id] ?? ''}
            defaultValue={titles.models[provider.id] ?? ''}
            placeholder={t('titles.conversationModel')}
            aria-label={t('titles.modelField', { provider: provider.name })}
            disabled={!titles.enabled}
            maxLength={300}
            spellCheck={false}
            onBlur={(e) => setModel(provider.id, e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Enter') setModel(provider.id, e.currentTarget.value)
            }}
          />
        </div>
      ))}
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
    </div>
  )
}
