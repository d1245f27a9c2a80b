import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useController } from '../../app/context'
import { useStore } from '../../lib/store'
import { WarningIcon } from '../../ui/icons'

/** Without an OS keyring, secrets live for this session only unless the user accepts weak protection. */
export function SecretStorageWarning() {
  const { t } = useTranslation()
  const controller = useController()
  const info = useStore(controller.app, (s) => s.info)
  const [failed, setFailed] = useState(false)
  if (!info || info.secretStorage === 'encrypted') return null
  if (info.secretStorage === 'unavailable') {
    return (
      <div className="callout callout--warning" role="note">
        <WarningIcon />
        <p>{t('secrets.unavailable')}</p>
      </div>
    )
  }
  const allowed = info.plaintextSecretsAllowed
  return (
    <div className="callout callout--warning" role="note">
      <WarningIcon />
      <div>
        <p>{allowed ? t('secrets.weakAllowed') : t('secrets.sessionOnly')}</p>
        <label className="checkbox">
          <input
            type="checkbox"
            checked={allowed}
            onChange={(event) => {
              setFailed(false)
              controller.allowPlaintextSecrets(event.target.checked).catch(() => setFailed(true))
            }}
          />
          <span>{t('secrets.allowWeak')}</span>
        </label>
        <p className="field__hint">{t('secrets.weakExplained')}</p>
        {failed && (
          <p className="field-error" role="alert">
            {t('common.saveFailed')}
          </p>
        )}
      </div>
    </div>
  )
}
