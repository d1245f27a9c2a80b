import { useId, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { promptProblems, type SavedPrompt } from '../../../../shared/prompts'
import { useEditGuard } from '../preferences/edit-guard'
import { problemText } from './prompt-words'

interface Props {
  /** The prompt being edited; absent: a new one. */
  prompt?: SavedPrompt
  library: readonly SavedPrompt[]
  /** Saves; rejects when saving failed (the message is shown here). */
  onSave: (draft: { name: string; text: string }) => Promise<void>
  onCancel: () => void
}

/** Name and text of one prompt; checked at the fields as you type, saved with Save. */
export function PromptEditor({ prompt, library, onSave, onCancel }: Props) {
  const { t } = useTranslation()
  const ids = useId()
  const [name, setName] = useState(prompt?.name ?? '')
  const [text, setText] = useState(prompt?.text ?? '')
  const [touched, setTouched] = useState(false)
  const [failed, setFailed] = useState(false)
  const problems = promptProblems({ name, text }, library, prompt?.id)
  const valid = problems.name === undefined && problems.text === undefined
  const changed = name !== (prompt?.name ?? '') || text !== (prompt?.text ?? '')
  // Problems show once the user has typed or tried to save, not on an empty new form.
  const shown = touched ? problems : {}

  const save = async (): Promise<boolean> => {
    setTouched(true)
    if (!valid) return false
    setFailed(false)
    try {
      await onSave({ name: name.trim(), text })
      return true
    } catch {
      setFailed(true)
      return false
    }
  }
  useEditGuard({
    settle: () => Promise.resolve(!changed ? 'clean' : valid ? 'unsaved' : 'invalid'),
    save,
  })

  return (
    <form
      className="prompt-editor"
      aria-label={prompt ? t('prompts.editTitle', { name: prompt.name }) : t('prompts.newTitle')}
      onSubmit={(event) => {
        event.preventDefault()
        void save()
      }}
    >
      <div className="field">
        <label htmlFor={`${ids}-name`}>{t('prompts.name')}</label>
        <input
          id={`${ids}-name`}
          value={name}
          autoFocus
          onChange={(event) => {
            setName(event.target.value)
            setTouched(true)
          }}
          aria-invalid={shown.name !== undefined}
          aria-describedby={shown.name ? `${ids}-name-error` : undefined}
        />
        {shown.name && (
          <p id={`${ids}-name-error`} className="field-error" role="alert">
            {problemText(shown.name, t)}
          </p>
        )}
      </div>
      <div className="field">
        <label htmlFor={`${ids}-text`}>{t('prompts.text')}</label>
        <textarea
          id={`${ids}-text`}
          rows={8}
          value={text}
          placeholder={t('chat.systemPromptPlaceholder')}
          onChange={(event) => {
            setText(event.target.value)
            setTouched(true)
          }}
          aria-invalid={shown.text !== undefined}
          aria-describedby={shown.text ? `${ids}-text-error` : undefined}
        />
        {shown.text && (
          <p id={`${ids}-text-error`} className="field-error" role="alert">
            {problemText(shown.text, t)}
          </p>
        )}
      </div>
      {failed && (
        <p className="field-error" role="alert">
          {t('common.saveFailed')}
        </p>
      )}
      <div className="prompt-editor__actions">
        <button type="submit" className="button button--primary">
          {t('common.save')}
        </button>
        <button type="button" className="button" onClick={onCancel}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  )
}
