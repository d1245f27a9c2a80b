/**
 * A request's messages: the history as the model gets it, with the files of user messages as content parts
 * built for one kind of provider (its image limits, PDFs as documents or as text).
 */
import type { Message, ModelParams, ModelRef, ProviderKind } from '../../shared/domain'
import { ProviderError } from '../llm/errors'
import type { ChatMessage } from '../llm/types'
import {
  AttachmentSendError,
  filesAsParts,
  questionAsAnswered,
  type ReadAttachment,
} from './attachment-parts'
import { toChatMessages } from './chat-messages'
import type { MessagesFor } from './routed-provider'

/** A reply's request: its messages, per kind of provider where it has files, and who answered them. */
export interface ReplyRequest {
  messages: ChatMessage[]
  params: ModelParams | undefined
  messagesFor?: MessagesFor
  /** The question with its files' notes true for the provider that answered; null when unchanged. */
  asAnswered(): Message | null
}

export class RequestMessages {
  constructor(
    private readonly read: ReadAttachment | undefined,
    private readonly kindOf: (model: ModelRef) => ProviderKind,
  ) {}

  /** The request's messages, with the files of user messages as content parts (the last one strictly). */
  async build(
    systemPrompt: string,
    history: Message[],
    model: ModelRef | ProviderKind,
    resumed?: Message,
  ): Promise<ChatMessage[]> {
    const kind = typeof model === 'string' ? model : this.kindOf(model)
    const parts = this.read ? await filesAsParts(history, kind, this.read, !resumed) : new Map()
    return toChatMessages(systemPrompt, history, resumed, (m) => parts.get(m.id) ?? m.content)
  }

  /** A reply's `messagesFor` and `asAnswered` (see ReplyRequest). */
  forReply(
    systemPrompt: string,
    history: Message[],
    model: ModelRef,
    built: ChatMessage[],
    resumed?: Message,
  ): Pick<ReplyRequest, 'messagesFor' | 'asAnswered'> {
    const answer = answerTracker(history, this.kindOf(model))
    const messagesFor = this.perKind(systemPrompt, history, model, built, resumed, answer.onBuilt)
    return { asAnswered: answer.asAnswered, ...(messagesFor ? { messagesFor } : {}) }
  }

  /**
   * The messages for each kind of provider the retry may hand over to, built once per kind when first
   * needed. A fallback that cannot take the files is skipped: a `bad_request` with the problem's code as
   * its fact ("DeepSeek: it takes no images"), before any byte is sent to it. `onBuilt` hears the kind of
   * each provider about to be sent to: the last one heard is the one that answers.
   */
  perKind(
    systemPrompt: string,
    history: Message[],
    model: ModelRef,
    built: ChatMessage[],
    resumed?: Message,
    onBuilt?: (kind: ProviderKind) => void,
  ): MessagesFor | undefined {
    if (!history.some((m) => m.attachments?.length)) return undefined
    const byKind = new Map([[this.kindOf(model), Promise.resolve(built)]])
    return async (kind, providerName) => {
      let messages = byKind.get(kind)
      if (!messages) {
        messages = this.build(systemPrompt, history, kind, resumed)
        byKind.set(kind, messages)
      }
      try {
        const ready = await messages
        onBuilt?.(kind)
        return ready
      } catch (error) {
        if (!(error instanceof AttachmentSendError)) throw error
        throw new ProviderError({
          provider: providerName,
          kind: 'bad_request',
          fact: error.problem.code,
          message: `${providerName} was skipped: ${error.message}`,
        })
      }
    }
  }
}

/**
 * Which kind of provider answers (the last one messages were built for: a fallback, when the retry moved
 * on), and the request's question with its files' notes true for that provider (null when unchanged).
 */
export function answerTracker(
  history: readonly Message[],
  planned: ProviderKind,
): { onBuilt(kind: ProviderKind): void; asAnswered(): Message | null } {
  let answeredBy = planned
  const question = history.findLast((m) => m.role === 'user')
  return {
    onBuilt: (kind) => {
      answeredBy = kind
    },
    asAnswered: () => (question ? questionAsAnswered(question, answeredBy) : null),
  }
}
