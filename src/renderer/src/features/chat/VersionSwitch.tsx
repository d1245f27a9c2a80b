import { useState, type KeyboardEvent } from 'react'
import { useTranslation } from 'react-i18next'
import type { MessageVersions } from '../../../../shared/domain'
import { useController } from '../../app/context'
import { errorText } from '../../app/error-text'

interface Props {
  messageId: string
  versions: MessageVersions
  /** A reply is being written: the branch it goes to must stay the one shown. */
  busy: boolean
}

/** "‹ 2/3 ›": the versions of a regenerated reply or an edited message. Arrow keys work on the group too. */
export function VersionSwitch({ messageId, versions, busy }: Props) {
  const { t } = useTranslation()
  const controller = useController()
  const [error, setError] = useState<string | null>(null)
  const { index, count } = versions
  const go = (to: number): void => {
    if (busy || to < 1 || to > count || to === index) return
    setError(null)
    controller.chat.selectVersion(messageId, to).catch((e: unknown) => setError(errorText(e, t)))
  }
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>): void => {
    if (event.key === 'ArrowLeft') go(index - 1)
    else if (event.key === 'ArrowRight') go(index + 1)
    else return
    event.preventDefault()
  }
  return (
    <div
      className="message__versions"
      role="group"
      aria-label={t('message.versions', { index, count })}
      onKeyDown={onKeyDown}
    >
      <button
        type="button"
        className="icon-button message__version-button"
        onClick={() => go(index - 1)}
        disabled={busy || index <= 1}
        aria-label={t('message.previousVersion')}
        title={t('message.previousVersion')}
      >
        ‹
      </button>
      <span className="message__version-count" aria-hidden="true">
        {index}/{count}
      </span>
      <button
        type="button"
        className="icon-button message__version-button"
        onClick={() => go(index + 1)}
        disabled={busy || index >= count}
        aria-label={t('message.nextVersion')}
        title={t('message.nextVersion')}
      >
        ›
      </button>
      {error && (
        <span className="field-error" role="alert">
          {error}
        </span>
      )}
    </div>
  )
}
