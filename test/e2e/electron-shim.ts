/**
 * Stands in for `electron` when the real preload (src/preload/index.ts) is bundled into the test page:
 * contextBridge puts the API on `window`, and ipcRenderer talks to the harness's bindings, which run the
 * real IPC handlers (sender check, validation, backend) in the test's Node process.
 */
type Listener = (event: unknown, payload: unknown) => void

interface HarnessWindow {
  /** Answers with the IPC result as a JSON string. */
  __e2eInvoke(channel: string, args: unknown[]): Promise<string>
  __e2eEmit?: (channel: string, payload: unknown) => void
}

const harness = window as unknown as Window & HarnessWindow & Record<string, unknown>
const listeners = new Map<string, Set<Listener>>()

harness.__e2eEmit = (channel, payload) => {
  for (const listener of listeners.get(channel) ?? []) listener({ sender: null }, payload)
}

export const contextBridge = {
  exposeInMainWorld(key: string, api: unknown): void {
    Object.defineProperty(harness, key, { value: Object.freeze(api), writable: false, configurable: false })
  },
}

export const ipcRenderer = {
  // Arguments cross as JSON, as structured clone would carry them (undefined arguments included).
  invoke: async (channel: string, ...args: unknown[]): Promise<unknown> =>
    JSON.parse(await harness.__e2eInvoke(channel, args)) as unknown,
  on(channel: string, listener: Listener): void {
    let set = listeners.get(channel)
    if (!set) listeners.set(channel, (set = new Set()))
    set.add(listener)
  },
  removeListener(channel: string, listener: Listener): void {
    listeners.get(channel)?.delete(listener)
  },
}
