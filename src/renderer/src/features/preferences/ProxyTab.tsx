import { errorText } from '../../app/error-text'
import { useId, useRef, useState, type ChangeEvent, type FormEvent, type KeyboardEvent } from 'react'
import { useTranslation } from 'react-i18next'
import type { ConnectionTestReport, ProxyMode, ProxySettings } from '../../../../shared/domain'
import { useController } from '../../app/context'
import { tk } from '../../app/i18n'
import { useStore } from '../../lib/store'
import { ConnectionReport } from './ConnectionReport'
import { routesPatch, toConfig, toProxySettings, toRouteProfile } from './convert'
import { useEditGuard, type EditState } from './edit-guard'
import { SecretStatus } from './SecretStatus'
import { fieldPatch, savedText, type ProxyTextField } from './proxy-fields'
import { SecretStorageWarning } from './SecretStorageWarning'

const MODES: readonly { mode: ProxyMode; label: string; hint: string }[] = [
  { mode: 'none', label: tk('proxy.modes.none'), hint: tk('proxy.modes.noneHint') },
  { mode: 'system', label: tk('proxy.modes.system'), hint: tk('proxy.modes.systemHint') },
  { mode: 'manual', label: tk('proxy.modes.manual'), hint: tk('proxy.modes.manualHint') },
]

type Outcome = 'ok' | 'invalid' | 'failed'
type Drafts = Partial<Record<ProxyTextField, string>>

/**
 * Saves as you go, like the other tabs: a choice when it is made, a text field when the user leaves it (or
 * presses Enter), after checking it; an invalid field keeps its text and says what is wrong, and is reported
 * to the dialog, which asks before it is dropped. The password goes to the secret store and leaves the page.
 */
export function ProxyTab({ routeId }: { routeId: string }) {
  const { t } = useTranslation()
  const controller = useController()
  const ids = useId()
  const saved = useStore(controller.app, (s) => s.settings?.routes.find((r) => r.id === routeId))
  // Direct and System keep their kind; only the user's profiles choose one.
  const builtIn = routeId === 'direct' || routeId === 'system'
  /** Changes this route in the routes as saved now (saves run one at a time, so nothing is overwritten). */
  const saveRoute = async (patch: Partial<ProxySettings>): Promise<void> => {
    await controller.updateSettings(routesPatch(controller.app.get().settings?.routes ?? [], routeId, patch))
  }
  const providers = useStore(controller.app, (s) => s.settings?.providers ?? [])
  // Text typed and not saved yet; kept in refs too, since saving runs after the render that typed it.
  const [drafts, setDraftsState] = useState<Drafts>({})
  const draftsRef = useRef<Drafts>({})
  const [password, setPasswordState] = useState('')
  const passwordRef = useRef('')
  // Choices made and being saved, shown at once (a controlled radio would otherwise snap back until then).
  const [choices, setChoices] = useState<Partial<ProxySettings>>({})
  const [problems, setProblems] = useState<Drafts>({})
  const [savedNote, setSavedNote] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const queue = useRef<Promise<unknown>>(Promise.resolve())
  const enabledProviders = providers.filter((p) => p.enabled)
  const [testProviderId, setTestProviderId] = useState(() => enabledProviders[0]?.id ?? '')
  const [testing, setTesting] = useState(false)
  const [report, setReport] = useState<ConnectionTestReport | null>(null)

  const setDrafts = (next: Drafts): void => {
    draftsRef.current = next
    setDraftsState(next)
  }
  const setPassword = (next: string): void => {
    passwordRef.current = next
    setPasswordState(next)
  }
  /** One save at a time, in the order the user made them. */
  const enqueue = <T,>(task: () => Promise<T>): Promise<T> => {
    const run = queue.current.then(task, task)
    queue.current = run.catch(() => undefined)
    return run
  }

  const showProblem = (field: ProxyTextField, problem: string | null): void =>
    setProblems((current) => {
      const { [field]: _dropped, ...rest } = current
      return problem ? { ...rest, [field]: problem } : rest
    })

  const commitField = (field: ProxyTextField): Promise<Outcome> =>
    enqueue(async () => {
      const text = draftsRef.current[field]
      if (text === undefined) return 'ok'
      const result = fieldPatch(field, text)
      if (!result.ok) {
        showProblem(field, result.error)
        return 'invalid'
      }
      showProblem(field, null)
      try {
        await saveRoute(result.patch)
      } catch (e) {
        setError(errorText(e, t))
        return 'failed'
      }
      // The saved value is shown from now on (credentials typed into an address are gone from it).
      if (draftsRef.current[field] === text) {
        const { [field]: _saved, ...rest } = draftsRef.current
        setDrafts(rest)
      }
      setSavedNote(true)
      return 'ok'
    })

  const commitPassword = (): Promise<Outcome> =>
    enqueue(async () => {
      const value = passwordRef.current
      if (value === '') return 'ok'
      try {
        await controller.setSecret({ target: { type: 'route', routeId }, value })
      } catch (e) {
        setError(errorText(e, t))
        return 'failed'
      }
      if (passwordRef.current === value) setPassword('')
      setSavedNote(true)
      return 'ok'
    })

  const commitPatch = (patch: Partial<ProxySettings>): void => {
    setSavedNote(false)
    setError(null)
    setChoices((current) => ({ ...current, ...patch }))
    void enqueue(async () => {
      try {
        await saveRoute(patch)
        setSavedNote(true)
      } catch (e) {
        setError(errorText(e, t))
      } finally {
        // Dropped once saved, unless the user chose again meanwhile.
        setChoices((current) =>
          Object.fromEntries(
            Object.entries(current).filter(
              ([key, value]) => !(key in patch && value === patch[key as keyof ProxySettings]),
            ),
          ),
        )
      }
    })
  }

  /** Saves every field typed in; what is left unsaved. */
  const settle = async (): Promise<EditState> => {
    const fields = Object.keys(draftsRef.current) as ProxyTextField[]
    const outcomes = await Promise.all([...fields.map(commitField), commitPassword()])
    if (outcomes.includes('invalid')) return 'invalid'
    return outcomes.includes('failed') ? 'unsaved' : 'clean'
  }
  useEditGuard({ settle, save: async () => (await settle()) === 'clean' })

  if (!saved) return null
  const form = { ...toProxySettings(saved), ...choices }
  const text = (field: ProxyTextField): string => drafts[field] ?? savedText(form, field)
  const edit = (field: ProxyTextField, value: string): void => {
    setSavedNote(false)
    setError(null)
    setDrafts({ ...draftsRef.current, [field]: value })
    // A message already shown follows the typing, so it goes away as soon as the field is right.
    if (problems[field] !== undefined) {
      const result = fieldPatch(field, value)
      showProblem(field, result.ok ? null : result.error)
    }
  }
  const textProps = (field: ProxyTextField) => ({
    value: text(field),
    onChange: (e: ChangeEvent<HTMLInputElement | HTMLTextAreaElement>) => edit(field, e.target.value),
    onBlur: () => void commitField(field),
    // Enter in a one-line field saves it (a form with several fields is not submitted by Enter).
    onKeyDown: (e: KeyboardEvent<HTMLInputElement | HTMLTextAreaElement>) => {
      if (e.key === 'Enter' && e.currentTarget instanceof HTMLInputElement) void commitField(field)
    },
    'aria-invalid': problems[field] !== undefined,
  })
  const problemOf = (field: ProxyTextField, id: string) => {
    const problem = problems[field]
    return problem === undefined ? null : (
      <p id={id} className="field-error">
        {t(problem)}
      </p>
    )
  }

  const clearPassword = async (): Promise<void> => {
    setError(null)
    try {
      await controller.setSecret({ target: { type: 'route', routeId }, value: '' })
    } catch (e) {
      setError(errorText(e, t))
    }
  }

  /** Tests what is saved (so what passes is what chats use), after saving what was typed. */
  const test = async (): Promise<void> => {
    const provider = providers.find((p) => p.id === testProviderId)
    if (!provider) return
    setTesting(true)
    setReport(null)
    setError(null)
    try {
      if ((await settle()) !== 'clean') return
      const current = controller.app.get().settings?.routes.find((r) => r.id === routeId)
      if (!current) return
      const model = controller.models.modelToTest(provider.id, controller.app.get().settings?.defaultModel)
      const result = await controller.api.providers.testConnection({
        provider: toConfig(provider),
        ...(model ? { model } : {}),
        route: toRouteProfile(current),
      })
      setReport(result)
    } catch (e) {
      setError(errorText(e, t))
    } finally {
      setTesting(false)
    }
  }

  const onSubmit = (event: FormEvent): void => {
    event.preventDefault()
    void settle()
  }

  const manual = form.mode === 'manual'
  const bypassEmpty = text('bypass').trim() === ''
  const allSaved = savedNote && Object.keys(drafts).length === 0 && password === ''

  return (
    <form className="prefs-section proxy-form" onSubmit={onSubmit} noValidate>
      <fieldset className="radio-group" hidden={builtIn}>
        <legend>{t('proxy.mode')}</legend>
        {MODES.map(({ mode, label, hint }) => (
          <label key={mode} className="radio">
            <input
              type="radio"
              name={`${ids}-mode`}
              value={mode}
              checked={form.mode === mode}
              onChange={() => commitPatch({ mode })}
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
              {...textProps('httpProxy')}
              aria-describedby={`${ids}-http-problem`}
              placeholder={t('proxy.hostPlaceholder')}
              spellCheck={false}
            />
            {problemOf('httpProxy', `${ids}-http-problem`)}
          </div>
          <label className="checkbox">
            <input
              type="checkbox"
              checked={form.useHttpForHttps}
              onChange={(e) => commitPatch({ useHttpForHttps: e.target.checked })}
            />
            <span>{t('proxy.useHttpForHttps')}</span>
          </label>
          <div className="field">
            <label htmlFor={`${ids}-https`}>{t('proxy.https')}</label>
            <input
              id={`${ids}-https`}
              {...textProps('httpsProxy')}
              {...(form.useHttpForHttps ? { value: text('httpProxy') } : {})}
              aria-describedby={`${ids}-https-problem`}
              disabled={form.useHttpForHttps}
              placeholder={t('proxy.hostPlaceholder')}
              spellCheck={false}
            />
            {!form.useHttpForHttps && problemOf('httpsProxy', `${ids}-https-problem`)}
          </div>
          <div className="field">
            <label htmlFor={`${ids}-socks`}>{t('proxy.socks')}</label>
            <input
              id={`${ids}-socks`}
              {...textProps('socksProxy')}
              aria-describedby={`${ids}-socks-problem`}
              placeholder={t('proxy.socksPlaceholder')}
              spellCheck={false}
            />
            {problemOf('socksProxy', `${ids}-socks-problem`)}
          </div>
          <label className="checkbox">
            <input
              type="checkbox"
              checked={form.socksRemoteDns}
              onChange={(e) => commitPatch({ socksRemoteDns: e.target.checked })}
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
            <input id={`${ids}-user`} {...textProps('username')} autoComplete="off" spellCheck={false} />
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
                onBlur={() => void commitPassword()}
                onKeyDown={(e) => {
                  if (e.key === 'Enter') void commitPassword()
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
            {...textProps('bypass')}
            rows={3}
            spellCheck={false}
            aria-describedby={`${ids}-bypass-hint`}
          />
          {/* No placeholder: grey sample hosts in an empty list look like real entries. */}
          <p id={`${ids}-bypass-hint`} className="field__hint">
            {bypassEmpty ? `${t('proxy.bypassEmpty')} ` : ''}
            {t('proxy.bypassHint')}
          </p>
        </div>
      )}

      {/* The certificates apply in every mode: a network can inspect TLS without any proxy set here. */}
      <details className="advanced" open={text('caCertificates').trim() !== ''}>
        <summary>{t('proxy.advanced')}</summary>
        <div className="field">
          <label htmlFor={`${ids}-ca`}>{t('proxy.caCertificates')}</label>
          <textarea
            id={`${ids}-ca`}
            className="mono"
            {...textProps('caCertificates')}
            rows={4}
            spellCheck={false}
            placeholder={'-----BEGIN CERTIFICATE-----\n…\n-----END CERTIFICATE-----'}
            aria-describedby={`${ids}-ca-hint`}
          />
          <p id={`${ids}-ca-hint`} className={problems.caCertificates ? 'field-error' : 'field__hint'}>
            {problems.caCertificates ? t(problems.caCertificates) : t('proxy.caHint')}
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
        <p
          className={allSaved ? 'prefs-actions__note prefs-actions__note--saved' : 'prefs-actions__note'}
          role="status"
        >
          {allSaved ? t('common.saved') : t('preferences.savedAsYouGo')}
        </p>
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
