import { useTranslation } from 'react-i18next'
import type { SecretView } from '../../../../shared/domain'

/** "set · …abcd" or "not set": all the window ever knows of a key. */
export function SecretStatus({ secret }: { secret: SecretView }) {
  const { t } = useTranslation()
  return (
    <span className={secret.set ? 'secret-status secret-status--set' : 'secret-status'}>
      {secret.set
        ? secret.last4
          ? t('secrets.setWithLast4', { last4: secret.last4 })
          : t('secrets.set')
        : t('secrets.notSet')}
    </span>
  )
}
