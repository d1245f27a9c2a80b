import { useEffect, useRef, useState, type FormEvent, type KeyboardEvent } from 'react'
import { useTranslation } from 'react-i18next'
import type { SendBlock } from '../../../../shared/send-readiness'
import { useController } from '../../app/context'
import { errorText } from '../../app/error-text'
import { tk } from '../../app/i18n'
import { useStore } from '../../lib/store'
import { SendIcon, StopIcon } from '../../ui/icons'

/** What to do when a message cannot be sent: said before anything is sent or saved. */
const BLOCKED: Record<SendBlock, string> = {
  no_provider: tk('composer.blocked.no-provider'),
  no_model: tk('composer.blocked.no-model'),
  provider_removed: tk('composer.blocked.provider-removed'),
  provider_disabled: tk('composer.blocked.provider-disabled'),
}

/** The message box: Enter sends, Shift+Enter breaks the line, nothing is sent mid-composition (IME). */
export function Composer() {
  const { t } = useTranslation()
  const controller = useController()
  const conversationId = useStore(controller.chat, (s) => s.conversationId)
  const streaming = useStore(controller.chat, (s) =>
    s.conversationId ? s.streams[s.conversationId] !== undefined : false,
  )
  const focusRequest = useStore(controller.app, (s) => s.composerFocus)
  // What a refusal depends on: once it is resolved (a model chosen, say), its message goes away.
  useStore(controller.app, (s) => s.settings)
  useStore(controller.chat, (s) => (s.conversationId ? s.conversation?.model : s.draft.model))
  const [text, setText] = useState('')
  const [sending, setSending] = useState(false)
  const [error, setError] = useState<string | null>(null)
  /** Why the last send was refused here, in the window (then nothing was sent or saved). */
  const [blocked, setBlocked] = useState<SendBlock | null>(null)
  const stillBlocked = blocked ? controller.sendBlock() : null
  const field = useRef<HTMLTextAreaElement>(null)
  /** Unsent text of each conversation. */
  const drafts = useRef(new Map<string, string>())
  const shownFor = useRef<string | null>(conversationId)

  useEffect(() => {
    if (shownFor.current === conversationId) return
    // A new chat that just got created keeps what is in the box.
    if (shownFor.current !== null) {
      drafts.current.set(shownFor.current, field.current?.value ?? '')
      setText(drafts.current.get(conversationId ?? '') ?? '')
    }
    shownFor.current = conversationId
    setError(null)
    setBlocked(null)
  }, [conversationId])

  useEffect(() => {
    field.current?.focus()
  }, [focusRequest, conversationId])

  const send = async (): Promise<void> => {
    const content = text
    if (!content.trim() || streaming || sending) return
    setError(null)
    // Refused here, the text stays in the box and nothing reaches main: no message, no title, no chat.
    const block = controller.sendBlock()
    setBlocked(block)
    if (block) return
    setSending(true)
    setText('')
    try {
      await controller.chat.send(content, controller.currentModel())
      void controller.conversations.refresh()
    } catch (e) {
      setText(content)
      setError(errorText(e, t))
    } finally {
      setSending(false)
    }
  }

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>): void => {
    if (event.key !== 'Enter' || event.shiftKey) return
    // Enter that confirms an IME composition is not a send.
    if (event.nativeEvent.isComposing || event.keyCode === 229) return
    event.preventDefault()
    void send()
  }

  const onSubmit = (event: FormEvent): void => {
    event.preventDefault()
    void send()
  }

  return (
    <form className="composer" onSubmit={onSubmit}>
      {stillBlocked ? (
        <div className="composer__error composer__error--blocked" role="alert">
          <p>{t(BLOCKED[stillBlocked])}</p>
          {stillBlocked !== 'no_model' && (
            <button
              type="button"
              className="button button--small"
              onClick={() =>
                controller.openPreferences({ tab: 'providers', addProvider: stillBlocked === 'no_provider' })
              }
            >
              {t('composer.openProviders')}
            </button>
          )}
        </div>
      ) : (
        error && (
          <p className="composer__error" role="alert">
            {error}
          </p>
        )
      )}
      <div className="composer__box">
        <textarea
          ref={field}
          className="composer__field"
          aria-label={t('composer.message')}
          placeholder={t('composer.placeholder')}
          value={text}
          onChange={(event) => setText(event.target.value)}
          onKeyDown={onKeyDown}
          rows={1}
        />
        {streaming ? (
          <button
            type="button"
            className="composer__button composer__button--stop"
            onClick={() => void controller.chat.stop()}
            aria-label={t('composer.stop')}
            title={t('composer.stopHint')}
          >
            <StopIcon />
          </button>
        ) : (
          <button
            type="submit"
            className="composer__button"
            disabled={!text.trim() || sending}
            aria-label={t('composer.send')}
            title={t('composer.sendHint')}
          >
            <SendIcon />
          </button>
        )}
      </div>
      <p className="composer__hint">{t('composer.hint')}</p>
    </form>
  )
}
