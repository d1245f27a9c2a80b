import { useId, useState } from 'react'
import { ActionStatusLine } from '../preferences/ActionStatusLine'
import type { ActionStatus } from '../preferences/use-file-action'
import { useTranslation } from 'react-i18next'
import { promptProblems } from '../../../../shared/prompts'
import { useController } from '../../app/context'
import { randomId } from '../../lib/id'
import { useStore } from '../../lib/store'
import { problemText } from './prompt-words'
import './prompts.css'

interface Props {
  /** The system prompt in the field now (perhaps not saved yet). */
  value: string
  /** Puts a saved prompt's text in the field and saves it to the conversation. */
  onApply: (text: string) => void
}

/** By the system prompt: apply a saved prompt, or save this one to the library under a name. */
export function PromptTools({ value, onApply }: Props) {
  const { t } = useTranslation()
  const controller = useController()
  const ids = useId()
  const library = useStore(controller.app, (s) => s.settings?.prompts ?? [])
  const [naming, setNaming] = useState(false)
  const [name, setName] = useState('')
  const [status, setStatus] = useState<ActionStatus>(null)
  const inLibrary = library.some((p) => p.text === value)
  const problem = promptProblems({ name, text: value }, library).name

  const save = (): void => {
    if (problem) return
    const trimmed = name.trim()
    controller.updateSettings({ prompts: [...library, { id: randomId(), name: trimmed, text: value }] }).then(
      () => {
        setNaming(false)
        setName('')
        setStatus({ kind: 'ok', text: t('prompts.saved', { name: trimmed }) })
      },
      () => setStatus({ kind: 'error', text: t('common.saveFailed') }),
    )
  }

  return (
    <div className="prompt-tools">
      {library.length > 0 && (
        <select
          aria-label={t('prompts.apply')}
          value=""
          onChange={(event) => {
            const chosen = library.find((p) => p.id === event.target.value)
            if (chosen) onApply(chosen.text)
            setStatus(null)
          }}
        >
          <option value="">{t('prompts.apply')}</option>
          {library.map((p) => (
            <option key={p.id} value={p.id}>
              {p.name}
            </option>
          ))}
        </select>
      )}
      {naming ? (
        <form
          className="prompt-tools"
          onSubmit={(event) => {
            event.preventDefault()
            save()
          }}
        >
          <input
            aria-label={t('prompts.name')}
            placeholder={t('prompts.name')}
            value={name}
            autoFocus
            onChange={(event) => setName(event.target.value)}
            onKeyDown={(event) => {
              if (event.key === 'Escape') {
                // The field's own Escape: the dialog or window behind it stays as it is.
                event.stopPropagation()
                setNaming(false)
              }
            }}
            aria-invalid={name !== '' && problem !== undefined}
            aria-describedby={name !== '' && problem ? `${ids}-error` : undefined}
          />
          <button type="submit" className="button" disabled={problem !== undefined}>
            {t('common.save')}
          </button>
          <button type="button" className="button" onClick={() => setNaming(false)}>
            {t('common.cancel')}
          </button>
          {name !== '' && problem && (
            <span id={`${ids}-error`} className="field-error" role="alert">
              {problemText(problem, t)}
            </span>
          )}
        </form>
      ) : (
        value.trim() !== '' &&
        !inLibrary && (
          <button
            type="button"
            className="button"
            onClick={() => {
              setStatus(null)
              setNaming(true)
            }}
          >
            {t('prompts.saveToLibrary')}
          </button>
        )
      )}
      <ActionStatusLine status={status} inline />
    </div>
  )
}
