/**
 * Limits how often a stream's deltas are sent to the window: at most one message per interval,
 * whatever the provider's rate. The first delta after a quiet period goes out at once (low latency);
 * a burst is gathered into one message at the end of the interval.
 */
export interface Scheduler {
  now(): number
  setTimeout(fn: () => void, ms: number): unknown
  clearTimeout(handle: unknown): void
}

export const realScheduler: Scheduler = {
  now: () => performance.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
}

/** At most 60 messages in any second (1000 / 60 rounded up, so timer jitter cannot squeeze in a 61st). */
export const DELTA_INTERVAL_MS = 17

export class Throttle {
  #lastRun = Number.NEGATIVE_INFINITY
  #timer: unknown = undefined

  constructor(
    private readonly run: () => void,
    private readonly intervalMs: number = DELTA_INTERVAL_MS,
    private readonly scheduler: Scheduler = realScheduler,
  ) {}

  /** Asks for a run: now if the interval has passed, otherwise once at its end. */
  request(): void {
    if (this.#timer !== undefined) return
    const wait = this.#lastRun + this.intervalMs - this.scheduler.now()
    if (wait <= 0) {
      this.#fire()
      return
    }
    this.#schedule(wait)
  }

  #schedule(wait: number): void {
    this.#timer = this.scheduler.setTimeout(() => {
      this.#timer = undefined
      // Timers measure from the event loop's cached clock and can fire a little early: never run sooner.
      const remaining = this.#lastRun + this.intervalMs - this.scheduler.now()
      if (remaining > 0) this.#schedule(remaining)
      else this.#fire()
    }, wait)
  }

  /** Runs now if a run is pending (before done/stop/error, so no text is left behind). */
  flush(): void {
    if (this.#timer === undefined) return
    this.cancel()
    this.#fire()
  }

  cancel(): void {
    if (this.#timer === undefined) return
    this.scheduler.clearTimeout(this.#timer)
    this.#timer = undefined
  }

  #fire(): void {
    this.#lastRun = this.scheduler.now()
    this.run()
  }
}
