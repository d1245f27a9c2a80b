import {
  useCallback,
  useEffect,
  useRef,
  useState,
  type ChangeEvent,
  type ClipboardEvent,
  type FormEvent,
  type KeyboardEvent,
} from 'react'
import { useTranslation } from 'react-i18next'
import type { SendBlock } from '../../../../shared/send-readiness'
import { useController } from '../../app/context'
import { errorText } from '../../app/error-text'
import { tk } from '../../app/i18n'
import { useStore } from '../../lib/store'
import { PaperclipIcon, SendIcon, StopIcon } from '../../ui/icons'
import { limitProblem, providerProblem } from './attachments/attachment-checks'
import { PendingAttachments } from './attachments/AttachmentViews'
import { useAttachmentDraft, type AttachmentDraft } from './attachments/use-attachments'

/** What to do when a message cannot be sent: said before anything is sent or saved. */
const BLOCKED: Record<SendBlock, string> = {
  no_provider: tk('composer.blocked.no-provider'),
  no_model: tk('composer.blocked.no-model'),
  provider_removed: tk('composer.blocked.provider-removed'),
  provider_disabled: tk('composer.blocked.provider-disabled'),
}

/**
 * The message box: Enter sends, Shift+Enter breaks the line, nothing is sent mid-composition (IME). Files
 * come from the attach button, a paste, or (through `attachments`, owned by the chat view) a drop.
 */
export function Composer({ attachments }: { attachments?: AttachmentDraft }) {
  const { t } = useTranslation()
  const controller = useController()
  const ownDraft = useAttachmentDraft()
  const draft = attachments ?? ownDraft
  const picker = useRef<HTMLInputElement>(null)
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
    } else if (conversationId !== null && drafts.current.get(conversationId)) {
      // Back from a new chat to a conversation with its own draft: that draft, as with its files; the new
      // chat's text waits for it.
      drafts.current.set('', field.current?.value ?? '')
      setText(drafts.current.get(conversationId) ?? '')
    }
    shownFor.current = conversationId
    setError(null)
    setBlocked(null)
  }, [conversationId])

  useEffect(() => {
    field.current?.focus()
  }, [focusRequest, conversationId])

  const files = draft.refs
  const focusField = useCallback(() => field.current?.focus(), [])
  const canSend = (text.trim() !== '' || files.length > 0) && draft.adding === 0

  /** Why these files cannot go to the chosen model, worded here (main checks the same table again). */
  const filesProblem = (): string | null => {
    const limits = limitProblem(files)
    if (limits) return t(limits.key, limits.values)
    const model = controller.currentModel()
    const kind = controller.app.get().settings?.providers.find((p) => p.id === model?.providerId)?.kind
    const fits = kind ? providerProblem(kind, files) : null
    return fits ? t(fits.key, fits.values) : null
  }

  const send = async (): Promise<void> => {
    const content = text
    if (!canSend || streaming || sending) return
    setError(null)
    draft.setError(null)
    // Refused here, the text stays in the box and nothing reaches main: no message, no title, no chat.
    const block = controller.sendBlock()
    setBlocked(block)
    if (block) return
    const problem = filesProblem()
    if (problem) {
      draft.setError(problem)
      return
    }
    setSending(true)
    setText('')
    draft.clear()
    try {
      await controller.chat.send(content, controller.currentModel(), files)
      void controller.conversations.refresh()
    } catch (e) {
      setText(content)
      draft.restore(files)
      setError(errorText(e, t))
    } finally {
      setSending(false)
    }
  }

  const onPick = (event: ChangeEvent<HTMLInputElement>): void => {
    const picked = [...(event.target.files ?? [])]
    // Cleared, so picking the same file again is a change too.
    event.target.value = ''
    void draft.add(picked)
  }

  const onPaste = (event: ClipboardEvent<HTMLTextAreaElement>): void => {
    const pasted = [...event.clipboardData.files]
    if (pasted.length === 0) return
    // A pasted image (a screenshot) is attached; pasted text goes into the box as usual.
    event.preventDefault()
    void draft.add(pasted, true)
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
      {draft.error && (
        <p className="composer__error" role="alert">
          {draft.error}
        </p>
      )}
      <PendingAttachments
        files={files}
        adding={draft.adding}
        onRemove={draft.remove}
        onEmptied={focusField}
      />
      <div className="composer__box">
        <input ref={picker} type="file" multiple hidden tabIndex={-1} aria-hidden="true" onChange={onPick} />
        <button
          type="button"
          className="composer__button composer__button--attach"
          onClick={() => picker.current?.click()}
          aria-label={t('attachments.attach')}
          title={t('attachments.attachHint')}
        >
          <PaperclipIcon />
        </button>
        <textarea
          ref={field}
          className="composer__field"
          aria-label={t('composer.message')}
          placeholder={t('composer.placeholder')}
          value={text}
          onChange={(event) => setText(event.target.value)}
          onKeyDown={onKeyDown}
          onPaste={onPaste}
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
            disabled={!canSend || sending}
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
