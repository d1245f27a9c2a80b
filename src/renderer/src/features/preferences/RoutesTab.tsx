import { useId, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { defaultProxySettings } from '../../../../shared/defaults'
import type { RouteProfile, RouteView } from '../../../../shared/domain'
import { useController } from '../../app/context'
import { errorMessage } from '../../lib/errors'
import { randomId } from '../../lib/id'
import { useStore } from '../../lib/store'
import { routesPatch, toRouteProfile } from './convert'
import { CopyDiagnostics } from './CopyDiagnostics'
import { ProxyTab } from './ProxyTab'
import { routeLabel } from './route-names'
import './routes.css'

/**
 * Routes: how requests reach the providers. Direct and System always exist; the user adds named proxy
 * profiles, picks the default route, and each provider may pick its own (in its form). A selected route is
 * edited below the list with the proxy form, saved as you go.
 */
export function RoutesTab() {
  const { t } = useTranslation()
  const controller = useController()
  const ids = useId()
  const routes = useStore(controller.app, (s) => s.settings?.routes ?? [])
  const defaultRouteId = useStore(controller.app, (s) => s.settings?.defaultRouteId ?? 'direct')
  const providers = useStore(controller.app, (s) => s.settings?.providers ?? [])
  const [selectedId, setSelectedId] = useState(defaultRouteId)
  const [nameDraft, setNameDraft] = useState<string | null>(null)
  const [nameProblem, setNameProblem] = useState(false)
  const [note, setNote] = useState<string | null>(null)
  const [error, setError] = useState<string | null>(null)
  const selected = routes.find((r) => r.id === selectedId) ?? routes[0]
  const builtIn = (route: RouteView): boolean => route.id === 'direct' || route.id === 'system'

  const select = (id: string): void => {
    setSelectedId(id)
    setNameDraft(null)
    setNameProblem(false)
  }

  const save = async (next: RouteProfile[], extra: { defaultRouteId?: string } = {}): Promise<boolean> => {
    setError(null)
    try {
      await controller.updateSettings({ routes: next, ...extra })
      return true
    } catch (e) {
      setError(errorMessage(e))
      return false
    }
  }

  const add = async (): Promise<void> => {
    const profile: RouteProfile = {
      ...defaultProxySettings(),
      mode: 'manual',
      id: randomId(),
      name: t('routes.newName', { n: routes.length - 1 }),
    }
    if (await save([...routes.map(toRouteProfile), profile])) select(profile.id)
  }

  const duplicate = async (route: RouteView): Promise<void> => {
    // Built-ins copy into a profile of the same kind; a password is not copied (it stays with its route).
    const copy: RouteProfile = {
      ...toRouteProfile(route),
      id: randomId(),
      name: t('routes.copyName', { name: routeLabel(route, t) }),
    }
    if (await save([...routes.map(toRouteProfile), copy])) select(copy.id)
  }

  const remove = async (route: RouteView): Promise<void> => {
    const users = providers.filter((p) => p.routeId === route.id)
    const next = routes.filter((r) => r.id !== route.id).map(toRouteProfile)
    const extra = route.id === defaultRouteId ? { defaultRouteId: 'direct' } : {}
    if (!(await save(next, extra))) return
    select(extra.defaultRouteId ?? defaultRouteId)
    // The providers keep naming it and take the default route until the user picks another: say so.
    setNote(
      users.length > 0
        ? t('routes.deletedInUse', { name: route.name, providers: users.map((p) => p.name).join(', ') })
        : t('routes.deleted', { name: route.name }),
    )
  }

  const commitName = async (): Promise<void> => {
    if (nameDraft === null || !selected) return
    const name = nameDraft.trim()
    if (name === '') {
      // Nothing is saved half-way: the empty name stays in the field, with the reason.
      setNameProblem(true)
      return
    }
    setNameProblem(false)
    if (await save(routesPatch(routes, selected.id, { name }).routes)) setNameDraft(null)
  }

  return (
    <div className="prefs-section routes">
      <div className="field">
        <label htmlFor={`${ids}-default`}>{t('routes.default')}</label>
        <select
          id={`${ids}-default`}
          value={defaultRouteId}
          onChange={(e) => void save(routes.map(toRouteProfile), { defaultRouteId: e.target.value })}
        >
          {routes.map((r) => (
            <option key={r.id} value={r.id}>
              {routeLabel(r, t)}
            </option>
          ))}
        </select>
        <p className="field__hint">{t('routes.defaultHint')}</p>
      </div>

      <ul className="routes__list" aria-label={t('routes.list')}>
        {routes.map((r) => (
          <li
            key={r.id}
            className={r.id === selected?.id ? 'routes__item routes__item--selected' : 'routes__item'}
          >
            <button
              type="button"
              className="routes__name"
              aria-pressed={r.id === selected?.id}
              onClick={() => select(r.id)}
            >
              {routeLabel(r, t)}
              {r.id === defaultRouteId ? ` · ${t('routes.isDefault')}` : ''}
            </button>
            <button
              type="button"
              className="button button--small"
              onClick={() => void duplicate(r)}
              aria-label={t('routes.duplicateOf', { name: routeLabel(r, t) })}
            >
              {t('routes.duplicate')}
            </button>
            {!builtIn(r) && (
              <button
                type="button"
                className="button button--small button--danger-quiet"
                onClick={() => void remove(r)}
                aria-label={t('routes.deleteOf', { name: r.name })}
              >
                {t('routes.delete')}
              </button>
            )}
          </li>
        ))}
      </ul>
      <button type="button" className="button routes__add" onClick={() => void add()}>
        {t('routes.add')}
      </button>
      <CopyDiagnostics />
      {note && (
        <p className="field__hint" role="status">
          {note}
        </p>
      )}
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}

      {selected && (
        <section className="routes__editor" aria-label={routeLabel(selected, t)}>
          {!builtIn(selected) && (
            <div className="field">
              <label htmlFor={`${ids}-name`}>{t('routes.name')}</label>
              <input
                id={`${ids}-name`}
                value={nameDraft ?? selected.name}
                onChange={(e) => setNameDraft(e.target.value)}
                onBlur={() => void commitName()}
                aria-invalid={nameProblem}
                aria-describedby={nameProblem ? `${ids}-name-error` : undefined}
              />
              {nameProblem && (
                <p id={`${ids}-name-error`} className="field-error">
                  {t('routes.nameRequired')}
                </p>
              )}
            </div>
          )}
          <ProxyTab key={selected.id} routeId={selected.id} />
        </section>
      )}
    </div>
  )
}
