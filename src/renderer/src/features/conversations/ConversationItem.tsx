import { memo, useState, type KeyboardEvent, type MouseEvent } from 'react'
import { useTranslation } from 'react-i18next'
import type { ConversationSummary } from '../../../../shared/domain'
import { useController } from '../../app/context'
import { ConfirmDialog } from '../../ui/Dialog'
import { DownloadIcon, EditIcon, PinIcon, TrashIcon } from '../../ui/icons'

interface Props {
  item: ConversationSummary
  active: boolean
  streaming: boolean
  /** Choosing several: the row is a checkbox. */
  selecting?: boolean
  selected?: boolean
  onChoose?: (id: string, how: 'toggle' | 'range') => void
}

/** Shift-click chooses a range; Ctrl-click (⌘ on macOS) one more, as in a file manager. */
function chooseHow(event: MouseEvent): 'toggle' | 'range' | null {
  if (event.shiftKey) return 'range'
  if (event.ctrlKey || event.metaKey) return 'toggle'
  return null
}

export const ConversationItem = memo(function ConversationItem({
  item,
  active,
  streaming,
  selecting = false,
  selected = false,
  onChoose,
}: Props) {
  const { t } = useTranslation()
  const controller = useController()
  const [editing, setEditing] = useState(false)
  const [confirming, setConfirming] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const title = item.title || t('sidebar.untitled')
  const pinned = item.pinnedAt !== undefined

  const pin = (): void => {
    controller.conversations
      .pin(item.id, !pinned)
      .catch(() => setError(t(pinned ? 'sidebar.unpinFailed' : 'sidebar.pinFailed')))
  }

  if (selecting) {
    return (
      <div className={selected ? 'conversation conversation--selected' : 'conversation'}>
        <label className="conversation__choose">
          <input
            type="checkbox"
            checked={selected}
            aria-label={t('sidebar.selectNamed', { title })}
            // Handled on click, where Shift is known (Space on the box is a click too); checked follows the store.
            onClick={(event) => onChoose?.(item.id, event.shiftKey ? 'range' : 'toggle')}
            onChange={() => {}}
          />
          <span className="conversation__title">{title}</span>
          {pinned && (
            <span className="conversation__pinned" role="img" aria-label={t('sidebar.pinned')}>
              <PinIcon />
            </span>
          )}
        </label>
      </div>
    )
  }

  const save = (value: string): void => {
    setEditing(false)
    const next = value.trim()
    if (!next || next === item.title) return
    controller.renameConversation(item.id, next).catch(() => setError(t('sidebar.renameFailed')))
  }

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>): void => {
    if (event.key === 'Enter' && !event.nativeEvent.isComposing) {
      event.preventDefault()
      save(event.currentTarget.value)
    } else if (event.key === 'Escape') {
      event.preventDefault()
      event.stopPropagation()
      setEditing(false)
    }
  }

  return (
    <div className={active ? 'conversation conversation--active' : 'conversation'}>
      {editing ? (
        <input
          className="conversation__rename"
          aria-label={t('sidebar.titleField')}
          defaultValue={item.title}
          // The field appears because the user asked to rename: focus belongs there.
          autoFocus
          onFocus={(event) => event.currentTarget.select()}
          onKeyDown={onKeyDown}
          onBlur={(event) => save(event.currentTarget.value)}
          maxLength={200}
        />
      ) : (
        <button
          type="button"
          className="conversation__open"
          aria-current={active ? 'page' : undefined}
          onClick={(event) => {
            const how = chooseHow(event)
            if (how && onChoose) onChoose(item.id, how)
            else controller.openConversation(item.id)
          }}
          onDoubleClick={() => setEditing(true)}
        >
          <span className="conversation__title">{title}</span>
          {pinned && (
            <span className="conversation__pinned" role="img" aria-label={t('sidebar.pinned')}>
              <PinIcon />
            </span>
          )}
          {streaming && (
            <span className="conversation__live" role="img" aria-label={t('sidebar.streaming')} />
          )}
        </button>
      )}
      {!editing && (
        <span className="conversation__actions">
          <button
            type="button"
            className="icon-button"
            aria-label={t(pinned ? 'sidebar.unpinNamed' : 'sidebar.pinNamed', { title })}
            aria-pressed={pinned}
            title={t(pinned ? 'sidebar.unpin' : 'sidebar.pin')}
            onClick={pin}
          >
            <PinIcon />
          </button>
          <button
            type="button"
            className="icon-button"
            aria-label={t('sidebar.renameNamed', { title })}
            title={t('sidebar.rename')}
            onClick={() => setEditing(true)}
          >
            <EditIcon />
          </button>
          <button
            type="button"
            className="icon-button"
            aria-label={t('sidebar.exportNamed', { title })}
            title={t('sidebar.export')}
            onClick={() =>
              void controller.api.conversations
                .exportMarkdown(item.id)
                .catch(() => setError(t('sidebar.exportFailed')))
            }
          >
            <DownloadIcon />
          </button>
          <button
            type="button"
            className="icon-button"
            aria-label={t('sidebar.deleteNamed', { title })}
            title={t('sidebar.delete')}
            onClick={() => setConfirming(true)}
          >
            <TrashIcon />
          </button>
        </span>
      )}
      {error && (
        <p className="conversation__error" role="alert">
          {error}
        </p>
      )}
      {confirming && (
        <ConfirmDialog
          title={t('sidebar.deleteTitle')}
          message={t('sidebar.deleteMessage', { title })}
          confirmLabel={t('sidebar.delete')}
          onCancel={() => setConfirming(false)}
          onConfirm={() => {
            setConfirming(false)
            controller.deleteConversation(item.id).catch(() => setError(t('sidebar.deleteFailed')))
          }}
        />
      )}
    </div>
  )
})
