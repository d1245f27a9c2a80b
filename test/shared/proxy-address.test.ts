import { describe, expect, it } from 'vitest'
import { proxyAddressProblem } from '../../src/shared/proxy-address'
import { fieldPatch } from '../../src/renderer/src/features/preferences/proxy-fields'
import en from '../../src/renderer/src/locales/en.json'
import ru from '../../src/renderer/src/locales/ru.json'

describe('proxyAddressProblem', () => {
  it.each([
    ['', null],
    ['  ', null],
    ['10.0.0.1:3128', null],
    ['proxy.example.com:1', null],
    ['http://proxy.example.com:65535', null],
    ['HTTPS://proxy:443/', null],
    ['socks5://127.0.0.1:1080', null],
    ['socks5h://user:p@ss@127.0.0.1:1080', null],
    ['[::1]:3128', null],
    ['ftp://proxy:21', 'scheme'],
    ['socks4://proxy:1080', 'scheme'],
    ['socks://proxy:1080', 'scheme'],
    ['socks4://user:secret@proxy:1080', 'socks4Credentials'],
    ['SOCKS4A://user@proxy:1080', 'socks4Credentials'],
    ['http://proxy:0', 'port'],
    ['proxy:65536', 'port'],
    ['proxy:99999999', 'port'],
    ['proxy:abc', 'port'],
    ['proxy:-1', 'port'],
    ['proxy:31 28', 'port'],
    ['proxy', 'noPort'],
    ['proxy:', 'noPort'],
    ['http://', 'noHost'],
    ['http://user:pw@', 'noHost'],
    [':3128', 'noHost'],
    ['http://:3128', 'noHost'],
    ['a:b:c', 'address'],
    ['pro xy:3128', 'address'],
  ])('%j → %s', (address, problem) => {
    expect(proxyAddressProblem(address)).toBe(problem)
  })
})

describe('the Proxy form field', () => {
  it.each([
    ['ftp://proxy:21', 'scheme'],
    ['socks4://u:p@proxy:1080', 'socks4Credentials'],
    ['proxy:0', 'port'],
    ['proxy:65536', 'port'],
    ['proxy:port', 'port'],
    ['http://:3128', 'noHost'],
  ])('%j is refused with a message in English and Russian, and no patch', (address, kind) => {
    for (const field of ['httpProxy', 'httpsProxy', 'socksProxy'] as const) {
      const result = fieldPatch(field, address)
      expect(result).toEqual({ ok: false, error: `proxy.invalid.${kind}` })
    }
    const key = kind as keyof typeof en.proxy.invalid
    expect(en.proxy.invalid[key]).toMatch(/\w/)
    expect(ru.proxy.invalid[key]).toMatch(/[а-я]/)
    expect(ru.proxy.invalid[key]).not.toBe(en.proxy.invalid[key])
  })

  it('a usable address becomes a patch, trimmed', () => {
    expect(fieldPatch('socksProxy', ' socks5h://127.0.0.1:1080 ')).toEqual({
      ok: true,
      patch: { socksProxy: 'socks5h://127.0.0.1:1080' },
    })
  })
})
