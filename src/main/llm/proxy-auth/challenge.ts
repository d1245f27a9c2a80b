/**
 * Reading `Proxy-Authenticate` (RFC 9110 section 11): one or many header values, each possibly holding
 * several challenges, with quoted strings that contain commas; and choosing the strongest scheme we speak.
 */
import { createHash } from 'node:crypto'

export interface AuthChallenge {
  /** As sent; compare lower-cased. */
  scheme: string
  /** The token68 form (`NTLM TlRMTVNTUAAC...`), when the challenge carries one. */
  token68?: string
  /** Parameters by lower-cased name, values unquoted. */
  params: Map<string, string>
}

const TCHAR = /[!#$%&'*+\-.^_`|~0-9A-Za-z]/
const TOKEN68 = /^[A-Za-z0-9\-._~+/]+=*/

function skip(text: string, at: number, chars: string): number {
  let i = at
  while (i < text.length && chars.includes(text.charAt(i))) i++
  return i
}

function readToken(text: string, at: number): string {
  let i = at
  while (i < text.length && TCHAR.test(text.charAt(i))) i++
  return text.slice(at, i)
}

/** Reads a quoted-string starting at the opening quote; returns the unescaped value and the index after it. */
function readQuoted(text: string, at: number): [string, number] {
  let value = ''
  let i = at + 1
  while (i < text.length) {
    const c = text.charAt(i)
    if (c === '"') return [value, i + 1]
    if (c === '\\' && i + 1 < text.length) {
      value += text.charAt(i + 1)
      i += 2
      continue
    }
    value += c
    i++
  }
  return [value, i] // unterminated: take what there is, as browsers do
}

/** Parses every challenge in the given `Proxy-Authenticate` header values, in order. */
export function parseChallenges(values: readonly string[]): AuthChallenge[] {
  const challenges: AuthChallenge[] = []
  for (const value of values) {
    let current: AuthChallenge | undefined
    let i = 0
    while (i < value.length) {
      i = skip(value, i, ' \t,')
      const name = readToken(value, i)
      if (name === '') {
        if (i < value.length) i++ // a stray character: step over it
        continue
      }
      const afterName = skip(value, i + name.length, ' \t')
      if (current && value.charAt(afterName) === '=') {
        const start = skip(value, afterName + 1, ' \t')
        let param: string
        if (value.charAt(start) === '"') {
          ;[param, i] = readQuoted(value, start)
        } else {
          param = readToken(value, start)
          i = start + param.length
        }
        current.params.set(name.toLowerCase(), param)
        continue
      }
      current = { scheme: name, params: new Map() }
      challenges.push(current)
      i = afterName
      const token68 = TOKEN68.exec(value.slice(afterName))?.[0]
      if (token68) {
        const after = skip(value, afterName + token68.length, ' \t')
        if (after >= value.length || value.charAt(after) === ',') {
          current.token68 = token68
          i = after
        }
      }
    }
  }
  return challenges
}

export type DigestAlgorithm =
  'MD5' | 'MD5-sess' | 'SHA-256' | 'SHA-256-sess' | 'SHA-512-256' | 'SHA-512-256-sess'

const HASH_NAMES: Record<string, string> = { MD5: 'md5', 'SHA-256': 'sha256', 'SHA-512-256': 'sha512-256' }

/** The node:crypto hash behind a Digest algorithm (`-sess` variants use the same one). */
export function digestHashName(algorithm: DigestAlgorithm): string {
  return HASH_NAMES[algorithm.replace(/-sess$/, '')] ?? 'md5'
}

/** Whether this runtime's crypto has the hash (Electron's BoringSSL and Node's OpenSSL differ). */
function hashAvailable(algorithm: DigestAlgorithm): boolean {
  try {
    createHash(digestHashName(algorithm))
    return true
  } catch {
    return false
  }
}

/** Digest algorithms we implement and this runtime can compute, strongest first. */
export const DIGEST_ALGORITHMS: readonly DigestAlgorithm[] = (
  ['SHA-512-256', 'SHA-512-256-sess', 'SHA-256', 'SHA-256-sess', 'MD5', 'MD5-sess'] as const
).filter(hashAvailable)

/** The algorithm a Digest challenge names (MD5 when it names none), or undefined when we lack it. */
export function digestAlgorithm(challenge: AuthChallenge): DigestAlgorithm | undefined {
  const named = (challenge.params.get('algorithm') ?? 'MD5').toLowerCase()
  return DIGEST_ALGORITHMS.find((a) => a.toLowerCase() === named)
}

/** Why no scheme could be chosen; the library's caller words these for the user. */
export type ProxyAuthFact =
  /** The proxy offers only Negotiate (Kerberos), which needs the OS login; not a password problem. */
  | 'proxy_auth_kerberos_only'
  /** The proxy offers only schemes we do not implement. */
  | 'proxy_auth_scheme_unsupported'

export type SchemeChoice =
  | { scheme: 'ntlm'; challenge: AuthChallenge }
  | { scheme: 'digest'; challenge: AuthChallenge; algorithm: DigestAlgorithm }
  | { scheme: 'basic'; challenge: AuthChallenge }
  | { scheme: 'none'; fact: ProxyAuthFact; offered: string[] }

/**
 * NTLM first (it never sends the password, and corporate proxies that offer it expect it), then Digest by
 * algorithm strength, then Basic only when nothing stronger is offered.
 */
export function chooseScheme(challenges: readonly AuthChallenge[]): SchemeChoice {
  const of = (name: string): AuthChallenge[] => challenges.filter((c) => c.scheme.toLowerCase() === name)
  const ntlm = of('ntlm')[0]
  if (ntlm) return { scheme: 'ntlm', challenge: ntlm }
  const digests = of('digest').flatMap((challenge) => {
    const algorithm = digestAlgorithm(challenge)
    return algorithm ? [{ challenge, algorithm }] : []
  })
  digests.sort((a, b) => DIGEST_ALGORITHMS.indexOf(a.algorithm) - DIGEST_ALGORITHMS.indexOf(b.algorithm))
  const digest = digests[0]
  if (digest) return { scheme: 'digest', ...digest }
  const basic = of('basic')[0]
  if (basic) return { scheme: 'basic', challenge: basic }
  const offered = [...new Set(challenges.map((c) => c.scheme))]
  const kerberos = of('negotiate').length > 0 || of('kerberos').length > 0
  return {
    scheme: 'none',
    fact: kerberos ? 'proxy_auth_kerberos_only' : 'proxy_auth_scheme_unsupported',
    offered,
  }
}
