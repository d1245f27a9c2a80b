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

let uploads = 0

/**
 * Bytes as a tag naming an upload. On the page's thread Electron copies them as the context bridge hands
 * them to the preload and again as its IPC serializes the call (a new Uint8Array and a Blob of it: the
 * same two copies here, to err on the slow side), then carries them to main off this thread (a POST of the
 * Blob to the harness's server does; a POST of the bytes themselves would copy them once more here).
 * Base64 or JSON in the page would be the test bridge's own cost, with long tasks the app does not have
 * (see test/bench/attach-tasks.bench.ts).
 */
async function encodeBytes(value: unknown): Promise<unknown> {
  if (value instanceof Uint8Array) {
    const id = `${Date.now()}-${(uploads += 1)}`
    const response = await fetch(`/__e2e/bytes/${id}`, {
      method: 'POST',
      // new Uint8Array(value) copies, as the bridge does; the Blob copies again, as the IPC does.
      body: new Blob([new Uint8Array(value)]),
    })
    if (!response.ok) throw new Error(`The harness did not take the bytes (${response.status})`)
    return { __e2eBytes: id }
  }
  if (Array.isArray(value)) return Promise.all(value.map(encodeBytes))
  if (typeof value === 'object' && value !== null) {
    const entries = await Promise.all(Object.entries(value).map(async ([k, v]) => [k, await encodeBytes(v)]))
    return Object.fromEntries(entries) as unknown
  }
  return value
}

export const ipcRenderer = {
  // Arguments cross as JSON, as structured clone would carry them (undefined arguments included).
  invoke: async (channel: string, ...args: unknown[]): Promise<unknown> =>
    JSON.parse(await harness.__e2eInvoke(channel, await Promise.all(args.map(encodeBytes)))) as unknown,
  on(channel: string, listener: Listener): void {
    let set = listeners.get(channel)
    if (!set) listeners.set(channel, (set = new Set()))
    set.add(listener)
  },
  removeListener(channel: string, listener: Listener): void {
    listeners.get(channel)?.delete(listener)
  },
}
