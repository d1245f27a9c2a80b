import mermaid from 'mermaid'

/** Sources longer than this are shown as code: a model's runaway output should not freeze the window. */
export const DIAGRAM_SOURCE_LIMIT = 20_000

export type DiagramTheme = 'light' | 'dark'

export type DiagramResult =
  | { ok: true; svg: string; width: number; height: number }
  | { ok: false; reason: 'too_long' | 'invalid'; detail: string }

let configuredTheme: DiagramTheme | null = null
let sequence = 0
/** mermaid keeps global state while it lays out a diagram, so renders run one at a time. */
let queue: Promise<unknown> = Promise.resolve()
const cache = new Map<string, Promise<DiagramResult>>()
const CACHE_LIMIT = 200

function configure(theme: DiagramTheme): void {
  if (configuredTheme === theme) return
  mermaid.initialize({
    startOnLoad: false,
    // Labels are encoded, click handlers and links are off; the SVG is shown as an image on top of that.
    securityLevel: 'strict',
    theme: theme === 'dark' ? 'dark' : 'default',
    // Plain SVG text instead of HTML in <foreignObject>: the diagram is drawn as an <img>.
    htmlLabels: false,
    maxTextSize: DIAGRAM_SOURCE_LIMIT,
    fontFamily: 'system-ui, sans-serif',
  })
  configuredTheme = theme
}

/** The SVG's intrinsic size, from its viewBox (mermaid sets width="100%" and a max-width). */
function sizeOf(svg: string): { width: number; height: number } {
  const viewBox = /viewBox="[-\d.e]+ [-\d.e]+ ([\d.e]+) ([\d.e]+)"/.exec(svg)
  const width = Number(viewBox?.[1] ?? 0)
  const height = Number(viewBox?.[2] ?? 0)
  return { width: Number.isFinite(width) ? width : 0, height: Number.isFinite(height) ? height : 0 }
}

/** mermaid's reason in one line: where ("Parse error on line 2:") and what it expected, without its ASCII art. */
export function reasonOf(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error)
  const lines = message
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !/^-*\^$/.test(line))
  const first = lines[0] ?? ''
  const expecting = lines.find((line) => /^Expecting\b/.test(line))
  const reason = expecting && expecting !== first ? `${first} ${expecting}` : first
  return reason.length > 240 ? `${reason.slice(0, 239)}…` : reason
}

async function renderNow(source: string, theme: DiagramTheme): Promise<DiagramResult> {
  configure(theme)
  const id = `diagram-${++sequence}`
  try {
    // parse first: an invalid diagram throws here instead of drawing mermaid's own error picture.
    await mermaid.parse(source)
    const { svg } = await mermaid.render(id, source)
    return { ok: true, svg, ...sizeOf(svg) }
  } catch (error) {
    return { ok: false, reason: 'invalid', detail: reasonOf(error) }
  } finally {
    // mermaid leaves its measuring element behind when a render fails.
    document.getElementById(id)?.remove()
    document.getElementById(`d${id}`)?.remove()
  }
}

/** Draws a diagram once per source and theme; later calls (re-renders, scrolling back) get the same result. */
export function renderDiagram(source: string, theme: DiagramTheme): Promise<DiagramResult> {
  if (source.length > DIAGRAM_SOURCE_LIMIT) {
    return Promise.resolve({ ok: false, reason: 'too_long', detail: String(DIAGRAM_SOURCE_LIMIT) })
  }
  const key = `${theme}\n${source}`
  const cached = cache.get(key)
  if (cached) return cached
  const result = queue.then(() => renderNow(source, theme))
  queue = result.catch(() => undefined)
  if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value ?? '')
  cache.set(key, result)
  return result
}

/** An SVG as an image URL: an <img> runs no script and loads nothing, whatever the SVG holds. */
export function svgImageSrc(svg: string): string {
  return `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`
}
