import { useCallback, useEffect, useRef } from 'react'
import { Virtuoso, type VirtuosoHandle } from 'react-virtuoso'
import type { Message } from '../../../../shared/domain'
import { useController } from '../../app/context'
import { useStore } from '../../lib/store'
import { MessageItem } from './MessageItem'

const computeKey = (_index: number, message: Message): string => message.id

/**
 * The conversation, virtualized: only the messages in view are in the DOM, so a conversation of
 * thousands of messages opens as fast as a short one. Follows the reply while it is written,
 * unless the user has scrolled up.
 */
export function MessageList() {
  const controller = useController()
  const { chat } = controller
  const messages = useStore(chat, (s) => s.messages)
  const conversationId = useStore(chat, (s) => s.conversationId)
  const focusMessageId = useStore(chat, (s) => s.focusMessageId)
  const list = useRef<VirtuosoHandle>(null)
  const atBottom = useRef(true)
  const count = messages.length

  useEffect(() => {
    if (!focusMessageId || count === 0) return
    const index = chat.get().messages.findIndex((m) => m.id === focusMessageId)
    if (index >= 0) {
      list.current?.scrollToIndex({ index, align: 'center' })
      chat.clearFocus()
    }
  }, [focusMessageId, count, chat])

  const itemContent = useCallback(
    (index: number, message: Message) => <MessageItem message={message} isLast={index === count - 1} />,
    [count],
  )

  return (
    <Virtuoso
      key={conversationId ?? 'new'}
      ref={list}
      className="message-list"
      data={messages}
      computeItemKey={computeKey}
      itemContent={itemContent}
      initialTopMostItemIndex={count > 0 ? { index: 'LAST', align: 'end' } : 0}
      followOutput={(bottom) => (bottom ? 'auto' : false)}
      atBottomThreshold={80}
      atBottomStateChange={(bottom) => {
        atBottom.current = bottom
      }}
      totalListHeightChanged={() => {
        // The reply being written grows; stay with it when the user is at the bottom.
        if (atBottom.current) list.current?.autoscrollToBottom()
      }}
      increaseViewportBy={{ top: 400, bottom: 400 }}
      components={{ Footer: ListFooter }}
    />
  )
}

function ListFooter() {
  return <div className="message-list__footer" />
}
