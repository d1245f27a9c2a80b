/**
 * The page's only door to main: exactly `ProxyChatApi`, as named functions on `window.proxychat`,
 * built from the table of methods and events in shared/ipc-methods. Each function is bound to its
 * own channel (no generic invoke or send), and listeners get payloads, never Electron's event objects.
 * Built as CommonJS and run sandboxed: it may require 'electron' and nothing else (the table and the
 * contract's constants are inlined by the bundler; the table's zod schemas are never built here, so
 * zod is not in this bundle).
 */
import { contextBridge, ipcRenderer } from 'electron'
import type { IpcRendererEvent } from 'electron'
import { API_KEY } from '../shared/contract'
import type { IpcResult, ProxyChatApi } from '../shared/contract'
import { Events, ipcEvents, listIpcMethods } from '../shared/ipc-methods'
import type { AnyCallArgs, Channel, EventName, EventPayloads } from '../shared/ipc-methods'
import { appErrorText } from '../shared/app-error'

/** Invokes a channel and unwraps its envelope; a failure becomes an Error carrying main's message. */
async function call(channel: Channel, args: AnyCallArgs): Promise<unknown> {
  const result = (await ipcRenderer.invoke(channel, ...args)) as IpcResult<unknown>
  if (result.ok) return result.value
  // Only the message survives the context bridge: the code goes in front of it (parseAppErrorText reads it).
  throw Object.assign(new Error(appErrorText(result.error)), { code: result.error.code })
}

function assertFunction(listener: unknown): void {
  if (typeof listener !== 'function') throw new TypeError('A listener must be a function.')
}

type SomePayload = EventPayloads[keyof EventPayloads]
type SomeListener = (...payload: [SomePayload] | []) => void

/** A listener registrar for one event: a signal's listener is called with no argument at all. */
function subscriber(name: EventName): (listener: SomeListener) => () => void {
  const channel = Events[name]
  const isSignal = ipcEvents[name].signal
  return (listener) => {
    assertFunction(listener)
    const forward = (_event: IpcRendererEvent, payload: SomePayload): void => {
      if (isSignal) listener()
      else listener(payload)
    }
    ipcRenderer.on(channel, forward)
    return () => {
      ipcRenderer.removeListener(channel, forward)
    }
  }
}

function buildApi(): ProxyChatApi {
  const groups: Record<string, Record<string, (...args: AnyCallArgs) => Promise<unknown>>> = {}
  for (const { namespace, name, channel } of listIpcMethods()) {
    groups[namespace] ??= {}
    groups[namespace][name] = (...args) => call(channel, args)
  }
  const on: Record<string, (listener: SomeListener) => () => void> = {}
  for (const name of Object.keys(Events) as EventName[]) on[name] = subscriber(name)
  // Each function was built from its own row of the table and bound to that row's channel, whose
  // handler in main validates the arguments against the same row's schema; TypeScript cannot follow
  // that correlation through a loop, so the assembled object is asserted to be the derived API once.
  return { ...groups, on } as ProxyChatApi
}

contextBridge.exposeInMainWorld(API_KEY, buildApi())
