import { useId, useRef, type KeyboardEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { useController } from '../../app/context'
import type { PreferencesTab } from '../../app/controller'
import { tk } from '../../app/i18n'
import { useStore } from '../../lib/store'
import { Dialog } from '../../ui/Dialog'
import { AppearanceTab } from './AppearanceTab'
import { DataTab } from './DataTab'
import { LanguageTab } from './LanguageTab'
import { ProvidersTab } from './ProvidersTab'
import { ProxyTab } from './ProxyTab'
import { RetryTab } from './RetryTab'
import './preferences.css'

const TABS: readonly { tab: PreferencesTab; label: string }[] = [
  { tab: 'providers', label: tk('preferences.tabs.providers') },
  { tab: 'proxy', label: tk('preferences.tabs.proxy') },
  { tab: 'retry', label: tk('preferences.tabs.retry') },
  { tab: 'appearance', label: tk('preferences.tabs.appearance') },
  { tab: 'language', label: tk('preferences.tabs.language') },
  { tab: 'data', label: tk('preferences.tabs.data') },
]

/** Preferences, in tabs; a separate chunk, loaded when first opened. */
export default function PreferencesDialog() {
  const { t } = useTranslation()
  const controller = useController()
  const request = useStore(controller.app, (s) => s.preferences)
  const ids = useId()
  const tabs = useRef<(HTMLButtonElement | null)[]>([])
  if (!request) return null
  const active = request.tab

  const select = (tab: PreferencesTab): void => controller.openPreferences({ tab })
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>): void => {
    const index = TABS.findIndex((item) => item.tab === active)
    let next = -1
    if (event.key === 'ArrowDown' || event.key === 'ArrowRight') next = (index + 1) % TABS.length
    else if (event.key === 'ArrowUp' || event.key === 'ArrowLeft')
      next = (index - 1 + TABS.length) % TABS.length
    else if (event.key === 'Home') next = 0
    else if (event.key === 'End') next = TABS.length - 1
    const tab = TABS[next]
    if (!tab) return
    event.preventDefault()
    select(tab.tab)
    tabs.current[next]?.focus()
  }

  return (
    <Dialog
      title={t('preferences.title')}
      onClose={() => controller.closePreferences()}
      className="dialog--preferences"
    >
      <div className="preferences">
        <div
          role="tablist"
          aria-orientation="vertical"
          aria-label={t('preferences.title')}
          className="preferences__tabs"
          onKeyDown={onKeyDown}
        >
          {TABS.map(({ tab, label }, index) => (
            <button
              key={tab}
              ref={(el) => {
                tabs.current[index] = el
              }}
              type="button"
              role="tab"
              id={`${ids}-tab-${tab}`}
              aria-selected={tab === active}
              aria-controls={`${ids}-panel`}
              tabIndex={tab === active ? 0 : -1}
              className="preferences__tab"
              onClick={() => select(tab)}
            >
              {t(label)}
            </button>
          ))}
        </div>
        <div
          role="tabpanel"
          id={`${ids}-panel`}
          aria-labelledby={`${ids}-tab-${active}`}
          className="preferences__panel"
        >
          {active === 'providers' && (
            <ProvidersTab
              key={`${request.providerId ?? ''}:${request.addProvider ? 'add' : ''}`}
              {...(request.providerId ? { providerId: request.providerId } : {})}
              {...(request.addProvider ? { addProvider: true } : {})}
            />
          )}
          {active === 'proxy' && <ProxyTab />}
          {active === 'retry' && <RetryTab />}
          {active === 'appearance' && <AppearanceTab />}
          {active === 'language' && <LanguageTab />}
          {active === 'data' && <DataTab />}
        </div>
      </div>
    </Dialog>
  )
}
