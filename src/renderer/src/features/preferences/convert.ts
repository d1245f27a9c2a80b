import type { ProviderConfig, ProviderView, ProxySettings, ProxyView } from '../../../../shared/domain'

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
  return { mode, httpProxy, httpsProxy, useHttpForHttps, socksProxy, socksRemoteDns, username, bypass }
}
