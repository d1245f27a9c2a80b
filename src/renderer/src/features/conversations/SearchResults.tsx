import type { KeyboardEvent } from 'react'
import { useTranslation } from 'react-i18next'
import type { SearchHit } from '../../../../shared/domain'
import { useController } from '../../app/context'

/** The snippet with the query's matches marked. */
function Highlighted({ text, query }: { text: string; query: string }) {
  const needle = query.trim().toLowerCase()
  if (!needle) return <>{text}</>
  const parts: { text: string; match: boolean }[] = []
  const lower = text.toLowerCase()
  let from = 0
  for (let at = lower.indexOf(needle); at >= 0; at = lower.indexOf(needle, from)) {
    if (at > from) parts.push({ text: text.slice(from, at), match: false })
    parts.push({ text: text.slice(at, at + needle.length), match: true })
    from = at + needle.length
  }
  if (from < text.length) parts.push({ text: text.slice(from), match: false })
  return <>{parts.map((part, i) => (part.match ? <mark key={i}>{part.text}</mark> : part.text))}</>
}

interface Props {
  hits: readonly SearchHit[]
  query: string
  searching: boolean
  /** ArrowUp on the first result: back to the search field. */
  onLeaveTop: () => void
}

/** The result buttons in order; ArrowDown from the search field focuses the first. */
export function resultButtons(container: HTMLElement | null): HTMLButtonElement[] {
  return [...(container?.querySelectorAll<HTMLButtonElement>('.search-hit__button') ?? [])]
}

/** One row per conversation; ArrowDown / ArrowUp move between rows, Enter opens one (it is a button). */
export function SearchResults({ hits, query, searching, onLeaveTop }: Props) {
  const { t } = useTranslation()
  const controller = useController()

  const onKeyDown = (event: KeyboardEvent<HTMLUListElement>): void => {
    if (event.key !== 'ArrowDown' && event.key !== 'ArrowUp') return
    const buttons = resultButtons(event.currentTarget)
    const at = buttons.findIndex((b) => b === document.activeElement)
    if (at < 0) return
    event.preventDefault()
    if (event.key === 'ArrowUp' && at === 0) onLeaveTop()
    else
      buttons[Math.min(buttons.length - 1, Math.max(0, at + (event.key === 'ArrowDown' ? 1 : -1)))]?.focus()
  }

  return (
    <section className="sidebar__group" aria-label={t('sidebar.results')} aria-busy={searching}>
      <h3 className="sidebar__group-title" aria-hidden="true">
        {t('sidebar.results')}
      </h3>
      {!searching && hits.length === 0 && <p className="sidebar__empty">{t('sidebar.noResults')}</p>}
      <ul className="sidebar__items" onKeyDown={onKeyDown}>
        {hits.map((hit) => (
          <li key={hit.conversationId} className="search-hit">
            <button
              type="button"
              className="search-hit__button"
              onClick={() => controller.openConversation(hit.conversationId, hit.messageId ?? null)}
            >
              <span className="search-hit__head">
                <span className="search-hit__title">
                  <Highlighted text={hit.title || t('sidebar.untitled')} query={query} />
                </span>
                <span className="search-hit__count">{t('sidebar.matches', { count: hit.matches })}</span>
              </span>
              {hit.snippet && (
                <span className="search-hit__snippet">
                  <Highlighted text={hit.snippet} query={query} />
                </span>
              )}
            </button>
          </li>
        ))}
      </ul>
    </section>
  )
}
