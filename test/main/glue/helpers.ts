/** Shared pieces for the glue tests: a recording Backend and a sample of every payload. */
import { vi } from 'vitest'
import type { Mock } from 'vitest'
import type { Backend, Channel } from '../../../src/shared/contract'
import { listIpcMethods } from '../../../src/shared/ipc-methods'
import type { IpcMethodId } from '../../../src/shared/ipc-methods'

/** Every Backend method, as `group.method` (the IPC table's ids). */
export type MethodName = IpcMethodId

export interface RecordingBackend {
  backend: Backend
  /** The mock behind each method; each resolves with `{ from: 'group.method' }` unless told otherwise. */
  methods: Record<MethodName, Mock<(...args: unknown[]) => Promise<unknown>>>
  totalCalls(): number
}

/** A Backend with a recording mock for every method of the IPC table. */
export function createRecordingBackend(): RecordingBackend {
  const methods = {} as RecordingBackend['methods']
  const backend: Record<string, Record<string, unknown>> = {}
  for (const { namespace, name, id } of listIpcMethods()) {
    const method = vi.fn((..._args: unknown[]) => Promise.resolve<unknown>({ from: id }))
    methods[id] = method
    const group = (backend[namespace] ??= {})
    group[name] = method
  }
  return {
    backend: backend as unknown as Backend,
    methods,
    totalCalls: () => Object.values(methods).reduce((sum, method) => sum + method.mock.calls.length, 0),
  }
}

export const MODEL = { providerId: 'openai', model: 'gpt-4o-mini' }

export const PROVIDER = {
  id: 'openai',
  kind: 'openai',
  name: 'OpenAI',
  baseURL: 'https://api.openai.com/v1',
  enabled: true,
} as const

export const PROXY = {
  mode: 'manual',
  httpProxy: 'http://proxy.local:3128',
  httpsProxy: '',
  useHttpForHttps: true,
  socksProxy: '',
  socksRemoteDns: false,
  username: 'alice',
  bypass: ['localhost'],
  caCertificates: '',
} as const

/** A proxy route profile, as the Routes tab sends it. */
export const ROUTE = { id: 'proxy', name: 'Proxy', ...PROXY } as const

const CHANNELS = new Map(listIpcMethods().map((entry) => [entry.id, entry.channel]))

/** The channel the IPC table derives for a method. */
export function channelFor(method: MethodName): Channel {
  const channel = CHANNELS.get(method)
  if (channel === undefined) throw new Error(`${method} is not in the IPC table`)
  return channel
}
