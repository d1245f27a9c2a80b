/** The report of *Test connection*: each step, how long it took, and what it found, as data the window words. */
import type { ErrorFacts } from './error-kind'

export const CONNECTION_STEPS = [
  'proxy_connect',
  'proxy_auth',
  'tls',
  'provider_auth',
  'region',
  'model',
] as const

export type ConnectionStep = (typeof CONNECTION_STEPS)[number]

/**
 * What a step found, besides passing or failing:
 * - `no_proxy`: the proxy steps are skipped, the address goes direct;
 * - `proxy_signed_in`: the HTTP(S) proxy accepted the sign-in with `scheme` (NTLM, Digest or Basic);
 * - `proxy_open`: the HTTP(S) proxy opened the tunnel without asking for a sign-in;
 * - `plain_http`: the TLS step is skipped (an http:// address);
 * - `models_listed`: the key was accepted and the provider lists `modelsCount` models;
 * - `no_model_list`: the provider lists no models, the key is checked with the model step;
 * - `region_ok`: the provider serves the region the connection comes from;
 * - `no_model_chosen`: the model step is skipped;
 * - `model_answered`: `model` answered a one-token request;
 * - `request_reached`: the request reached the provider (what failed is the region check after it);
 * - `not_reached`: an earlier step failed.
 */
export const STEP_OUTCOMES = [
  'no_proxy',
  'proxy_signed_in',
  'proxy_open',
  'plain_http',
  'models_listed',
  'no_model_list',
  'region_ok',
  'no_model_chosen',
  'model_answered',
  'request_reached',
  'not_reached',
] as const

export type StepOutcomeType = (typeof STEP_OUTCOMES)[number]

/** How ProxyChat signed in to an HTTP(S) proxy: protocol names, shown as they are in every language. */
export type ProxyAuthSchemeName = 'NTLM' | 'Digest' | 'Basic'

export type StepOutcome =
  | { type: 'models_listed'; modelsCount: number }
  | { type: 'model_answered'; model: string }
  | { type: 'proxy_signed_in'; scheme: ProxyAuthSchemeName }
  | { type: Exclude<StepOutcomeType, 'models_listed' | 'model_answered' | 'proxy_signed_in'> }

/** A failure in the report: facts for the window, and a plain English `message` for library users. */
export interface ConnectionFailure extends ErrorFacts {
  message: string
}

/** One certificate of a chain: its subject and issuer as `CN=…, O=…` (shown as they are, never translated). */
export interface CertificateName {
  subject: string
  issuer: string
}

export interface ConnectionStepResult {
  step: ConnectionStep
  ok: boolean
  durationMs: number
  skipped?: boolean
  outcome?: StepOutcome
  /** Why the step failed. */
  error?: ConnectionFailure
  /** proxy_auth: the schemes the proxy offered in its challenge, as it spelled them (passed or failed). */
  offeredSchemes?: string[]
  /**
   * tls: the chain the provider's address presented through the route, leaf first (passed or failed): a
   * TLS-inspecting proxy shows here as an issuer that is not the provider's CA.
   */
  certificates?: CertificateName[]
}

export interface ConnectionTestReport {
  ok: boolean
  steps: ConnectionStepResult[]
  /**
   * `direct`, `invalid` (the proxy setting cannot be used), `pac_failed` (the system's proxy lookup failed:
   * where the request would go is unknown, so it is not called direct), or the proxy's redacted URL.
   */
  route: string
  /** The id of the route profile the test took (Direct, System proxy, a proxy profile), when known. */
  routeId?: string
  error?: ConnectionFailure
}
