import { useId, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { Appearance, Theme } from '../../../../shared/domain'
import { useController } from '../../app/context'
import { tk } from '../../app/i18n'
import { useStore } from '../../lib/store'

const THEMES: readonly { theme: Theme; label: string }[] = [
  { theme: 'system', label: tk('appearance.system') },
  { theme: 'light', label: tk('appearance.light') },
  { theme: 'dark', label: tk('appearance.dark') },
]

export function AppearanceTab() {
  const { t } = useTranslation()
  const controller = useController()
  const ids = useId()
  const appearance = useStore(controller.app, (s) => s.settings?.appearance)
  const [error, setError] = useState<string | null>(null)
  if (!appearance) return null

  const save = (patch: Partial<Appearance>): void => {
    setError(null)
    controller.updateSettings({ appearance: patch }).catch(() => setError(t('common.saveFailed')))
  }

  return (
    <div className="prefs-section">
      <fieldset className="radio-group radio-group--row">
        <legend>{t('appearance.theme')}</legend>
        {THEMES.map(({ theme, label }) => (
          <label key={theme} className="radio radio--card">
            <input
              type="radio"
              name={`${ids}-theme`}
              value={theme}
              checked={appearance.theme === theme}
              onChange={() => save({ theme })}
            />
            <span className="radio__label">{t(label)}</span>
          </label>
        ))}
      </fieldset>
      <div className="field">
        <label htmlFor={`${ids}-size`}>
          {t('appearance.fontSize')}: <output htmlFor={`${ids}-size`}>{appearance.fontSize}</output>
        </label>
        <input
          id={`${ids}-size`}
          type="range"
          min={12}
          max={22}
          step={1}
          value={appearance.fontSize}
          onChange={(e) => save({ fontSize: Number(e.target.value) })}
        />
      </div>
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
    </div>
  )
}
