import { useId, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { Language } from '../../../../shared/domain'
import { useController } from '../../app/context'
import { resolveLanguage, tk } from '../../app/i18n'
import { useStore } from '../../lib/store'

const NAMES: Record<Language, string> = { en: tk('language.en'), ru: tk('language.ru') }

export function LanguageTab() {
  const { t } = useTranslation()
  const controller = useController()
  const ids = useId()
  const choice = useStore(controller.app, (s) => s.settings?.language ?? null)
  const info = useStore(controller.app, (s) => s.info)
  const [error, setError] = useState<string | null>(null)
  const system = resolveLanguage(null, info)

  const save = (language: Language | null): void => {
    setError(null)
    controller.updateSettings({ language }).catch(() => setError(t('common.saveFailed')))
  }

  const options: { value: Language | null; label: string }[] = [
    { value: null, label: t('language.system', { language: t(NAMES[system]) }) },
    { value: 'en', label: t(NAMES.en) },
    { value: 'ru', label: t(NAMES.ru) },
  ]

  return (
    <div className="prefs-section">
      <fieldset className="radio-group">
        <legend>{t('language.label')}</legend>
        {options.map(({ value, label }) => (
          <label key={value ?? 'system'} className="radio">
            <input
              type="radio"
              name={`${ids}-language`}
              checked={choice === value}
              onChange={() => save(value)}
              lang={value ?? undefined}
            />
            <span className="radio__label">{label}</span>
          </label>
        ))}
      </fieldset>
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
    </div>
  )
}
