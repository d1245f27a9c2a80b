import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useController } from '../../app/context'
import { useStore } from '../../lib/store'
import { PromptTools } from '../prompts/PromptTools'

/** The conversation's system prompt, in a collapsible field; saved when the field loses focus. */
export function SystemPrompt() {
  const { t } = useTranslation()
  const controller = useController()
  const conversationId = useStore(controller.chat, (s) => s.conversationId)
  const saved = useStore(controller.chat, (s) =>
    s.conversation ? s.conversation.systemPrompt : s.draft.systemPrompt,
  )
  const [value, setValue] = useState(saved)
  const [failed, setFailed] = useState(false)

  useEffect(() => setValue(saved), [saved, conversationId])

  const save = (): void => {
    setFailed(false)
    controller.chat.setSystemPrompt(value).catch(() => setFailed(true))
  }

  return (
    <details className="system-prompt">
      <summary className="system-prompt__summary">
        <span>{t('chat.systemPrompt')}</span>
        {saved && <span className="system-prompt__preview">{saved}</span>}
      </summary>
      <textarea
        className="system-prompt__field"
        aria-label={t('chat.systemPrompt')}
        placeholder={t('chat.systemPromptPlaceholder')}
        value={value}
        onChange={(event) => setValue(event.target.value)}
        onBlur={save}
        rows={3}
      />
      <PromptTools
        value={value}
        onApply={(text) => {
          setValue(text)
          setFailed(false)
          controller.chat.setSystemPrompt(text).catch(() => setFailed(true))
        }}
      />
      {failed && (
        <p className="field-error" role="alert">
          {t('chat.systemPromptFailed')}
        </p>
      )}
    </details>
  )
}
