import { useTranslation } from 'react-i18next'
import type { ProviderView } from '../../../../shared/domain'
import { SecretStatus } from './SecretStatus'

interface Props {
  provider: ProviderView
  onEdit: () => void
  onRemove: () => void
}

/** A saved provider in the list: name, address, whether its key is set; Edit and Remove. */
export function ProviderRow({ provider, onEdit, onRemove }: Props) {
  const { t } = useTranslation()
  return (
    <li className="provider-row">
      <div className="provider-row__info">
        <p className="provider-row__name">
          {provider.name}
          {!provider.enabled && <span className="badge">{t('providers.disabled')}</span>}
        </p>
        <p className="provider-row__detail">
          {provider.baseURL} · {t('providers.apiKey')}: <SecretStatus secret={provider.apiKey} />
        </p>
      </div>
      <div className="provider-row__actions">
        <button
          type="button"
          className="button button--small"
          aria-label={t('providers.editNamed', { name: provider.name })}
          onClick={onEdit}
        >
          {t('common.edit')}
        </button>
        <button
          type="button"
          className="button button--small button--danger-quiet"
          aria-label={t('providers.removeNamed', { name: provider.name })}
          onClick={onRemove}
        >
          {t('common.remove')}
        </button>
      </div>
    </li>
  )
}
