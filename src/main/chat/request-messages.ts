/**
 * A request's messages: the history as the model gets it, with the files of user messages as content parts
 * built for one kind of provider (its image limits, PDFs as documents or as text).
 */
import type { Message, ModelRef, ProviderKind } from '../../shared/domain'
import { ProviderError } from '../llm/errors'
import type { ChatMessage } from '../llm/types'
import { AttachmentSendError, filesAsParts, type ReadAttachment } from './attachment-parts'
import { toChatMessages } from './chat-messages'
import type { MessagesFor } from './routed-provider'

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

  /**
   * The messages for each kind of provider the retry may hand over to, built once per kind when first
   * needed. A fallback that cannot take the files is skipped: a `bad_request` with the problem's code as
   * its fact ("DeepSeek: it takes no images"), before any byte is sent to it.
   */
  perKind(
    systemPrompt: string,
    history: Message[],
    model: ModelRef,
    built: ChatMessage[],
    resumed?: Message,
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
        return await messages
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
