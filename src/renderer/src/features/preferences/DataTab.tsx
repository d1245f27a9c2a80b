import { errorText } from '../../app/error-text'
import { ActionStatusLine } from './ActionStatusLine'
import { useId, type ChangeEvent } from 'react'
import type { TFunction } from 'i18next'
import { useTranslation } from 'react-i18next'
import type { ImportResult } from '../../../../shared/contract'
import { useController } from '../../app/context'
import { readText } from '../../lib/read-text'
import { useFileAction } from './use-file-action'

/** Export all conversations as JSON, and import such a file (it adds, never overwrites). */
export function DataTab() {
  const { t } = useTranslation()
  const controller = useController()
  const ids = useId()
  const { busy, status, run } = useFileAction((error) => errorText(error, t))

  const exportAll = (): Promise<void> =>
    run(async () => {
      const result = await controller.api.conversations.exportAll()
      return result.saved ? t('data.exported', { path: result.path ?? '' }) : null
    })

  const importFile = (event: ChangeEvent<HTMLInputElement>): void => {
    const file = event.currentTarget.files?.[0]
    // The same file can be picked again after a failure.
    event.currentTarget.value = ''
    if (!file) return
    void run(async () => {
      const result = await controller.api.conversations.import({
        json: await readText(file),
        copySuffix: t('data.copySuffix'),
      })
      return importSummary(result, t)
    })
  }

  return (
    <div className="prefs-section">
      <h3 className="data-heading">{t('data.exportTitle')}</h3>
      <p className="field__hint">{t('data.exportHint')}</p>
      <button type="button" className="button" disabled={busy} onClick={() => void exportAll()}>
        {t('data.exportAll')}
      </button>

      <h3 className="data-heading">{t('data.importTitle')}</h3>
      <p className="field__hint">{t('data.importHint')}</p>
      <label className="button" htmlFor={`${ids}-import`}>
        {t('data.importButton')}
      </label>
      <input
        id={`${ids}-import`}
        className="visually-hidden"
        type="file"
        accept="application/json,.json"
        disabled={busy}
        onChange={importFile}
      />

      <ActionStatusLine status={status} />
    </div>
  )
}

/** "Added 0 conversations. 3 were already here and were skipped.": what was added, then what else happened. */
function importSummary(result: ImportResult, t: TFunction): string {
  const parts = [t('data.importAdded', { count: result.added })]
  if (result.skipped > 0) parts.push(t('data.importSkipped', { count: result.skipped }))
  if (result.copied > 0) parts.push(t('data.importCopied', { count: result.copied }))
  if (result.invalid > 0) parts.push(t('data.importInvalid', { count: result.invalid }))
  return parts.join(' ')
}
