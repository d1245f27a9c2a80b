/**
 * MD4 (RFC 1320), needed only for NTLM's NT hash. Node's OpenSSL 3 moved MD4 to the legacy provider, so
 * `createHash('md4')` throws on most builds; this small implementation is checked against RFC 1320's vectors.
 * MD4 is broken as a general hash: use it for nothing but NTOWF.
 */

const rotl = (x: number, n: number): number => (x << n) | (x >>> (32 - n))

// The three rounds' auxiliary functions (RFC 1320 section 3.4).
const f = (x: number, y: number, z: number): number => (x & y) | (~x & z)
const g = (x: number, y: number, z: number): number => (x & y) | (x & z) | (y & z)
const h = (x: number, y: number, z: number): number => x ^ y ^ z

const ROUND2_CONSTANT = 0x5a827999
const ROUND3_CONSTANT = 0x6ed9eba1
// Word order and shifts per round: round 2 walks the words by column, round 3 in bit-reversed order.
const ROUND1_SHIFTS = [3, 7, 11, 19]
const ROUND2_ORDER = [0, 4, 8, 12, 1, 5, 9, 13, 2, 6, 10, 14, 3, 7, 11, 15]
const ROUND2_SHIFTS = [3, 5, 9, 13]
const ROUND3_ORDER = [0, 8, 4, 12, 2, 10, 6, 14, 1, 9, 5, 13, 3, 11, 7, 15]
const ROUND3_SHIFTS = [3, 9, 11, 15]

/** Appends the 0x80 byte, zeros to 56 mod 64, and the bit length as a 64-bit little-endian number. */
function pad(message: Uint8Array): Buffer {
  const length = message.length
  const padded = Buffer.alloc((((length + 8) >> 6) + 1) << 6)
  padded.set(message)
  padded[length] = 0x80
  const bits = length * 8
  padded.writeUInt32LE(bits >>> 0, padded.length - 8)
  padded.writeUInt32LE(Math.floor(bits / 0x100000000), padded.length - 4)
  return padded
}

export function md4(message: Uint8Array): Buffer {
  const data = pad(message)
  type Words = [number, number, number, number]
  let state: Words = [0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476]
  const x = new Array<number>(16)

  for (let offset = 0; offset < data.length; offset += 64) {
    for (let i = 0; i < 16; i++) x[i] = data.readInt32LE(offset + i * 4)
    const [a0, b0, c0, d0] = state
    // abcd rotates each step: the register written is always v[0], then the array turns right by one.
    let v: Words = [a0, b0, c0, d0]
    const step = (fn: typeof f, k: number, s: number, t: number): void => {
      const [a, b, c, d] = v
      const next = rotl((a + fn(b, c, d) + (x[k] ?? 0) + t) | 0, s)
      v = [d, next, b, c]
    }
    for (let i = 0; i < 16; i++) step(f, i, ROUND1_SHIFTS[i % 4] ?? 0, 0)
    for (let i = 0; i < 16; i++) step(g, ROUND2_ORDER[i] ?? 0, ROUND2_SHIFTS[i % 4] ?? 0, ROUND2_CONSTANT)
    for (let i = 0; i < 16; i++) step(h, ROUND3_ORDER[i] ?? 0, ROUND3_SHIFTS[i % 4] ?? 0, ROUND3_CONSTANT)
    state = [(a0 + v[0]) | 0, (b0 + v[1]) | 0, (c0 + v[2]) | 0, (d0 + v[3]) | 0]
  }

  const out = Buffer.alloc(16)
  state.forEach((word, i) => out.writeInt32LE(word | 0, i * 4))
  return out
}
