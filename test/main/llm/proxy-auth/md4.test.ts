import { describe, expect, it } from 'vitest'
import { md4 } from '../../../../src/main/llm/proxy-auth/md4'

describe('md4', () => {
  // RFC 1320, appendix A.5: the complete test suite.
  const vectors: [string, string][] = [
    ['', '31d6cfe0d16ae931b73c59d7e0c089c0'],
    ['a', 'bde52cb31de33e46245e05fbdbd6fb24'],
    ['abc', 'a448017aaf21d8525fc10ae87aa6729d'],
    ['message digest', 'd9130a8164549fe818874806e1c7014b'],
    ['abcdefghijklmnopqrstuvwxyz', 'd79e1c308aa5bbcdeea8ed63df412da9'],
    ['ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789', '043f8582f241db351ce627e153e7f0e4'],
    [
      '12345678901234567890123456789012345678901234567890123456789012345678901234567890',
      'e33b4ddc9c38f2199c3e7b164fcc0536',
    ],
  ]

  it.each(vectors)('hashes %j as RFC 1320 says', (input, expected) => {
    expect(md4(Buffer.from(input, 'latin1')).toString('hex')).toBe(expected)
  })

  it('gives the NT hash of "Password" from MS-NLMP 4.2.2.1.2 (UTF-16LE input)', () => {
    expect(md4(Buffer.from('Password', 'utf16le')).toString('hex')).toBe('a4f49c406510bdcab6824ee7c30fd852')
  })

  it('pads correctly at every length around the 55/56/64-byte block edges', () => {
    // Lengths that end a block exactly or force an extra padding block: compare with a second, independent
    // path (hashing the same bytes from a sliced, offset view) and check that all results differ.
    const seen = new Set<string>()
    for (const length of [54, 55, 56, 57, 63, 64, 65, 119, 120, 128]) {
      const bytes = Buffer.alloc(length + 3, 0x61).subarray(3)
      const digest = md4(bytes).toString('hex')
      expect(md4(Buffer.from(bytes)).toString('hex')).toBe(digest)
      seen.add(digest)
    }
    expect(seen.size).toBe(10)
  })
})
