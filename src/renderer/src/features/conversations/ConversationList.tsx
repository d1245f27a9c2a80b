import { useCallback, useEffect, useMemo, useState } from 'react'
import { useTranslation } from 'react-i18next'
import {
  GroupedVirtuoso,
  type Components,
  type ContextProp,
  type GroupProps,
  type ItemProps,
  type ListProps,
  type TopItemListProps,
} from 'react-virtuoso'
import type { ConversationSummary } from '../../../../shared/domain'
import { useController } from '../../app/context'
import { tk } from '../../app/i18n'
import { useStore } from '../../lib/store'
import { ConversationItem } from './ConversationItem'
import { groupByDate, type ListGroup } from './group'

const GROUP_LABELS: Record<ListGroup, string> = {
  pinned: tk('sidebar.groups.pinned'),
  today: tk('sidebar.groups.today'),
  yesterday: tk('sidebar.groups.yesterday'),
  week: tk('sidebar.groups.week'),
  older: tk('sidebar.groups.older'),
}

interface ListContext {
  /** Rows in the list, date headings included: the list is virtual, so each row says how many there are. */
  rows: number
}

type Ctx = ContextProp<ListContext>

const TOP_LIST = 'virtuoso-top-item-list'

/**
 * The rows. Virtuoso also renders the sticky heading of the date group in view with this, alone
 * and above the rest: that one is just a heading before the list, not a list of its own.
 */
function List({ context: _context, ...props }: ListProps<HTMLUListElement> & Ctx) {
  const top = props['data-testid'] === TOP_LIST
  return <ul {...props} className="sidebar__items" role={top ? 'none' : undefined} />
}

/** A date heading; it is a row of the list, so the list holds only list items. */
function Group({ context, ...props }: GroupProps & Ctx) {
  return (
    <li
      {...props}
      className="sidebar__group"
      aria-setsize={context.rows}
      aria-posinset={props['data-index'] + 1}
    />
  )
}

function Item({ context, item: _item, ...props }: ItemProps<ConversationSummary> & Ctx) {
  return <li {...props} aria-setsize={context.rows} aria-posinset={props['data-index'] + 1} />
}

function TopItemList({ style, children }: TopItemListProps & Ctx) {
  return (
    <div style={style} className="sidebar__sticky">
      {children}
    </div>
  )
}

function Footer() {
  return <div className="sidebar__footer" />
}

const COMPONENTS: Components<ConversationSummary, ListContext, HTMLUListElement> = {
  List,
  Group,
  Item,
  TopItemList,
  Footer,
}

interface Props {
  items: readonly ConversationSummary[]
  /** The conversations in list order (pinned first), for Shift-click ranges and Select all. */
  onOrder?: (ids: readonly string[]) => void
}

/**
 * The conversations by date, virtualized: only the rows in view are in the DOM, so ten thousand
 * conversations cost what fifty do. The date headings stick to the top while their rows scroll.
 */
export function ConversationList({ items, onOrder }: Props) {
  const { t } = useTranslation()
  const { chat, conversations } = useController()
  const currentId = useStore(chat, (s) => s.conversationId)
  const streams = useStore(chat, (s) => s.streams)
  const selecting = useStore(conversations, (s) => s.selecting)
  const selected = useStore(conversations, (s) => s.selected)

  const { flat, counts, groups, keys } = useMemo(() => {
    const byDate = groupByDate(items)
    return {
      flat: byDate.flatMap((g) => g.items),
      counts: byDate.map((g) => g.items.length),
      groups: byDate.map((g) => g.group),
      // By row (headings included), as Virtuoso asks: a row keeps its key when the list shifts.
      keys: byDate.flatMap((g) => [`group:${g.group}`, ...g.items.map((item) => item.id)]),
    }
  }, [items])
  const context = useMemo<ListContext>(() => ({ rows: flat.length + groups.length }), [flat, groups])
  const order = useMemo(() => flat.map((item) => item.id), [flat])
  useEffect(() => onOrder?.(order), [order, onOrder])
  const chosen = useMemo(() => new Set(selected), [selected])

  /** Ctrl/⌘-click chooses one more, Shift-click a range (from the open conversation, when none is chosen). */
  const onChoose = useCallback(
    (id: string, how: 'toggle' | 'range') => {
      if (how === 'range') {
        if (!conversations.get().anchor && currentId) conversations.startSelecting(currentId)
        conversations.selectRange(id, order)
      } else conversations.toggle(id)
    },
    [conversations, currentId, order],
  )

  const groupContent = useCallback(
    (index: number) => {
      const group = groups[index]
      return group ? <h3 className="sidebar__group-title">{t(GROUP_LABELS[group])}</h3> : null
    },
    [groups, t],
  )

  const itemContent = useCallback(
    (index: number) => {
      const item = flat[index]
      if (!item) return null
      return (
        <ConversationItem
          item={item}
          active={item.id === currentId}
          streaming={streams[item.id] !== undefined}
          selecting={selecting}
          selected={chosen.has(item.id)}
          onChoose={onChoose}
        />
      )
    },
    [flat, currentId, streams, selecting, chosen, onChoose],
  )
  const computeKey = useCallback((row: number) => keys[row] ?? row, [keys])

  // Back from a search (the list mounts again): the open conversation is in view.
  const [initialIndex] = useState(() =>
    currentId
      ? Math.max(
          0,
          flat.findIndex((item) => item.id === currentId),
        )
      : 0,
  )

  return (
    <GroupedVirtuoso
      className="sidebar__list sidebar__list--virtual"
      groupCounts={counts}
      groupContent={groupContent}
      itemContent={itemContent}
      computeItemKey={computeKey}
      context={context}
      components={COMPONENTS}
      initialTopMostItemIndex={initialIndex}
      increaseViewportBy={{ top: 200, bottom: 400 }}
      // Tab goes straight to the conversations (buttons); the list scrolls to the one focused.
      tabIndex={-1}
    />
  )
}
