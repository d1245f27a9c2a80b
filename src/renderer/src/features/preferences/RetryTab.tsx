import { useId, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { RetrySettings } from '../../../../shared/domain'
import { useController } from '../../app/context'
import { useStore } from '../../lib/store'
import { ArrowDownIcon, ArrowUpIcon, CloseIcon } from '../../ui/icons'
import { useEditGuard } from './edit-guard'

function validAttempts(text: string): number | null {
  const value = Number(text)
  return text.trim() !== '' && Number.isInteger(value) && value >= 1 && value <= 10 ? value : null
}

export function RetryTab() {
  const { t } = useTranslation()
  const controller = useController()
  const ids = useId()
  const retry = useStore(controller.app, (s) => s.settings?.retry)
  const providers = useStore(controller.app, (s) => s.settings?.providers ?? [])
  const [attempts, setAttempts] = useState(() => String(retry?.maxRetries ?? 3))
  const [error, setError] = useState<string | null>(null)
  // A number out of range is not saved: it stays on screen with its message, and leaving asks about it.
  const attemptsInvalid = validAttempts(attempts) === null
  useEditGuard({
    settle: () => Promise.resolve(attemptsInvalid ? 'invalid' : 'clean'),
    save: () => Promise.resolve(!attemptsInvalid),
  })
  if (!retry) return null

  const save = (patch: Partial<RetrySettings>): void => {
    setError(null)
    controller.updateSettings({ retry: patch }).catch(() => setError(t('common.saveFailed')))
  }
  const order = retry.fallbackProviderIds.filter((id) => providers.some((p) => p.id === id))
  const others = providers.filter((p) => !order.includes(p.id))
  const nameOf = (id: string): string => providers.find((p) => p.id === id)?.name ?? id
  const move = (index: number, by: number): void => {
    const next = [...order]
    const [item] = next.splice(index, 1)
    if (item === undefined) return
    next.splice(index + by, 0, item)
    save({ fallbackProviderIds: next })
  }

  return (
    <div className="prefs-section">
      <div className="field field--inline">
        <label htmlFor={`${ids}-attempts`}>{t('retry.attempts')}</label>
        <input
          id={`${ids}-attempts`}
          type="number"
          min={1}
          max={10}
          value={attempts}
          onChange={(e) => {
            setAttempts(e.target.value)
            const value = validAttempts(e.target.value)
            if (value !== null) save({ maxRetries: value })
          }}
          aria-describedby={`${ids}-attempts-hint`}
          aria-invalid={attemptsInvalid}
        />
      </div>
      {attemptsInvalid && (
        <p className="field-error" role="alert">
          {t('retry.attemptsInvalid')}
        </p>
      )}
      <p id={`${ids}-attempts-hint`} className="field__hint">
        {t('retry.attemptsHint')}
      </p>
      <label className="checkbox">
        <input
          type="checkbox"
          checked={retry.singleProviderRetry}
          onChange={(e) => save({ singleProviderRetry: e.target.checked })}
        />
        <span>{t('retry.sameProvider')}</span>
      </label>
      <label className="checkbox">
        <input
          type="checkbox"
          checked={retry.shuffle}
          onChange={(e) => save({ shuffle: e.target.checked })}
        />
        <span>{t('retry.shuffle')}</span>
      </label>

      <h3 className="prefs-section__title">{t('retry.fallbacks')}</h3>
      <p className="field__hint">{t('retry.fallbacksHint')}</p>
      {order.length === 0 ? (
        <p className="prefs-empty">{t('retry.noFallbacks')}</p>
      ) : (
        <ol className="fallback-list">
          {order.map((id, index) => (
            <li key={id} className="fallback-row">
              <span className="fallback-row__index">{index + 1}</span>
              <span className="fallback-row__name">{nameOf(id)}</span>
              <button
                type="button"
                className="icon-button"
                aria-label={t('retry.moveUp', { name: nameOf(id) })}
                disabled={index === 0}
                onClick={() => move(index, -1)}
              >
                <ArrowUpIcon />
              </button>
              <button
                type="button"
                className="icon-button"
                aria-label={t('retry.moveDown', { name: nameOf(id) })}
                disabled={index === order.length - 1}
                onClick={() => move(index, 1)}
              >
                <ArrowDownIcon />
              </button>
              <button
                type="button"
                className="icon-button"
                aria-label={t('retry.removeFallback', { name: nameOf(id) })}
                onClick={() => save({ fallbackProviderIds: order.filter((other) => other !== id) })}
              >
                <CloseIcon />
              </button>
            </li>
          ))}
        </ol>
      )}
      {others.length > 0 && (
        <div className="field field--inline">
          <label htmlFor={`${ids}-add`}>{t('retry.addFallback')}</label>
          <select
            id={`${ids}-add`}
            value=""
            onChange={(e) => {
              if (e.target.value) save({ fallbackProviderIds: [...order, e.target.value] })
            }}
          >
            <option value="">{t('retry.chooseProvider')}</option>
            {others.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </select>
        </div>
      )}
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
    </div>
  )
}
