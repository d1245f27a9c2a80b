export interface Fence {
  language: string
  code: string
  closed: boolean
}

const OPEN = /^(`{3,}|~{3,})([^\n]*)(?:\n|$)/

/**
 * A block that is exactly one fenced code block at the margin (the block splitter makes those),
 * read without the markdown parser: a long code block being streamed stays cheap.
 */
export function parseFence(source: string): Fence | null {
  const open = OPEN.exec(source)
  if (!open) return null
  const marker = open[1] ?? '```'
  const info = (open[2] ?? '').trim()
  if (marker.startsWith('`') && info.includes('`')) return null
  const language = info.split(/\s+/)[0] ?? ''
  const body = source.slice(open[0].length)
  const trimmed = body.replace(/\n+$/, '')
  const lastBreak = trimmed.lastIndexOf('\n')
  const lastLine = trimmed.slice(lastBreak + 1)
  const closing = /^ {0,3}(`{3,}|~{3,})\s*$/.exec(lastLine)
  if (closing && closing[1]?.[0] === marker[0] && (closing[1]?.length ?? 0) >= marker.length) {
    return { language, code: lastBreak >= 0 ? trimmed.slice(0, lastBreak) : '', closed: true }
  }
  return { language, code: body.replace(/\n$/, ''), closed: false }
}
