import { useTranslation } from 'react-i18next'
import { Dialog } from '../../ui/Dialog'

interface Props {
  /** Something typed is not valid: it cannot be saved, only fixed or dropped. */
  invalid: boolean
  onSave: () => void
  onDiscard: () => void
  onKeepEditing: () => void
}

/** Asked when leaving Preferences (or a tab) with edits that are not saved. Escape keeps editing. */
export function UnsavedChangesDialog({ invalid, onSave, onDiscard, onKeepEditing }: Props) {
  const { t } = useTranslation()
  return (
    <Dialog
      title={t('preferences.unsaved.title')}
      onClose={onKeepEditing}
      role="alertdialog"
      className="dialog--confirm"
    >
      <p className="confirm__message">
        {invalid ? t('preferences.unsaved.invalid') : t('preferences.unsaved.message')}
      </p>
      <div className="dialog__actions">
        <button type="button" className="button button--danger-quiet" onClick={onDiscard}>
          {t('preferences.unsaved.discard')}
        </button>
        <button
          type="button"
          className="button"
          onClick={onKeepEditing}
          data-autofocus={invalid || undefined}
        >
          {t('preferences.unsaved.keepEditing')}
        </button>
        {!invalid && (
          <button type="button" className="button button--primary" onClick={onSave} data-autofocus>
            {t('common.save')}
          </button>
        )}
      </div>
    </Dialog>
  )
}
