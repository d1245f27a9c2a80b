import { useCallback, useEffect, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Virtuoso, type VirtuosoHandle } from 'react-virtuoso'
import type { Message } from '../../../../shared/domain'
import { useController } from '../../app/context'
import { useStore } from '../../lib/store'
import { ArrowDownIcon } from '../../ui/icons'
import { MessageItem } from './MessageItem'

const computeKey = (_index: number, message: Message): string => message.id

/**
 * The conversation, virtualized: only the messages in view are in the DOM, so a conversation of
 * thousands of messages opens as fast as a short one. Follows the reply while it is written,
 * unless the user has scrolled up; then "Jump to latest" brings them back. A message the user sends
 * is always brought into view, wherever they were.
 */
export function MessageList() {
  const { t } = useTranslation()
  const controller = useController()
  const { chat } = controller
  const messages = useStore(chat, (s) => s.messages)
  const earlier = useStore(chat, (s) => s.earlier)
  const conversationId = useStore(chat, (s) => s.conversationId)
  const focusMessageId = useStore(chat, (s) => s.focusMessageId)
  const list = useRef<VirtuosoHandle>(null)
  const scroller = useRef<HTMLElement | null>(null)
  /**
   * Whether the view stays with the end of the conversation as it grows. Only the user turns it off
   * (scrolling up, by wheel, keys, scrollbar or touch): a reply growing by a long code block must not.
   */
  const following = useRef(true)
  /** "Jump to latest" is shown while the view is not following and the end is out of sight. */
  const [away, setAway] = useState(false)
  /**
   * The conversation whose end the list has rendered. Until then the list is hidden: it starts at the top
   * and moves to the end in the next frames, which nobody should see. (Virtuoso's own way of starting at
   * the end, `initialTopMostItemIndex`, waits four frames and a timeout before it shows anything.)
   */
  const [placedFor, setPlacedFor] = useState<string | null>(null)
  const count = messages.length
  const lastId = messages.at(-1)?.id
  const placed = placedFor === conversationId || count === 0
  const lastUserId = lastUserMessageId(messages)
  const seenUser = useRef({ conversationId, lastUserId })

  const updateAway = useCallback((): void => {
    const el = scroller.current
    setAway(!following.current && el !== null && distanceFromBottom(el) > AT_BOTTOM_PX)
  }, [])

  const jumpToLatest = useCallback((): void => {
    following.current = true
    setAway(false)
    list.current?.scrollToIndex({ index: 'LAST', align: 'end' })
  }, [])

  useEffect(() => {
    // Another conversation opens at its end.
    following.current = true
    setAway(false)
  }, [conversationId])

  useEffect(() => {
    const seen = seenUser.current
    seenUser.current = { conversationId, lastUserId }
    // A message just sent (not one that came with opening the conversation): show it and follow the reply.
    if (seen.conversationId === conversationId && lastUserId !== seen.lastUserId && lastUserId) {
      jumpToLatest()
    }
  }, [conversationId, lastUserId, jumpToLatest])

  useEffect(() => {
    // In case the list never reports its end as rendered (one message taller than the window).
    if (placed && earlier === 0) return
    const timer = setTimeout(() => {
      setPlacedFor(conversationId)
      chat.loadEarlier()
    }, PLACED_AT_THE_LATEST_MS)
    return () => clearTimeout(timer)
  }, [placed, earlier, chat, conversationId])

  useEffect(() => {
    if (!focusMessageId || count === 0) return
    const index = chat.get().messages.findIndex((m) => m.id === focusMessageId)
    if (index >= 0) {
      following.current = false
      list.current?.scrollToIndex({ index, align: 'center' })
      chat.clearFocus()
    }
  }, [focusMessageId, count, chat])

  const attachScroller = useCallback(
    (node: HTMLElement | Window | null): void => {
      const previous = scroller.current
      if (previous) detach.get(previous)?.()
      scroller.current = node instanceof HTMLElement ? node : null
      const el = scroller.current
      if (!el) return
      const stop = (): void => {
        following.current = false
      }
      const onWheel = (event: WheelEvent): void => {
        if (event.deltaY < 0) stop()
      }
      const onKey = (event: KeyboardEvent): void => {
        if (UP_KEYS.has(event.key) || (event.key === ' ' && event.shiftKey)) stop()
      }
      // A press on the scroller itself (not on a message) is on its scrollbar.
      const onPointer = (event: PointerEvent): void => {
        if (event.target === el) stop()
      }
      const onScroll = (): void => {
        // Back at the very end, by any means: follow again.
        if (distanceFromBottom(el) <= 2) following.current = true
        updateAway()
      }
      // While following, the end stays in view in every painted frame: this runs after layout and before
      // paint, so rows measured or put above in that frame (the earlier messages arriving while the end
      // is still being placed), or the window's chrome below taking a few pixels, never show the view
      // anywhere else for a frame.
      const pin = new ResizeObserver(() => {
        if (following.current) el.scrollTop = el.scrollHeight
      })
      const rows = el.querySelector(ITEM_LIST)
      if (rows) pin.observe(rows)
      pin.observe(el)
      el.addEventListener('wheel', onWheel, { passive: true })
      el.addEventListener('keydown', onKey)
      el.addEventListener('pointerdown', onPointer)
      el.addEventListener('touchmove', stop, { passive: true })
      el.addEventListener('scroll', onScroll, { passive: true })
      detach.set(el, () => {
        pin.disconnect()
        el.removeEventListener('wheel', onWheel)
        el.removeEventListener('keydown', onKey)
        el.removeEventListener('pointerdown', onPointer)
        el.removeEventListener('touchmove', stop)
        el.removeEventListener('scroll', onScroll)
      })
    },
    [updateAway],
  )

  const itemContent = useCallback(
    (_index: number, message: Message) => <MessageItem message={message} isLast={message.id === lastId} />,
    [lastId],
  )

  return (
    <>
      <Virtuoso
        key={conversationId ?? 'new'}
        ref={list}
        scrollerRef={attachScroller}
        className={placed ? 'message-list' : 'message-list message-list--placing'}
        data={messages}
        // Opening shows the end of a long conversation first; the earlier messages, loaded just after,
        // are prepended, and lowering the first index by as many keeps what is on screen in place.
        firstItemIndex={FIRST_INDEX + earlier}
        computeItemKey={computeKey}
        itemContent={itemContent}
        initialScrollTop={count > 0 ? START_AT_END : 0}
        followOutput={() => (following.current ? 'auto' : false)}
        atBottomThreshold={AT_BOTTOM_PX}
        // Once the end is rendered (a range of one is Virtuoso measuring a first row), after that frame is
        // painted, or when the user goes up to the top: time to load the earlier messages.
        rangeChanged={({ startIndex, endIndex }) => {
          if (startIndex >= endIndex || endIndex < FIRST_INDEX + earlier + count - 1) return
          // Shown from the next frame: in the frame the end is first rendered, the list still corrects its
          // height by a few pixels (7 px at 1280×800), and the view would be seen settling.
          requestAnimationFrame(() => setPlacedFor(conversationId))
          if (earlier > 0) afterPaint(chat.loadEarlier)
        }}
        startReached={() => earlier > 0 && chat.loadEarlier()}
        totalListHeightChanged={() => {
          // The reply being written grows: stay at its end while following, else offer the way back.
          const el = scroller.current
          if (following.current && el) el.scrollTop = el.scrollHeight
          else updateAway()
        }}
        increaseViewportBy={{ top: 400, bottom: 400 }}
        // Rows are measured as soon as they are laid out, not a frame later: a row put above the view (the
        // earlier messages arriving, or met scrolling up) is taller or shorter than estimated, and the list
        // corrects its scroll position before that frame is painted, instead of showing the rows below it
        // shifted for a frame. (The browser then reports a ResizeObserver loop, which is harmless.)
        skipAnimationFrameInResizeObserver
        components={LIST_PARTS}
      />
      {away && (
        <button
          type="button"
          className="jump-to-latest"
          aria-label={t('composer.jumpToLatest')}
          title={t('composer.jumpToLatest')}
          onClick={jumpToLatest}
        >
          <ArrowDownIcon />
        </button>
      )}
    </>
  )
}

/** Above any count of messages not loaded yet (Virtuoso wants a positive first index). */
const FIRST_INDEX = 10_000_000
/** When the list is shown, and the earlier messages loaded, at the latest. */
const PLACED_AT_THE_LATEST_MS = 1000
/** Past any list's height: the browser stops the scroll at the end. */
const START_AT_END = 1e9
/** How close to the end still counts as "at the end". */
const AT_BOTTOM_PX = 80
/** Virtuoso's element holding the rendered rows (its padding stands for the rows not rendered). */
const ITEM_LIST = '[data-testid="virtuoso-item-list"]'
const UP_KEYS = new Set(['ArrowUp', 'PageUp', 'Home'])
/** Removes a scroller's listeners when Virtuoso hands over another one. */
const detach = new WeakMap<HTMLElement, () => void>()

/** Runs `callback` once the next frame has been painted. */
function afterPaint(callback: () => void): void {
  requestAnimationFrame(() => setTimeout(callback, 0))
}

function distanceFromBottom(el: HTMLElement): number {
  return el.scrollHeight - el.scrollTop - el.clientHeight
}

function lastUserMessageId(messages: readonly Message[]): string | undefined {
  for (let i = messages.length - 1; i >= 0; i--) {
    const message = messages[i]
    if (message?.role === 'user') return message.id
  }
  return undefined
}

function ListFooter() {
  return <div className="message-list__footer" />
}

/** Above the first message: why the earlier ones are missing, if they could not be loaded. */
function ListHeader() {
  const { t } = useTranslation()
  const { chat } = useController()
  const error = useStore(chat, (s) => s.earlierError)
  if (error === null) return null
  return (
    <div className="message-list__earlier-failed" role="alert">
      <p>{t('chat.earlierFailed', { error })}</p>
      <button type="button" className="button button--small" onClick={chat.retryEarlier}>
        {t('common.tryAgain')}
      </button>
    </div>
  )
}

/** Module-level, so Virtuoso keeps the same components from render to render. */
const LIST_PARTS = { Header: ListHeader, Footer: ListFooter }
