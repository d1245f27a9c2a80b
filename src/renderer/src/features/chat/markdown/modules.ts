import { lazyModule } from '../../../lib/lazy'

/** Syntax highlighting and math are separate chunks, fetched when a message first needs them. */
export const highlighterModule = lazyModule(() => import('./highlighter'))
export const mathModule = lazyModule(() => import('./math'))
/** mermaid is large: its chunk is fetched only when a reply holds a complete ```mermaid block. */
export const diagramModule = lazyModule(() => import('./diagram'))
