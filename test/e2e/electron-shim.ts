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

/** Bytes as a tagged base64 string: structured clone carries a Uint8Array, the test bridge carries JSON. */
function encodeBytes(value: unknown): unknown {
  if (value instanceof Uint8Array) {
    let binary = ''
    for (let at = 0; at < value.length; at += 0x8000) {
      binary += String.fromCharCode(...value.subarray(at, at + 0x8000))
    }
    return { __e2eBytes: btoa(binary) }
  }
  if (Array.isArray(value)) return value.map(encodeBytes)
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, encodeBytes(v)]))
  }
  return value
}

export const ipcRenderer = {
  // Arguments cross as JSON, as structured clone would carry them (undefined arguments included).
  invoke: async (channel: string, ...args: unknown[]): Promise<unknown> =>
    JSON.parse(await harness.__e2eInvoke(channel, args.map(encodeBytes))) as unknown,
  on(channel: string, listener: Listener): void {
    let set = listeners.get(channel)
    if (!set) listeners.set(channel, (set = new Set()))
    set.add(listener)
  },
  removeListener(channel: string, listener: Listener): void {
    listeners.get(channel)?.delete(listener)
  },
}
