import { useTranslation } from 'react-i18next'
import { useController } from '../../app/context'
import { useStore } from '../../lib/store'
import './prompts.css'

const SHOWN = 8

/** On a new, empty chat: the saved prompts to start with (choosing one sets the chat's system prompt). */
export function PromptChips() {
  const { t } = useTranslation()
  const controller = useController()
  const library = useStore(controller.app, (s) => s.settings?.prompts ?? [])
  const current = useStore(controller.chat, (s) =>
    s.conversation ? s.conversation.systemPrompt : s.draft.systemPrompt,
  )
  if (library.length === 0) return null
  return (
    <div className="prompt-chips" role="group" aria-label={t('prompts.startWith')}>
      <span className="prompt-chips__label">{t('prompts.startWith')}</span>
      {library.slice(0, SHOWN).map((prompt) => {
        const chosen = prompt.text === current
        return (
          <button
            key={prompt.id}
            type="button"
            className="prompt-chip"
            aria-pressed={chosen}
            title={prompt.text.slice(0, 300)}
            onClick={() => void controller.chat.setSystemPrompt(chosen ? '' : prompt.text)}
          >
            {prompt.name}
          </button>
        )
      })}
    </div>
  )
}
