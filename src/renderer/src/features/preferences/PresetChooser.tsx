import { useTranslation } from 'react-i18next'
import { PRESETS, type Preset } from './presets'

interface Props {
  onChoose: (preset: Preset) => void
  onCancel: () => void
}

/** The first step of adding a provider: a known service (its address filled in) or a custom one. */
export function PresetChooser({ onChoose, onCancel }: Props) {
  const { t } = useTranslation()
  return (
    <div className="prefs-section">
      <h3 className="prefs-section__title">{t('providers.choosePreset')}</h3>
      <div className="preset-grid">
        {PRESETS.map((preset) => (
          <button key={preset.kind} type="button" className="preset" onClick={() => onChoose(preset)}>
            <span className="preset__name">{preset.name || t('providers.custom')}</span>
            <span className="preset__url">{preset.baseURL || t('providers.customHint')}</span>
          </button>
        ))}
      </div>
      <div className="prefs-actions">
        <button type="button" className="button" onClick={onCancel}>
          {t('common.cancel')}
        </button>
      </div>
    </div>
  )
}
