import type { ProviderConfig, ProviderView, ProxySettings, ProxyView } from '../../../../shared/domain'
import { defaultProxySettings } from '../../../../shared/defaults'

/** A provider as settings store it (without the view of its key). */
export function toConfig({
  id,
  kind,
  name,
  baseURL,
  enabled,
}: ProviderView | ProviderConfig): ProviderConfig {
  return { id, kind, name, baseURL, enabled }
}

/** Proxy settings without the view of the password. */
export function toProxySettings(view: ProxyView | ProxySettings): ProxySettings {
  const { mode, httpProxy, httpsProxy, useHttpForHttps, socksProxy, socksRemoteDns, username, bypass } = view
  const caCertificates = view.caCertificates ?? ''
  return {
    mode,
    httpProxy,
    httpsProxy,
    useHttpForHttps,
    socksProxy,
    socksRemoteDns,
    username,
    bypass,
    caCertificates,
  }
}

/** Used when settings are not loaded (they always are by the time a test runs). */
export const NO_PROXY: ProxySettings = { ...defaultProxySettings(), bypass: [] }
