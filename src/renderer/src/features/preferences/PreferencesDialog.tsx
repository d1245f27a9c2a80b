import { useCallback, useId, useRef, useState, type KeyboardEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { useController } from '../../app/context'
import type { PreferencesTab } from '../../app/controller'
import { tk } from '../../app/i18n'
import { useStore } from '../../lib/store'
import { Dialog } from '../../ui/Dialog'
import { AppearanceTab } from './AppearanceTab'
import { DataTab } from './DataTab'
import { EditGuardContext, worstOf, type EditGuard } from './edit-guard'
import { LanguageTab } from './LanguageTab'
import { PricesTab } from './PricesTab'
import { ProvidersTab } from './ProvidersTab'
import { RoutesTab } from './RoutesTab'
import { RetryTab } from './RetryTab'
import { PromptsTab } from '../prompts/PromptsTab'
import { TitlesTab } from './TitlesTab'
import { UnsavedChangesDialog } from './UnsavedChangesDialog'
import './preferences.css'

const TABS: readonly { tab: PreferencesTab; label: string }[] = [
  { tab: 'providers', label: tk('preferences.tabs.providers') },
  { tab: 'proxy', label: tk('preferences.tabs.proxy') },
  { tab: 'retry', label: tk('preferences.tabs.retry') },
  { tab: 'prompts', label: tk('preferences.tabs.prompts') },
  { tab: 'titles', label: tk('preferences.tabs.titles') },
  { tab: 'prices', label: tk('preferences.tabs.prices') },
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
  const guards = useRef(new Set<EditGuard>())
  const register = useCallback((guard: EditGuard) => {
    guards.current.add(guard)
    return () => {
      guards.current.delete(guard)
    }
  }, [])
  /** Set while asking what to do with edits that could not be saved; `then` leaves (closes or switches). */
  const [asking, setAsking] = useState<{ invalid: boolean; then: () => void } | null>(null)
  const leaving = useRef(false)
  if (!request) return null
  const active = request.tab

  /** Leaving a tab or the dialog: what saves as you go is saved; anything left is asked about. */
  const leave = async (then: () => void): Promise<void> => {
    if (leaving.current) return
    leaving.current = true
    try {
      const state = worstOf(await Promise.all([...guards.current].map((guard) => guard.settle())))
      if (state === 'clean') then()
      else setAsking({ invalid: state === 'invalid', then })
    } finally {
      leaving.current = false
    }
  }
  const saveAndLeave = async (then: () => void): Promise<void> => {
    setAsking(null)
    const saved = await Promise.all([...guards.current].map((guard) => guard.save()))
    if (saved.every(Boolean)) then()
  }
  const close = (): void => void leave(() => controller.closePreferences())
  const select = (tab: PreferencesTab, focus?: () => void): void => {
    if (tab === active) return
    void leave(() => {
      controller.openPreferences({ tab })
      focus?.()
    })
  }
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
    select(tab.tab, () => tabs.current[next]?.focus())
  }

  return (
    <Dialog title={t('preferences.title')} onClose={close} className="dialog--preferences">
      <EditGuardContext value={register}>
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
            {active === 'proxy' && <RoutesTab />}
            {active === 'retry' && <RetryTab />}
            {active === 'prompts' && <PromptsTab />}
            {active === 'titles' && <TitlesTab />}
            {active === 'prices' && <PricesTab />}
            {active === 'appearance' && <AppearanceTab />}
            {active === 'language' && <LanguageTab />}
            {active === 'data' && <DataTab />}
          </div>
        </div>
      </EditGuardContext>
      {asking && (
        <UnsavedChangesDialog
          invalid={asking.invalid}
          onSave={() => void saveAndLeave(asking.then)}
          onDiscard={() => {
            setAsking(null)
            asking.then()
          }}
          onKeepEditing={() => setAsking(null)}
        />
      )}
    </Dialog>
  )
}
