import { memo, useEffect, useState, useSyncExternalStore } from 'react'
import { useTranslation } from 'react-i18next'
import { useLazyModule } from '../../../lib/lazy'
import { CodeBlock } from './CodeBlock'
import type { DiagramResult, DiagramTheme } from './diagram'
import { diagramModule } from './modules'

function subscribeTheme(listener: () => void): () => void {
  const observer = new MutationObserver(listener)
  observer.observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme'] })
  return () => observer.disconnect()
}

function currentTheme(): DiagramTheme {
  return document.documentElement.dataset['theme'] === 'dark' ? 'dark' : 'light'
}

interface Props {
  code: string
}

/**
 * A ```mermaid block, drawn as a diagram once complete (mermaid is its own chunk, loaded on first need).
 * A source that doesn't parse is shown as code, with mermaid's reason.
 */
export const MermaidBlock = memo(function MermaidBlock({ code }: Props) {
  const { t, i18n } = useTranslation()
  const theme = useSyncExternalStore(subscribeTheme, currentTheme, currentTheme)
  const diagrams = useLazyModule(diagramModule, true)
  const [drawn, setDrawn] = useState<{ key: string; result: DiagramResult } | null>(null)
  const [showCode, setShowCode] = useState(false)
  const key = `${theme}\n${code}`

  useEffect(() => {
    if (!diagrams) return
    let current = true
    void diagrams.renderDiagram(code, theme).then((result) => {
      if (current) setDrawn({ key, result })
    })
    return () => {
      current = false
    }
  }, [diagrams, code, theme, key])

  const result = drawn?.key === key ? drawn.result : null
  if (result === null || !result.ok) {
    return (
      <div className="diagram diagram--source">
        {result !== null && (
          <p className="diagram__problem" role="note">
            {result.reason === 'too_long'
              ? t('markdown.diagramTooLong', { limit: Number(result.detail).toLocaleString(i18n.language) })
              : t('markdown.diagramInvalid', { reason: result.detail })}
          </p>
        )}
        <CodeBlock code={code} language="mermaid" />
      </div>
    )
  }
  return (
    <div className="diagram">
      <div className="code-block__bar">
        <span className="code-block__language">{t('markdown.diagram')}</span>
        <button
          type="button"
          className="code-block__copy"
          aria-pressed={showCode}
          onClick={() => setShowCode((shown) => !shown)}
        >
          {showCode ? t('markdown.showDiagram') : t('markdown.showCode')}
        </button>
      </div>
      {showCode ? (
        <CodeBlock code={code} language="mermaid" />
      ) : (
        <div className="diagram__canvas">
          <img
            src={diagrams?.svgImageSrc(result.svg)}
            alt={t('markdown.diagramAlt')}
            width={result.width || undefined}
            height={result.height || undefined}
          />
        </div>
      )}
    </div>
  )
})
