import type { ConversationSummary } from '../../../../shared/domain'

export type DateGroup = 'today' | 'yesterday' | 'week' | 'older'

export interface Group {
  group: DateGroup
  items: ConversationSummary[]
}

const ORDER: readonly DateGroup[] = ['today', 'yesterday', 'week', 'older']

/** Newest first, in Today / Yesterday / Previous 7 days / Older (by last activity, local time). */
export function groupByDate(items: readonly ConversationSummary[], now: number = Date.now()): Group[] {
  const today = new Date(now)
  today.setHours(0, 0, 0, 0)
  const yesterday = new Date(today)
  yesterday.setDate(yesterday.getDate() - 1)
  const week = new Date(today)
  week.setDate(week.getDate() - 7)

  const groups = new Map<DateGroup, ConversationSummary[]>()
  for (const item of [...items].sort((a, b) => b.updatedAt - a.updatedAt)) {
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
  return ORDER.flatMap((group) => {
    const list = groups.get(group)
    return list ? [{ group, items: list }] : []
  })
}
