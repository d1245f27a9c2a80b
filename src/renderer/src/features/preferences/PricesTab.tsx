import { Fragment, useId, useState } from 'react'
import { useTranslation } from 'react-i18next'
import {
  defaultPrices,
  missingShippedPrices,
  PRICE_TABLE_DATE,
  type PriceProblem,
} from '../../../../shared/pricing'
import { useController } from '../../app/context'
import { tk } from '../../app/i18n'
import { useStore } from '../../lib/store'
import { CloseIcon } from '../../ui/icons'
import { useEditGuard } from './edit-guard'
import {
  emptyRow,
  PRICE_FIELDS,
  rowProblems,
  toPrices,
  toRows,
  type PriceField,
  type PriceRow,
} from './price-rows'
import './prices.css'

const FIELD_LABELS: Record<'model' | PriceField, string> = {
  model: tk('prices.model'),
  input: tk('prices.input'),
  cachedInput: tk('prices.cachedInput'),
  cacheWrite: tk('prices.cacheWrite'),
  output: tk('prices.output'),
}

const PROBLEMS: Record<PriceProblem, string> = {
  model_empty: tk('prices.problem.model_empty'),
  model_too_long: tk('prices.problem.model_too_long'),
  model_duplicate: tk('prices.problem.model_duplicate'),
  price_invalid: tk('prices.problem.price_invalid'),
}

/** How many of the missing shipped models the notice names; the rest is an ellipsis. */
const NAMES_SHOWN = 6

/** Preferences → Prices: the price per model that replies' cost is worked out from. Saved as you go when valid. */
export function PricesTab() {
  const { t } = useTranslation()
  const controller = useController()
  const ids = useId()
  const saved = useStore(controller.app, (s) => s.settings?.prices)
  const [rows, setRows] = useState<PriceRow[]>(() => toRows(saved ?? []))
  const [error, setError] = useState<string | null>(null)
  const [added, setAdded] = useState(false)
  const problems = rowProblems(rows)
  // A table saved before the shipped one grew lacks its new models; they are offered, never written over a row.
  const missing = missingShippedPrices(rows)
  const invalid = problems.some((p) => Object.keys(p).length > 0)
  // A wrong field is not saved: it stays on screen with its message, and leaving asks about it.
  useEditGuard({
    settle: () => Promise.resolve(invalid ? 'invalid' : 'clean'),
    save: () => Promise.resolve(!invalid),
  })

  const change = (next: PriceRow[]): void => {
    setRows(next)
    setAdded(false)
    const prices = toPrices(next)
    if (prices === null) return
    setError(null)
    controller.updateSettings({ prices }).catch(() => setError(t('common.saveFailed')))
  }
  const edit = (index: number, field: 'model' | PriceField, value: string): void =>
    change(rows.map((row, i) => (i === index ? { ...row, [field]: value } : row)))

  return (
    <div className="prefs-section">
      <p className="field__hint">{t('prices.hint', { date: PRICE_TABLE_DATE })}</p>
      {missing.length > 0 && (
        <div className="price-table__news">
          <p>
            {t('prices.missing', {
              names: missing
                .slice(0, NAMES_SHOWN)
                .map((p) => p.model)
                .join(', ')
                .concat(missing.length > NAMES_SHOWN ? ', …' : ''),
            })}
          </p>
          <button
            type="button"
            className="button"
            onClick={() => {
              change([...rows, ...toRows(missing)])
              setAdded(true)
            }}
          >
            {t('prices.addMissing')}
          </button>
        </div>
      )}
      {added && (
        <p className="field__hint" role="status">
          {t('prices.addedMissing')}
        </p>
      )}
      <table className="price-table">
        <thead>
          <tr>
            {(['model', ...PRICE_FIELDS] as const).map((field) => (
              <th key={field} scope="col">
                {t(FIELD_LABELS[field])}
              </th>
            ))}
            <th scope="col">
              <span className="visually-hidden">{t('prices.actions')}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row, index) => {
            const rowProblem = problems[index] ?? {}
            const name = row.model.trim() || t('prices.newModel')
            const wrong = (['model', ...PRICE_FIELDS] as const).filter((f) => rowProblem[f])
            return (
              <Fragment key={row.key}>
                <tr>
                  {(['model', ...PRICE_FIELDS] as const).map((field) => {
                    const problem = rowProblem[field]
                    return (
                      // The label is shown beside the field when the narrow window stacks the row.
                      <td key={field} data-label={t(FIELD_LABELS[field])}>
                        <input
                          className={field === 'model' ? 'price-table__model' : 'price-table__price'}
                          value={row[field]}
                          inputMode={field === 'model' ? 'text' : 'decimal'}
                          aria-label={`${t(FIELD_LABELS[field])} — ${name}`}
                          aria-invalid={problem !== undefined}
                          {...(problem ? { 'aria-describedby': `${ids}-error-${row.key}` } : {})}
                          placeholder={field === 'cachedInput' || field === 'cacheWrite' ? '—' : ''}
                          onChange={(e) => edit(index, field, e.target.value)}
                        />
                      </td>
                    )
                  })}
                  <td className="price-table__remove">
                    <button
                      type="button"
                      className="icon-button"
                      aria-label={t('prices.remove', { name })}
                      onClick={() => change(rows.filter((_, i) => i !== index))}
                    >
                      <CloseIcon />
                    </button>
                  </td>
                </tr>
                {wrong.length > 0 && (
                  <tr className="price-table__problem">
                    <td colSpan={6}>
                      <p
                        id={`${ids}-error-${row.key}`}
                        className="field-error price-table__error"
                        role="alert"
                      >
                        {wrong
                          .map(
                            (f) => `${t(FIELD_LABELS[f])}: ${t(PROBLEMS[rowProblem[f] ?? 'price_invalid'])}`,
                          )
                          .join(' ')}
                      </p>
                    </td>
                  </tr>
                )}
              </Fragment>
            )
          })}
        </tbody>
      </table>
      <div className="price-table__buttons">
        <button type="button" className="button" onClick={() => setRows([...rows, emptyRow()])}>
          {t('prices.add')}
        </button>
        <button type="button" className="button" onClick={() => change(toRows(defaultPrices()))}>
          {t('prices.reset')}
        </button>
      </div>
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
    </div>
  )
}
