/** Shared pieces for the glue tests: a recording Backend and a sample of every payload. */
import { vi } from 'vitest'
import type { Mock } from 'vitest'
import type { Backend, Channel } from '../../../src/shared/contract'
import { listIpcMethods } from '../../../src/shared/ipc-methods'

/** Every Backend method, as `group.method`. */
export const BACKEND_METHODS = {
  conversations: [
    'list',
    'get',
    'create',
    'rename',
    'delete',
    'search',
    'setModel',
    'setSystemPrompt',
    'deleteMessage',
    'exportAll',
    'exportMarkdown',
    'import',
  ],
  chat: ['send', 'stop', 'regenerate', 'editAndResend', 'continue'],
  settings: ['get', 'update', 'setSecret', 'allowPlaintextSecrets'],
  providers: ['models', 'testConnection', 'detectLocal'],
  app: ['info', 'openExternal'],
} as const satisfies { [G in keyof Backend]: readonly (keyof Backend[G])[] }

export type MethodName = {
  [G in keyof typeof BACKEND_METHODS]: `${G}.${(typeof BACKEND_METHODS)[G][number]}`
}[keyof typeof BACKEND_METHODS]

export interface RecordingBackend {
  backend: Backend
  /** The mock behind each method; each resolves with `{ from: 'group.method' }` unless told otherwise. */
  methods: Record<MethodName, Mock<(...args: unknown[]) => Promise<unknown>>>
  totalCalls(): number
}

export function createRecordingBackend(): RecordingBackend {
  const methods = {} as RecordingBackend['methods']
  const backend: Record<string, Record<string, unknown>> = {}
  for (const [group, names] of Object.entries(BACKEND_METHODS)) {
    const target: Record<string, unknown> = {}
    backend[group] = target
    for (const name of names) {
      const key = `${group}.${name}` as MethodName
      const method = vi.fn((..._args: unknown[]) => Promise.resolve<unknown>({ from: key }))
      methods[key] = method
      target[name] = method
    }
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

const CHANNELS = new Map(listIpcMethods().map((entry) => [entry.id, entry.channel]))

/** The channel the IPC table derives for a method. */
export function channelFor(method: MethodName): Channel {
  const channel = CHANNELS.get(method)
  if (channel === undefined) throw new Error(`${method} is not in the IPC table`)
  return channel
}
