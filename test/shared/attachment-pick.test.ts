/** A pick over the limits attaches what fits, in order, and says which files were left out and why. */
import { describe, expect, it } from 'vitest'
import { ATTACHMENT_LIMITS, fitAttachments } from '../../src/shared/attachments'

const MB = 1024 * 1024
const file = (name: string, size = 1000) => ({ name, size })
const names = (files: readonly { name: string }[]) => files.map((f) => f.name)

describe('fitAttachments', () => {
  it('takes the first files up to the count and leaves out the rest, counting files already held', () => {
    const held = [file('held1'), file('held2'), file('held3')]
    const picked = Array.from({ length: 12 }, (_, i) => file(`f${i + 1}.txt`))
    const pick = fitAttachments(held, picked)
    expect(names(pick.accepted)).toEqual([
      'f1.txt',
      'f2.txt',
      'f3.txt',
      'f4.txt',
      'f5.txt',
      'f6.txt',
      'f7.txt',
    ])
    expect(pick.leftOut?.code).toBe('attachment_too_many')
    expect(pick.leftOut?.limit).toBe(ATTACHMENT_LIMITS.maxCount)
    expect(names(pick.leftOut?.files ?? [])).toEqual(['f8.txt', 'f9.txt', 'f10.txt', 'f11.txt', 'f12.txt'])
    expect(pick.tooLarge).toEqual([])
  })

  it('stops at the first file the total cannot take: later, smaller files are left out with it, in order', () => {
    const pick = fitAttachments(
      [file('held', 19 * MB)],
      [file('a.pdf', 19 * MB), file('b.pdf', 19 * MB), file('c.txt', 10)],
    )
    expect(names(pick.accepted)).toEqual(['a.pdf'])
    expect(pick.leftOut).toEqual({
      code: 'attachment_total_too_large',
      limit: ATTACHMENT_LIMITS.maxTotalBytes,
      files: [file('b.pdf', 19 * MB), file('c.txt', 10)],
    })
  })

  it('skips a file over the per-file limit on its own and goes on with the next', () => {
    const pick = fitAttachments([], [file('a.txt'), file('huge.iso', 21 * MB), file('b.txt')])
    expect(names(pick.accepted)).toEqual(['a.txt', 'b.txt'])
    expect(names(pick.tooLarge)).toEqual(['huge.iso'])
    expect(pick.leftOut).toBeNull()
  })

  it('exactly at the limits is fine', () => {
    const pick = fitAttachments(
      [],
      Array.from({ length: 10 }, (_, i) => file(`p${i}`, 5 * MB)),
    )
    expect(pick.accepted).toHaveLength(10)
    expect(pick.leftOut).toBeNull()
  })
})
