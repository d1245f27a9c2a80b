import { beforeEach, describe, expect, it, vi } from 'vitest'

vi.mock('electron', () => import('../../mocks/electron'))

import { MockWebContents, resetElectronMock } from '../../mocks/electron'
import { Events } from '../../../src/shared/contract'
import type { Notice } from '../../../src/shared/domain'
import { createWindowEventSink } from '../../../src/main/ipc/event-sink'

const notice = (id: string): Notice => ({
  id,
  level: 'warning',
  code: 'corrupt_file',
  message: `Set aside ${id}`,
})
type Target = Parameters<ReturnType<typeof createWindowEventSink>['attach']>[0]

beforeEach(() => {
  resetElectronMock()
})

describe('window event sink', () => {
  it('keeps notices raised before the page exists and delivers them once it has loaded', async () => {
    const sink = createWindowEventSink()
    sink.send(Events.notice, notice('n1'))
    const contents = new MockWebContents()
    sink.attach(contents as unknown as Target)
    const loading = contents.loadURL('app://proxychat/index.html')
    sink.send(Events.notice, notice('n2'))
    expect(contents.sentOn(Events.notice)).toEqual([])
    await loading
    expect(contents.sentOn(Events.notice)).toEqual([notice('n1'), notice('n2')])
  })

  it('sends live events straight to the page', async () => {
    const sink = createWindowEventSink()
    const contents = new MockWebContents()
    sink.attach(contents as unknown as Target)
    await contents.loadURL('app://proxychat/index.html')
    sink.send(Events.menuCommand, 'new-chat')
    sink.send(Events.conversationsChanged, null)
    expect(contents.sent).toEqual([
      { channel: Events.menuCommand, args: ['new-chat'] },
      { channel: Events.conversationsChanged, args: [null] },
    ])
  })

  it('drops live events without a page, and never throws once the page is gone', async () => {
    const sink = createWindowEventSink()
    expect(() => sink.send(Events.conversationsChanged, null)).not.toThrow()
    const contents = new MockWebContents()
    sink.attach(contents as unknown as Target)
    await contents.loadURL('app://proxychat/index.html')
    contents.destroy()
    expect(() => sink.send(Events.conversationsChanged, null)).not.toThrow()
    expect(contents.sent).toEqual([])
  })

  it('bounds the notices it keeps', async () => {
    const sink = createWindowEventSink()
    for (let i = 0; i < 500; i += 1) sink.send(Events.notice, notice(`n${i}`))
    const contents = new MockWebContents()
    sink.attach(contents as unknown as Target)
    await contents.loadURL('app://proxychat/index.html')
    expect(contents.sentOn(Events.notice)).toHaveLength(50)
  })
})
