import { describe, expect, it } from 'vitest'
import { Throttle } from '../../../src/main/chat/coalescer'
import { manualScheduler } from '../../fixtures/manual-scheduler'

describe('Throttle', () => {
  it('runs the first request at once, then at most once per interval', () => {
    const scheduler = manualScheduler()
    const runs: number[] = []
    const throttle = new Throttle(() => runs.push(scheduler.now()), 17, scheduler)
    throttle.request()
    throttle.request()
    throttle.request()
    expect(runs).toEqual([0])
    scheduler.advance(17)
    expect(runs).toEqual([0, 17])
    scheduler.advance(100)
    expect(runs).toEqual([0, 17])
  })

  it('never runs sooner than the interval, even when timers fire early', () => {
    const scheduler = manualScheduler(3)
    const runs: number[] = []
    const throttle = new Throttle(() => runs.push(scheduler.now()), 17, scheduler)
    for (let t = 0; t < 1000; t++) {
      throttle.request()
      scheduler.advance(1)
    }
    for (let i = 1; i < runs.length; i++)
      expect((runs[i] ?? 0) - (runs[i - 1] ?? 0)).toBeGreaterThanOrEqual(17)
    expect(runs.length).toBeGreaterThan(50)
    expect(runs.length).toBeLessThanOrEqual(60)
  })

  it('flush runs a pending request now; cancel drops it', () => {
    const scheduler = manualScheduler()
    let runs = 0
    const throttle = new Throttle(() => runs++, 17, scheduler)
    throttle.request()
    throttle.request()
    throttle.flush()
    expect(runs).toBe(2)
    throttle.flush()
    expect(runs).toBe(2)
    scheduler.advance(5)
    throttle.request()
    throttle.cancel()
    scheduler.advance(100)
    expect(runs).toBe(2)
  })
})
