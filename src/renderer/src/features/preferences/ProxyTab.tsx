import { useId, useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import type { ConnectionTestReport, ProxyMode, ProxySettings } from '../../../../shared/domain'
import { useController } from '../../app/context'
import { tk } from '../../app/i18n'
import { errorMessage } from '../../lib/errors'
import { useStore } from '../../lib/store'
import { ConnectionReport } from './ConnectionReport'
import { toConfig, toProxySettings } from './convert'
import { SecretStatus } from './ProvidersTab'
import { SecretStorageWarning } from './SecretStorageWarning'

const MODES: readonly { mode: ProxyMode; label: string; hint: string }[] = [
  { mode: 'none', label: tk('proxy.modes.none'), hint: tk('proxy.modes.noneHint') },
  { mode: 'system', label: tk('proxy.modes.system'), hint: tk('proxy.modes.systemHint') },
  { mode: 'manual', label: tk('proxy.modes.manual'), hint: tk('proxy.modes.manualHint') },
]

const PEM = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/

function sameProxy(a: ProxySettings, b: ProxySettings): boolean {
  return JSON.stringify(toProxySettings(a)) === JSON.stringify(toProxySettings(b))
}

export function ProxyTab() {
  const { t } = useTranslation()
  const controller = useController()
  const ids = useId()
  const saved = useStore(controller.app, (s) => s.settings?.proxy)
  const providers = useStore(controller.app, (s) => s.settings?.providers ?? [])
  const [form, setForm] = useState<ProxySettings | null>(() => (saved ? toProxySettings(saved) : null))
  const [bypass, setBypass] = useState(() => saved?.bypass.join('\n') ?? '')
  const [password, setPassword] = useState('')
  const [saving, setSaving] = useState(false)
  const [savedNote, setSavedNote] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const enabledProviders = providers.filter((p) => p.enabled)
  const [testProviderId, setTestProviderId] = useState(() => enabledProviders[0]?.id ?? '')
  const [testing, setTesting] = useState(false)
  const [report, setReport] = useState<ConnectionTestReport | null>(null)

  if (!form || !saved) return null

  const current = (): ProxySettings => ({
    ...form,
    httpProxy: form.httpProxy.trim(),
    httpsProxy: form.httpsProxy.trim(),
    socksProxy: form.socksProxy.trim(),
    username: form.username.trim(),
    caCertificates: form.caCertificates.trim() ? form.caCertificates.trim() + '\n' : '',
    bypass: bypass
      .split('\n')
      .map((line) => line.trim())
      .filter(Boolean),
  })
  const dirty = !sameProxy(current(), saved) || password !== ''
  const certificatesInvalid = form.caCertificates.trim() !== '' && !PEM.test(form.caCertificates)
  const update = (patch: Partial<ProxySettings>): void => {
    setSavedNote(false)
    setForm({ ...form, ...patch })
  }

  const save = async (event: FormEvent): Promise<void> => {
    event.preventDefault()
    setSaving(true)
    setError(null)
    setSavedNote(false)
    try {
      await controller.updateSettings({ proxy: current() })
      if (password) {
        await controller.setSecret({ target: { type: 'proxy' }, value: password })
        setPassword('')
      }
      setSavedNote(true)
    } catch (e) {
      setError(errorMessage(e))
    } finally {
      setSaving(false)
    }
  }

  const clearPassword = async (): Promise<void> => {
    setError(null)
    try {
      await controller.setSecret({ target: { type: 'proxy' }, value: '' })
    } catch (e) {
      setError(errorMessage(e))
    }
  }

  const test = async (): Promise<void> => {
    const provider = providers.find((p) => p.id === testProviderId)
    if (!provider) return
    setTesting(true)
    setReport(null)
    setError(null)
    try {
      const model = controller.models.modelToTest(provider.id, controller.app.get().settings?.defaultModel)
      const result = await controller.api.providers.testConnection({
        provider: toConfig(provider),
        ...(model ? { model } : {}),
        proxy: current(),
        ...(password ? { proxyPassword: password } : {}),
      })
      setReport(result)
    } catch (e) {
      setError(errorMessage(e))
    } finally {
      setTesting(false)
    }
  }

  const manual = form.mode === 'manual'

  return (
    <form className="prefs-section proxy-form" onSubmit={(event) => void save(event)} noValidate>
      <fieldset className="radio-group">
        <legend>{t('proxy.mode')}</legend>
        {MODES.map(({ mode, label, hint }) => (
          <label key={mode} className="radio">
            <input
              type="radio"
              name={`${ids}-mode`}
              value={mode}
              checked={form.mode === mode}
              onChange={() => update({ mode })}
            />
            <span>
              <span className="radio__label">{t(label)}</span>
              <span className="radio__hint">{t(hint)}</span>
            </span>
          </label>
        ))}
      </fieldset>

      {manual && (
        <fieldset className="fieldset">
          <legend>{t('proxy.servers')}</legend>
          <div className="field">
            <label htmlFor={`${ids}-http`}>{t('proxy.http')}</label>
            <input
              id={`${ids}-http`}
              value={form.httpProxy}
              onChange={(e) => update({ httpProxy: e.target.value })}
              placeholder={t('proxy.hostPlaceholder')}
              spellCheck={false}
            />
          </div>
          <label className="checkbox">
            <input
              type="checkbox"
              checked={form.useHttpForHttps}
              onChange={(e) => update({ useHttpForHttps: e.target.checked })}
            />
            <span>{t('proxy.useHttpForHttps')}</span>
          </label>
          <div className="field">
            <label htmlFor={`${ids}-https`}>{t('proxy.https')}</label>
            <input
              id={`${ids}-https`}
              value={form.useHttpForHttps ? form.httpProxy : form.httpsProxy}
              onChange={(e) => update({ httpsProxy: e.target.value })}
              disabled={form.useHttpForHttps}
              placeholder={t('proxy.hostPlaceholder')}
              spellCheck={false}
            />
          </div>
          <div className="field">
            <label htmlFor={`${ids}-socks`}>{t('proxy.socks')}</label>
            <input
              id={`${ids}-socks`}
              value={form.socksProxy}
              onChange={(e) => update({ socksProxy: e.target.value })}
              placeholder={t('proxy.socksPlaceholder')}
              spellCheck={false}
            />
          </div>
          <label className="checkbox">
            <input
              type="checkbox"
              checked={form.socksRemoteDns}
              onChange={(e) => update({ socksRemoteDns: e.target.checked })}
            />
            <span>{t('proxy.remoteDns')}</span>
          </label>
        </fieldset>
      )}

      {form.mode !== 'none' && (
        <fieldset className="fieldset">
          <legend>{t('proxy.credentials')}</legend>
          <SecretStorageWarning />
          <div className="field">
            <label htmlFor={`${ids}-user`}>{t('proxy.username')}</label>
            <input
              id={`${ids}-user`}
              value={form.username}
              onChange={(e) => update({ username: e.target.value })}
              autoComplete="off"
              spellCheck={false}
            />
          </div>
          <div className="field">
            <label htmlFor={`${ids}-password`}>
              {t('proxy.password')} <SecretStatus secret={saved.password} />
            </label>
            <div className="field__row">
              <input
                id={`${ids}-password`}
                type="password"
                value={password}
                onChange={(e) => {
                  setSavedNote(false)
                  setPassword(e.target.value)
                }}
                autoComplete="off"
                placeholder={saved.password.set ? t('proxy.passwordKeep') : ''}
              />
              {saved.password.set && (
                <button type="button" className="button button--small" onClick={() => void clearPassword()}>
                  {t('proxy.clearPassword')}
                </button>
              )}
            </div>
          </div>
        </fieldset>
      )}

      {manual && (
        <div className="field">
          <label htmlFor={`${ids}-bypass`}>{t('proxy.bypass')}</label>
          <textarea
            id={`${ids}-bypass`}
            value={bypass}
            onChange={(e) => {
              setSavedNote(false)
              setBypass(e.target.value)
            }}
            rows={3}
            spellCheck={false}
            placeholder={'localhost\n127.0.0.1\n*.internal.example'}
            aria-describedby={`${ids}-bypass-hint`}
          />
          <p id={`${ids}-bypass-hint`} className="field__hint">
            {t('proxy.bypassHint')}
          </p>
        </div>
      )}

      {/* The certificates apply in every mode: a network can inspect TLS without any proxy set here. */}
      <details className="advanced" open={form.caCertificates.trim() !== ''}>
        <summary>{t('proxy.advanced')}</summary>
        <div className="field">
          <label htmlFor={`${ids}-ca`}>{t('proxy.caCertificates')}</label>
          <textarea
            id={`${ids}-ca`}
            className="mono"
            value={form.caCertificates}
            onChange={(e) => update({ caCertificates: e.target.value })}
            rows={4}
            spellCheck={false}
            placeholder={'-----BEGIN CERTIFICATE-----\n…\n-----END CERTIFICATE-----'}
            aria-describedby={`${ids}-ca-hint`}
            aria-invalid={certificatesInvalid}
          />
          <p id={`${ids}-ca-hint`} className={certificatesInvalid ? 'field-error' : 'field__hint'}>
            {certificatesInvalid ? t('proxy.caInvalid') : t('proxy.caHint')}
          </p>
        </div>
      </details>

      <div className="prefs-actions prefs-actions--split">
        <div className="prefs-actions__group">
          <label className="visually-hidden" htmlFor={`${ids}-test-provider`}>
            {t('proxy.testProvider')}
          </label>
          <select
            id={`${ids}-test-provider`}
            value={testProviderId}
            onChange={(e) => setTestProviderId(e.target.value)}
            disabled={enabledProviders.length === 0}
          >
            {enabledProviders.length === 0 && <option value="">{t('proxy.noProviders')}</option>}
            {enabledProviders.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </select>
          <button
            type="button"
            className="button"
            onClick={() => void test()}
            disabled={testing || !testProviderId}
          >
            {testing ? t('test.running') : t('proxy.test')}
          </button>
        </div>
        <div className="prefs-actions__group">
          {savedNote && !dirty && (
            <span className="saved-note" role="status">
              {t('common.saved')}
            </span>
          )}
          <button
            type="submit"
            className="button button--primary"
            disabled={saving || !dirty || certificatesInvalid}
          >
            {t('common.save')}
          </button>
        </div>
      </div>
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
      {report && <ConnectionReport report={report} />}
    </form>
  )
}
