import { describe, expect, it } from 'vitest'
import { chooseScheme, parseChallenges } from '../../../../src/main/llm/proxy-auth/challenge'

const params = (header: string[]): [string, string | undefined, Record<string, string>][] =>
  parseChallenges(header).map((c) => [c.scheme, c.token68, Object.fromEntries(c.params)])

describe('parseChallenges', () => {
  it('reads several challenges in one header, with commas inside quoted strings', () => {
    expect(
      params([
        'Negotiate, NTLM, Digest realm="corp, inc", qop="auth,auth-int", nonce="a\\"b", algorithm=SHA-256, Basic realm="x"',
      ]),
    ).toEqual([
      ['Negotiate', undefined, {}],
      ['NTLM', undefined, {}],
      ['Digest', undefined, { realm: 'corp, inc', qop: 'auth,auth-int', nonce: 'a"b', algorithm: 'SHA-256' }],
      ['Basic', undefined, { realm: 'x' }],
    ])
  })

  it('reads one challenge per header value and token68 forms with padding', () => {
    expect(params(['NTLM TlRMTVNTUAACAAAA==', 'basic REALM=Proxy'])).toEqual([
      ['NTLM', 'TlRMTVNTUAACAAAA==', {}],
      ['basic', undefined, { realm: 'Proxy' }],
    ])
  })

  it('survives junk: empty values, stray characters, unterminated quotes', () => {
    expect(params(['', ' , ', 'Digest realm="open'])).toEqual([['Digest', undefined, { realm: 'open' }]])
    expect(params(['Basic realm = "spaced" , ; Digest nonce=n'])).toEqual([
      ['Basic', undefined, { realm: 'spaced' }],
      ['Digest', undefined, { nonce: 'n' }],
    ])
  })
})

describe('chooseScheme', () => {
  const choose = (...headers: string[]): string => {
    const choice = chooseScheme(parseChallenges(headers))
    if (choice.scheme === 'none') return `none:${choice.fact}:${choice.offered.join('+')}`
    return choice.scheme === 'digest' ? `digest:${choice.algorithm}` : choice.scheme
  }

  it('prefers NTLM, then Digest by strength, then Basic', () => {
    expect(choose('Basic realm="p"', 'Digest realm="p", nonce="n"', 'ntlm')).toBe('ntlm')
    expect(
      choose('Basic realm="p"', 'Digest nonce="1", algorithm=MD5', 'Digest nonce="2", algorithm=SHA-256'),
    ).toBe('digest:SHA-256')
    expect(choose('Digest nonce="1"')).toBe('digest:MD5')
    expect(choose('Digest nonce="1", algorithm=md5-SESS')).toBe('digest:MD5-sess')
    expect(choose('Basic realm="p"', 'Negotiate')).toBe('basic')
  })

  it('skips Digest algorithms it lacks instead of sending a wrong answer', () => {
    expect(choose('Digest nonce="1", algorithm=SHA-1024', 'Basic realm="p"')).toBe('basic')
  })

  it('names Kerberos when the proxy offers only Negotiate, and unknown schemes otherwise', () => {
    expect(choose('Negotiate')).toBe('none:proxy_auth_kerberos_only:Negotiate')
    expect(choose('Negotiate', 'Bearer realm="x"')).toBe('none:proxy_auth_kerberos_only:Negotiate+Bearer')
    expect(choose('Bearer realm="x"', 'Mutual')).toBe('none:proxy_auth_scheme_unsupported:Bearer+Mutual')
    expect(choose()).toBe('none:proxy_auth_scheme_unsupported:')
  })
})
