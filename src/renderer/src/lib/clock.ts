/** The window's sense of time, injectable so that tests drive it instead of waiting. */
export interface Clock {
  /** Epoch milliseconds. */
  now(): number
  /** Calls `tick` every `ms` until the returned function is called. */
  every(ms: number, tick: () => void): () => void
}

export const realClock: Clock = {
  now: () => Date.now(),
  every: (ms, tick) => {
    const timer = setInterval(tick, ms)
    return () => clearInterval(timer)
  },
}
