import { useTranslation } from 'react-i18next'
import type { ConnectionStep, ConnectionTestReport } from '../../../../shared/domain'
import { tk } from '../../app/i18n'

const STEP_LABELS: Record<ConnectionStep, string> = {
  proxy_connect: tk('test.steps.proxy_connect'),
  proxy_auth: tk('test.steps.proxy_auth'),
  tls: tk('test.steps.tls'),
  provider_auth: tk('test.steps.provider_auth'),
  region: tk('test.steps.region'),
  model: tk('test.steps.model'),
}

/** Each step of a connection test, ✓ or ✗, with its time and where it failed. */
export function ConnectionReport({ report }: { report: ConnectionTestReport }) {
  const { t } = useTranslation()
  const failed = report.steps.find((step) => !step.ok && !step.skipped)
  return (
    <div className={report.ok ? 'report report--ok' : 'report report--failed'} role="status">
      <p className="report__summary">
        {report.ok
          ? t('test.ok')
          : failed
            ? t('test.failedAt', { step: t(STEP_LABELS[failed.step]) })
            : t('test.failed')}
      </p>
      <ol className="report__steps">
        {report.steps.map((step) => {
          const state = step.skipped ? 'skipped' : step.ok ? 'ok' : 'failed'
          return (
            <li key={step.step} className={`report__step report__step--${state}`}>
              <span className="report__mark" aria-hidden="true">
                {step.skipped ? '–' : step.ok ? '✓' : '✗'}
              </span>
              <span className="visually-hidden">
                {step.skipped ? t('test.skipped') : step.ok ? t('test.passed') : t('test.stepFailed')}
              </span>
              <span className="report__label">{t(STEP_LABELS[step.step])}</span>
              {!step.skipped && (
                <span className="report__duration">
                  {t('test.duration', { ms: Math.round(step.durationMs) })}
                </span>
              )}
              {step.message && <span className="report__message">{step.message}</span>}
            </li>
          )
        })}
      </ol>
      <p className="report__route">{t('test.route', { route: report.route })}</p>
      {report.error && !failed?.message && <p className="report__message">{report.error.message}</p>}
    </div>
  )
}
