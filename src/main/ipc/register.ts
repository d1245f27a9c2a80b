/**
 * Wires every channel of the IPC table to ipcMain: sender check, payload validation, backend call, envelope.
 * Nothing here throws back to Electron, so a bad message never crashes main or leaks a stack.
 */
import type { IpcMain, IpcMainInvokeEvent } from 'electron'
import type { Backend, Channel, IpcResult } from '../../shared/contract'
import { asError, silentLogger, type Logger } from '../logging/logger'
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
  /** Where unexpected errors are reported (with their stack, redacted by the logger). */
  logger?: Logger
}

export async function handleInvoke(
  channel: Channel,
  channelHandler: ChannelHandler,
  event: Pick<IpcMainInvokeEvent, 'senderFrame'>,
  rawArgs: readonly unknown[],
  registration: Pick<IpcRegistration, 'getBackend' | 'isOwnUrl' | 'logger'>,
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
      const logger = registration.logger ?? silentLogger
      logger.error('Unexpected error', { channel, error: asError(thrown), stack: stackOf(thrown) })
    }
    return { ok: false, error }
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

/** The stack's frames (the message is in the error field already). */
function stackOf(thrown: unknown): string | undefined {
  if (!(thrown instanceof Error) || thrown.stack === undefined) return undefined
  return thrown.stack.split('\n').slice(1).join('\n').trim() || undefined
}
