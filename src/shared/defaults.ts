/** Default settings: plain data, shared by storage (new files), the window and tests. */
import type { ProxySettings, RouteProfile, Settings } from './domain'
import { defaultPrices } from './pricing'

export function defaultProxySettings(): ProxySettings {
  return {
    mode: 'none',
    httpProxy: '',
    httpsProxy: '',
    useHttpForHttps: true,
    socksProxy: '',
    socksRemoteDns: true,
    username: '',
    // Local models (Ollama, LM Studio) are reached directly.
    bypass: ['localhost', '127.0.0.1', '::1'],
    caCertificates: '',
  }
}

/** The two routes every settings file has: they can be edited (CA, bypass, username) but not deleted. */
export const DIRECT_ROUTE_ID = 'direct'
export const SYSTEM_ROUTE_ID = 'system'
export const BUILT_IN_ROUTE_IDS: readonly string[] = [DIRECT_ROUTE_ID, SYSTEM_ROUTE_ID]

export function directRoute(): RouteProfile {
  return { id: DIRECT_ROUTE_ID, name: 'Direct', ...defaultProxySettings(), mode: 'none' }
}

export function systemRoute(): RouteProfile {
  return { id: SYSTEM_ROUTE_ID, name: 'System', ...defaultProxySettings(), mode: 'system' }
}

export function defaultSettings(): Settings {
  return {
    providers: [],
    defaultModel: null,
    routes: [directRoute(), systemRoute()],
    defaultRouteId: DIRECT_ROUTE_ID,
    retry: { maxRetries: 3, singleProviderRetry: true, shuffle: false, fallbackProviderIds: [] },
    appearance: { theme: 'system', fontSize: 15 },
    language: null,
    prompts: [],
    titles: { enabled: true, models: {} },
    modelParams: {},
    prices: defaultPrices(),
  }
}
