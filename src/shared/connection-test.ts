/** The report of *Test connection*: each step, how long it took, and what failed. */
import type { ErrorKind } from './error-kind'

export type ConnectionStep = 'proxy_connect' | 'proxy_auth' | 'tls' | 'provider_auth' | 'region' | 'model'

export interface ConnectionStepResult {
  step: ConnectionStep
  ok: boolean
  durationMs: number
  message?: string
  skipped?: boolean
}

export interface ConnectionTestReport {
  ok: boolean
  steps: ConnectionStepResult[]
  /** "direct" or the redacted proxy. */
  route: string
  error?: { kind: ErrorKind; message: string }
}
