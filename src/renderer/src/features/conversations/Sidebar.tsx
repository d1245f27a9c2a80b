import { useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { useController } from '../../app/context'
import { tk } from '../../app/i18n'
import { useStore } from '../../lib/store'
import { PlusIcon, SearchIcon, SettingsIcon } from '../../ui/icons'
import { ConversationItem } from './ConversationItem'
import { groupByDate, type DateGroup } from './group'
import { SearchResults } from './SearchResults'
import './sidebar.css'

const GROUP_LABELS: Record<DateGroup, string> = {
  today: tk('sidebar.groups.today'),
  yesterday: tk('sidebar.groups.yesterday'),
  week: tk('sidebar.groups.week'),
  older: tk('sidebar.groups.older'),
}

export function Sidebar() {
  const { t } = useTranslation()
  const controller = useController()
  const { conversations, chat, app } = controller
  const items = useStore(conversations, (s) => s.items)
  const loaded = useStore(conversations, (s) => s.loaded)
  const hits = useStore(conversations, (s) => s.hits)
  const searching = useStore(conversations, (s) => s.searching)
  const query = useStore(conversations, (s) => s.query)
  const currentId = useStore(chat, (s) => s.conversationId)
  const streams = useStore(chat, (s) => s.streams)
  const searchFocus = useStore(app, (s) => s.searchFocus)
  const mac = useStore(app, (s) => s.info?.platform === 'darwin')
  const [input, setInput] = useState(query)
  const searchRef = useRef<HTMLInputElement>(null)

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

  const groups = useMemo(() => groupByDate(items), [items])
  const mod = mac ? '⌘' : 'Ctrl+'

  const onSearchKey = (event: KeyboardEvent<HTMLInputElement>): void => {
    if (event.key === 'Escape' && input) {
      event.stopPropagation()
      setInput('')
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
      </div>
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
      <div className="sidebar__list">
        {hits !== null || searching ? (
          <SearchResults hits={hits ?? []} query={query} searching={searching} />
        ) : (
          <>
            {loaded && items.length === 0 && <p className="sidebar__empty">{t('sidebar.empty')}</p>}
            {groups.map(({ group, items: groupItems }) => (
              <section key={group} className="sidebar__group" aria-label={t(GROUP_LABELS[group])}>
                <h3 className="sidebar__group-title" aria-hidden="true">
                  {t(GROUP_LABELS[group])}
                </h3>
                <ul className="sidebar__items">
                  {groupItems.map((item) => (
                    <ConversationItem
                      key={item.id}
                      item={item}
                      active={item.id === currentId}
                      streaming={streams[item.id] !== undefined}
                    />
                  ))}
                </ul>
              </section>
            ))}
          </>
        )}
      </div>
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
