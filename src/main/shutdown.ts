/**
 * Quitting without losing anything, whatever ends the app: the user (before-quit), Windows ending the session,
 * the system shutting down, or a signal. No Electron import: index.ts wires these to Electron's events.
 */

/** The signals that ask a process to end; each becomes a graceful quit. */
export const QUIT_SIGNALS = ['SIGTERM', 'SIGINT', 'SIGHUP'] as const
export type QuitSignal = (typeof QUIT_SIGNALS)[number]

/** The part of `process` used to listen for signals. */
export interface SignalSource {
  on(signal: QuitSignal, listener: (signal: QuitSignal) => void): unknown
  off(signal: QuitSignal, listener: (signal: QuitSignal) => void): unknown
}

/**
 * Turns SIGTERM, SIGINT and SIGHUP into `quit()`. The listeners stay for the life of the process, on
 * purpose: conf/electron-store's `when-exit` listens once and re-raises the signal after its own clean-up;
 * with a listener of ours still there Node does not apply the default action (ending the process at once),
 * so the re-raised signal arrives here and is ignored by a quit already under way. Returns a remover.
 */
export function quitOnSignals(source: SignalSource, quit: (signal: QuitSignal) => void): () => void {
  const listener = (signal: QuitSignal): void => {
    quit(signal)
  }
  for (const signal of QUIT_SIGNALS) source.on(signal, listener)
  return () => {
    for (const signal of QUIT_SIGNALS) source.off(signal, listener)
  }
}

/**
 * Runs `stop` once, however many times it is asked (before-quit, session-end, shutdown, signals may all
 * come), and gives up waiting after `timeoutMs` so a hung save never keeps the app from quitting.
 */
export function once(
  stop: () => Promise<void>,
  options: {
    timeoutMs: number
    onError: (error: unknown) => void
    setTimer?: (run: () => void, ms: number) => unknown
    clearTimer?: (handle: unknown) => void
  },
): () => Promise<void> {
  const setTimer = options.setTimer ?? ((run, ms) => setTimeout(run, ms))
  const clearTimer =
    options.clearTimer ??
    ((handle) => {
      clearTimeout(handle as ReturnType<typeof setTimeout>)
    })
  let running: Promise<void> | null = null
  return () => {
    running ??= (async () => {
      let timer: unknown
      const timeout = new Promise<void>((resolve) => {
        timer = setTimer(() => {
          options.onError(new Error('Shutdown took too long; quitting anyway.'))
          resolve()
        }, options.timeoutMs)
      })
      try {
        await Promise.race([stop(), timeout])
      } catch (error) {
        options.onError(error)
      } finally {
        clearTimer(timer)
      }
    })()
    return running
  }
}
