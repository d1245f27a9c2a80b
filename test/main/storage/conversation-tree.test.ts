import { describe, expect, it } from 'vitest'
import {
  addVersion,
  appendToBranch,
  linkLinear,
  removeFromTree,
  selectVersion,
  treeProblem,
  visibleBranch,
  visibleConversation,
} from '../../../src/main/storage/conversation-tree'
import { linkMessages } from '../../../src/main/storage/conversation-file'
import type { Conversation, Message } from '../../../src/shared/domain'

function msg(id: string, role: Message['role'] = 'user'): Message {
  return { id, role, content: `text of ${id}`, createdAt: 1, status: 'done' }
}

function empty(): Conversation {
  return {
    id: 'conv-tree-0001',
    title: '',
    createdAt: 0,
    updatedAt: 0,
    model: null,
    systemPrompt: '',
    messages: [],
  }
}

const ids = (c: Conversation): string[] => visibleBranch(c).map((m) => m.id)

/** q → a1 | a2 (regenerated) → f (follow-up on a2). */
function regenerated(): Conversation {
  let c = appendToBranch(empty(), msg('q'))
  c = appendToBranch(c, msg('a1', 'assistant'))
  c = addVersion(c, 'a1', msg('a2', 'assistant'))
  return appendToBranch(c, msg('f'))
}

describe('conversation tree', () => {
  it('appends to the visible branch and shows a new version with its place among versions', () => {
    const c = regenerated()
    expect(ids(c)).toEqual(['q', 'a2', 'f'])
    expect(visibleBranch(c).map((m) => m.versions)).toEqual([undefined, { index: 2, count: 2 }, undefined])
    expect(c.messages.map((m) => [m.id, m.parentId])).toEqual([
      ['q', null],
      ['a1', 'q'],
      ['a2', 'q'],
      ['f', 'a2'],
    ])
    // The window gets no links and no tree fields.
    expect(visibleBranch(c)[0]).not.toHaveProperty('parentId')
    expect(visibleConversation(selectVersion(c, 'a2', 1))).not.toHaveProperty('selected')
  })

  it('switches versions, follows the branch below the chosen one, and leaves its input alone', () => {
    const c = regenerated()
    const first = selectVersion(c, 'a2', 1)
    expect(ids(first)).toEqual(['q', 'a1'])
    expect(ids(c)).toEqual(['q', 'a2', 'f'])
    // A follow-up on version 1 goes under version 1; version 2 keeps its own.
    const branched = appendToBranch(first, msg('g'))
    expect(ids(branched)).toEqual(['q', 'a1', 'g'])
    expect(ids(selectVersion(branched, 'a1', 2))).toEqual(['q', 'a2', 'f'])
    // Choosing the newest again needs no entry.
    expect(selectVersion(first, 'a1', 2).selected).toBeUndefined()
    expect(() => selectVersion(c, 'a2', 3)).toThrow(/no version 3/)
    expect(() => selectVersion(c, 'zz', 1)).toThrow(/No message/)
  })

  it('keeps an edited first message as a version of the original, with its whole branch', () => {
    let c = addVersion(regenerated(), 'q', msg('q2'))
    c = appendToBranch(c, msg('b', 'assistant'))
    expect(ids(c)).toEqual(['q2', 'b'])
    expect(visibleBranch(c)[0]?.versions).toEqual({ index: 2, count: 2 })
    expect(ids(selectVersion(c, 'q2', 1))).toEqual(['q', 'a2', 'f'])
    expect(() => addVersion(c, 'q', msg('b'))).toThrow(/already exists/)
  })

  it('removes one message: what followed it moves up, and the visible branch loses only it', () => {
    const c = removeFromTree(regenerated(), 'a2')
    expect(ids(c)).toEqual(['q', 'f'])
    expect(c.messages.map((m) => m.id)).toEqual(['q', 'a1', 'f'])
    const hidden = removeFromTree(selectVersion(regenerated(), 'a2', 1), 'a2')
    expect(ids(hidden)).toEqual(['q', 'a1'])
  })

  it('links a flat list (older files and exports) into one branch, keeping links already there', () => {
    const flat = [msg('m1'), msg('m2', 'assistant'), msg('m3')]
    expect(linkLinear(flat).map((m) => m.parentId)).toEqual([null, 'm1', 'm2'])
    const mixed = [{ ...msg('m1'), parentId: null }, { ...msg('m2'), parentId: null }, msg('m3')]
    expect(linkLinear(mixed).map((m) => m.parentId)).toEqual([null, null, 'm2'])
  })

  it('migrates a version 1 file: every message follows the one before it; anything else is left alone', () => {
    const v1 = { schemaVersion: 1, id: 'x', messages: [msg('m1'), msg('m2'), 'junk', msg('m3')] }
    expect(linkMessages(v1)).toEqual({
      schemaVersion: 1,
      id: 'x',
      messages: [
        { ...msg('m1'), parentId: null },
        { ...msg('m2'), parentId: 'm1' },
        'junk',
        { ...msg('m3'), parentId: 'm2' },
      ],
    })
    expect(linkMessages({ messages: 'not a list' })).toEqual({ messages: 'not a list' })
  })

  it('names a parent that is not an earlier message (a cycle, a dangling link)', () => {
    expect(treeProblem(regenerated().messages)).toBeUndefined()
    expect(
      treeProblem([
        { ...msg('a'), parentId: 'b' },
        { ...msg('b'), parentId: 'a' },
      ]),
    ).toMatch(/follows b/)
    expect(treeProblem([{ ...msg('a'), parentId: 'nowhere' }])).toMatch(/not an earlier/)
  })

  it('builds the visible branch of 2,000 messages with 10 versions each in linear time', () => {
    let c = empty()
    for (let i = 0; i < 200; i++) {
      c = appendToBranch(c, msg(`u${i}`))
      c = appendToBranch(c, msg(`a${i}-0`, 'assistant'))
      for (let v = 1; v < 10; v++) c = addVersion(c, `a${i}-0`, msg(`a${i}-${v}`, 'assistant'))
    }
    expect(c.messages).toHaveLength(2200)
    const branch = visibleBranch(c)
    expect(branch).toHaveLength(400)
    expect(branch[1]).toMatchObject({ id: 'a0-9', versions: { index: 10, count: 10 } })
  })
})
