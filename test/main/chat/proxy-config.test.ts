import { describe, expect, it } from 'vitest'
import { manualProxies, proxyFromPacResult, proxyUrl } from '../../../src/main/chat/proxy-config'
import { ProviderConnector, pemCertificates } from '../../../src/main/chat/connector'
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
    const settings = { proxy: { ...none, httpProxy: address, useHttpForHttps: true } } as unknown as Settings
    const connector = new ProviderConnector({
      settings: () => settings,
      apiKey: () => undefined,
      proxyPassword: () => '',
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

  it('reads the first usable entry of a PAC result', () => {
    const creds = { username: 'u', password: 'p' }
    expect(proxyFromPacResult('PROXY corp:3128; DIRECT', creds)).toBe('http://u:p@corp:3128')
    expect(proxyFromPacResult('SOCKS5 s:1080', creds)).toBe('socks5://u:p@s:1080')
    // Plain SOCKS is SOCKS4 in PAC, which is not supported: the next entry is used.
    expect(proxyFromPacResult('SOCKS s4:1080; PROXY y:2', creds)).toBe('http://u:p@y:2')
    expect(proxyFromPacResult('HTTPS secure:443', { username: '', password: '' })).toBe('https://secure')
    expect(proxyFromPacResult('DIRECT', creds)).toBeUndefined()
    expect(proxyFromPacResult('QUIC x:1; PROXY y:2', creds)).toBe('http://u:p@y:2')
  })
})

describe('ProviderConnector.transportOptions', () => {
  const settings = (proxy: ProxySettings): Settings => ({
    providers: [],
    defaultModel: null,
    proxy,
    retry: { maxRetries: 3, singleProviderRetry: true, shuffle: false, fallbackProviderIds: [] },
    appearance: { theme: 'system', fontSize: 15 },
    language: null,
  })

  it('adds pasted CA certificates in every mode', async () => {
    const proxy = { ...none, mode: 'none' as const, caCertificates: `junk\n${caPem}\n${caPem}` }
    const connector = new ProviderConnector({
      settings: () => settings(proxy),
      apiKey: () => undefined,
      proxyPassword: () => '',
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
      proxyPassword: () => 'pw',
      resolveSystemProxy: async (url) => {
        asked.push(url)
        return 'PROXY corp:3128'
      },
    })
    const options = await connector.transportOptions('https://api.openai.com/v1')
    expect(asked).toEqual(['https://api.openai.com/v1'])
    expect(options.proxies).toEqual({ https: 'http://u:pw@corp:3128' })
  })
})
