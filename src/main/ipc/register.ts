/**
 * Wires every channel of the IPC table to ipcMain: sender check, payload validation, backend call, envelope.
 * Nothing here throws back to Electron, so a bad message never crashes main or leaks a stack.
 */
import type { IpcMain, IpcMainInvokeEvent } from 'electron'
import type { Backend, Channel, IpcResult } from '../../shared/contract'
import { redactSecrets } from '../llm/errors'
import { describeThrown, failure, IpcErrorCodes, success } from './envelope'
import { channelHandlers } from './handlers'
import type { ChannelHandler } from './handlers'
import { isTrustedSender } from './sender'
import type { UrlCheck } from './sender'

export interface IpcRegistration {
  ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>
  /** Resolved per call, so handlers can be registered before the backend has finished starting. */
  getBackend: () => Backend | Promise<Backend>
  isOwnUrl: UrlCheck
}

export async function handleInvoke(
  channel: Channel,
  channelHandler: ChannelHandler,
  event: Pick<IpcMainInvokeEvent, 'senderFrame'>,
  rawArgs: readonly unknown[],
  registration: Pick<IpcRegistration, 'getBackend' | 'isOwnUrl'>,
): Promise<IpcResult<unknown>> {
  if (!isTrustedSender(event.senderFrame, registration.isOwnUrl)) {
    return failure(IpcErrorCodes.forbiddenSender, 'This request did not come from the app’s own page.')
  }
  const prepared = channelHandler.prepare(rawArgs)
  if (!prepared.ok)
    return failure(IpcErrorCodes.invalidPayload, `Invalid request to ${channel}: ${prepared.message}`)
  try {
    return success(await prepared.call(await registration.getBackend()))
  } catch (thrown) {
    const error = describeThrown(thrown)
    if (error.code === IpcErrorCodes.internal) {
      const detail =
        thrown instanceof Error && thrown.stack !== undefined ? redactSecrets(thrown.stack) : error.message
      console.error(`Unexpected error in ${channel}:`, detail)
    }
    return failure(error.code, error.message)
  }
}

/** Registers one handler per channel of the IPC table; returns a function that removes them all. */
export function registerIpcHandlers(registration: IpcRegistration): () => void {
  for (const [channel, channelHandler] of channelHandlers) {
    registration.ipcMain.handle(channel, (event, ...args: unknown[]) =>
      handleInvoke(channel, channelHandler, event, args, registration),
    )
  }
  return () => {
    for (const channel of channelHandlers.keys()) registration.ipcMain.removeHandler(channel)
  }
}
