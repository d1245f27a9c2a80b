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
}

export function SearchResults({ hits, query, searching }: Props) {
  const { t } = useTranslation()
  const controller = useController()
  return (
    <section className="sidebar__group" aria-label={t('sidebar.results')} aria-busy={searching}>
      <h3 className="sidebar__group-title" aria-hidden="true">
        {t('sidebar.results')}
      </h3>
      {!searching && hits.length === 0 && <p className="sidebar__empty">{t('sidebar.noResults')}</p>}
      <ul className="sidebar__items">
        {hits.map((hit, index) => (
          <li key={`${hit.conversationId}:${hit.messageId ?? ''}:${index}`} className="search-hit">
            <button
              type="button"
              className="search-hit__button"
              onClick={() => controller.openConversation(hit.conversationId, hit.messageId ?? null)}
            >
              <span className="search-hit__title">
                <Highlighted text={hit.title || t('sidebar.untitled')} query={query} />
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
