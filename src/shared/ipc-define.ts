/**
 * The vocabulary the IPC table (./ipc-methods) is written in, and the types derived from a table.
 *
 * A method's argument schema is a function of zod and the shared schemas, not a built schema: main
 * calls it once to get the zod tuple it validates with, while the preload (a sandboxed CommonJS file
 * that may load nothing but 'electron') imports the same table for its names and never calls it, so
 * zod stays out of the preload. Only types are imported from zod here.
 */
import type { z } from 'zod'
import type * as SharedSchemas from './schemas'

/** A method's arguments, always as a tuple, so a missing or an extra argument is refused too. */
export type ArgsSchema = z.ZodTuple

export type ArgsSchemaBuilder<S extends ArgsSchema> = (zod: typeof z, schemas: typeof SharedSchemas) => S

/** Carries a result type and nothing at runtime (what main answers with is not validated). */
export interface Returns<R> {
  readonly result?: R
}

export interface IpcMethod<S extends ArgsSchema = ArgsSchema, R = unknown> {
  readonly args: ArgsSchemaBuilder<S>
  readonly returns: Returns<R>
}

export function returns<R>(): Returns<R> {
  return {}
}

/** For methods that answer with nothing (Promise<void>). */
export function returnsNothing(): Returns<void> {
  return {}
}

export function method<S extends ArgsSchema, R>(
  args: ArgsSchemaBuilder<S>,
  result: Returns<R>,
): IpcMethod<S, R> {
  return { args, returns: result }
}

/** An event main sends to the window, with the payload it carries. */
export interface IpcEvent<P> {
  /** A signal carries no payload: the page's listener is called with no argument at all. */
  readonly signal: boolean
  readonly payload?: P
}

export function event<P>(): IpcEvent<P> {
  return { signal: false }
}

/** An event without a payload (sent as null, heard as a call with no argument). */
export function signal(): IpcEvent<null> {
  return { signal: true }
}

export type MethodTable = Readonly<Record<string, Readonly<Record<string, IpcMethod>>>>
export type EventTable = Readonly<Record<string, IpcEvent<unknown>>>

/** `setSystemPrompt` → `set-system-prompt`, as a type. */
export type Kebab<S extends string> = S extends `${infer Head}${infer Tail}`
  ? `${Head extends Lowercase<Head> ? Head : `-${Lowercase<Head>}`}${Kebab<Tail>}`
  : S

export function kebab<S extends string>(name: S): Kebab<S>
export function kebab(name: string): string {
  return name.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`)
}

/** The channel of a method: `conversations.setModel` → `conversations:set-model`. */
export type ChannelOf<N extends string, M extends string> = `${N}:${Kebab<M>}`

export function channelOf<N extends string, M extends string>(namespace: N, name: M): ChannelOf<N, M> {
  return `${namespace}:${kebab(name)}`
}

/** The channel of an event: `conversationsChanged` → `event:conversations-changed`. */
export type EventChannelOf<E extends string> = `event:${Kebab<E>}`

export function eventChannelOf<E extends string>(name: E): EventChannelOf<E> {
  return `event:${kebab(name)}`
}

type SchemaOf<M> = M extends IpcMethod<infer S, unknown> ? S : never
type ResultOf<M> = M extends IpcMethod<ArgsSchema, infer R> ? R : never
type AsTuple<T> = T extends readonly unknown[] ? T : never

/** What the page may pass (before parsing: optional elements may be left out). */
export type CallArgs<M> = AsTuple<z.input<SchemaOf<M>>>
/** What the handler receives (after parsing: trimmed, checked). */
export type ParsedArgs<M> = AsTuple<z.output<SchemaOf<M>>>

/** The page's side of a method table: one async function per method. */
export type ApiOf<T extends MethodTable> = {
  [N in keyof T]: { [M in keyof T[N]]: (...args: CallArgs<T[N][M]>) => Promise<ResultOf<T[N][M]>> }
}

/**
 * Main's side: one handler per method, taking the parsed arguments. Properties, not methods, so
 * their parameters are checked strictly: a handler for the wrong arguments does not compile.
 */
export type HandlersOf<T extends MethodTable> = {
  [N in keyof T]: { [M in keyof T[N]]: (...args: ParsedArgs<T[N][M]>) => Promise<ResultOf<T[N][M]>> }
}

export type PayloadOf<E> = E extends IpcEvent<infer P> ? P : never

export type ListenersOf<T extends EventTable> = {
  [E in keyof T]: (
    listener: PayloadOf<T[E]> extends null ? () => void : (payload: PayloadOf<T[E]>) => void,
  ) => () => void
}

/** Payload of each event channel. */
export type PayloadsOf<T extends EventTable> = {
  [E in keyof T & string as EventChannelOf<E>]: PayloadOf<T[E]>
}
