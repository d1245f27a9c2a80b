import type { TFunction } from 'i18next'
import { useTranslation } from 'react-i18next'
import type {
  ConnectionFailure,
  ConnectionStep,
  ConnectionTestReport,
  StepOutcome,
} from '../../../../shared/domain'
import type { StepOutcomeType } from '../../../../shared/connection-test'
import { useController } from '../../app/context'
import { tk } from '../../app/i18n'
import { useStore } from '../../lib/store'
import { sentence, wordFacts } from '../chat/error-facts'
import { ERROR_REASONS } from '../chat/error-kinds'
import { routeLabel } from './route-names'

const STEP_LABELS: Record<ConnectionStep, string> = {
  proxy_connect: tk('test.steps.proxy_connect'),
  proxy_auth: tk('test.steps.proxy_auth'),
  tls: tk('test.steps.tls'),
  provider_auth: tk('test.steps.provider_auth'),
  region: tk('test.steps.region'),
  model: tk('test.steps.model'),
}

export const OUTCOME_TEXTS: Record<StepOutcomeType, string> = {
  no_proxy: tk('test.outcome.no_proxy'),
  proxy_signed_in: tk('test.outcome.proxy_signed_in'),
  proxy_open: tk('test.outcome.proxy_open'),
  plain_http: tk('test.outcome.plain_http'),
  models_listed: tk('test.outcome.models_listed'),
  no_model_list: tk('test.outcome.no_model_list'),
  region_ok: tk('test.outcome.region_ok'),
  no_model_chosen: tk('test.outcome.no_model_chosen'),
  model_answered: tk('test.outcome.model_answered'),
  request_reached: tk('test.outcome.request_reached'),
  not_reached: tk('test.outcome.not_reached'),
}

/** What a step found, in the UI language. */
export function wordOutcome(t: TFunction, outcome: StepOutcome): string {
  switch (outcome.type) {
    case 'models_listed':
      return t(OUTCOME_TEXTS.models_listed, { count: outcome.modelsCount })
    case 'model_answered':
      return t(OUTCOME_TEXTS.model_answered, { model: outcome.model })
    case 'proxy_signed_in':
      return t(OUTCOME_TEXTS.proxy_signed_in, { scheme: outcome.scheme })
    default:
      return t(OUTCOME_TEXTS[outcome.type])
  }
}

/** Why a step failed: the kind, its HTTP status, the worded facts and the provider's own words. */
export function wordFailure(t: TFunction, error: ConnectionFailure): string {
  const reason = t(ERROR_REASONS[error.kind]) + (error.status === undefined ? '' : ` (HTTP ${error.status})`)
  const facts = wordFacts(t, error)
  const said = error.said ? ` ${t('error.said', { text: error.said })}` : ''
  return `${sentence(facts ? `${reason}: ${facts}` : `${reason}.`)}${said}`
}

function wordRoute(t: TFunction, route: string): string {
  if (route === 'direct') return t('test.routeKind.direct')
  if (route === 'invalid') return t('test.routeKind.invalid')
  if (route === 'pac_failed') return t('test.routeKind.pac_failed')
  return t('test.routeKind.proxy', { proxy: route })
}

/** What a step saw besides its outcome: the proxy's offered schemes, the provider's certificate chain. */
function StepFindings({ step }: { step: ConnectionTestReport['steps'][number] }) {
  const { t } = useTranslation()
  return (
    <>
      {step.offeredSchemes && (
        <span className="report__message">
          {t('test.offered', { schemes: step.offeredSchemes.join(', ') })}
        </span>
      )}
      {step.certificates && step.certificates.length > 0 && (
        <div className="report__message">
          {t('test.certificates')}
          <ul className="report__chain">
            {step.certificates.map((cert, i) => (
              <li key={i}>{t('test.certificate', { subject: cert.subject, issuer: cert.issuer })}</li>
            ))}
          </ul>
        </div>
      )}
    </>
  )
}

/** Each step of a connection test, ✓ or ✗, with its time and where it failed. */
export function ConnectionReport({ report }: { report: ConnectionTestReport }) {
  const { t } = useTranslation()
  const controller = useController()
  const profile = useStore(controller.app, (s) => s.settings?.routes.find((r) => r.id === report.routeId))
  const failed = report.steps.find((step) => !step.ok && !step.skipped)
  const route = wordRoute(t, report.route)
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
          const text = step.error
            ? wordFailure(t, step.error)
            : step.outcome
              ? wordOutcome(t, step.outcome)
              : ''
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
              {text && <span className="report__message">{text}</span>}
              <StepFindings step={step} />
            </li>
          )
        })}
      </ol>
      <p className="report__route">
        {t('test.route', {
          route: profile ? t('test.routeNamed', { name: routeLabel(profile, t), route }) : route,
        })}
      </p>
      {report.error && !failed?.error && <p className="report__message">{wordFailure(t, report.error)}</p>}
    </div>
  )
}
