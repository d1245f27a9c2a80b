import { useTranslation } from 'react-i18next'
import type { ErrorKind } from '../../../../shared/domain'
import { tk } from '../../app/i18n'

/** Short reasons, as in "Retrying 2/5 via OpenAI in 2 s — rate limited". */
export const ERROR_REASONS: Record<ErrorKind, string> = {
  auth: tk('errorKind.auth'),
  rate_limit: tk('errorKind.rate_limit'),
  server: tk('errorKind.server'),
  network: tk('errorKind.network'),
  timeout: tk('errorKind.timeout'),
  proxy: tk('errorKind.proxy'),
  proxy_auth: tk('errorKind.proxy_auth'),
  region: tk('errorKind.region'),
  bad_request: tk('errorKind.bad_request'),
  protocol: tk('errorKind.protocol'),
  aborted: tk('errorKind.aborted'),
}

/** Headlines for an error under a message. */
export const ERROR_TITLES: Record<ErrorKind, string> = {
  auth: tk('error.auth'),
  rate_limit: tk('error.rate_limit'),
  server: tk('error.server'),
  network: tk('error.network'),
  timeout: tk('error.timeout'),
  proxy: tk('error.proxy'),
  proxy_auth: tk('error.proxy_auth'),
  region: tk('error.region'),
  bad_request: tk('error.bad_request'),
  protocol: tk('error.protocol'),
  aborted: tk('error.aborted'),
}

export function useErrorKindLabel(kind: ErrorKind): string {
  const { t } = useTranslation()
  return t(ERROR_REASONS[kind])
}
