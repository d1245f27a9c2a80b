import { describe, expect, it } from 'vitest'
import {
  AvId,
  NtlmFlag,
  NtlmMessageError,
  authenticateMessage,
  fileTime,
  negotiateMessage,
  ntHash,
  ntlmv2Response,
  ntowfV2,
  parseAvPairs,
  parseChallengeMessage,
  parseNtlmUser,
} from '../../../../src/main/llm/proxy-auth/ntlm'

const hex = (s: string): Buffer => Buffer.from(s.replace(/\s+/g, ''), 'hex')

// MS-NLMP section 4.2.1 (common values) and 4.2.4 (NTLMv2).
const SPEC = {
  user: 'User',
  domain: 'Domain',
  password: 'Password',
  serverChallenge: hex('0123456789abcdef'),
  clientChallenge: hex('aaaaaaaaaaaaaaaa'),
  time: Buffer.alloc(8),
  // 4.2.4.3: the Challenge message as the server sends it.
  challengeMessage: hex(`
    4e544c4d53535000 02000000 0c000c00 38000000 33828ae2 0123456789abcdef 0000000000000000
    24002400 44000000 060070170000000f 530065007200760065007200
    02000c0044006f006d00610069006e00 01000c00530065007200760065007200 00000000`),
  // 4.2.4.1.1 NTOWFv2, 4.2.4.1.2 SessionBaseKey, 4.2.4.2.1 LMv2, 4.2.4.2.2 NTProofStr.
  ntowfV2: '0c868a403bfd7a93a3001ef22ef02e3f',
  sessionBaseKey: '8de40ccadbc14a82f15cb0ad0de95ca3',
  lmv2: '86c35097ac9cec102554764a57cccc19aaaaaaaaaaaaaaaa',
  ntProofStr: '68cd0ab851e51c96aabc927bebef6a1c',
  targetInfo: '02000c0044006f006d00610069006e0001000c005300650072007600650072000000 0000',
}

describe('NTLMv2 against MS-NLMP 4.2.4', () => {
  it('computes NTOWFv2 for User / Domain / Password', () => {
    expect(ntHash(SPEC.password).toString('hex')).toBe('a4f49c406510bdcab6824ee7c30fd852')
    expect(ntowfV2(SPEC.password, SPEC.user, SPEC.domain).toString('hex')).toBe(SPEC.ntowfV2)
    // The user is upper-cased, the domain is not.
    expect(ntowfV2(SPEC.password, 'USER', SPEC.domain).toString('hex')).toBe(SPEC.ntowfV2)
    expect(ntowfV2(SPEC.password, SPEC.user, 'DOMAIN').toString('hex')).not.toBe(SPEC.ntowfV2)
  })

  it('parses the spec Challenge message: flags, server challenge, target name and AV pairs', () => {
    const challenge = parseChallengeMessage(SPEC.challengeMessage)
    expect(challenge.flags >>> 0).toBe(0xe28a8233)
    expect(challenge.serverChallenge.toString('hex')).toBe('0123456789abcdef')
    expect(challenge.targetName).toBe('Server')
    expect(challenge.targetInfo.toString('hex')).toBe(SPEC.targetInfo.replace(/\s/g, ''))
    expect(challenge.avPairs.map((p) => [p.id, p.value.toString('utf16le')])).toEqual([
      [AvId.NB_DOMAIN, 'Domain'],
      [AvId.NB_COMPUTER, 'Server'],
    ])
    expect(challenge.timestamp).toBeUndefined()
  })

  it('computes the spec NTProofStr, LMv2 response, session base key and blob', () => {
    const challenge = parseChallengeMessage(SPEC.challengeMessage)
    const result = ntlmv2Response({
      responseKey: ntowfV2(SPEC.password, SPEC.user, SPEC.domain),
      serverChallenge: challenge.serverChallenge,
      clientChallenge: SPEC.clientChallenge,
      timestamp: SPEC.time,
      targetInfo: challenge.targetInfo,
    })
    expect(result.ntProofStr.toString('hex')).toBe(SPEC.ntProofStr)
    expect(result.lmChallengeResponse.toString('hex')).toBe(SPEC.lmv2)
    expect(result.sessionBaseKey.toString('hex')).toBe(SPEC.sessionBaseKey)
    // 4.2.4.1.3 "temp": header, zero time, client challenge, 4 zero bytes, AV pairs, 4 zero bytes.
    expect(result.temp.toString('hex')).toBe(
      '0101000000000000' +
        '0000000000000000' +
        'aaaaaaaaaaaaaaaa' +
        '00000000' +
        SPEC.targetInfo.replace(/\s/g, '') +
        '00000000',
    )
    expect(result.ntChallengeResponse.subarray(16).equals(result.temp)).toBe(true)
  })

  it('builds an Authenticate message carrying the spec responses, domain, user and flags', () => {
    const challenge = parseChallengeMessage(SPEC.challengeMessage)
    // Time 0 reproduces the spec's blob: the injected clock is the Unix time of FILETIME 0.
    const message = authenticateMessage({
      challenge,
      username: 'Domain\\User',
      password: SPEC.password,
      workstation: 'COMPUTER',
      clientChallenge: SPEC.clientChallenge,
      now: -11_644_473_600_000,
    })
    const slice = (at: number): Buffer => {
      const length = message.readUInt16LE(at)
      const offset = message.readUInt32LE(at + 4)
      return message.subarray(offset, offset + length)
    }
    expect(message.subarray(0, 12).toString('hex')).toBe('4e544c4d5353500003000000')
    expect(slice(12).toString('hex')).toBe(SPEC.lmv2)
    expect(slice(20).subarray(0, 16).toString('hex')).toBe(SPEC.ntProofStr)
    expect(slice(20).length).toBe(16 + 28 + 36 + 4)
    expect(slice(28).toString('utf16le')).toBe('Domain')
    expect(slice(36).toString('utf16le')).toBe('User')
    expect(slice(44).toString('utf16le')).toBe('COMPUTER')
    expect(slice(52).length).toBe(0)
    const flags = message.readUInt32LE(60)
    // Echoes the server's flags, without key exchange, version, signing or sealing (not implemented).
    expect(flags & NtlmFlag.UNICODE).toBe(NtlmFlag.UNICODE)
    expect(flags & NtlmFlag.EXTENDED_SESSION_SECURITY).toBe(NtlmFlag.EXTENDED_SESSION_SECURITY)
    expect(flags & (NtlmFlag.KEY_EXCH | NtlmFlag.VERSION | 0x30)).toBe(0)
  })
})

describe('NTLM messages', () => {
  it('sends a 32-byte Negotiate message asking for Unicode and NTLM with extended session security', () => {
    const message = negotiateMessage()
    expect(message.length).toBe(32)
    expect(message.subarray(0, 8).toString('latin1')).toBe('NTLMSSP\0')
    expect(message.readUInt32LE(8)).toBe(1)
    const flags = message.readUInt32LE(12)
    for (const flag of [NtlmFlag.UNICODE, NtlmFlag.NTLM, NtlmFlag.EXTENDED_SESSION_SECURITY]) {
      expect(flags & flag).toBe(flag)
    }
  })

  it('uses the server timestamp when it sends one, and then a zero LM response', () => {
    const stamp = fileTime(Date.UTC(2024, 0, 2))
    const targetInfo = Buffer.concat([
      hex('02000c00'),
      Buffer.from('Domain', 'utf16le'),
      hex('07000800'),
      stamp,
      hex('00000000'),
    ])
    const challenge = buildChallenge(NtlmFlag.UNICODE | NtlmFlag.TARGET_INFO, targetInfo)
    const parsed = parseChallengeMessage(challenge)
    expect(parsed.timestamp?.equals(stamp)).toBe(true)
    const message = authenticateMessage({
      challenge: parsed,
      username: 'Domain\\User',
      password: 'Password',
      clientChallenge: SPEC.clientChallenge,
      now: 0, // ignored: the server's time wins
    })
    const lmOffset = message.readUInt32LE(16)
    expect(message.subarray(lmOffset, lmOffset + 24).equals(Buffer.alloc(24))).toBe(true)
    const ntOffset = message.readUInt32LE(24)
    expect(message.subarray(ntOffset + 24, ntOffset + 32).equals(stamp)).toBe(true)
  })

  it('falls back to the client clock without a server timestamp and to OEM strings without Unicode', () => {
    const parsed = parseChallengeMessage(buildChallenge(NtlmFlag.OEM, Buffer.alloc(0)))
    expect(parsed.targetInfo.length).toBe(0)
    const now = Date.UTC(2017, 4, 23, 20, 13, 7)
    const message = authenticateMessage({
      challenge: parsed,
      username: 'user@corp.example',
      password: 'pw',
      clientChallenge: SPEC.clientChallenge,
      now,
    })
    const ntOffset = message.readUInt32LE(24)
    // Chromium's test vector for this instant (kClientTimestamp = 131400439870000000).
    expect(message.readBigUInt64LE(ntOffset + 24)).toBe(131400439870000000n)
    const userOffset = message.readUInt32LE(40)
    expect(message.subarray(userOffset, userOffset + message.readUInt16LE(36)).toString('latin1')).toBe(
      'user@corp.example',
    )
    expect(message.readUInt16LE(28)).toBe(0) // a UPN goes with an empty domain
  })

  it('reads user names as people write them', () => {
    expect(parseNtlmUser('CORP\\alice')).toEqual({ domain: 'CORP', user: 'alice' })
    expect(parseNtlmUser('alice@corp.example')).toEqual({ domain: '', user: 'alice@corp.example' })
    expect(parseNtlmUser('alice')).toEqual({ domain: '', user: 'alice' })
  })

  it('rejects malformed challenges instead of reading past them', () => {
    expect(() => parseChallengeMessage(Buffer.from('NTLMSSP\0'))).toThrow(NtlmMessageError)
    expect(() => parseChallengeMessage(negotiateMessage())).toThrow(NtlmMessageError)
    const lying = Buffer.from(SPEC.challengeMessage)
    lying.writeUInt32LE(0x1000, 44) // target info offset past the end
    expect(() => parseChallengeMessage(lying)).toThrow(NtlmMessageError)
    expect(() => parseAvPairs(hex('02000c00'))).toThrow(NtlmMessageError)
    // Squid's ntlm_fake_auth: a target name offset into nowhere, no target info flag. Readable all the same.
    const squid = parseChallengeMessage(
      Buffer.from('TlRMTVNTUAACAAAACQAJAK6qqqoGgggAHMZko9ySahMAAAAAAAA6AFdPUktHUk9VUA==', 'base64'),
    )
    expect([squid.targetName, squid.targetInfo.length, squid.serverChallenge.toString('hex')]).toEqual([
      '',
      0,
      '1cc664a3dc926a13',
    ])
    expect(() => parseAvPairs(hex('02000000'))).toThrow(/end marker/)
  })
})

function buildChallenge(flags: number, targetInfo: Buffer): Buffer {
  const header = Buffer.alloc(48)
  header.write('NTLMSSP\0', 0, 'latin1')
  header.writeUInt32LE(2, 8)
  header.writeUInt32LE(48, 16)
  header.writeUInt32LE(flags >>> 0, 20)
  SPEC.serverChallenge.copy(header, 24)
  header.writeUInt16LE(targetInfo.length, 40)
  header.writeUInt16LE(targetInfo.length, 42)
  header.writeUInt32LE(48, 44)
  return Buffer.concat([header, targetInfo])
}
