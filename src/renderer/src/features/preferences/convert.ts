import type {
  ProviderConfig,
  ProviderView,
  ProxySettings,
  RouteProfile,
  RouteView,
} from '../../../../shared/domain'

/** A provider as settings store it (without the view of its key). */
export function toConfig({
  id,
  kind,
  name,
  baseURL,
  enabled,
  routeId,
}: ProviderView | ProviderConfig): ProviderConfig {
  return { id, kind, name, baseURL, enabled, ...(routeId === undefined ? {} : { routeId }) }
}

/** Proxy settings without the view of the password. */
export function toProxySettings(view: ProxySettings): ProxySettings {
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

/** A route as settings store it (without the view of its password). */
export function toRouteProfile(view: RouteView | RouteProfile): RouteProfile {
  return { id: view.id, name: view.name, ...toProxySettings(view) }
}

/** The settings patch that changes one route, the others as they are. */
export function routesPatch(
  routes: readonly (RouteView | RouteProfile)[],
  routeId: string,
  patch: Partial<RouteProfile>,
): { routes: RouteProfile[] } {
  return {
    routes: routes.map((r) =>
      r.id === routeId ? { ...toRouteProfile(r), ...patch, id: r.id } : toRouteProfile(r),
    ),
  }
}
