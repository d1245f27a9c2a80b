/** Default settings: plain data, shared by storage (new files), the window and tests. */
import type { ProxySettings, Settings } from './domain'

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

export function defaultSettings(): Settings {
  return {
    providers: [],
    defaultModel: null,
    proxy: defaultProxySettings(),
    retry: { maxRetries: 3, singleProviderRetry: true, shuffle: false, fallbackProviderIds: [] },
    appearance: { theme: 'system', fontSize: 15 },
    language: null,
  }
}
