/**
 * Titles written by a model after a conversation's first reply. The request goes to the conversation's
 * provider through that provider's own client, and so its own route (connector.clientFor, see routes.ts),
 * never directly; it asks the model chosen for titles in Preferences (else the conversation's model) for a
 * few words, non-streaming, with a tight max_tokens and a timeout. Titles are a nicety: a failure is logged,
 * never shown, and the local title stays; a title the user wrote is never replaced, even by one that
 * arrives after the rename.
 */
import type { Conversation, Message, Settings } from '../../shared/domain'
import type { Client } from '../llm/client'
import type { Logger } from '../logging/logger'
import { realScheduler, type Scheduler } from './coalescer'
import { describeError } from './describe-error'
import { cleanTitle, TITLE_MAX_TOKENS, titleRequest } from './title-prompt'

/** Long enough for a slow provider behind a proxy; short enough that a stuck request does not linger. */
export const TITLE_TIMEOUT_MS = 20_000

export interface TitleWriterOptions {
  settings(): Pick<Settings, 'titles' | 'providers'>
  /** A client for one provider through its own route (no fallbacks: a title is not worth retrying). */
  client(providerId: string): Promise<Client>
  /** The conversation as stored now, or undefined when it is gone. */
  conversation(id: string): Conversation | undefined
  /** Saves a model title unless the user has renamed meanwhile; true when it was saved. */
  save(id: string, title: string): boolean
  /** The sidebar must hear of a new title. */
  onTitled(id: string): void
  logger: Logger
  timeoutMs?: number
  scheduler?: Scheduler
}

export class TitleWriter {
  readonly #options: TitleWriterOptions
  /** Requests in flight, so shutdown and tests can wait for them. */
  readonly #pending = new Set<Promise<void>>()
  readonly #controllers = new Set<AbortController>()

  constructor(options: TitleWriterOptions) {
    this.#options = options
  }

  /** Called when a reply is done; starts a title request if this was the conversation's first reply. */
  afterReply(conversationId: string, reply: Message): void {
    try {
      // The setting first: reading the conversation copies it, for nothing when titles are off.
      if (!this.#options.settings().titles.enabled) return
      const conversation = this.#options.conversation(conversationId)
      if (!conversation || !isFirstReply(conversation, reply)) return
      const work = this.#write(conversation, reply).finally(() => this.#pending.delete(work))
      this.#pending.add(work)
    } catch (error) {
      // The reply is saved already; nothing about its title may turn it into a failure.
      this.#options.logger.child('titles').warn('A title could not be started', { error: String(error) })
    }
  }

  /** Resolves when every title request started so far has ended. */
  async idle(): Promise<void> {
    while (this.#pending.size > 0) await Promise.all([...this.#pending])
  }

  /** Cancels requests in flight (at quit): their conversations keep their local titles. */
  async close(): Promise<void> {
    for (const controller of this.#controllers) controller.abort()
    await this.idle()
  }

  async #write(conversation: Conversation, reply: Message): Promise<void> {
    const messages = titleRequest(conversation)
    const providerId = reply.meta?.providerId ?? conversation.model?.providerId
    const replyModel = reply.meta?.model ?? conversation.model?.model
    if (!messages || !providerId || !replyModel) return
    const model = this.#options.settings().titles.models[providerId] ?? replyModel
    const log = this.#options.logger.child('titles')
    const scheduler = this.#options.scheduler ?? realScheduler
    const controller = new AbortController()
    this.#controllers.add(controller)
    const timer = scheduler.setTimeout(() => controller.abort(), this.#options.timeoutMs ?? TITLE_TIMEOUT_MS)
    try {
      const client = await this.#options.client(providerId)
      const completion = await client.chat.completions.create(
        { model, messages, stream: false, max_tokens: TITLE_MAX_TOKENS },
        { signal: controller.signal },
      )
      const title = cleanTitle(completion.choices[0]?.message.content ?? '')
      if (title === '') {
        log.info('The model wrote no usable title', { conversation: conversation.id, model })
        return
      }
      if (this.#options.save(conversation.id, title)) this.#options.onTitled(conversation.id)
      else log.info('Renamed or deleted meanwhile: the title stays', { conversation: conversation.id })
    } catch (error) {
      // Logged only: the conversation keeps its local title, and the user was never waiting for this.
      const { kind, message } = describeError(error)
      log.warn('A title could not be written', {
        conversation: conversation.id,
        model,
        kind: controller.signal.aborted ? 'timeout' : kind,
        error: message,
      })
    } finally {
      scheduler.clearTimeout(timer)
      this.#controllers.delete(controller)
    }
  }
}

/** The reply is done, the title is the local one, and no earlier reply was done. */
function isFirstReply(conversation: Conversation, reply: Message): boolean {
  if (reply.status !== 'done' || conversation.titleSource !== undefined) return false
  const done = conversation.messages.filter((m) => m.role === 'assistant' && m.status === 'done')
  return done.length === 1 && done[0]?.id === reply.id
}
