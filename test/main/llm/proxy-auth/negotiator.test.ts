import { describe, expect, it } from 'vitest'
import {
  ProxyAuthMemory,
  ProxyAuthNegotiator,
  type AuthStep,
} from '../../../../src/main/llm/proxy-auth/negotiator'
import { parseChallengeMessage } from '../../../../src/main/llm/proxy-auth/ntlm'

const CREDENTIALS = { username: 'CORP\\alice', password: 's3cret-pass' }
const options = { now: () => 0, random: (n: number) => Buffer.alloc(n, 0xaa), cnonce: () => 'cn' }

/** A 48-byte type 2 message with no target info, base64. */
function type2(): string {
  const m = Buffer.alloc(48)
  m.write('NTLMSSP\0', 0, 'latin1')
  m.writeUInt32LE(2, 8)
  m.writeUInt32LE(0x00088201, 20)
  m.write('0123456789abcdef', 24, 'hex')
  return m.toString('base64')
}

const header = (step: AuthStep): string => (step.action === 'send' ? step.header : `fail:${step.failure}`)

describe('ProxyAuthNegotiator', () => {
  it('runs the NTLM handshake: Negotiate, then Authenticate, then stops on a third 407', () => {
    const n = new ProxyAuthNegotiator(CREDENTIALS, options)
    const first = header(n.respond(['Negotiate', 'NTLM', 'Basic realm="p"'], 'CONNECT', 'h:443'))
    expect(first).toMatch(/^NTLM TlRMTVNTUAAB/)
    expect(n.scheme).toBe('ntlm')
    expect(n.offeredSchemes).toEqual(['Negotiate', 'NTLM', 'Basic'])
    const second = header(n.respond([`NTLM ${type2()}`], 'CONNECT', 'h:443'))
    const type3 = Buffer.from(second.slice(5), 'base64')
    expect(type3.readUInt32LE(8)).toBe(3)
    expect(() => parseChallengeMessage(type3)).toThrow() // it is a type 3, not a challenge
    expect(header(n.respond(['NTLM'], 'CONNECT', 'h:443'))).toBe('fail:proxy_auth_credentials_rejected')
  })

  it('fails as rejected when the proxy answers the Negotiate message with a bare NTLM again', () => {
    const n = new ProxyAuthNegotiator(CREDENTIALS, options)
    n.respond(['NTLM'], 'CONNECT', 'h:443')
    expect(header(n.respond(['NTLM'], 'CONNECT', 'h:443'))).toBe('fail:proxy_auth_credentials_rejected')
  })

  it('reports a broken NTLM challenge as malformed, not as a wrong password', () => {
    const n = new ProxyAuthNegotiator(CREDENTIALS, options)
    n.respond(['NTLM'], 'CONNECT', 'h:443')
    expect(header(n.respond(['NTLM AAAA'], 'CONNECT', 'h:443'))).toBe('fail:proxy_auth_malformed_challenge')
  })

  it('retries Digest on a stale nonce without calling the password wrong, within the round limit', () => {
    const n = new ProxyAuthNegotiator(CREDENTIALS, options)
    const first = header(
      n.respond(['Digest realm="r", nonce="n1", qop=auth, algorithm=SHA-256'], 'CONNECT', 'h:1'),
    )
    expect(first).toContain('nonce="n1"')
    const stale = 'Digest realm="r", nonce="n2", qop=auth, algorithm=SHA-256, stale=true'
    const second = header(n.respond([stale], 'CONNECT', 'h:1'))
    expect(second).toContain('nonce="n2"')
    expect(second).toContain('nc=00000001')
    expect(header(n.respond([stale.replace('n2', 'n3')], 'CONNECT', 'h:1'))).toContain('nonce="n3"')
    // The fourth 407 is past the bound: no endless stale loop.
    expect(header(n.respond([stale.replace('n2', 'n4')], 'CONNECT', 'h:1'))).toBe(
      'fail:proxy_auth_credentials_rejected',
    )
  })

  it('calls a non-stale Digest 407 after our answer rejected credentials, at once', () => {
    const n = new ProxyAuthNegotiator(CREDENTIALS, options)
    n.respond(['Digest realm="r", nonce="n1"'], 'CONNECT', 'h:1')
    expect(header(n.respond(['Digest realm="r", nonce="n2"'], 'CONNECT', 'h:1'))).toBe(
      'fail:proxy_auth_credentials_rejected',
    )
  })

  it('sends Basic only when nothing stronger is offered, and stops after one refusal', () => {
    const n = new ProxyAuthNegotiator({ username: 'u', password: 'pä' }, options)
    expect(header(n.respond(['Basic realm="p"'], 'CONNECT', 'h:1'))).toBe(
      `Basic ${Buffer.from('u:pä', 'utf8').toString('base64')}`,
    )
    expect(header(n.respond(['Basic realm="p"'], 'CONNECT', 'h:1'))).toBe(
      'fail:proxy_auth_credentials_rejected',
    )
  })

  it('names Kerberos-only and unsupported proxies before asking for credentials', () => {
    expect(header(new ProxyAuthNegotiator(undefined).respond(['Negotiate'], 'CONNECT', 'h:1'))).toBe(
      'fail:proxy_auth_kerberos_only',
    )
    expect(header(new ProxyAuthNegotiator(CREDENTIALS).respond(['Bearer'], 'CONNECT', 'h:1'))).toBe(
      'fail:proxy_auth_scheme_unsupported',
    )
    expect(header(new ProxyAuthNegotiator(undefined).respond(['Basic realm="p"'], 'CONNECT', 'h:1'))).toBe(
      'fail:proxy_auth_credentials_required',
    )
    expect(header(new ProxyAuthNegotiator(CREDENTIALS).respond(['Digest realm="p"'], 'CONNECT', 'h:1'))).toBe(
      'fail:proxy_auth_malformed_challenge',
    )
  })
})

describe('ProxyAuthMemory', () => {
  const digest = 'Digest realm="r", nonce="n1", qop=auth'

  it('lets the next connection send Digest at once with the next nonce count', () => {
    const memory = new ProxyAuthMemory()
    const first = new ProxyAuthNegotiator(CREDENTIALS, { ...options, memory })
    expect(first.preemptive('CONNECT', 'h:1')).toBeUndefined()
    first.respond([digest], 'CONNECT', 'h:1')
    first.succeeded()
    const second = new ProxyAuthNegotiator(CREDENTIALS, { ...options, memory })
    const header = second.preemptive('CONNECT', 'h:1') ?? ''
    expect(header).toContain('nonce="n1"')
    expect(header).toContain('nc=00000002')
    expect(second.scheme).toBe('digest')
  })

  it('starts over, uncounted, when a remembered answer meets a fresh challenge', () => {
    const memory = new ProxyAuthMemory()
    memory.scheme = 'basic'
    const n = new ProxyAuthNegotiator(CREDENTIALS, { ...options, memory, maxRounds: 1 })
    expect(n.preemptive('CONNECT', 'h:1')).toMatch(/^Basic /)
    // Not "rejected": the proxy now wants Digest; the round limit of 1 still allows the real answer.
    expect(header(n.respond([digest], 'CONNECT', 'h:1'))).toMatch(/^Digest /)
    expect(memory.scheme).toBeUndefined()
    expect(header(n.respond([digest.replace('n1', 'n2')], 'CONNECT', 'h:1'))).toBe(
      'fail:proxy_auth_credentials_rejected',
    )
  })

  it('answers a stale nonce after a remembered Digest answer with the new nonce', () => {
    const memory = new ProxyAuthMemory()
    const first = new ProxyAuthNegotiator(CREDENTIALS, { ...options, memory })
    first.respond([digest], 'CONNECT', 'h:1')
    first.succeeded()
    const second = new ProxyAuthNegotiator(CREDENTIALS, { ...options, memory })
    second.preemptive('CONNECT', 'h:1')
    const step = header(second.respond([`${digest.replace('n1', 'n9')}, stale=true`], 'CONNECT', 'h:1'))
    expect(step).toContain('nonce="n9"')
    expect(step).toContain('nc=00000001')
  })

  it('never remembers NTLM (it authenticates one connection) nor anything without credentials', () => {
    const memory = new ProxyAuthMemory()
    const n = new ProxyAuthNegotiator(CREDENTIALS, { ...options, memory })
    n.respond(['NTLM'], 'CONNECT', 'h:1')
    n.respond([`NTLM ${type2()}`], 'CONNECT', 'h:1')
    n.succeeded()
    expect(memory.scheme).toBeUndefined()
    memory.scheme = 'basic'
    expect(new ProxyAuthNegotiator(undefined, { memory }).preemptive('CONNECT', 'h:1')).toBeUndefined()
  })
})
