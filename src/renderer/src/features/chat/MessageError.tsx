import { useTranslation } from 'react-i18next'
import type { ErrorFacts, ErrorKind, Message, ProviderFailure } from '../../../../shared/domain'
import { useController } from '../../app/context'
import { PlayIcon, WarningIcon } from '../../ui/icons'
import { sentence, wordFacts } from './error-facts'
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
/**
 * Kinds with no HTTP status and no provider's words: replies saved before errors carried facts are
 * described by the chat client's (English) message, the only account of what happened there.
 */
const DESCRIBED_BY_CLIENT: ReadonlySet<ErrorKind> = new Set(['network', 'timeout', 'protocol'])
/** The provider's words, shown briefly: the whole text is in the line's tooltip. */
const MAX_SAID = 160

/**
 * Whether an error carries facts beyond its kind. Without any (a reply saved by an older version, or a
 * failure nothing classified), the chat client's message is the only account of what happened.
 */
function hasFacts(error: ErrorFacts): boolean {
  return [error.fact, error.status, error.said, error.code, error.host, error.proxy].some(
    (v) => v !== undefined,
  )
}

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
  // The facts worded in the UI language; the English message only for replies saved without facts.
  const worded = [wordFacts(t, failure), failure.said ? t('error.said', { text: brief(failure.said) }) : '']
    .filter(Boolean)
    .join(' ')
  const detail =
    worded || (!hasFacts(failure) && DESCRIBED_BY_CLIENT.has(failure.kind) ? failure.message : '')
  return (
    <li className="message-error__failure" title={failure.said}>
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
  const said = message.error.said ? t('error.said', { text: message.error.said }) : ''
  // Worded from the facts; an error without any keeps the chat client's message.
  const worded = wordFacts(t, message.error)
  const detail = hasFacts(message.error)
    ? [worded && sentence(worded), said].filter(Boolean).join(' ')
    : message.error.message
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
          detail && <p className="message-error__detail">{detail}</p>
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
