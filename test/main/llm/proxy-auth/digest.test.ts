import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { DIGEST_ALGORITHMS, parseChallenges } from '../../../../src/main/llm/proxy-auth/challenge'
import { DigestSession, readDigestChallenge } from '../../../../src/main/llm/proxy-auth/digest'

// RFC 7616 section 3.9.1: the same request answered with SHA-256 and with MD5.
const NONCE = '7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v'
const OPAQUE = 'FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS'
const CNONCE = 'f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ'
const rfcChallenge = (algorithm: string): string =>
  `Digest realm="http-auth@example.org", qop="auth, auth-int", algorithm=${algorithm}, nonce="${NONCE}", opaque="${OPAQUE}"`

function session(header: string, username = 'Mufasa', cnonces = [CNONCE]): DigestSession {
  const [challenge] = parseChallenges([header])
  const digest = challenge && readDigestChallenge(challenge)
  if (!digest) throw new Error('no challenge')
  let i = 0
  return new DigestSession(digest, {
    username,
    password: 'Circle of Life',
    cnonce: () => cnonces[i++] ?? 'x',
  })
}

/** The parameters of a `Digest ...` header, unquoted. */
function fields(header: string): Record<string, string> {
  const [challenge] = parseChallenges([header])
  return Object.fromEntries(challenge?.params ?? [])
}

describe('Digest against RFC 7616 3.9.1', () => {
  it('answers the SHA-256 example', () => {
    const header = session(rfcChallenge('SHA-256')).authorize('GET', '/dir/index.html')
    expect(fields(header)).toEqual({
      username: 'Mufasa',
      realm: 'http-auth@example.org',
      uri: '/dir/index.html',
      algorithm: 'SHA-256',
      nonce: NONCE,
      nc: '00000001',
      cnonce: CNONCE,
      qop: 'auth',
      response: '753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1',
      opaque: OPAQUE,
    })
  })

  it('answers the MD5 example', () => {
    const header = session(rfcChallenge('MD5')).authorize('GET', '/dir/index.html')
    expect(fields(header).response).toBe('8ca523f5e9506fed4657c9700eebdbec')
    expect(header.startsWith('Digest ')).toBe(true)
  })
})

describe('DigestSession', () => {
  const md5 = (s: string): string => createHash('md5').update(s).digest('hex')

  it('counts uses of a nonce and restarts the count with a new one (stale)', () => {
    const s = session(rfcChallenge('MD5'), 'Mufasa', ['c1', 'c2', 'c3'])
    expect(fields(s.authorize('CONNECT', 'a:443')).nc).toBe('00000001')
    expect(fields(s.authorize('CONNECT', 'a:443')).nc).toBe('00000002')
    const [fresh] = parseChallenges([
      `Digest realm="http-auth@example.org", nonce="new", qop=auth, stale=true`,
    ])
    const next = fresh && readDigestChallenge(fresh)
    expect(next?.stale).toBe(true)
    if (next) s.update(next)
    const third = fields(s.authorize('CONNECT', 'a:443'))
    expect([third.nonce, third.nc, third.cnonce]).toEqual(['new', '00000001', 'c3'])
  })

  it('computes -sess, auth-int (empty body) and RFC 2069 (no qop) responses', () => {
    const ha1 = md5('Mufasa:r:Circle of Life')
    const sess = fields(
      session('Digest realm="r", nonce="n", qop=auth, algorithm=MD5-sess').authorize('GET', '/'),
    )
    const sessHa1 = md5(`${ha1}:n:${CNONCE}`)
    expect(sess.response).toBe(md5(`${sessHa1}:n:00000001:${CNONCE}:auth:${md5('GET:/')}`))

    const int = fields(session('Digest realm="r", nonce="n", qop="auth-int"').authorize('CONNECT', 'h:1'))
    expect(int.qop).toBe('auth-int')
    expect(int.response).toBe(md5(`${ha1}:n:00000001:${CNONCE}:auth-int:${md5(`CONNECT:h:1:${md5('')}`)}`))

    const old = session('Digest realm="r", nonce="n"').authorize('GET', '/')
    expect(fields(old).response).toBe(md5(`${ha1}:n:${md5('GET:/')}`))
    expect(old).not.toMatch(/\bnc=|cnonce|qop/)
  })

  it('hashes the user name when the proxy offers userhash, and escapes or encodes odd names', () => {
    const hashed = fields(
      session('Digest realm="r", nonce="n", qop=auth, userhash=true').authorize('GET', '/'),
    )
    expect(hashed.username).toBe(md5('Mufasa:r'))
    expect(hashed.userhash).toBe('true')
    expect(fields(session('Digest realm="r", nonce="n"', 'a"b\\c').authorize('GET', '/')).username).toBe(
      'a"b\\c',
    )
    const unicode = session('Digest realm="r", nonce="n"', 'Jäsøn').authorize('GET', '/')
    expect(unicode).toContain("username*=UTF-8''J%C3%A4s%C3%B8n")
  })

  it('refuses challenges without a nonce or with an unknown algorithm', () => {
    const [noNonce, unknown] = parseChallenges(['Digest realm="r"', 'Digest nonce="n", algorithm=SHA-3'])
    expect(noNonce && readDigestChallenge(noNonce)).toBeUndefined()
    expect(unknown && readDigestChallenge(unknown)).toBeUndefined()
  })
})

describe('SHA-512-256', () => {
  it('is offered only where the runtime can compute it, and then answers with it', () => {
    let available = true
    try {
      createHash('sha512-256')
    } catch {
      available = false
    }
    expect(DIGEST_ALGORITHMS.includes('SHA-512-256')).toBe(available)
    if (!available) return
    const h = (s: string): string => createHash('sha512-256').update(s).digest('hex')
    const header = session('Digest realm="r", nonce="n", qop=auth, algorithm=SHA-512-256').authorize(
      'GET',
      '/',
    )
    const ha1 = h('Mufasa:r:Circle of Life')
    expect(fields(header).response).toBe(h(`${ha1}:n:00000001:${CNONCE}:auth:${h('GET:/')}`))
  })
})
