/**
 * HTTP Digest (RFC 7616) for proxies: MD5, SHA-256 and SHA-512/256, their -sess variants, qop=auth (and
 * auth-int with an empty body, which is what CONNECT has), nonce counts, stale nonces and userhash.
 * The client nonce comes from an injected source so RFC 7616's examples can be reproduced.
 */
import { createHash, randomBytes } from 'node:crypto'
import { digestAlgorithm, digestHashName, type AuthChallenge, type DigestAlgorithm } from './challenge'

export interface DigestChallenge {
  realm: string
  nonce: string
  opaque?: string
  algorithm: DigestAlgorithm
  /** The qop we will use: `auth` if offered, else `auth-int`, else none (RFC 2069 compatibility). */
  qop?: 'auth' | 'auth-int'
  stale: boolean
  userhash: boolean
}

/** Reads a Digest challenge; undefined when it lacks a nonce or names an algorithm we do not have. */
export function readDigestChallenge(challenge: AuthChallenge): DigestChallenge | undefined {
  const algorithm = digestAlgorithm(challenge)
  const nonce = challenge.params.get('nonce')
  if (!algorithm || nonce === undefined) return undefined
  const offered = (challenge.params.get('qop') ?? '').split(',').map((q) => q.trim().toLowerCase())
  const qop = offered.includes('auth') ? 'auth' : offered.includes('auth-int') ? 'auth-int' : undefined
  const opaque = challenge.params.get('opaque')
  return {
    realm: challenge.params.get('realm') ?? '',
    nonce,
    ...(opaque === undefined ? {} : { opaque }),
    algorithm,
    ...(qop ? { qop } : {}),
    stale: challenge.params.get('stale')?.toLowerCase() === 'true',
    userhash: challenge.params.get('userhash')?.toLowerCase() === 'true',
  }
}

function hasher(algorithm: DigestAlgorithm): (text: string) => string {
  const name = digestHashName(algorithm)
  return (text) => createHash(name).update(text, 'utf8').digest('hex')
}

/** A quoted-string with `"` and `\` escaped. */
const quote = (value: string): string => `"${value.replace(/[\\"]/g, '\\$&')}"`

export interface DigestOptions {
  username: string
  password: string
  /** Client nonces; random 16 bytes (hex) by default. */
  cnonce?: () => string
}

/**
 * One client's Digest state against one proxy: the current nonce and how many times it was used. Several
 * requests may reuse the nonce (each with the next nonce count) until the proxy calls it stale.
 */
export class DigestSession {
  private challenge: DigestChallenge
  private nonceCount = 0
  private readonly cnonce: () => string

  constructor(
    challenge: DigestChallenge,
    private readonly options: DigestOptions,
  ) {
    this.challenge = challenge
    this.cnonce = options.cnonce ?? (() => randomBytes(16).toString('hex'))
  }

  /** Takes a new challenge (after `stale=true`, or a new nonce); the count restarts with the nonce. */
  update(challenge: DigestChallenge): void {
    if (challenge.nonce !== this.challenge.nonce) this.nonceCount = 0
    this.challenge = challenge
  }

  /** The `Proxy-Authorization` value for one request; `uri` is `host:port` for CONNECT. */
  authorize(method: string, uri: string): string {
    const c = this.challenge
    const { username, password } = this.options
    const h = hasher(c.algorithm)
    const cnonce = this.cnonce()
    this.nonceCount++
    const nc = this.nonceCount.toString(16).padStart(8, '0')

    let ha1 = h(`${username}:${c.realm}:${password}`)
    if (c.algorithm.endsWith('-sess')) ha1 = h(`${ha1}:${c.nonce}:${cnonce}`)
    // CONNECT and the requests we proxy have no body to protect: auth-int hashes the empty body.
    const ha2 = c.qop === 'auth-int' ? h(`${method}:${uri}:${h('')}`) : h(`${method}:${uri}`)
    const response = c.qop
      ? h(`${ha1}:${c.nonce}:${nc}:${cnonce}:${c.qop}:${ha2}`)
      : h(`${ha1}:${c.nonce}:${ha2}`)

    const parts: string[] = []
    if (c.userhash) parts.push(`username=${quote(h(`${username}:${c.realm}`))}`)
    // Non-ASCII names go in the RFC 8187 extended form, which RFC 7616 section 3.4.4 prescribes.
    else if (/^[\x20-\x7e]*$/.test(username)) parts.push(`username=${quote(username)}`)
    else parts.push(`username*=UTF-8''${encodeURIComponent(username)}`)
    parts.push(`realm=${quote(c.realm)}`, `nonce=${quote(c.nonce)}`, `uri=${quote(uri)}`)
    parts.push(`algorithm=${c.algorithm}`, `response=${quote(response)}`)
    if (c.opaque !== undefined) parts.push(`opaque=${quote(c.opaque)}`)
    if (c.qop) parts.push(`qop=${c.qop}`, `nc=${nc}`, `cnonce=${quote(cnonce)}`)
    if (c.userhash) parts.push('userhash=true')
    return `Digest ${parts.join(', ')}`
  }
}
