/**
 * The one contract for everything that crosses IPC: the data types, the envelope, and (re-exported
 * from ./ipc-methods, where they are derived from the table of methods and events) the channel
 * names, the API the preload exposes and the events main sends. Main, preload and renderer all
 * import it; payloads are validated in main against the schemas in ./schemas.
 */
import type { ErrorFacts, ErrorKind, Message, Usage } from './domain'

export { Events } from './ipc-methods'
export type { Backend, Channel, EventChannel, EventPayloads, EventSink, ProxyChatApi } from './ipc-methods'
import type { AppErrorData } from './app-error'

/** Name of the single object the preload puts on `window`. */
export const API_KEY = 'proxychat'

interface StreamEventBase {
  streamId: string
  conversationId: string
  messageId: string
}

/** One stream's life, as the window sees it. Deltas are coalesced in main (≤ ~60 per second). */
export type StreamEvent =
  | (StreamEventBase & { type: 'started'; providerName: string; model: string })
  | (StreamEventBase & { type: 'delta'; content: string; reasoning: string })
  | (StreamEventBase & {
      type: 'retry'
      /** The provider that failed. */
      providerName: string
      /** The attempt coming up (on `nextProviderName`), 1-based. */
      attempt: number
      maxAttempts: number
      delayMs: number
      reason: ErrorKind
      /** What went wrong, as facts the window words (the tooltip of the retry status). */
      facts: ErrorFacts
      nextProviderName?: string
    })
  | (StreamEventBase & {
      type: 'done'
      message: Message
      /** The question, when its files' notes changed: a fallback provider took them another way. */
      question?: Message
      usage?: Usage
      durationMs: number
    })
  | (StreamEventBase & { type: 'stopped'; message: Message })
  | (StreamEventBase & { type: 'error'; kind: ErrorKind; error: string; message: Message })

export type MenuCommand = 'new-chat' | 'search' | 'preferences' | 'stop'

export interface StartedStream {
  streamId: string
  conversationId: string
  /** The user's message (absent for regenerate and continue). */
  userMessage?: Message
  /** The assistant message being written. */
  assistantMessage: Message
}

export interface ExportResult {
  saved: boolean
  path?: string
}

export interface ImportResult {
  /** New conversations added. */
  added: number
  /** Already here with the same content: left as they are. */
  skipped: number
  /** Already here with different content: added as copies ("… (imported copy)"). */
  copied: number
  /** Entries of the file that are not valid conversations: left out. */
  invalid: number
}

/**
 * Every invoke returns this envelope, so that errors reach the page as data with a kind
 * (Electron reduces a thrown error to a prefixed string). The preload unwraps it.
 */
export type IpcResult<T> = { ok: true; value: T } | { ok: false; error: AppErrorData }
