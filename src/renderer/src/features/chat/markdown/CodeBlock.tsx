import { memo, useEffect, useMemo, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { copyText } from '../../../lib/clipboard'
import { useLazyModule } from '../../../lib/lazy'
import { CheckIcon, CopyIcon } from '../../../ui/icons'
import { highlighterModule } from './modules'

/** Above this size, a block still being written is shown plain (highlighted once it is complete). */
const LIVE_HIGHLIGHT_LIMIT = 12_000
/** Above this size, code is never highlighted: it would block the window too long. */
const HIGHLIGHT_LIMIT = 200_000

interface Props {
  code: string
  language: string
  live?: boolean
}

export const CodeBlock = memo(function CodeBlock({ code, language, live = false }: Props) {
  const { t } = useTranslation()
  const limit = live ? LIVE_HIGHLIGHT_LIMIT : HIGHLIGHT_LIMIT
  const wanted = language !== '' && code.length <= limit
  const highlighter = useLazyModule(highlighterModule, wanted)
  const highlighted = useMemo(
    () => (wanted && highlighter ? highlighter.highlight(code, language.toLowerCase()) : null),
    [wanted, highlighter, code, language],
  )
  const [copied, setCopied] = useState(false)
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined)
  useEffect(() => () => clearTimeout(timer.current), [])

  const copy = (): void => {
    void copyText(code).then(() => {
      setCopied(true)
      clearTimeout(timer.current)
      timer.current = setTimeout(() => setCopied(false), 1500)
    })
  }

  return (
    <div className="code-block">
      <div className="code-block__bar">
        <span className="code-block__language">{language || t('markdown.code')}</span>
        <button type="button" className="code-block__copy" onClick={copy} aria-label={t('markdown.copyCode')}>
          {copied ? <CheckIcon /> : <CopyIcon />}
          <span aria-live="polite">{copied ? t('markdown.copied') : t('markdown.copy')}</span>
        </button>
      </div>
      <pre>
        <code className={language ? `hljs language-${language}` : 'hljs'}>{highlighted ?? code}</code>
      </pre>
    </div>
  )
})
