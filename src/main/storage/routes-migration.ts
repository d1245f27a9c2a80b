/**
 * Settings 2 → 3: the single `proxy` section becomes routes. Every file gets the built-in Direct and System
 * routes; today's proxy settings go where they were in use, so nothing the user set is lost:
 * - `none`: the default route is Direct, which keeps the CA certificates (a TLS-inspecting network without a
 *   proxy needs them);
 * - `system`: the default route is System, with the bypass list, username and CA certificates;
 * - `manual`: a profile "Proxy" (id `proxy`) with every field, used by default.
 * The proxy password moves with it, in the secret store (see `legacyProxySecretRoute`).
 */
import { defaultProxySettings, DIRECT_ROUTE_ID, SYSTEM_ROUTE_ID } from '../../shared/defaults'
import { isPlainObject, type FileData } from './migrations'

/** The id of the profile a v2 manual proxy becomes. */
export const MIGRATED_PROXY_ROUTE_ID = 'proxy'

export function routesFromProxy(data: FileData): FileData {
  const { proxy, ...rest } = data
  const direct: FileData = { id: DIRECT_ROUTE_ID, name: 'Direct', ...defaultProxySettings(), mode: 'none' }
  const system: FileData = { id: SYSTEM_ROUTE_ID, name: 'System', ...defaultProxySettings(), mode: 'system' }
  if (!isPlainObject(proxy)) return { ...rest, routes: [direct, system], defaultRouteId: DIRECT_ROUTE_ID }
  const mode = proxy['mode']
  if (mode === 'manual') {
    const profile = { ...defaultProxySettings(), ...proxy, id: MIGRATED_PROXY_ROUTE_ID, name: 'Proxy' }
    return { ...rest, routes: [direct, system, profile], defaultRouteId: MIGRATED_PROXY_ROUTE_ID }
  }
  if (mode === 'system') {
    return {
      ...rest,
      routes: [direct, { ...system, ...proxy, mode: 'system' }],
      defaultRouteId: SYSTEM_ROUTE_ID,
    }
  }
  const ca = proxy['caCertificates']
  const withCa = typeof ca === 'string' ? { ...direct, caCertificates: ca } : direct
  return { ...rest, routes: [withCa, system], defaultRouteId: DIRECT_ROUTE_ID }
}

/**
 * Where the v2 proxy password (secret key `proxy`) belongs: the migrated manual profile when there is one,
 * else System (the only other route that sends a password).
 */
export function legacyProxySecretRoute(routeIds: readonly string[]): string {
  return routeIds.includes(MIGRATED_PROXY_ROUTE_ID) ? MIGRATED_PROXY_ROUTE_ID : SYSTEM_ROUTE_ID
}
