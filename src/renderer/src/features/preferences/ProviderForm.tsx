import { errorText } from '../../app/error-text'
import { useId, useState, type FormEvent } from 'react'
import { routeLabel } from './route-names'
import { useTranslation } from 'react-i18next'
import type { ConnectionTestReport, ProviderConfig, SecretView } from '../../../../shared/domain'
import { useController } from '../../app/context'
import { useStore } from '../../lib/store'
import { ConnectionReport } from './ConnectionReport'
import { toConfig } from './convert'
import { useEditGuard } from './edit-guard'
import { ModelsResult } from './ModelsResult'
import { presetOf } from './presets'
import { providerProblem } from './provider-validation'
import { SecretStatus } from './SecretStatus'
import { SecretStorageWarning } from './SecretStorageWarning'
import { ProviderDefaults } from '../params/ProviderDefaults'

interface FormProps {
  initial: ProviderConfig
  /** The saved key's view; null for a provider not saved yet. */
  secret: SecretView | null
  isNew: boolean
  onDone: () => void
}

/** One provider: its name, address, key and switch, with Test connection and Fetch models. */
export function ProviderForm({ initial, secret, isNew, onDone }: FormProps) {
  const { t } = useTranslation()
  const controller = useController()
  const ids = useId()
  const models = useStore(controller.models, (s) => s[initial.id])
  const savedKey = useStore(
    controller.app,
    (s) => s.settings?.providers.find((p) => p.id === initial.id)?.apiKey,
  )
  const keyView = savedKey ?? secret
  const [name, setName] = useState(initial.name)
  const [baseURL, setBaseURL] = useState(initial.baseURL)
  const [enabled, setEnabled] = useState(initial.enabled)
  // '' is "the default route".
  const [routeId, setRouteId] = useState(initial.routeId ?? '')
  const routes = useStore(controller.app, (s) => s.settings?.routes ?? [])
  // A route deleted while this provider named it: the default route is used, and the user is told.
  const routeGone = routeId !== '' && !routes.some((r) => r.id === routeId)
  const [apiKey, setApiKey] = useState('')
  const [saving, setSaving] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const [testing, setTesting] = useState(false)
  const [report, setReport] = useState<ConnectionTestReport | null>(null)
  const preset = presetOf(initial.kind)

  const config = (): ProviderConfig => ({
    id: initial.id,
    kind: initial.kind,
    name: name.trim(),
    baseURL: baseURL.trim(),
    enabled,
    ...(routeId === '' ? {} : { routeId }),
  })
  const problem = providerProblem(name, baseURL)
  const invalid = problem ? t(problem) : null

  // A provider is a record with its own Save (like adding an account): until then, leaving asks.
  const dirty =
    name !== initial.name ||
    baseURL !== initial.baseURL ||
    enabled !== initial.enabled ||
    routeId !== (initial.routeId ?? '') ||
    apiKey !== ''

  /** Saves the provider and its key; false (with the message shown) when it could not. */
  const persist = async (): Promise<boolean> => {
    if (invalid) {
      setError(invalid)
      return false
    }
    setSaving(true)
    setError(null)
    try {
      const settings = controller.app.get().settings
      const others = (settings?.providers ?? []).map(toConfig)
      const next = config()
      const providers = isNew ? [...others, next] : others.map((p) => (p.id === next.id ? next : p))
      await controller.updateSettings({ providers })
      if (apiKey) {
        await controller.setSecret({ target: { type: 'provider', providerId: next.id }, value: apiKey })
        setApiKey('')
      }
      controller.models.forget(next.id)
      // The new provider's first model is chosen when none is yet; its list loads in the background.
      if (isNew) void controller.selectFirstModel(next.id).catch(() => undefined)
      return true
    } catch (e) {
      setError(errorText(e, t))
      return false
    } finally {
      setSaving(false)
    }
  }
  useEditGuard({
    settle: () => Promise.resolve(!dirty ? 'clean' : invalid ? 'invalid' : 'unsaved'),
    save: persist,
  })

  const save = async (event: FormEvent): Promise<void> => {
    event.preventDefault()
    if (await persist()) onDone()
  }

  const clearKey = async (): Promise<void> => {
    setError(null)
    try {
      await controller.setSecret({ target: { type: 'provider', providerId: initial.id }, value: '' })
    } catch (e) {
      setError(errorText(e, t))
    }
  }

  const test = async (): Promise<void> => {
    if (invalid) {
      setError(invalid)
      return
    }
    setTesting(true)
    setReport(null)
    setError(null)
    try {
      const settings = controller.app.get().settings
      const model = controller.models.modelToTest(initial.id, settings?.defaultModel)
      const result = await controller.api.providers.testConnection({
        provider: config(),
        ...(apiKey ? { apiKey } : {}),
        ...(model ? { model } : {}),
      })
      setReport(result)
    } catch (e) {
      setError(errorText(e, t))
    } finally {
      setTesting(false)
    }
  }

  return (
    <>
      <form className="prefs-section provider-form" onSubmit={(event) => void save(event)} noValidate>
        <h3 className="prefs-section__title">
          {isNew ? t('providers.newTitle', { name: preset.name || t('providers.custom') }) : initial.name}
        </h3>
        <SecretStorageWarning />
        <div className="field">
          <label htmlFor={`${ids}-name`}>{t('providers.name')}</label>
          <input
            id={`${ids}-name`}
            value={name}
            onChange={(e) => setName(e.target.value)}
            maxLength={100}
            data-autofocus
          />
        </div>
        <div className="field">
          <label htmlFor={`${ids}-url`}>{t('providers.baseURL')}</label>
          <input
            id={`${ids}-url`}
            value={baseURL}
            onChange={(e) => setBaseURL(e.target.value)}
            placeholder="https://…/v1"
            spellCheck={false}
            inputMode="url"
          />
        </div>
        <div className="field">
          <label htmlFor={`${ids}-route`}>{t('providers.route')}</label>
          <select
            id={`${ids}-route`}
            value={routeGone ? '' : routeId}
            onChange={(e) => setRouteId(e.target.value)}
          >
            <option value="">{t('providers.routeDefault')}</option>
            {routes.map((r) => (
              <option key={r.id} value={r.id}>
                {routeLabel(r, t)}
              </option>
            ))}
          </select>
          {routeGone && (
            <p className="field__hint" role="status">
              {t('providers.routeDeleted')}
            </p>
          )}
        </div>
        <div className="field">
          <label htmlFor={`${ids}-key`}>
            {t('providers.apiKey')}
            {keyView && (
              <>
                {' '}
                <SecretStatus secret={keyView} />
              </>
            )}
          </label>
          <div className="field__row">
            <input
              id={`${ids}-key`}
              type="password"
              autoComplete="off"
              spellCheck={false}
              value={apiKey}
              onChange={(e) => setApiKey(e.target.value)}
              placeholder={
                keyView?.set
                  ? t('providers.keyKeep')
                  : preset.needsKey
                    ? t('providers.keyPlaceholder')
                    : t('providers.keyOptional')
              }
              aria-describedby={`${ids}-key-hint`}
            />
            {keyView?.set && (
              <button type="button" className="button button--small" onClick={() => void clearKey()}>
                {t('providers.clearKey')}
              </button>
            )}
          </div>
          <p id={`${ids}-key-hint`} className="field__hint">
            {t('providers.keyHint')}
          </p>
        </div>
        <label className="checkbox">
          <input type="checkbox" checked={enabled} onChange={(e) => setEnabled(e.target.checked)} />
          <span>{t('providers.enabled')}</span>
        </label>

        <div className="prefs-actions prefs-actions--split">
          <div className="prefs-actions__group">
            <button type="button" className="button" onClick={() => void test()} disabled={testing}>
              {testing ? t('test.running') : t('providers.test')}
            </button>
            {!isNew && (
              <button
                type="button"
                className="button"
                onClick={() => void controller.models.load(initial.id, true)}
                disabled={models?.status === 'loading'}
              >
                {models?.status === 'loading' ? t('providers.fetchingModels') : t('providers.fetchModels')}
              </button>
            )}
          </div>
          <div className="prefs-actions__group">
            <button type="button" className="button" onClick={onDone}>
              {t('common.cancel')}
            </button>
            <button type="submit" className="button button--primary" disabled={saving}>
              {t('common.save')}
            </button>
          </div>
        </div>
        {error && (
          <p className="field-error" role="alert">
            {error}
          </p>
        )}
        {models && models.status !== 'loading' && <ModelsResult models={models} />}
        {report && <ConnectionReport report={report} />}
      </form>
      {!isNew && <ProviderDefaults provider={initial} />}
    </>
  )
}
