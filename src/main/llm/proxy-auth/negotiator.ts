/**
 * The answer to a proxy's 407, one round at a time: which scheme, which `Proxy-Authorization` header, and
 * when to stop. One negotiator serves one connection (NTLM authenticates the connection, not the request).
 * Pure: the caller does the I/O, and the clock and randomness are injected.
 */
import { randomBytes } from 'node:crypto'
import { chooseScheme, parseChallenges, type AuthChallenge, type ProxyAuthFact } from './challenge'
import { DigestSession, readDigestChallenge } from './digest'
import { NtlmMessageError, authenticateMessage, negotiateMessage, parseChallengeMessage } from './ntlm'

export interface ProxyCredentials {
  /** `DOMAIN\user` or `user@domain` for NTLM; used as written for Digest and Basic. */
  username: string
  password: string
}

export type ProxyAuthScheme = 'ntlm' | 'digest' | 'basic'

/** Why authentication stopped. Every one of them is a `proxy_auth` failure for the user. */
export type ProxyAuthFailure =
  | ProxyAuthFact
  /** The proxy wants credentials and none are set. */
  | 'proxy_auth_credentials_required'
  /** The proxy refused the credentials we sent (after the bounded number of rounds). */
  | 'proxy_auth_credentials_rejected'
  /** The proxy's challenge could not be read (a broken NTLM message, a Digest challenge without nonce). */
  | 'proxy_auth_malformed_challenge'
  /** The proxy closed the connection in the middle of the NTLM handshake (it does not keep connections alive). */
  | 'proxy_auth_connection_closed'

export type AuthStep =
  | {
      action: 'send'
      scheme: ProxyAuthScheme
      header: string
      /** NTLM's Authenticate message: it is only valid on the connection that received the Challenge. */
      sameConnection: boolean
    }
  | { action: 'fail'; failure: ProxyAuthFailure; offered: readonly string[] }

export interface NegotiatorOptions {
  /** 407 answers handled before giving up; NTLM needs two, a stale Digest nonce one more. */
  maxRounds?: number
  now?: () => number
  /** Random bytes (NTLM client challenge); injectable for tests. */
  random?: (size: number) => Buffer
  /** Digest client nonces; injectable for tests. */
  cnonce?: () => string
  /** Shared by the connections to one proxy (see ProxyAuthMemory). */
  memory?: ProxyAuthMemory
}

type State = 'initial' | 'ntlm_negotiated' | 'credentials_sent'

/**
 * What worked with one proxy, shared by the connections to it: a Basic or Digest answer can go with the
 * first CONNECT of the next connection (Digest with the next nonce count), saving a round trip. NTLM is
 * never remembered: it authenticates a connection, so every new connection needs the handshake.
 */
export class ProxyAuthMemory {
  scheme: 'basic' | 'digest' | undefined
  digest: DigestSession | undefined
  offered: readonly string[] = []

  forget(): void {
    this.scheme = undefined
    this.digest = undefined
  }
}

function readDigestChallengeIfStale(challenge: AuthChallenge): boolean {
  return challenge.scheme.toLowerCase() === 'digest' && readDigestChallenge(challenge)?.stale === true
}

export class ProxyAuthNegotiator {
  private state: State = 'initial'
  private rounds = 0
  private digest: DigestSession | undefined
  private chosen: ProxyAuthScheme | undefined
  private offered: readonly string[] = []
  /** The header in flight was sent without a challenge, from memory: a 407 then proves nothing. */
  private preemptiveSent = false
  private readonly maxRounds: number
  private readonly now: () => number
  private readonly random: (size: number) => Buffer

  constructor(
    private readonly credentials: ProxyCredentials | undefined,
    private readonly options: NegotiatorOptions = {},
  ) {
    this.maxRounds = options.maxRounds ?? 3
    this.now = options.now ?? Date.now
    this.random = options.random ?? randomBytes
  }

  /** The scheme in use, once chosen (for the connection test and diagnostics). */
  get scheme(): ProxyAuthScheme | undefined {
    return this.chosen
  }

  /** Schemes the proxy offered in its first challenge, as it spelled them. */
  get offeredSchemes(): readonly string[] {
    return this.offered
  }

  /** The header for the first request, when the memory holds a Basic or Digest answer for this proxy. */
  preemptive(method: string, uri: string): string | undefined {
    const memory = this.options.memory
    if (!memory?.scheme || !this.credentials || this.state !== 'initial') return undefined
    this.chosen = memory.scheme
    this.offered = memory.offered
    this.state = 'credentials_sent'
    this.preemptiveSent = true
    if (memory.scheme === 'digest' && memory.digest) {
      this.digest = memory.digest
      return memory.digest.authorize(method, uri)
    }
    return this.basic(this.credentials)
  }

  /** The proxy accepted: remember a Basic or Digest answer for the next connection. */
  succeeded(): void {
    const memory = this.options.memory
    if (!memory || (this.chosen !== 'basic' && this.chosen !== 'digest')) return
    memory.scheme = this.chosen
    memory.digest = this.digest
    memory.offered = this.offered
  }

  /** Answers one 407: `proxyAuthenticate` is every `Proxy-Authenticate` value it carried. */
  respond(proxyAuthenticate: readonly string[], method: string, uri: string): AuthStep {
    const challenges = parseChallenges(proxyAuthenticate)
    if (this.preemptiveSent) {
      // A remembered answer can be out of date (a new nonce, a restarted proxy): start over, uncounted,
      // except for a stale Digest nonce, which again() answers directly.
      this.preemptiveSent = false
      this.options.memory?.forget()
      const staleDigest = this.chosen === 'digest' && challenges.some((c) => readDigestChallengeIfStale(c))
      if (!staleDigest) {
        this.state = 'initial'
        this.chosen = undefined
        this.digest = undefined
      }
    }
    this.rounds++
    if (this.state === 'initial') this.offered = [...new Set(challenges.map((c) => c.scheme))]
    if (this.rounds > this.maxRounds) return this.fail('proxy_auth_credentials_rejected')
    switch (this.state) {
      case 'initial':
        return this.first(challenges, method, uri)
      case 'ntlm_negotiated':
        return this.ntlmAuthenticate(challenges)
      case 'credentials_sent':
        return this.again(challenges, method, uri)
    }
  }

  private first(challenges: AuthChallenge[], method: string, uri: string): AuthStep {
    const choice = chooseScheme(challenges)
    if (choice.scheme === 'none') return this.fail(choice.fact)
    const credentials = this.credentials
    if (!credentials) return this.fail('proxy_auth_credentials_required')
    this.chosen = choice.scheme
    if (choice.scheme === 'ntlm') {
      this.state = 'ntlm_negotiated'
      return this.send(`NTLM ${negotiateMessage().toString('base64')}`)
    }
    this.state = 'credentials_sent'
    if (choice.scheme === 'basic') return this.send(this.basic(credentials))
    const digest = readDigestChallenge(choice.challenge)
    if (!digest) return this.fail('proxy_auth_malformed_challenge')
    this.digest = new DigestSession(digest, {
      ...credentials,
      ...(this.options.cnonce ? { cnonce: this.options.cnonce } : {}),
    })
    return this.send(this.digest.authorize(method, uri))
  }

  private ntlmAuthenticate(challenges: AuthChallenge[]): AuthStep {
    const token = challenges.find((c) => c.scheme.toLowerCase() === 'ntlm' && c.token68)?.token68
    // A bare `NTLM` again means the proxy refused our Negotiate message.
    if (!token || !this.credentials) return this.fail('proxy_auth_credentials_rejected')
    try {
      const message = authenticateMessage({
        challenge: parseChallengeMessage(Buffer.from(token, 'base64')),
        username: this.credentials.username,
        password: this.credentials.password,
        clientChallenge: this.random(8),
        now: this.now(),
      })
      this.state = 'credentials_sent'
      return this.send(`NTLM ${message.toString('base64')}`, true)
    } catch (err) {
      if (err instanceof NtlmMessageError) return this.fail('proxy_auth_malformed_challenge')
      throw err
    }
  }

  /** A 407 after our credentials: only a stale Digest nonce deserves another try. */
  private again(challenges: AuthChallenge[], method: string, uri: string): AuthStep {
    if (this.chosen === 'digest' && this.digest) {
      const stale = challenges
        .filter((c) => c.scheme.toLowerCase() === 'digest')
        .map(readDigestChallenge)
        .find((d) => d?.stale)
      if (stale) {
        this.digest.update(stale)
        return this.send(this.digest.authorize(method, uri))
      }
    }
    return this.fail('proxy_auth_credentials_rejected')
  }

  private basic(credentials: ProxyCredentials): string {
    return `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`, 'utf8').toString('base64')}`
  }

  private send(header: string, sameConnection = false): AuthStep {
    return { action: 'send', scheme: this.chosen ?? 'basic', header, sameConnection }
  }

  private fail(failure: ProxyAuthFailure): AuthStep {
    return { action: 'fail', failure, offered: this.offered }
  }
}
