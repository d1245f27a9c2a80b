// @vitest-environment jsdom
/**
 * How long the sidebar takes to render 10,000 conversations in jsdom. A measurement, not a test:
 * run with `npm run bench:sidebar`; it prints figures and asserts nothing about time.
 */
import '../renderer/setup'
import { act, render } from '@testing-library/react'
import { I18nextProvider } from 'react-i18next'
import { VirtuosoMockContext } from 'react-virtuoso'
import { describe, expect, it } from 'vitest'
import type { ConversationSummary } from '../../src/shared/domain'
import { ControllerContext } from '../../src/renderer/src/app/context'
import { AppController } from '../../src/renderer/src/app/controller'
import { i18n } from '../../src/renderer/src/app/i18n'
import { Sidebar } from '../../src/renderer/src/features/conversations/Sidebar'
import { FakeApi } from '../renderer/fake-api'

const COUNT = 10_000
const RUNS = 3
const HOUR = 60 * 60 * 1000

function summaries(count: number, now: number): ConversationSummary[] {
  return Array.from({ length: count }, (_, i) => ({
    id: `c${i}`,
    title: `Conversation number ${i}`,
    createdAt: now - i * HOUR,
    updatedAt: now - i * HOUR,
    model: null,
    messageCount: 4,
  }))
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)] ?? 0
}

describe('sidebar render time', () => {
  it(`renders ${COUNT} conversations`, { timeout: 600_000 }, () => {
    const mounts: number[] = []
    const updates: number[] = []
    for (let run = 0; run < RUNS; run++) {
      const controller = new AppController(new FakeApi())
      const now = Date.now()
      controller.conversations.set({ items: summaries(COUNT, now), loaded: true })
      let start = performance.now()
      const view = render(
        <VirtuosoMockContext.Provider value={{ viewportHeight: 800, itemHeight: 34 }}>
          <I18nextProvider i18n={i18n}>
            <ControllerContext.Provider value={controller}>
              <Sidebar />
            </ControllerContext.Provider>
          </I18nextProvider>
        </VirtuosoMockContext.Provider>,
      )
      mounts.push(performance.now() - start)
      expect(view.container.querySelector('.conversation__open')).not.toBeNull()
      // A reply finished: the list comes back with one conversation moved to the top.
      start = performance.now()
      act(() => {
        const [first, ...rest] = summaries(COUNT, now)
        const moved = rest.pop()
        if (first && moved) {
          controller.conversations.set({ items: [{ ...moved, updatedAt: now + HOUR }, first, ...rest] })
        }
      })
      updates.push(performance.now() - start)
      const rendered = view.container.querySelectorAll('.conversation').length
      view.unmount()
      if (run === RUNS - 1) {
        console.log(
          `sidebar, ${COUNT} conversations: mount ${median(mounts).toFixed(0)} ms, ` +
            `update ${median(updates).toFixed(0)} ms (median of ${RUNS}), ${rendered} items in the DOM`,
        )
      }
    }
  })
})
