import { describe, expect, it } from 'vitest'
import { routesFor } from '../../fixtures/routes'
import { defaultSettings } from '../../../src/shared/defaults'
import { manualProxies, proxiesFromPacResult, proxyUrl } from '../../../src/main/chat/proxy-config'
import { ProviderConnector, pemCertificates } from '../../../src/main/chat/connector'
import { ProviderError } from '../../../src/main/llm/errors'
import type { ProxySettings, Settings } from '../../../src/shared/domain'
import { caPem } from '../../fixtures/tls'
import { defaultProxySettings } from '../../../src/shared/defaults'

const none: ProxySettings = { ...defaultProxySettings(), mode: 'manual', bypass: ['localhost'] }

describe('proxy settings to proxy URLs', () => {
  it('builds a URL from host:port with percent-encoded credentials', () => {
    expect(proxyUrl('10.0.0.1:3128', 'http', { username: 'al ice', password: 'p@ss:w/rd%' })).toEqual({
      ok: true,
      url: 'http://al%20ice:p%40ss%3Aw%2Frd%25@10.0.0.1:3128',
    })
  })

  it('explains a missing port and an unsupported scheme', () => {
    expect(proxyUrl('proxy.local', 'http', { username: '', password: '' })).toMatchObject({
      ok: false,
      message: /no port/,
    })
    expect(proxyUrl('ftp://proxy:21', 'http', { username: '', password: '' })).toMatchObject({
      ok: false,
      message: /unsupported scheme/,
    })
  })

  it('never quotes a password pasted into an address it cannot parse', async () => {
    // An unencoded "/" in the password: neither the URL parser nor the settings' credential split can read it.
    const address = 'bob:pa/ss-9931@proxy.local:3128'
    const result = proxyUrl(address, 'http', { username: '', password: '' })
    expect(result).toMatchObject({ ok: false, message: /not valid/ })
    expect(JSON.stringify(result)).not.toContain('pa/ss-9931')
    expect(JSON.stringify(result)).toContain('proxy.local:3128')
    const settings = {
      ...defaultSettings(),
      ...routesFor({ ...none, httpProxy: address, useHttpForHttps: true }),
    }
    const connector = new ProviderConnector({
      settings: () => settings,
      apiKey: () => undefined,
      routePassword: () => '',
    })
    const thrown = await connector.transportOptions('https://api.example.com/v1').catch((e: unknown) => e)
    expect(thrown).toMatchObject({ kind: 'proxy' })
    expect(String((thrown as Error).message)).not.toContain('pa/ss-9931')
  })

  it('uses the HTTP proxy for HTTPS when asked, SOCKS where no HTTP proxy is set', () => {
    const http = manualProxies({ ...none, httpProxy: 'proxy:8080', username: 'u' }, 'pw')
    expect(http).toEqual({
      ok: true,
      proxies: { http: 'http://u:pw@proxy:8080', https: 'http://u:pw@proxy:8080' },
    })
    const separate = manualProxies(
      { ...none, httpProxy: 'a:1', httpsProxy: 'b:2', useHttpForHttps: false },
      '',
    )
    expect(separate).toEqual({ ok: true, proxies: { http: 'http://a:1', https: 'http://b:2' } })
    const socks = manualProxies({ ...none, socksProxy: 's:1080', username: 'u' }, 'pw')
    expect(socks).toEqual({
      ok: true,
      proxies: { http: 'socks5h://u:pw@s:1080', https: 'socks5h://u:pw@s:1080' },
    })
    const localDns = manualProxies({ ...none, socksProxy: 's:1080', socksRemoteDns: false }, '')
    expect(localDns).toMatchObject({ proxies: { https: 'socks5://s:1080' } })
  })

  it('refuses a manual setup that would leave https:// providers without a proxy', () => {
    const httpOnly = manualProxies({ ...none, httpProxy: 'a:1', useHttpForHttps: false }, '')
    expect(httpOnly).toMatchObject({ ok: false, message: /No proxy is set for HTTPS/ })
  })

  it('refuses manual mode without any proxy, and never echoes the password', () => {
    expect(manualProxies(none, 'secret')).toMatchObject({ ok: false, message: /no proxy address/ })
    const bad = manualProxies({ ...none, httpProxy: 'bad host:x', username: 'u' }, 'secret')
    expect(bad.ok).toBe(false)
    expect(JSON.stringify(bad)).not.toContain('secret')
  })

  it('reads the whole PAC result, in order, as the routes to fail over through', () => {
    const creds = { username: 'u', password: 'p' }
    const routes = (pac: string): string[] | string => {
      const result = proxiesFromPacResult(pac, creds)
      return result.ok ? result.routes : result.message
    }
    expect(routes('PROXY a:8080; SOCKS5 b:1080; DIRECT')).toEqual([
      'http://u:p@a:8080',
      'socks5h://u:p@b:1080',
      'DIRECT',
    ])
    // SOCKS5 from PAC: the proxy resolves names, as in browsers.
    expect(routes('SOCKS5 s:1080')).toEqual(['socks5h://u:p@s:1080'])
    // HTTPS: TLS to the proxy.
    expect(proxiesFromPacResult('HTTPS secure:443', { username: '', password: '' })).toEqual({
      ok: true,
      routes: ['https://secure'],
    })
    // Plain SOCKS is how Chromium writes SOCKS4, which is not supported: skipped, the rest is used.
    expect(routes('SOCKS s4:1080; PROXY y:2')).toEqual(['http://u:p@y:2'])
    expect(routes('QUIC x:1; proxy y:2')).toEqual(['http://u:p@y:2'])
    // DIRECT only when the result says so; nothing after it is tried.
    expect(routes('DIRECT')).toEqual([])
    expect(routes('')).toEqual([])
    expect(routes('PROXY a:1; DIRECT; PROXY b:2')).toEqual(['http://u:p@a:1', 'DIRECT'])
  })

  it('refuses a PAC result with only entries it cannot use, never falling through to a direct connection', () => {
    const creds = { username: 'u', password: 'secret-pw' }
    for (const pac of ['SOCKS 10.0.0.1:1080', 'SOCKS4 s:1080; SOCKS t:1080', 'QUIC q:443', 'PROXY']) {
      const result = proxiesFromPacResult(pac, creds)
      expect(result.ok, pac).toBe(false)
      if (result.ok) continue
      expect(result.message).toContain('unsupported PAC entry')
      expect(result.message).not.toContain('secret-pw')
    }
    const socks4 = proxiesFromPacResult('SOCKS 10.0.0.1:1080', creds)
    expect(socks4.ok ? '' : socks4.message).toContain('SOCKS 10.0.0.1:1080')
  })
})

describe('ProviderConnector.transportOptions', () => {
  const settings = (proxy: ProxySettings): Settings => ({
    providers: [],
    defaultModel: null,
    modelParams: {},
    prices: [],
    ...routesFor(proxy),
    retry: { maxRetries: 3, singleProviderRetry: true, shuffle: false, fallbackProviderIds: [] },
    appearance: { theme: 'system', fontSize: 15 },
    language: null,
    prompts: [],
    titles: { enabled: true, models: {} },
  })

  it('adds pasted CA certificates in every mode', async () => {
    const proxy = { ...none, mode: 'none' as const, caCertificates: `junk\n${caPem}\n${caPem}` }
    const connector = new ProviderConnector({
      settings: () => settings(proxy),
      apiKey: () => undefined,
      routePassword: () => '',
    })
    const options = await connector.transportOptions('https://api.openai.com/v1')
    expect(options.ca).toHaveLength(2)
    expect(pemCertificates('nothing here')).toEqual([])
  })

  it('asks the system for the proxy of the target URL in system mode', async () => {
    const asked: string[] = []
    const connector = new ProviderConnector({
      settings: () => settings({ ...none, mode: 'system', username: 'u' }),
      apiKey: () => undefined,
      routePassword: () => 'pw',
      resolveSystemProxy: async (url) => {
        asked.push(url)
        return 'PROXY corp:3128'
      },
    })
    const options = await connector.transportOptions('https://api.openai.com/v1')
    expect(asked).toEqual(['https://api.openai.com/v1'])
    expect(options.proxies).toEqual({ https: ['http://u:pw@corp:3128'] })
  })

  it('turns a system PAC result with nothing usable into a proxy error the window can word', async () => {
    const connector = new ProviderConnector({
      settings: () => settings({ ...none, mode: 'system' }),
      apiKey: () => undefined,
      routePassword: () => '',
      resolveSystemProxy: async () => 'SOCKS 10.1.2.3:1080',
    })
    const error = await connector.transportOptions('https://api.openai.com/v1').catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ProviderError)
    expect(error).toMatchObject({ kind: 'proxy', fact: 'unsupported_pac_entry' })
  })
})
