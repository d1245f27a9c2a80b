import { describe, expect, it } from 'vitest'
import { redactSecrets } from '../../../src/main/llm/errors'
import {
  DEFAULT_NO_PROXY,
  matchesNoProxy,
  parseProxyUrl,
  redactProxyUrl,
  selectRoutes,
  DIRECT,
} from '../../../src/main/llm/proxy'
import type { Proxies } from '../../../src/main/llm/transport-types'
import type { ProxyConfig } from '../../../src/main/llm/proxy'

function parsed(input: string): ProxyConfig {
  const result = parseProxyUrl(input)
  if (!result.ok) throw new Error(result.message)
  return result.proxy
}

function failure(input: string): string {
  const result = parseProxyUrl(input)
  if (result.ok) throw new Error(`expected '${input}' to be rejected`)
  return result.message
}

describe('parseProxyUrl', () => {
  it('parses each scheme with its default port', () => {
    expect(parsed('http://proxy.example')).toMatchObject({
      scheme: 'http',
      hostname: 'proxy.example',
      port: 80,
    })
    expect(parsed('https://proxy.example')).toMatchObject({ scheme: 'https', port: 443 })
    expect(parsed('socks5://proxy.example')).toMatchObject({ scheme: 'socks5', port: 1080 })
    expect(parsed('socks5h://proxy.example')).toMatchObject({ scheme: 'socks5h', port: 1080 })
    expect(parsed('HTTP://Proxy.Example:3128/')).toMatchObject({
      scheme: 'http',
      hostname: 'proxy.example',
      port: 3128,
      address: 'proxy.example:3128',
    })
  })

  it('keeps IPv6 brackets out of the hostname but in the address', () => {
    expect(parsed('socks5://[::1]:9050')).toMatchObject({
      hostname: '::1',
      port: 9050,
      address: '[::1]:9050',
    })
  })

  it('decodes percent-encoded credentials, including @ : / %', () => {
    const password = 'p@ss:w/rd%1'
    const proxy = parsed(`http://us%40er:${encodeURIComponent(password)}@127.0.0.1:8080`)
    expect(proxy.username).toBe('us@er')
    expect(proxy.password).toBe(password)
    expect(proxy.redacted).toBe('http://us%40er:***@127.0.0.1:8080')
  })

  it('accepts a username without a password, and an unencoded @ before the last one', () => {
    expect(parsed('http://alice@proxy:8080')).toMatchObject({
      username: 'alice',
      redacted: 'http://alice@proxy:8080',
    })
    expect(parsed('http://alice:p@ss@proxy:8080')).toMatchObject({ username: 'alice', password: 'p@ss' })
  })

  it('registers the password as a secret', () => {
    parsed('http://u:Registered-Secret-42@proxy:1')
    expect(redactSecrets('oops Registered-Secret-42')).toBe('oops ***')
  })

  it('rejects bad input with a message that says what to write', () => {
    expect(failure('')).toMatch(/empty/)
    expect(failure('proxy.example:8080')).toMatch(/has no scheme: write it as http:\/\/proxy.example:8080/)
    expect(failure('ftp://proxy.example')).toMatch(/'ftp:\/\/'.*not supported: use http:\/\/, https:\/\//)
    expect(failure('socks4://proxy.example')).toMatch(/not supported/)
    expect(failure('http://proxy example:80')).toMatch(/is not a URL: write it as http:\/\/host:port/)
    expect(failure('http://proxy:99999')).toMatch(/is not a URL/)
    expect(failure('http://proxy:0')).toMatch(/port 0/)
    expect(failure('http://proxy:8080/path')).toMatch(/has a path/)
    expect(failure('http://u:bad%zz@proxy:8080')).toMatch(/percent-encoding/)
  })

  it('never puts the password in a message', () => {
    const inputs = [
      'user:Hunter2-secret@proxy:8080',
      'ftp://user:Hunter2-secret@proxy',
      'http://user:Hunter2-secret@proxy:8080/x',
      'http://user:Hunter2-secret%zz@proxy',
      'http://user:Hunter2-secret@pro xy:80',
      'http://user:Hunter2-secret@proxy:0',
    ]
    for (const input of inputs) {
      const message = failure(input)
      expect(message).not.toContain('Hunter2')
    }
  })

  it('rejects SOCKS credentials longer than 255 bytes', () => {
    expect(failure(`socks5://u:${'x'.repeat(256)}@proxy`)).toMatch(/255 bytes/)
  })
})

describe('redactProxyUrl', () => {
  it('hides the password and shows the port', () => {
    expect(redactProxyUrl('http://user:secret@host:8080')).toBe('http://user:***@host:8080')
    expect(redactProxyUrl('socks5h://user:secret@host')).toBe('socks5h://user:***@host:1080')
    expect(redactProxyUrl('https://host')).toBe('https://host:443')
    expect(redactProxyUrl('http://user@host:1')).toBe('http://user@host:1')
  })

  it('hides everything before the last @ when the text is not a URL', () => {
    expect(redactProxyUrl('user:secret@host:1')).toBe('***@host:1')
    expect(redactProxyUrl('http://user:secret@ho st:1')).toBe('http://***@ho st:1')
    expect(redactProxyUrl('no credentials here')).toBe('no credentials here')
  })
})

/** The route a request takes first: a proxy URL, or undefined for a direct connection. */
function selectProxy(
  target: URL,
  proxies: Proxies | undefined,
  noProxy?: readonly string[],
): string | undefined {
  const [first] = selectRoutes(target, proxies, noProxy)
  return first === DIRECT ? undefined : first
}

describe('selectRoutes: the first route', () => {
  const proxies = { http: 'http://plain:3128', https: 'http://secure:3128' }

  it('uses the http proxy for http:// targets and the https proxy for https:// targets', () => {
    expect(selectProxy(new URL('http://api.example/v1'), proxies)).toBe('http://plain:3128')
    expect(selectProxy(new URL('https://api.example/v1'), proxies)).toBe('http://secure:3128')
  })

  it('does not use one for the other', () => {
    expect(selectProxy(new URL('https://api.example'), { http: 'http://plain:3128' })).toBeUndefined()
    expect(selectProxy(new URL('http://api.example'), { https: 'http://secure:3128' })).toBeUndefined()
    expect(selectProxy(new URL('https://api.example'), { https: '  ' })).toBeUndefined()
    expect(selectProxy(new URL('https://api.example'), undefined)).toBeUndefined()
  })

  it('bypasses loopback by default', () => {
    expect(DEFAULT_NO_PROXY).toEqual(['localhost', '127.0.0.0/8', '::1'])
    for (const url of [
      'https://localhost:1234',
      'https://127.0.0.1',
      'https://127.45.6.7:99',
      'https://[::1]:8',
    ]) {
      expect(selectProxy(new URL(url), proxies)).toBeUndefined()
    }
    expect(selectProxy(new URL('https://128.0.0.1'), proxies)).toBe('http://secure:3128')
  })

  it('sends everything through the proxy with an empty list', () => {
    expect(selectProxy(new URL('https://127.0.0.1:8080'), proxies, [])).toBe('http://secure:3128')
    expect(selectProxy(new URL('http://localhost'), proxies, [])).toBe('http://plain:3128')
  })

  it('applies the given list', () => {
    expect(selectProxy(new URL('https://api.example'), proxies, ['api.example'])).toBeUndefined()
    expect(selectProxy(new URL('https://other.example'), proxies, ['api.example'])).toBe('http://secure:3128')
  })
})

describe('matchesNoProxy', () => {
  const matches = (url: string, ...list: string[]): boolean => matchesNoProxy(new URL(url), list)

  it('matches everything with *', () => {
    expect(matches('https://anything.example', '*')).toBe(true)
  })

  it('matches a domain and its subdomains, however written', () => {
    for (const entry of ['example.com', '.example.com', '*.example.com', 'EXAMPLE.com.']) {
      expect(matches('https://example.com', entry)).toBe(true)
      expect(matches('https://api.example.com', entry)).toBe(true)
      expect(matches('https://a.b.example.com.', entry)).toBe(true)
      expect(matches('https://notexample.com', entry)).toBe(false)
      expect(matches('https://example.com.evil', entry)).toBe(false)
    }
  })

  it('matches IP addresses exactly, never as suffixes', () => {
    expect(matches('http://10.1.2.3', '10.1.2.3')).toBe(true)
    expect(matches('http://10.1.2.3', '1.2.3')).toBe(false)
    expect(matches('http://110.1.2.3', '10.1.2.3')).toBe(false)
  })

  it('matches CIDR ranges', () => {
    expect(matches('http://10.200.0.1', '10.0.0.0/8')).toBe(true)
    expect(matches('http://11.0.0.1', '10.0.0.0/8')).toBe(false)
    expect(matches('http://[fd00::1234]', 'fd00::/8')).toBe(true)
    expect(matches('http://[fe80::1]', 'fd00::/8')).toBe(false)
    expect(matches('http://example.com', '10.0.0.0/8')).toBe(false)
  })

  it('matches IPv6 with or without brackets, in any spelling', () => {
    expect(matches('http://[::1]:8080', '::1')).toBe(true)
    expect(matches('http://[::1]:8080', '[::1]')).toBe(true)
    expect(matches('http://[::1]:8080', '0:0:0:0:0:0:0:1')).toBe(true)
    expect(matches('http://[::1]:8080', '[::1]:8080')).toBe(true)
    expect(matches('http://[::1]:8080', '[::1]:9090')).toBe(false)
    expect(matches('http://[::2]', '::1')).toBe(false)
  })

  it('matches host:port against the effective port', () => {
    expect(matches('https://api.example', 'api.example:443')).toBe(true)
    expect(matches('http://api.example', 'api.example:443')).toBe(false)
    expect(matches('http://api.example:8080', 'api.example:8080')).toBe(true)
    expect(matches('http://127.0.0.1:8080', '127.0.0.1:8080')).toBe(true)
  })

  it('accepts comma-separated entries and ignores empty or malformed ones', () => {
    expect(matches('https://b.example', 'a.example, b.example')).toBe(true)
    expect(matches('https://b.example', '', ' ', 'http://x:y', '10.0.0.0/99')).toBe(false)
  })
})
