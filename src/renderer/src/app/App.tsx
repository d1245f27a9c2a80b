import { lazy, Suspense, useEffect, useMemo } from 'react'
import { I18nextProvider, useTranslation } from 'react-i18next'
import type { ProxyChatApi } from '../../../shared/contract'
import { ChatView } from '../features/chat/ChatView'
import { Sidebar } from '../features/conversations/Sidebar'
import { Welcome } from '../features/welcome/Welcome'
import { useStore } from '../lib/store'
import { getApi } from './api'
import { ControllerContext, useController } from './context'
import { AppController, type ControllerOptions } from './controller'
import { applyLanguage, i18n, resolveLanguage } from './i18n'
import { ErrorBoundary } from './ErrorBoundary'
import { Notices } from './Notices'
import { useShortcuts } from './shortcuts'
import { useAppearance } from './theme'
import './app.css'
import './narrow-window.css'

const PreferencesDialog = lazy(() => import('../features/preferences/PreferencesDialog'))

function Shell() {
  const { t } = useTranslation()
  const controller = useController()
  const status = useStore(controller.app, (s) => s.status)
  const error = useStore(controller.app, (s) => s.error)
  const settings = useStore(controller.app, (s) => s.settings)
  const info = useStore(controller.app, (s) => s.info)
  const preferences = useStore(controller.app, (s) => s.preferences)
  const hasHistory = useStore(controller.conversations, (s) => s.items.length > 0)
  const conversationOpen = useStore(controller.chat, (s) => s.conversationId !== null)
  const language = resolveLanguage(settings?.language, info)

  useAppearance(settings?.appearance)
  useShortcuts(controller, info?.platform === 'darwin')
  useEffect(() => applyLanguage(language), [language])

  if (status === 'loading' && !settings) return <div className="app app--loading" aria-busy="true" />
  if (status === 'failed' || !settings) {
    return (
      <div className="app app--failed" role="alert">
        <p>{t('app.loadFailed', { error: error ?? '' })}</p>
        <button type="button" className="button" onClick={() => void controller.load()}>
          {t('common.tryAgain')}
        </button>
      </div>
    )
  }

  // Without a provider the welcome invites adding one, but history (imported, say) stays reachable.
  const noProvider = settings.providers.length === 0
  return (
    <div className="app">
      {noProvider && !hasHistory ? (
        <Welcome />
      ) : (
        <>
          <Sidebar />
          {noProvider && !conversationOpen ? <Welcome /> : <ChatView />}
        </>
      )}
      <Notices />
      {preferences && (
        <Suspense fallback={null}>
          <PreferencesDialog />
        </Suspense>
      )}
    </div>
  )
}

interface Props {
  /** Defaults to the preload's `window.proxychat`. */
  api?: ProxyChatApi
  options?: ControllerOptions
}

export function App(props: Props) {
  return (
    <I18nextProvider i18n={i18n}>
      <ErrorBoundary>
        <Root {...props} />
      </ErrorBoundary>
    </I18nextProvider>
  )
}

function Root({ api, options }: Props) {
  const controller = useMemo(() => new AppController(api ?? getApi(), options), [api, options])
  useEffect(() => {
    const stop = controller.start()
    return () => {
      stop()
    }
  }, [controller])
  return (
    <ControllerContext.Provider value={controller}>
      <Shell />
    </ControllerContext.Provider>
  )
}
