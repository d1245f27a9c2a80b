import { memo, useState, type KeyboardEvent } from 'react'
import { useTranslation } from 'react-i18next'
import type { Message } from '../../../../shared/domain'
import { useController } from '../../app/context'
import { copyText } from '../../lib/clipboard'
import { errorText } from '../../app/error-text'
import { useStore } from '../../lib/store'
import { CheckIcon, CopyIcon, EditIcon, PlayIcon, RefreshIcon, TrashIcon } from '../../ui/icons'
import { replyCost } from '../../../../shared/usage-totals'
import { MarkdownView } from './markdown/Markdown'
import { costText, usageText } from './usage-text'
import { MessageAttachments } from './attachments/AttachmentViews'
import { MessageError } from './MessageError'
import { FallbackNote } from './FallbackNote'
import { RetryStatus } from './RetryStatus'
import { WaitingStatus } from './WaitingStatus'
import { VersionSwitch } from './VersionSwitch'
import './message.css'

interface Props {
  message: Message
  /** The last message of the conversation. */
  isLast: boolean
}

function formatDuration(ms: number, language: string): string {
  const seconds = ms / 1000
  return new Intl.NumberFormat(language, { maximumFractionDigits: seconds < 10 ? 1 : 0 }).format(seconds)
}

/** Model, tokens (cached apart), cost and time, quietly. */
function MessageMeta({ message }: { message: Message }) {
  const { t, i18n } = useTranslation()
  const controller = useController()
  const prices = useStore(controller.app, (s) => s.settings?.prices)
  const meta = message.meta
  if (!meta) return null
  const parts: string[] = []
  if (meta.model) parts.push(meta.providerName ? `${meta.providerName} · ${meta.model}` : meta.model)
  if (meta.usage) parts.push(usageText(meta.usage, t, i18n.language))
  if (meta.durationMs !== undefined && message.status !== 'streaming') {
    parts.push(t('message.seconds', { value: formatDuration(meta.durationMs, i18n.language) }))
  }
  // Unknown price: tokens only.
  const cost = prices ? replyCost(message, prices) : undefined
  if (cost) parts.push(...costText(cost, t, i18n.language))
  if (parts.length === 0) return null
  return <p className="message__meta">{parts.join(' · ')}</p>
}

/** The live stream's status line (retry countdown, or how long it has been waiting) for the reply being written. */
function LiveStatus({ message, empty }: { message: Message; empty: boolean }) {
  const controller = useController()
  const messageId = message.id
  const stream = useStore(controller.chat, (s) =>
    s.conversationId ? s.streams[s.conversationId] : undefined,
  )
  if (!stream || stream.messageId !== messageId) return null
  if (stream.retry) return <RetryStatus retry={stream.retry} />
  return <WaitingStatus messageId={messageId} providerName={message.meta?.providerName} empty={empty} />
}

function UserEditor({ message, onDone }: { message: Message; onDone: () => void }) {
  const { t } = useTranslation()
  const controller = useController()
  const [value, setValue] = useState(message.content)
  const [error, setError] = useState<string | null>(null)

  const submit = (): void => {
    if (!value.trim()) return
    setError(null)
    controller.chat
      .editAndResend(message.id, value, controller.currentModel())
      .then(onDone)
      .catch((e: unknown) => setError(errorText(e, t)))
  }
  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>): void => {
    if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing && event.keyCode !== 229) {
      event.preventDefault()
      submit()
    } else if (event.key === 'Escape') {
      event.stopPropagation()
      onDone()
    }
  }
  return (
    <div className="message__editor">
      <textarea
        className="message__editor-field"
        aria-label={t('message.editField')}
        value={value}
        onChange={(event) => setValue(event.target.value)}
        onKeyDown={onKeyDown}
        // The editor opens because the user asked: focus belongs there.
        autoFocus
      />
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
      <div className="message__editor-actions">
        <button type="button" className="button button--small" onClick={onDone}>
          {t('common.cancel')}
        </button>
        <button
          type="button"
          className="button button--small button--primary"
          onClick={submit}
          disabled={!value.trim()}
        >
          {t('message.saveAndSend')}
        </button>
      </div>
    </div>
  )
}

export const MessageItem = memo(function MessageItem({ message, isLast }: Props) {
  const { t } = useTranslation()
  const controller = useController()
  const busy = useStore(controller.chat, (s) =>
    s.conversationId ? s.streams[s.conversationId] !== undefined : false,
  )
  const streamingHere = useStore(controller.chat, (s) =>
    s.conversationId ? s.streams[s.conversationId]?.messageId === message.id : false,
  )
  const [editing, setEditing] = useState(false)
  const [copied, setCopied] = useState(false)
  const [actionError, setActionError] = useState<string | null>(null)
  // A reply saved as "streaming" with no stream behind it was cut off (a crash): show it as interrupted.
  const live = message.status === 'streaming' && streamingHere
  const { role } = message

  const run = (action: () => Promise<void>): void => {
    setActionError(null)
    action().catch((e: unknown) => setActionError(errorText(e, t)))
  }
  const regenerate = (): void => run(() => controller.chat.regenerate(message.id, controller.currentModel()))
  const copy = (): void => {
    void copyText(message.content).then(() => {
      setCopied(true)
      setTimeout(() => setCopied(false), 1500)
    })
  }

  const label =
    role === 'user' ? t('message.you') : role === 'assistant' ? t('message.assistant') : t('message.system')
  const interrupted =
    message.status === 'stopped' ||
    message.status === 'interrupted' ||
    (message.status === 'streaming' && !streamingHere) ||
    (message.status === 'error' && message.error?.kind === 'aborted')

  return (
    <article className={`message message--${role}${live ? ' message--live' : ''}`} aria-label={label}>
      {role === 'assistant' && message.reasoning && (
        <details className="message__reasoning">
          <summary>{live && !message.content ? t('message.thinkingNow') : t('message.thinking')}</summary>
          <div className="message__reasoning-text">{message.reasoning}</div>
        </details>
      )}
      {editing ? (
        <UserEditor message={message} onDone={() => setEditing(false)} />
      ) : role === 'assistant' ? (
        <div className="message__body">
          <MarkdownView text={message.content} live={live} />
        </div>
      ) : (
        <>
          {message.attachments && message.attachments.length > 0 && (
            <MessageAttachments files={message.attachments} />
          )}
          {message.content !== '' && <div className="message__body message__bubble">{message.content}</div>}
        </>
      )}
      {live && <LiveStatus message={message} empty={!message.content && !message.reasoning} />}
      {interrupted && (
        <div className="message__interrupted">
          <span className="message__badge">
            {message.status === 'interrupted' || message.status === 'streaming'
              ? t('message.interrupted')
              : t('message.stopped')}
          </span>
          {isLast && (
            <>
              <button
                type="button"
                className="button button--small"
                disabled={busy}
                onClick={() => run(() => controller.chat.continueMessage(message.id))}
              >
                <PlayIcon />
                {t('message.continue')}
              </button>
              <button type="button" className="button button--small" disabled={busy} onClick={regenerate}>
                <RefreshIcon />
                {t('message.regenerate')}
              </button>
            </>
          )}
        </div>
      )}
      {message.status === 'error' && message.error && (
        <MessageError
          message={{ ...message, error: message.error }}
          busy={busy}
          isLast={isLast}
          onRetry={regenerate}
          onContinue={() => run(() => controller.chat.continueMessage(message.id))}
        />
      )}
      {!live && role === 'assistant' && message.content && message.meta?.fallbackFrom && (
        <FallbackNote meta={message.meta} />
      )}
      {actionError && (
        <p className="field-error" role="alert">
          {actionError}
        </p>
      )}
      {!live && !editing && (
        <div className="message__footer">
          {message.versions && message.versions.count > 1 && (
            <VersionSwitch messageId={message.id} versions={message.versions} busy={busy} />
          )}
          {role === 'assistant' && <MessageMeta message={message} />}
          <div className="message__actions">
            <button
              type="button"
              className="icon-button"
              onClick={copy}
              aria-label={t('message.copy')}
              title={t('message.copy')}
            >
              {copied ? <CheckIcon /> : <CopyIcon />}
            </button>
            {role === 'assistant' && (
              <button
                type="button"
                className="icon-button"
                onClick={regenerate}
                disabled={busy}
                aria-label={t('message.regenerate')}
                title={t('message.regenerate')}
              >
                <RefreshIcon />
              </button>
            )}
            {role === 'user' && (
              <button
                type="button"
                className="icon-button"
                onClick={() => setEditing(true)}
                disabled={busy}
                aria-label={t('message.edit')}
                title={t('message.edit')}
              >
                <EditIcon />
              </button>
            )}
            <button
              type="button"
              className="icon-button"
              onClick={() => run(() => controller.chat.deleteMessage(message.id))}
              disabled={busy}
              aria-label={t('message.delete')}
              title={t('message.delete')}
            >
              <TrashIcon />
            </button>
          </div>
        </div>
      )}
    </article>
  )
})
