import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useController } from '../../app/context'
import { errorMessage } from '../../lib/errors'

/**
 * "Copy diagnostics": main builds the redacted network report (no secret ever reaches the window), the
 * window puts it on the clipboard for a support ticket.
 */
export function CopyDiagnostics() {
  const { t } = useTranslation()
  const controller = useController()
  const [state, setState] = useState<
    { type: 'idle' | 'copying' | 'copied' } | { type: 'failed'; message: string }
  >({ type: 'idle' })

  const copy = async (): Promise<void> => {
    setState({ type: 'copying' })
    try {
      const report = await controller.api.routes.diagnostics()
      await navigator.clipboard.writeText(report)
      setState({ type: 'copied' })
    } catch (e) {
      setState({ type: 'failed', message: errorMessage(e) })
    }
  }

  return (
    <div className="field">
      <button
        type="button"
        className="button"
        onClick={() => void copy()}
        disabled={state.type === 'copying'}
      >
        {t('routes.diagnostics.copy')}
      </button>
      <p className="field__hint">{t('routes.diagnostics.hint')}</p>
      {state.type === 'copied' && (
        <p className="field__hint" role="status">
          {t('routes.diagnostics.copied')}
        </p>
      )}
      {state.type === 'failed' && (
        <p className="field-error" role="alert">
          {t('routes.diagnostics.failed', { message: state.message })}
        </p>
      )}
    </div>
  )
}
