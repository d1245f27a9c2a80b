import type { ConversationSummary } from '../../../../shared/domain'

export type DateGroup = 'today' | 'yesterday' | 'week' | 'older'
export type ListGroup = 'pinned' | DateGroup

export interface Group {
  group: ListGroup
  items: ConversationSummary[]
}

const ORDER: readonly DateGroup[] = ['today', 'yesterday', 'week', 'older']

/**
 * Pinned first, most recently pinned at the top (by pin time, not activity: a pinned list that reshuffles
 * as you chat is hard to find things in); then the rest newest first, in Today / Yesterday / Previous 7 days /
 * Older (by last activity, local time).
 */
export function groupByDate(items: readonly ConversationSummary[], now: number = Date.now()): Group[] {
  const today = new Date(now)
  today.setHours(0, 0, 0, 0)
  const yesterday = new Date(today)
  yesterday.setDate(yesterday.getDate() - 1)
  const week = new Date(today)
  week.setDate(week.getDate() - 7)

  const pinned: ConversationSummary[] = []
  const groups = new Map<DateGroup, ConversationSummary[]>()
  for (const item of [...items].sort((a, b) => b.updatedAt - a.updatedAt)) {
    if (item.pinnedAt !== undefined) {
      pinned.push(item)
      continue
    }
    const group: DateGroup =
      item.updatedAt >= today.getTime()
        ? 'today'
        : item.updatedAt >= yesterday.getTime()
          ? 'yesterday'
          : item.updatedAt >= week.getTime()
            ? 'week'
            : 'older'
    const list = groups.get(group)
    if (list) list.push(item)
    else groups.set(group, [item])
  }
  // Stable for equal pin times: the newer conversation first, as sorted above.
  pinned.sort((a, b) => (b.pinnedAt ?? 0) - (a.pinnedAt ?? 0))
  const dated: Group[] = ORDER.flatMap((group) => {
    const list = groups.get(group)
    return list ? [{ group, items: list }] : []
  })
  return pinned.length > 0 ? [{ group: 'pinned', items: pinned }, ...dated] : dated
}
