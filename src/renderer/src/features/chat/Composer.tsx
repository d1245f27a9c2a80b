import { useEffect, useRef, useState, type FormEvent, type KeyboardEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { useController } from '../../app/context'
import { errorMessage } from '../../lib/errors'
import { useStore } from '../../lib/store'
import { SendIcon, StopIcon } from '../../ui/icons'

/** The message box: Enter sends, Shift+Enter breaks the line, nothing is sent mid-composition (IME). */
export function Composer() {
  const { t } = useTranslation()
  const controller = useController()
  const conversationId = useStore(controller.chat, (s) => s.conversationId)
  const streaming = useStore(controller.chat, (s) =>
    s.conversationId ? s.streams[s.conversationId] !== undefined : false,
  )
  const focusRequest = useStore(controller.app, (s) => s.composerFocus)
  const [text, setText] = useState('')
  const [sending, setSending] = useState(false)
  const [error, setError] = useState<string | null>(null)
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
  }, [conversationId])

  useEffect(() => {
    field.current?.focus()
  }, [focusRequest, conversationId])

  const send = async (): Promise<void> => {
    const content = text
    if (!content.trim() || streaming || sending) return
    setSending(true)
    setError(null)
    setText('')
    try {
      await controller.chat.send(content, controller.currentModel())
      void controller.conversations.refresh()
    } catch (e) {
      setText(content)
      setError(errorMessage(e))
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
      {error && (
        <p className="composer__error" role="alert">
          {error}
        </p>
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
