import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useController } from '../../app/context'
import { useStore } from '../../lib/store'
import { ConfirmDialog } from '../../ui/Dialog'
import { CloseIcon, DownloadIcon, TrashIcon } from '../../ui/icons'
import { allChosen } from './conversations-store'

interface Props {
  /** The conversations in list order: what Select all chooses. */
  order: readonly string[]
}

/** Choosing several conversations: how many, Select all, Export, Delete (one confirmation), Done. */
export function SelectionBar({ order }: Props) {
  const { t } = useTranslation()
  const controller = useController()
  const { conversations } = controller
  const selected = useStore(conversations, (s) => s.selected)
  const [confirming, setConfirming] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const count = selected.length
  const all = allChosen(order, selected)

  const exportChosen = (): void => {
    setError(null)
    setBusy(true)
    controller.api.conversations
      .exportSelected([...selected])
      .catch(() => setError(t('sidebar.selection.exportFailed')))
      .finally(() => setBusy(false))
  }

  const deleteChosen = (): void => {
    setConfirming(false)
    setError(null)
    setBusy(true)
    controller
      .deleteConversations(selected)
      .catch(() => setError(t('sidebar.selection.deleteFailed', { count })))
      .finally(() => setBusy(false))
  }

  return (
    <div className="selection" role="toolbar" aria-label={t('sidebar.selection.label')}>
      <div className="selection__row">
        <span className="selection__count" aria-live="polite">
          {t('sidebar.selection.count', { count })}
        </span>
        <button
          type="button"
          className="icon-button"
          aria-label={t('sidebar.selection.done')}
          title={t('sidebar.selection.done')}
          onClick={() => conversations.stopSelecting()}
        >
          <CloseIcon />
        </button>
      </div>
      <div className="selection__row">
        <button type="button" className="button button--ghost" onClick={() => conversations.selectAll(order)}>
          {all ? t('sidebar.selection.none') : t('sidebar.selection.all')}
        </button>
        <span className="selection__actions">
          <button
            type="button"
            className="icon-button"
            disabled={count === 0 || busy}
            aria-label={t('sidebar.selection.export', { count })}
            title={t('sidebar.selection.export', { count })}
            onClick={exportChosen}
          >
            <DownloadIcon />
          </button>
          <button
            type="button"
            className="icon-button"
            disabled={count === 0 || busy}
            aria-label={t('sidebar.selection.delete', { count })}
            title={t('sidebar.selection.delete', { count })}
            onClick={() => setConfirming(true)}
          >
            <TrashIcon />
          </button>
        </span>
      </div>
      {error && (
        <p className="selection__error" role="alert">
          {error}
        </p>
      )}
      {confirming && (
        <ConfirmDialog
          title={t('sidebar.selection.deleteTitle', { count })}
          message={t('sidebar.selection.deleteMessage', { count })}
          confirmLabel={t('sidebar.selection.deleteConfirm', { count })}
          onCancel={() => setConfirming(false)}
          onConfirm={deleteChosen}
        />
      )}
    </div>
  )
}
