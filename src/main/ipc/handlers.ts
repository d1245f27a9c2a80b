/**
 * One channel handler per row of the IPC table (shared/ipc-methods): the row's argument schema (a
 * tuple, so a missing or extra argument is refused too) and the backend handler of the same name,
 * called with the parsed values. Nothing here is written per method.
 */
import { z } from 'zod'
import { listIpcMethods } from '../../shared/ipc-methods'
import type { Backend, Channel, IpcMethodEntry } from '../../shared/ipc-methods'
import * as sharedSchemas from '../../shared/schemas'

export type PreparedCall = (backend: Backend) => Promise<unknown>

export type Preparation = { ok: true; call: PreparedCall } | { ok: false; message: string }

export interface ChannelHandler {
  /** Validates the raw invoke arguments; only a fully valid payload yields a call. */
  prepare(rawArgs: readonly unknown[]): Preparation
}

const MAX_REPORTED_ISSUES = 3

/** A short, bounded description of what was wrong; it never echoes the (possibly huge) input. */
export function describeIssues(error: z.ZodError): string {
  const issues = error.issues.slice(0, MAX_REPORTED_ISSUES).map((issue) => {
    const where = issue.path.length === 0 ? 'arguments' : `argument ${issue.path.map(String).join('.')}`
    return `${where}: ${issue.message}`
  })
  const more =
    error.issues.length > MAX_REPORTED_ISSUES
      ? ` (and ${error.issues.length - MAX_REPORTED_ISSUES} more)`
      : ''
  return `${issues.join('; ')}${more}`
}

/** A backend handler seen through its row: the row's schema has checked the arguments it gets. */
type CheckedHandler = (...args: readonly unknown[]) => Promise<unknown>

function handlerFor({ namespace, name, id, method }: IpcMethodEntry): ChannelHandler {
  const schema = method.args(z, sharedSchemas)
  return {
    prepare(rawArgs) {
      const parsed = schema.safeParse(rawArgs)
      if (!parsed.success) return { ok: false, message: describeIssues(parsed.error) }
      const args = parsed.data
      return {
        ok: true,
        call: (backend) => {
          // Backend is HandlersOf the same table, so this row's handler exists and takes what its
          // schema parses; TypeScript cannot follow that through a loop over the rows.
          const group = backend[namespace] as Readonly<Record<string, CheckedHandler | undefined>>
          const handler = group[name]
          if (handler === undefined) throw new Error(`No handler for ${id}.`)
          return handler.apply(group, args)
        },
      }
    },
  }
}

/** Every channel with its handler, derived from the table. */
export const channelHandlers: ReadonlyMap<Channel, ChannelHandler> = new Map(
  listIpcMethods().map((entry) => [entry.channel, handlerFor(entry)]),
)
