import { useId, useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import type {
  ConnectionTestReport,
  ProviderConfig,
  ProviderView,
  SecretView,
} from '../../../../shared/domain'
import { useController } from '../../app/context'
import { errorMessage } from '../../lib/errors'
import { randomId } from '../../lib/id'
import { useStore } from '../../lib/store'
import { ConfirmDialog } from '../../ui/Dialog'
import { PlusIcon } from '../../ui/icons'
import { ConnectionReport } from './ConnectionReport'
import { useEditGuard } from './edit-guard'
import { NO_PROXY, toConfig, toProxySettings } from './convert'
import { PRESETS, presetOf, type Preset } from './presets'
import { SecretStorageWarning } from './SecretStorageWarning'

type Editing = { mode: 'choose' } | { mode: 'new'; preset: Preset } | { mode: 'edit'; id: string } | null

/** "set · …abcd" or "not set": all the window ever knows of a key. */
export function SecretStatus({ secret }: { secret: SecretView }) {
  const { t } = useTranslation()
  return (
    <span className={secret.set ? 'secret-status secret-status--set' : 'secret-status'}>
      {secret.set
        ? secret.last4
          ? t('secrets.setWithLast4', { last4: secret.last4 })
          : t('secrets.set')
        : t('secrets.notSet')}
    </span>
  )
}

interface Props {
  providerId?: string
  addProvider?: boolean
}

export function ProvidersTab({ providerId, addProvider }: Props) {
  const { t } = useTranslation()
  const controller = useController()
  const providers = useStore(controller.app, (s) => s.settings?.providers ?? [])
  const [editing, setEditing] = useState<Editing>(() =>
    providerId && providers.some((p) => p.id === providerId)
      ? { mode: 'edit', id: providerId }
      : addProvider
        ? { mode: 'choose' }
        : null,
  )
  const [removing, setRemoving] = useState<ProviderView | null>(null)
  const [error, setError] = useState<string | null>(null)

  const remove = async (provider: ProviderView): Promise<void> => {
    setRemoving(null)
    setError(null)
    try {
      const { settings } = controller.app.get()
      if (!settings) return
      if (provider.apiKey.set) {
        await controller.setSecret({ target: { type: 'provider', providerId: provider.id }, value: '' })
      }
      await controller.updateSettings({
        providers: settings.providers.filter((p) => p.id !== provider.id).map(toConfig),
        retry: { fallbackProviderIds: settings.retry.fallbackProviderIds.filter((id) => id !== provider.id) },
        ...(settings.defaultModel?.providerId === provider.id ? { defaultModel: null } : {}),
      })
      controller.models.forget(provider.id)
    } catch (e) {
      setError(errorMessage(e))
    }
  }

  if (editing?.mode === 'choose') {
    return (
      <div className="prefs-section">
        <h3 className="prefs-section__title">{t('providers.choosePreset')}</h3>
        <div className="preset-grid">
          {PRESETS.map((preset) => (
            <button
              key={preset.kind}
              type="button"
              className="preset"
              onClick={() => setEditing({ mode: 'new', preset })}
            >
              <span className="preset__name">{preset.name || t('providers.custom')}</span>
              <span className="preset__url">{preset.baseURL || t('providers.customHint')}</span>
            </button>
          ))}
        </div>
        <div className="prefs-actions">
          <button type="button" className="button" onClick={() => setEditing(null)}>
            {t('common.cancel')}
          </button>
        </div>
      </div>
    )
  }

  if (editing?.mode === 'new') {
    const { preset } = editing
    return (
      <ProviderForm
        key={`new-${preset.kind}`}
        initial={{
          id: randomId(),
          kind: preset.kind,
          name: preset.name,
          baseURL: preset.baseURL,
          enabled: true,
        }}
        secret={null}
        isNew
        onDone={() => setEditing(null)}
      />
    )
  }

  if (editing?.mode === 'edit') {
    const provider = providers.find((p) => p.id === editing.id)
    if (provider) {
      return (
        <ProviderForm
          key={provider.id}
          initial={toConfig(provider)}
          secret={provider.apiKey}
          isNew={false}
          onDone={() => setEditing(null)}
        />
      )
    }
  }

  return (
    <div className="prefs-section">
      <SecretStorageWarning />
      {providers.length === 0 ? (
        <p className="prefs-empty">{t('providers.empty')}</p>
      ) : (
        <ul className="provider-list">
          {providers.map((provider) => (
            <li key={provider.id} className="provider-row">
              <div className="provider-row__info">
                <p className="provider-row__name">
                  {provider.name}
                  {!provider.enabled && <span className="badge">{t('providers.disabled')}</span>}
                </p>
                <p className="provider-row__detail">
                  {provider.baseURL} · {t('providers.apiKey')}: <SecretStatus secret={provider.apiKey} />
                </p>
              </div>
              <div className="provider-row__actions">
                <button
                  type="button"
                  className="button button--small"
                  aria-label={t('providers.editNamed', { name: provider.name })}
                  onClick={() => setEditing({ mode: 'edit', id: provider.id })}
                >
                  {t('common.edit')}
                </button>
                <button
                  type="button"
                  className="button button--small button--danger-quiet"
                  aria-label={t('providers.removeNamed', { name: provider.name })}
                  onClick={() => setRemoving(provider)}
                >
                  {t('common.remove')}
                </button>
              </div>
            </li>
          ))}
        </ul>
      )}
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
      <div className="prefs-actions prefs-actions--start">
        <button
          type="button"
          className="button button--primary"
          onClick={() => setEditing({ mode: 'choose' })}
        >
          <PlusIcon />
          {t('providers.add')}
        </button>
      </div>
      {removing && (
        <ConfirmDialog
          title={t('providers.removeTitle')}
          message={t('providers.removeMessage', { name: removing.name })}
          confirmLabel={t('common.remove')}
          onCancel={() => setRemoving(null)}
          onConfirm={() => void remove(removing)}
        />
      )}
    </div>
  )
}

interface FormProps {
  initial: ProviderConfig
  /** The saved key's view; null for a provider not saved yet. */
  secret: SecretView | null
  isNew: boolean
  onDone: () => void
}

function validURL(value: string): boolean {
  try {
    const url = new URL(value)
    return url.protocol === 'http:' || url.protocol === 'https:'
  } catch {
    return false
  }
}

function ProviderForm({ initial, secret, isNew, onDone }: FormProps) {
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
  })
  const invalid = !name.trim()
    ? t('providers.nameRequired')
    : !validURL(baseURL.trim())
      ? t('providers.urlInvalid')
      : null

  // A provider is a record with its own Save (like adding an account): until then, leaving asks.
  const dirty =
    name !== initial.name || baseURL !== initial.baseURL || enabled !== initial.enabled || apiKey !== ''

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
      setError(errorMessage(e))
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
      setError(errorMessage(e))
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
      const proxy = settings?.proxy
      const model = controller.models.modelToTest(initial.id, settings?.defaultModel)
      const result = await controller.api.providers.testConnection({
        provider: config(),
        ...(apiKey ? { apiKey } : {}),
        ...(model ? { model } : {}),
        proxy: proxy ? toProxySettings(proxy) : NO_PROXY,
      })
      setReport(result)
    } catch (e) {
      setError(errorMessage(e))
    } finally {
      setTesting(false)
    }
  }

  return (
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
      {models && models.status !== 'loading' && (
        <div className="models-result" role="status">
          {models.status === 'failed' ? (
            <p className="field-error">{t('providers.modelsFailed', { error: models.error ?? '' })}</p>
          ) : (
            <>
              <p>{t('providers.modelsFound', { count: models.models.length })}</p>
              {models.models.length > 0 && (
                <ul className="models-result__list">
                  {models.models.map((model) => (
                    <li key={model}>{model}</li>
                  ))}
                </ul>
              )}
            </>
          )}
        </div>
      )}
      {report && <ConnectionReport report={report} />}
    </form>
  )
}
