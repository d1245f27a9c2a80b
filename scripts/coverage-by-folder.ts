/**
 * Prints `npm run coverage`'s figures per source folder, as the Markdown table the README quotes.
 * Reads coverage/coverage-summary.json (vitest's json-summary reporter); run after `vitest run --coverage`.
 */
import { readFileSync } from 'node:fs'
import { relative, resolve, sep } from 'node:path'

interface Counts {
  total: number
  covered: number
}
type Metrics = Record<'lines' | 'statements' | 'functions' | 'branches', Counts>

const ROOT = resolve(import.meta.dirname, '..')
const summary = JSON.parse(readFileSync(resolve(ROOT, 'coverage/coverage-summary.json'), 'utf8')) as Record<
  string,
  Metrics
>

/** The folder a file is reported under: two levels below src (three for the renderer's features). */
export function folderOf(file: string): string {
  const parts = relative(ROOT, file).split(sep)
  const depth = parts[1] === 'renderer' ? (parts[3] === 'features' ? 5 : 4) : 3
  return parts.slice(0, Math.min(depth, parts.length - 1)).join('/')
}

const folders = new Map<string, Metrics>()
for (const [file, metrics] of Object.entries(summary)) {
  if (file === 'total') continue
  const folder = folderOf(file)
  const sum = folders.get(folder) ?? {
    lines: { total: 0, covered: 0 },
    statements: { total: 0, covered: 0 },
    functions: { total: 0, covered: 0 },
    branches: { total: 0, covered: 0 },
  }
  for (const key of ['lines', 'statements', 'functions', 'branches'] as const) {
    sum[key].total += metrics[key].total
    sum[key].covered += metrics[key].covered
  }
  folders.set(folder, sum)
}

const pct = ({ total, covered }: Counts): string =>
  total === 0 ? '—' : `${((covered / total) * 100).toFixed(0)} %`
console.log('| Folder | Lines | Branches | Functions |')
console.log('| --- | --- | --- | --- |')
for (const [folder, m] of [...folders].sort(([a], [b]) => a.localeCompare(b))) {
  console.log(`| \`${folder}\` | ${pct(m.lines)} | ${pct(m.branches)} | ${pct(m.functions)} |`)
}
const total = summary.total
if (total) console.log(`| **All** | ${pct(total.lines)} | ${pct(total.branches)} | ${pct(total.functions)} |`)
