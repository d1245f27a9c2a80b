import type { ActionStatus } from './use-file-action'

/** What an action said: a quiet status line, or an error read out as an alert. */
export function ActionStatusLine({ status, inline = false }: { status: ActionStatus; inline?: boolean }) {
  if (!status) return null
  const Tag = inline ? 'span' : 'p'
  return (
    <Tag
      className={status.kind === 'error' ? 'field-error' : 'data-status'}
      role={status.kind === 'error' ? 'alert' : 'status'}
    >
      {status.text}
    </Tag>
  )
}
