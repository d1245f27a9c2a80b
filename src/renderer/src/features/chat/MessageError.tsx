import { useTranslation } from 'react-i18next'
import type { ErrorKind, Message, ProviderFailure } from '../../../../shared/domain'
import { useController } from '../../app/context'
import { PlayIcon, WarningIcon } from '../../ui/icons'
import { ERROR_REASONS, ERROR_TITLES } from './error-kinds'
import { rejectsImages } from './attachments/attachment-checks'

interface Props {
  message: Message & { error: NonNullable<Message['error']> }
  /** Another reply is streaming: actions that start one wait. */
  busy: boolean
  /** The last message of the conversation: only it can be continued. */
  isLast: boolean
  onRetry: () => void
  onContinue: () => void
}

/** Failures that can heal: trying again makes sense. */
const RETRIABLE: ReadonlySet<ErrorKind> = new Set(['rate_limit', 'server', 'network', 'timeout'])
/** Failures that can cut a reply short (a dropped connection, silence, a stream cut off, a server error). */
const CAN_CUT_OFF: ReadonlySet<ErrorKind> = new Set([
  'rate_limit',
  'server',
  'network',
  'timeout',
  'protocol',
])
/** Kinds whose chat-client description is the only account of what happened (no HTTP status, no words). */
const DESCRIBED_BY_CLIENT: ReadonlySet<ErrorKind> = new Set(['network', 'timeout', 'protocol'])
/** The provider's words, shown briefly: the whole text is in the line's tooltip. */
const MAX_SAID = 160

function brief(text: string): string {
  return text.length > MAX_SAID ? `${text.slice(0, MAX_SAID - 1)}…` : text
}

/** "OpenAI · 3 attempts · server error (HTTP 500): “Overloaded”": one provider tried, as facts. */
function FailureLine({ failure }: { failure: ProviderFailure }) {
  const { t } = useTranslation()
  const parts = [failure.provider, t('error.attempts', { count: failure.attempts })]
  let reason = t(ERROR_REASONS[failure.kind])
  if (failure.status !== undefined) reason += ` (HTTP ${failure.status})`
  parts.push(reason)
  const detail = failure.said
    ? t('error.said', { text: brief(failure.said) })
    : DESCRIBED_BY_CLIENT.has(failure.kind)
      ? failure.message
      : ''
  return (
    <li className="message-error__failure" title={failure.message}>
      {parts.join(' · ')}
      {detail && `: ${detail}`}
    </li>
  )
}

/** What went wrong under a reply, one line per provider tried, and the one thing to do about it. */
export function MessageError({ message, busy, isLast, onRetry, onContinue }: Props) {
  const { t } = useTranslation()
  const controller = useController()
  const { kind, failures } = message.error
  // Text arrived before the failure: it is kept, and the model can go on from it.
  const partial = message.content.trim() !== '' && CAN_CUT_OFF.has(kind)

  let advice: string | null = null
  const actions: { label: string; run: () => void }[] = []
  switch (kind) {
    case 'proxy':
    case 'proxy_auth':
      advice = kind === 'proxy_auth' ? t('error.advice.proxy_auth') : t('error.advice.proxy')
      actions.push({
        label: t('error.action.proxy'),
        run: () => controller.openPreferences({ tab: 'proxy' }),
      })
      break
    case 'region':
      advice = t('error.advice.region')
      actions.push({
        label: t('error.action.proxy'),
        run: () => controller.openPreferences({ tab: 'proxy' }),
      })
      break
    case 'auth':
      advice = t('error.advice.auth')
      actions.push({
        label: t('error.action.apiKey'),
        run: () =>
          controller.openPreferences({
            tab: 'providers',
            ...(message.meta?.providerId ? { providerId: message.meta.providerId } : {}),
          }),
      })
      break
    case 'bad_request':
      // The provider refused an image: the model has no vision.
      if (rejectsImages(message.error)) advice = t('attachments.visionAdvice')
      break
    case 'rate_limit':
    case 'server':
    case 'network':
    case 'timeout':
    case 'protocol':
    case 'aborted':
      break
  }
  if (partial && isLast) {
    advice = t('error.advice.partial')
    actions.push({ label: t('message.continue'), run: onContinue })
  }
  if (RETRIABLE.has(kind) || (partial && isLast))
    actions.push({ label: t('error.action.retry'), run: onRetry })

  const lines = failures ?? []
  const title =
    lines.length > 1
      ? t('error.noProvider')
      : partial && DESCRIBED_BY_CLIENT.has(kind)
        ? t('error.cutOff')
        : t(ERROR_TITLES[kind])

  return (
    <div className={`message-error message-error--${kind}`} role="alert">
      <WarningIcon />
      <div className="message-error__body">
        <p className="message-error__title">{title}</p>
        {lines.length > 0 ? (
          <ul className="message-error__failures">
            {lines.map((failure) => (
              <FailureLine key={failure.provider} failure={failure} />
            ))}
          </ul>
        ) : (
          message.error.message && <p className="message-error__detail">{message.error.message}</p>
        )}
        {advice && <p className="message-error__advice">{advice}</p>}
        {actions.length > 0 && (
          <div className="message-error__actions">
            {actions.map((action) => (
              <button
                key={action.label}
                type="button"
                className="button button--small"
                onClick={action.run}
                // Actions that start a reply wait for the one streaming.
                disabled={busy && (action.run === onRetry || action.run === onContinue)}
              >
                {action.run === onContinue && <PlayIcon />}
                {action.label}
              </button>
            ))}
          </div>
        )}
      </div>
    </div>
  )
}
