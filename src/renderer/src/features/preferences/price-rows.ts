/** The price table as typed in Preferences: rows of text, checked field by field, turned into prices when valid. */
import { modelIdProblem, parsePrice, type ModelPrice, type PriceProblem } from '../../../../shared/pricing'

export const PRICE_FIELDS = ['input', 'cachedInput', 'cacheWrite', 'output'] as const
export type PriceField = (typeof PRICE_FIELDS)[number]

export interface PriceRow {
  /** Stable across edits, for React keys. */
  key: number
  model: string
  input: string
  cachedInput: string
  cacheWrite: string
  output: string
}

export type RowProblems = Partial<Record<'model' | PriceField, PriceProblem>>

let nextKey = 1

export function toRows(prices: readonly ModelPrice[]): PriceRow[] {
  return prices.map((p) => ({
    key: nextKey++,
    model: p.model,
    input: String(p.input),
    cachedInput: p.cachedInput === undefined ? '' : String(p.cachedInput),
    cacheWrite: p.cacheWrite === undefined ? '' : String(p.cacheWrite),
    output: String(p.output),
  }))
}

export function emptyRow(): PriceRow {
  return { key: nextKey++, model: '', input: '', cachedInput: '', cacheWrite: '', output: '' }
}

/** Each row's problems; input and output are required, the cache prices optional (absent: the input price). */
export function rowProblems(rows: readonly PriceRow[]): RowProblems[] {
  const parsed = rows.map((r) => ({ model: r.model, input: 0, output: 0 }))
  return rows.map((row, i) => {
    const problems: RowProblems = {}
    const model = modelIdProblem(
      row.model,
      parsed.filter((_, j) => j < i),
    )
    if (model) problems.model = model
    for (const field of PRICE_FIELDS) {
      const text = row[field]
      const optional = field === 'cachedInput' || field === 'cacheWrite'
      if (optional && text.trim() === '') continue
      if (parsePrice(text) === null) problems[field] = 'price_invalid'
    }
    return problems
  })
}

/** The prices, or null while any field is wrong. */
export function toPrices(rows: readonly PriceRow[]): ModelPrice[] | null {
  if (rowProblems(rows).some((p) => Object.keys(p).length > 0)) return null
  return rows.map((row) => {
    const cached = parsePrice(row.cachedInput)
    const write = parsePrice(row.cacheWrite)
    return {
      model: row.model.trim(),
      input: parsePrice(row.input) ?? 0,
      ...(cached === null ? {} : { cachedInput: cached }),
      ...(write === null ? {} : { cacheWrite: write }),
      output: parsePrice(row.output) ?? 0,
    }
  })
}
