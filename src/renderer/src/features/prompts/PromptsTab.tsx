import { useId, useState, type ChangeEvent } from 'react'
import { ActionStatusLine } from '../preferences/ActionStatusLine'
import { useTranslation } from 'react-i18next'
import type { SavedPrompt } from '../../../../shared/prompts'
import { useController } from '../../app/context'
import { errorText } from '../../app/error-text'
import { errorCode } from '../../lib/errors'
import { randomId } from '../../lib/id'
import { readText } from '../../lib/read-text'
import { useStore } from '../../lib/store'
import { PromptEditor } from './PromptEditor'
import { importSummary } from './prompt-words'
import { useFileAction } from '../preferences/use-file-action'
import './prompts.css'

type Editing = { kind: 'new' } | { kind: 'edit'; id: string } | null

/** Preferences → Prompts: the prompt library (add, edit, delete, import, export). */
export function PromptsTab() {
  const { t } = useTranslation()
  const controller = useController()
  const ids = useId()
  const library = useStore(controller.app, (s) => s.settings?.prompts ?? [])
  const [editing, setEditing] = useState<Editing>(null)
  const [confirming, setConfirming] = useState<string | null>(null)
  const { busy, status, setStatus, run } = useFileAction((error) =>
    errorCode(error) === 'invalid_input' ? t('prompts.importNotPrompts') : errorText(error, t),
  )

  const saveLibrary = async (prompts: SavedPrompt[]): Promise<void> => {
    await controller.updateSettings({ prompts })
  }
  const saveDraft = async (draft: { name: string; text: string }): Promise<void> => {
    if (editing?.kind === 'edit') {
      await saveLibrary(library.map((p) => (p.id === editing.id ? { ...p, ...draft } : p)))
    } else {
      await saveLibrary([...library, { id: randomId(), ...draft }])
    }
    setEditing(null)
    setStatus({ kind: 'ok', text: t('prompts.saved', { name: draft.name }) })
  }
  const remove = (prompt: SavedPrompt): void => {
    setConfirming(null)
    saveLibrary(library.filter((p) => p.id !== prompt.id)).then(
      () => setStatus({ kind: 'ok', text: t('prompts.deleted', { name: prompt.name }) }),
      () => setStatus({ kind: 'error', text: t('common.saveFailed') }),
    )
  }

  const exportAll = (): Promise<void> =>
    run(async () => {
      const result = await controller.api.prompts.export()
      return result.saved ? t('prompts.exported', { path: result.path ?? '' }) : null
    })
  const importFile = (event: ChangeEvent<HTMLInputElement>): void => {
    const file = event.currentTarget.files?.[0]
    event.currentTarget.value = ''
    if (!file) return
    void run(async () => {
      const result = await controller.api.prompts.import({ json: await readText(file) })
      await controller.reloadSettings()
      return importSummary(result, t)
    })
  }

  const edited = editing?.kind === 'edit' ? library.find((p) => p.id === editing.id) : undefined

  return (
    <div className="prefs-section">
      <p className="field__hint">{t('prompts.hint')}</p>
      {editing ? (
        <PromptEditor
          key={editing.kind === 'edit' ? editing.id : 'new'}
          {...(edited ? { prompt: edited } : {})}
          library={library}
          onSave={saveDraft}
          onCancel={() => setEditing(null)}
        />
      ) : (
        <div className="prompt-actions">
          <button
            type="button"
            className="button button--primary"
            onClick={() => {
              setStatus(null)
              setEditing({ kind: 'new' })
            }}
          >
            {t('prompts.add')}
          </button>
          <label className="button" htmlFor={`${ids}-import`}>
            {t('prompts.import')}
          </label>
          <input
            id={`${ids}-import`}
            className="visually-hidden"
            type="file"
            accept="application/json,.json"
            disabled={busy}
            onChange={importFile}
          />
          <button
            type="button"
            className="button"
            disabled={busy || library.length === 0}
            onClick={() => void exportAll()}
          >
            {t('prompts.export')}
          </button>
        </div>
      )}
      <ActionStatusLine status={status} />
      {library.length === 0 ? (
        <p className="prefs-empty">{t('prompts.empty')}</p>
      ) : (
        <ul className="provider-list prompt-list" aria-label={t('prompts.listLabel')}>
          {library.map((prompt) => (
            <li key={prompt.id} className="provider-row">
              <div className="provider-row__info">
                <p className="provider-row__name prompt-row__name">{prompt.name}</p>
                <p className="provider-row__detail">{prompt.text}</p>
              </div>
              {confirming === prompt.id ? (
                <span
                  className="provider-row__actions prompt-row__confirm"
                  role="group"
                  aria-label={t('prompts.confirmDelete', { name: prompt.name })}
                >
                  <span>{t('prompts.confirmDelete', { name: prompt.name })}</span>
                  <button type="button" className="button button--danger" onClick={() => remove(prompt)}>
                    {t('prompts.delete')}
                  </button>
                  <button type="button" className="button" onClick={() => setConfirming(null)}>
                    {t('common.cancel')}
                  </button>
                </span>
              ) : (
                <span className="provider-row__actions">
                  <button
                    type="button"
                    className="button"
                    aria-label={t('prompts.editNamed', { name: prompt.name })}
                    disabled={editing !== null}
                    onClick={() => setEditing({ kind: 'edit', id: prompt.id })}
                  >
                    {t('common.edit')}
                  </button>
                  <button
                    type="button"
                    className="button"
                    aria-label={t('prompts.deleteNamed', { name: prompt.name })}
                    disabled={editing !== null}
                    onClick={() => setConfirming(prompt.id)}
                  >
                    {t('prompts.delete')}
                  </button>
                </span>
              )}
            </li>
          ))}
        </ul>
      )}
    </div>
  )
}
