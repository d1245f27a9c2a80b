import { useState, type DragEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { useController } from '../../app/context'
import { useStore } from '../../lib/store'
import { Composer } from './Composer'
import { ConversationUsage } from './ConversationUsage'
import { MessageList } from './MessageList'
import { ModelPicker } from './ModelPicker'
import { ParamsPanel } from '../params/ParamsPanel'
import { SystemPrompt } from './SystemPrompt'
import { PromptChips } from '../prompts/PromptChips'
import { useAttachmentDraft } from './attachments/use-attachments'
import './chat.css'

function EmptyChat() {
  const { t } = useTranslation()
  return (
    <div className="chat__empty">
      <h2 className="chat__empty-title">{t('chat.emptyTitle')}</h2>
      <p className="chat__empty-text">{t('chat.emptyText')}</p>
      <PromptChips />
    </div>
  )
}

/** The open conversation: header, messages, composer. */
export function ChatView() {
  const { t } = useTranslation()
  const controller = useController()
  const conversationId = useStore(controller.chat, (s) => s.conversationId)
  const ownTitle = useStore(controller.chat, (s) => s.conversation?.title)
  const listTitle = useStore(controller.conversations, (s) =>
    conversationId ? s.items.find((item) => item.id === conversationId)?.title : undefined,
  )
  const loading = useStore(controller.chat, (s) => s.loading)
  const loadError = useStore(controller.chat, (s) => s.loadError)
  const empty = useStore(controller.chat, (s) => s.messages.length === 0)
  const title = conversationId ? listTitle || ownTitle || t('sidebar.untitled') : t('chat.newChatTitle')
  // Files dropped anywhere on the conversation join the composer's; each conversation keeps its own.
  const attachments = useAttachmentDraft(conversationId)
  const [dropping, setDropping] = useState(false)
  const carriesFiles = (event: DragEvent): boolean => event.dataTransfer.types.includes('Files')
  const onDragOver = (event: DragEvent): void => {
    if (!carriesFiles(event)) return
    event.preventDefault()
    event.dataTransfer.dropEffect = 'copy'
    setDropping(true)
  }
  const onDrop = (event: DragEvent): void => {
    setDropping(false)
    if (!carriesFiles(event)) return
    event.preventDefault()
    void attachments.add([...event.dataTransfer.files])
  }

  return (
    <main
      className={`chat${dropping ? ' chat--dropping' : ''}`}
      aria-label={title}
      onDragOver={onDragOver}
      onDragLeave={(event) => {
        if (event.currentTarget === event.target) setDropping(false)
      }}
      onDrop={onDrop}
    >
      <header className="chat__header">
        <h1 className="chat__title">{title}</h1>
        <ConversationUsage />
        <ModelPicker />
        <ParamsPanel />
      </header>
      <SystemPrompt />
      <div className="chat__messages">
        {loadError ? (
          <div className="chat__empty" role="alert">
            <p>{t('chat.loadFailed', { error: loadError })}</p>
            <button
              type="button"
              className="button"
              onClick={() => conversationId && controller.openConversation(conversationId)}
            >
              {t('common.tryAgain')}
            </button>
          </div>
        ) : loading ? (
          <div className="chat__empty" aria-busy="true" />
        ) : empty ? (
          <EmptyChat />
        ) : (
          <MessageList />
        )}
      </div>
      <Composer attachments={attachments} />
    </main>
  )
}
