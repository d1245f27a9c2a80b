import { useTranslation } from 'react-i18next'
import type { Message } from '../../../../shared/domain'
import { useController } from '../../app/context'
import { WarningIcon } from '../../ui/icons'
import { ERROR_TITLES } from './error-kinds'

interface Props {
  message: Message & { error: NonNullable<Message['error']> }
  /** Another reply is streaming: actions that start one wait. */
  busy: boolean
  onRetry: () => void
}

/** What went wrong under a reply, and the one thing to do about it. */
export function MessageError({ message, busy, onRetry }: Props) {
  const { t } = useTranslation()
  const controller = useController()
  const { kind } = message.error

  let advice: string | null = null
  let action: { label: string; run: () => void; disabled?: boolean } | null = null
  switch (kind) {
    case 'proxy':
    case 'proxy_auth':
      advice = kind === 'proxy_auth' ? t('error.advice.proxy_auth') : t('error.advice.proxy')
      action = { label: t('error.action.proxy'), run: () => controller.openPreferences({ tab: 'proxy' }) }
      break
    case 'region':
      advice = t('error.advice.region')
      action = { label: t('error.action.proxy'), run: () => controller.openPreferences({ tab: 'proxy' }) }
      break
    case 'auth':
      advice = t('error.advice.auth')
      action = {
        label: t('error.action.apiKey'),
        run: () =>
          controller.openPreferences({
            tab: 'providers',
            ...(message.meta?.providerId ? { providerId: message.meta.providerId } : {}),
          }),
      }
      break
    case 'rate_limit':
    case 'server':
    case 'network':
    case 'timeout':
      action = { label: t('error.action.retry'), run: onRetry, disabled: busy }
      break
    case 'bad_request':
    case 'protocol':
    case 'aborted':
      break
  }

  return (
    <div className={`message-error message-error--${kind}`} role="alert">
      <WarningIcon />
      <div className="message-error__body">
        <p className="message-error__title">{t(ERROR_TITLES[kind])}</p>
        {message.error.message && <p className="message-error__detail">{message.error.message}</p>}
        {advice && <p className="message-error__advice">{advice}</p>}
        {action && (
          <button
            type="button"
            className="button button--small"
            onClick={action.run}
            disabled={action.disabled}
          >
            {action.label}
          </button>
        )}
      </div>
    </div>
  )
}
