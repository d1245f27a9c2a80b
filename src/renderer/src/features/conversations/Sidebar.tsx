import { useCallback, useEffect, useRef, useState, type KeyboardEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { useController } from '../../app/context'
import { useStore } from '../../lib/store'
import { PlusIcon, SearchIcon, SelectIcon, SettingsIcon } from '../../ui/icons'
import { ConversationList } from './ConversationList'
import { resultButtons, SearchResults } from './SearchResults'
import { SelectionBar } from './SelectionBar'
import './sidebar.css'

export function Sidebar() {
  const { t } = useTranslation()
  const controller = useController()
  const { conversations, app } = controller
  const items = useStore(conversations, (s) => s.items)
  const loaded = useStore(conversations, (s) => s.loaded)
  const hits = useStore(conversations, (s) => s.hits)
  const searching = useStore(conversations, (s) => s.searching)
  const query = useStore(conversations, (s) => s.query)
  const selecting = useStore(conversations, (s) => s.selecting)
  const [order, setOrder] = useState<readonly string[]>([])
  const onOrder = useCallback((ids: readonly string[]) => setOrder(ids), [])
  const searchFocus = useStore(app, (s) => s.searchFocus)
  const mac = useStore(app, (s) => s.info?.platform === 'darwin')
  const [input, setInput] = useState(query)
  const searchRef = useRef<HTMLInputElement>(null)
  const resultsRef = useRef<HTMLDivElement>(null)

  useEffect(() => {
    if (searchFocus === 0) return
    searchRef.current?.focus()
    searchRef.current?.select()
  }, [searchFocus])

  useEffect(() => {
    if (!input.trim()) {
      conversations.setQuery(input)
      return
    }
    const timer = setTimeout(() => void conversations.search(input), 200)
    return () => clearTimeout(timer)
  }, [input, conversations])

  const mod = mac ? '⌘' : 'Ctrl+'

  const onSearchKey = (event: KeyboardEvent<HTMLInputElement>): void => {
    if (event.key === 'Escape' && input) {
      event.stopPropagation()
      setInput('')
    } else if (event.key === 'ArrowDown' && hits && hits.length > 0) {
      event.preventDefault()
      resultButtons(resultsRef.current)[0]?.focus()
    } else if (event.key === 'Enter' && !event.nativeEvent.isComposing) {
      // The first result, as in any search box; only once the results are for what is typed.
      const first = hits?.[0]
      if (!first || searching || query !== input) return
      event.preventDefault()
      controller.openConversation(first.conversationId, first.messageId ?? null)
    }
  }

  return (
    <nav className="sidebar" aria-label={t('sidebar.label')}>
      <div className="sidebar__top">
        <button
          type="button"
          className="button button--primary sidebar__new"
          onClick={() => controller.newChat()}
          title={`${mod}N`}
        >
          <PlusIcon />
          <span>{t('sidebar.newChat')}</span>
        </button>
        <button
          type="button"
          className="icon-button sidebar__select"
          aria-label={t('sidebar.selection.start')}
          title={t('sidebar.selection.start')}
          aria-pressed={selecting}
          disabled={items.length === 0}
          onClick={() => (selecting ? conversations.stopSelecting() : conversations.startSelecting())}
        >
          <SelectIcon />
        </button>
      </div>
      {selecting && <SelectionBar order={order} />}
      <div className="sidebar__search" role="search">
        <SearchIcon />
        <input
          ref={searchRef}
          type="search"
          className="sidebar__search-input"
          aria-label={t('sidebar.search')}
          placeholder={t('sidebar.searchPlaceholder', { shortcut: `${mod}K` })}
          value={input}
          onChange={(event) => setInput(event.target.value)}
          onKeyDown={onSearchKey}
        />
      </div>
      {hits !== null || searching ? (
        <div className="sidebar__list" ref={resultsRef}>
          <SearchResults
            hits={hits ?? []}
            query={query}
            searching={searching}
            onLeaveTop={() => searchRef.current?.focus()}
          />
        </div>
      ) : loaded && items.length === 0 ? (
        <div className="sidebar__list">
          <p className="sidebar__empty">{t('sidebar.empty')}</p>
        </div>
      ) : (
        <ConversationList items={items} onOrder={onOrder} />
      )}
      <div className="sidebar__bottom">
        <button
          type="button"
          className="button button--ghost sidebar__preferences"
          onClick={() => controller.openPreferences()}
          title={`${mod},`}
        >
          <SettingsIcon />
          <span>{t('sidebar.preferences')}</span>
        </button>
      </div>
    </nav>
  )
}
