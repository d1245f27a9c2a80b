import { errorText } from '../../app/error-text'
import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { LocalServer } from '../../../../shared/domain'
import { useController } from '../../app/context'
import { randomId } from '../../lib/id'
import { PlusIcon } from '../../ui/icons'
import { presetOf } from '../preferences/presets'
import './welcome.css'

/** First run: no provider yet. Leads to adding one, and offers a local server that answers. */
export function Welcome() {
  const { t } = useTranslation()
  const controller = useController()
  const [local, setLocal] = useState<readonly LocalServer[] | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [adding, setAdding] = useState(false)

  useEffect(() => {
    let alive = true
    controller.api.providers
      .detectLocal()
      .then((servers) => alive && setLocal(servers))
      .catch(() => alive && setLocal([]))
    return () => {
      alive = false
    }
  }, [controller])

  const addLocal = async (server: LocalServer): Promise<void> => {
    setAdding(true)
    setError(null)
    const preset = presetOf(server.kind)
    const id = randomId()
    const providers = (controller.app.get().settings?.providers ?? []).map(
      ({ apiKey: _key, ...config }) => config,
    )
    const first = server.models[0]
    try {
      await controller.updateSettings({
        providers: [
          ...providers,
          { id, kind: server.kind, name: preset.name, baseURL: server.baseURL, enabled: true },
        ],
        ...(first ? { defaultModel: { providerId: id, model: first } } : {}),
      })
      controller.newChat()
    } catch (e) {
      setError(errorText(e, t))
      setAdding(false)
    }
  }

  return (
    <main className="welcome" aria-labelledby="welcome-title">
      <div className="welcome__card">
        <div className="welcome__logo" aria-hidden="true">
          PC
        </div>
        <h1 id="welcome-title" className="welcome__title">
          {t('welcome.title')}
        </h1>
        <p className="welcome__text">{t('welcome.text')}</p>
        <button
          type="button"
          className="button button--primary button--large"
          onClick={() => controller.openPreferences({ tab: 'providers', addProvider: true })}
          data-autofocus
        >
          <PlusIcon />
          {t('welcome.addProvider')}
        </button>
        {local && local.length > 0 && (
          <section className="welcome__local" aria-labelledby="welcome-local">
            <h2 id="welcome-local" className="welcome__subtitle">
              {t('welcome.localFound')}
            </h2>
            <ul className="welcome__servers">
              {local.map((server) => (
                <li key={server.baseURL} className="welcome__server">
                  <div>
                    <p className="welcome__server-name">{presetOf(server.kind).name}</p>
                    <p className="welcome__server-detail">
                      {server.baseURL} · {t('welcome.models', { count: server.models.length })}
                    </p>
                  </div>
                  <button
                    type="button"
                    className="button"
                    disabled={adding}
                    onClick={() => void addLocal(server)}
                  >
                    {t('welcome.useLocal', { name: presetOf(server.kind).name })}
                  </button>
                </li>
              ))}
            </ul>
          </section>
        )}
        {local && local.length === 0 && <p className="welcome__hint">{t('welcome.localHint')}</p>}
        {error && (
          <p className="field-error" role="alert">
            {error}
          </p>
        )}
        <p className="welcome__proxy">
          {t('welcome.proxyText')}{' '}
          <button
            type="button"
            className="link-button"
            onClick={() => controller.openPreferences({ tab: 'proxy' })}
          >
            {t('welcome.proxyLink')}
          </button>
        </p>
      </div>
    </main>
  )
}
