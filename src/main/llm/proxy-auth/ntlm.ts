/**
 * NTLMv2 for proxies (MS-NLMP): the Negotiate message, reading the server's Challenge, and the Authenticate
 * message with an NTLMv2 response. Pure functions over bytes; the clock and the client challenge come in as
 * arguments so the spec's test vectors (section 4.2.4) can be reproduced exactly.
 *
 * Not done, on purpose: NTLMv1 and LM (broken, and refused by any current domain policy), session security
 * (signing and sealing are for the protocol inside, not for an HTTP proxy), and the MIC, which the spec makes
 * a SHOULD only when the server sends a timestamp and which proxies do not require.
 */
import { createHmac } from 'node:crypto'
import { md4 } from './md4'

const SIGNATURE = Buffer.from('NTLMSSP\0', 'latin1')

/** NEGOTIATE flags (MS-NLMP 2.2.2.5) that this client uses or reads. */
export const NtlmFlag = {
  UNICODE: 0x00000001,
  OEM: 0x00000002,
  REQUEST_TARGET: 0x00000004,
  NTLM: 0x00000200,
  ALWAYS_SIGN: 0x00008000,
  EXTENDED_SESSION_SECURITY: 0x00080000,
  TARGET_INFO: 0x00800000,
  VERSION: 0x02000000,
  BITS_128: 0x20000000,
  KEY_EXCH: 0x40000000,
  BITS_56: 0x80000000,
} as const

/** What the client asks for: Unicode or OEM strings, NTLM with extended session security (required for v2). */
export const NEGOTIATE_FLAGS =
  NtlmFlag.UNICODE |
  NtlmFlag.OEM |
  NtlmFlag.REQUEST_TARGET |
  NtlmFlag.NTLM |
  NtlmFlag.ALWAYS_SIGN |
  NtlmFlag.EXTENDED_SESSION_SECURITY |
  NtlmFlag.BITS_128 |
  NtlmFlag.BITS_56

/** AV pair ids (MS-NLMP 2.2.2.1) read from the target info. */
export const AvId = {
  EOL: 0,
  NB_COMPUTER: 1,
  NB_DOMAIN: 2,
  DNS_COMPUTER: 3,
  DNS_DOMAIN: 4,
  TIMESTAMP: 7,
} as const

export interface NtlmIdentity {
  user: string
  domain: string
}

/**
 * Splits the user as people write it: `DOMAIN\user`, or `user@domain.example` (a UPN, which Windows sends as
 * the whole user name with an empty domain and the domain controller resolves), or a bare `user`.
 */
export function parseNtlmUser(written: string): NtlmIdentity {
  const slash = written.indexOf('\\')
  if (slash >= 0) return { domain: written.slice(0, slash), user: written.slice(slash + 1) }
  return { domain: '', user: written }
}

/** NTOWFv1: MD4 of the UTF-16LE password (the "NT hash"). */
export function ntHash(password: string): Buffer {
  return md4(Buffer.from(password, 'utf16le'))
}

const hmacMd5 = (key: Uint8Array, ...parts: Uint8Array[]): Buffer => {
  const mac = createHmac('md5', key)
  for (const part of parts) mac.update(part)
  return mac.digest()
}

/** NTOWFv2 (MS-NLMP 3.3.2): HMAC-MD5 keyed by the NT hash over the upper-cased user and the domain as typed. */
export function ntowfV2(password: string, user: string, domain: string): Buffer {
  return hmacMd5(ntHash(password), Buffer.from(user.toUpperCase() + domain, 'utf16le'))
}

/** Type 1: the flags and no domain or workstation (the proxy learns them from the Authenticate message). */
export function negotiateMessage(): Buffer {
  const message = Buffer.alloc(32)
  SIGNATURE.copy(message, 0)
  message.writeUInt32LE(1, 8)
  message.writeUInt32LE(NEGOTIATE_FLAGS >>> 0, 12)
  // Empty DomainNameFields and WorkstationFields, offsets pointing at the end of the message.
  message.writeUInt32LE(32, 20)
  message.writeUInt32LE(32, 28)
  return message
}

export interface AvPair {
  id: number
  value: Buffer
}

export interface NtlmChallenge {
  flags: number
  serverChallenge: Buffer
  /** The target name (the domain or server), decoded per the Unicode flag; empty when absent. */
  targetName: string
  /** The raw target info (AV pairs, ending with MsvAvEOL), echoed inside the NTLMv2 blob. */
  targetInfo: Buffer
  avPairs: AvPair[]
  /** MsvAvTimestamp's 8 bytes (a FILETIME) when the server sent one. */
  timestamp?: Buffer
}

export class NtlmMessageError extends Error {
  override readonly name = 'NtlmMessageError'
}

/** Reads an 8-byte security buffer header (length, max length, offset) and returns its slice of the message. */
function field(message: Buffer, at: number): Buffer {
  if (at + 8 > message.length) throw new NtlmMessageError('NTLM message is truncated.')
  const length = message.readUInt16LE(at)
  const offset = message.readUInt32LE(at + 4)
  if (length === 0) return Buffer.alloc(0)
  if (offset + length > message.length) throw new NtlmMessageError('NTLM field points past the message.')
  return message.subarray(offset, offset + length)
}

export function parseAvPairs(targetInfo: Buffer): AvPair[] {
  const pairs: AvPair[] = []
  let at = 0
  while (at + 4 <= targetInfo.length) {
    const id = targetInfo.readUInt16LE(at)
    const length = targetInfo.readUInt16LE(at + 2)
    if (id === AvId.EOL) return pairs
    if (at + 4 + length > targetInfo.length) throw new NtlmMessageError('NTLM target info is truncated.')
    pairs.push({ id, value: targetInfo.subarray(at + 4, at + 4 + length) })
    at += 4 + length
  }
  throw new NtlmMessageError('NTLM target info has no end marker.')
}

/** Parses a Challenge (type 2) message. Throws NtlmMessageError on anything malformed. */
export function parseChallengeMessage(message: Buffer): NtlmChallenge {
  if (message.length < 32 || !message.subarray(0, 8).equals(SIGNATURE) || message.readUInt32LE(8) !== 2) {
    throw new NtlmMessageError('Not an NTLM challenge message.')
  }
  const flags = message.readUInt32LE(20)
  const unicode = (flags & NtlmFlag.UNICODE) !== 0
  // The target name is informational only; some servers (Squid's ntlm_fake_auth) send a garbage offset.
  let targetName = ''
  try {
    targetName = field(message, 12).toString(unicode ? 'utf16le' : 'latin1')
  } catch {
    targetName = ''
  }
  const serverChallenge = Buffer.from(message.subarray(24, 32))
  // Old servers send the 32-byte minimum without target info; NTLMv2 then hashes an empty list.
  const targetInfo =
    message.length >= 48 && (flags & NtlmFlag.TARGET_INFO) !== 0
      ? Buffer.from(field(message, 40))
      : Buffer.alloc(0)
  const avPairs = targetInfo.length > 0 ? parseAvPairs(targetInfo) : []
  const stamp = avPairs.find((p) => p.id === AvId.TIMESTAMP && p.value.length === 8)
  return {
    flags,
    serverChallenge,
    targetName,
    targetInfo,
    avPairs,
    ...(stamp ? { timestamp: Buffer.from(stamp.value) } : {}),
  }
}

/** A Windows FILETIME (100 ns ticks since 1601-01-01), little-endian, from Unix milliseconds. */
export function fileTime(unixMs: number): Buffer {
  const ticks = (BigInt(Math.round(unixMs)) + 11_644_473_600_000n) * 10_000n
  const out = Buffer.alloc(8)
  out.writeBigUInt64LE(ticks)
  return out
}

export interface Ntlmv2Input {
  /** NTOWFv2 (also LMOWFv2: they are the same function in v2). */
  responseKey: Buffer
  serverChallenge: Buffer
  clientChallenge: Buffer
  /** 8-byte FILETIME: the server's MsvAvTimestamp if it sent one, else the client's clock. */
  timestamp: Buffer
  targetInfo: Buffer
}

export interface Ntlmv2Result {
  ntProofStr: Buffer
  /** NTProofStr followed by the client blob ("temp" in MS-NLMP 3.3.2). */
  ntChallengeResponse: Buffer
  /** LMv2: HMAC over both challenges, then the client challenge. */
  lmChallengeResponse: Buffer
  sessionBaseKey: Buffer
  /** The blob hashed after the server challenge (exposed for tests). */
  temp: Buffer
}

/** ComputeResponse for NTLMv2 (MS-NLMP 3.3.2). */
export function ntlmv2Response(input: Ntlmv2Input): Ntlmv2Result {
  const temp = Buffer.concat([
    Buffer.from([1, 1, 0, 0, 0, 0, 0, 0]), // Responserversion, HiResponserversion, six reserved zero bytes
    input.timestamp,
    input.clientChallenge,
    Buffer.alloc(4),
    input.targetInfo,
    Buffer.alloc(4),
  ])
  const ntProofStr = hmacMd5(input.responseKey, input.serverChallenge, temp)
  const lmProof = hmacMd5(input.responseKey, input.serverChallenge, input.clientChallenge)
  return {
    ntProofStr,
    ntChallengeResponse: Buffer.concat([ntProofStr, temp]),
    lmChallengeResponse: Buffer.concat([lmProof, input.clientChallenge]),
    sessionBaseKey: hmacMd5(input.responseKey, ntProofStr),
    temp,
  }
}

export interface AuthenticateInput {
  challenge: NtlmChallenge
  /** As the user wrote it: `DOMAIN\user`, `user@domain` or `user`. */
  username: string
  password: string
  /** The workstation name sent to the proxy; empty by default (it is only logged by the server). */
  workstation?: string
  /** Injected for deterministic tests; 8 random bytes otherwise. */
  clientChallenge: Buffer
  /** Unix milliseconds, used when the server sent no timestamp. */
  now: number
}

// Flags the client answers with: what the server offered, minus what this client does not implement.
const UNSUPPORTED_IN_REPLY = NtlmFlag.KEY_EXCH | NtlmFlag.VERSION | 0x10 | 0x20 // KEY_EXCH, VERSION, SIGN, SEAL

/** Type 3: the NTLMv2 answer to a parsed challenge. */
export function authenticateMessage(input: AuthenticateInput): Buffer {
  const { challenge } = input
  const { user, domain } = parseNtlmUser(input.username)
  const unicode = (challenge.flags & NtlmFlag.UNICODE) !== 0
  const text = (s: string): Buffer => Buffer.from(s, unicode ? 'utf16le' : 'latin1')
  const result = ntlmv2Response({
    responseKey: ntowfV2(input.password, user, domain),
    serverChallenge: challenge.serverChallenge,
    clientChallenge: input.clientChallenge,
    timestamp: challenge.timestamp ?? fileTime(input.now),
    targetInfo: challenge.targetInfo,
  })
  // With a server timestamp the spec says to send an all-zero LM response (MS-NLMP 3.1.5.1.2).
  const lm = challenge.timestamp ? Buffer.alloc(24) : result.lmChallengeResponse
  const payloads = [lm, result.ntChallengeResponse, text(domain), text(user), text(input.workstation ?? '')]
  // Lm, Nt, Domain, User, Workstation, EncryptedRandomSessionKey (empty), then NegotiateFlags at 60.
  const headerLength = 64
  const header = Buffer.alloc(headerLength)
  SIGNATURE.copy(header, 0)
  header.writeUInt32LE(3, 8)
  let offset = headerLength
  payloads.forEach((payload, i) => {
    header.writeUInt16LE(payload.length, 12 + i * 8)
    header.writeUInt16LE(payload.length, 14 + i * 8)
    header.writeUInt32LE(offset, 16 + i * 8)
    offset += payload.length
  })
  header.writeUInt32LE(offset, 52 + 4) // empty session key: offset at the end
  header.writeUInt32LE((challenge.flags & ~UNSUPPORTED_IN_REPLY) >>> 0, 60)
  return Buffer.concat([header, ...payloads])
}
