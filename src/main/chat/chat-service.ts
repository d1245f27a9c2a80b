import { randomUUID } from 'node:crypto'
import type { ChatMessage, AttemptInfo } from '../llm/types'
import { hasContent } from '../llm/provider'
import type { ChatCompletionStream } from '../llm/client'
import type {
  AttachmentRef,
  Conversation,
  Message,
  ModelParams,
  ModelRef,
  ProviderConfig,
} from '../../shared/domain'
import { sendBlock, type SendBlock } from '../../shared/send-readiness'
import type {
  ContinueRequest,
  EditAndResendRequest,
  RegenerateRequest,
  SendRequest,
} from '../../shared/schemas'
import type { EventSink, StartedStream, StreamEvent } from '../../shared/contract'
import { errorFacts } from '../llm/errors'
import type { MessagesFor } from './routed-provider'
import { RequestMessages, type ReplyRequest } from './request-messages'
import { describeError } from './describe-error'
import { AppError } from '../app-error'
import { Throttle, realScheduler, type Scheduler } from './coalescer'
import { planAttachments, type ReadAttachment } from './attachment-parts'
import { AttemptLog } from './failures'
import {
  applyChunk,
  drainPending,
  failReply,
  finishReply,
  startReply,
  stopReply,
  withFallback,
  withProvider,
  type ReplyState,
} from './reply-reducer'

/** What the chat service needs from history. */
export interface ChatHistory {
  /** The conversation with its visible branch as `messages`. */
  get(conversationId: string): Promise<Conversation>
  /** Adds a message after the last one of the visible branch. */
  appendMessage(conversationId: string, message: Message): Promise<unknown>
  /** Saves a message's new state (checkpoints and the final state). */
  updateMessage(conversationId: string, message: Message): Promise<unknown>
  /** Adds `message` as a new, shown version of message `of` (regenerate, edit and resend); `of` is kept. */
  addVersion(conversationId: string, of: string, message: Message): Promise<unknown>
}

/** Where a new reply goes: after the visible branch, as a version of an earlier reply, or into itself. */
type Placement = { kind: 'append' } | { kind: 'version'; of: string } | { kind: 'resume' }

/** What the chat service needs to reach a model: a client for the model's provider (and its fallbacks). */
export interface ChatConnector {
  /** `params`: the conversation's own model parameters (the provider's defaults are the connector's). */
  connect(model: ModelRef, params?: ModelParams): Promise<ChatConnection>
}

export interface ChatConnection {
  providerName: string
  /**
   * `messages` are built for the conversation's provider; `messagesFor` builds them for a fallback of
   * another kind, whose own capabilities then apply (see routed-provider.ts).
   */
  create(
    messages: ChatMessage[],
    options: { signal: AbortSignal; onAttempt: (info: AttemptInfo) => void; messagesFor?: MessagesFor },
  ): Promise<ChatCompletionStream>
}

export interface ChatServiceOptions {
  history: ChatHistory
  connector: ChatConnector
  sink: EventSink
  /** The model used when neither the request nor the conversation names one. */
  defaultModel: () => ModelRef | null
  /** The configured providers: a model whose provider is missing or turned off is refused up front. */
  providers: () => readonly ProviderConfig[]
  /** Stored files: references checked against the store, and their bytes when a request is built. */
  attachments?: {
    verify(refs: readonly AttachmentRef[]): Promise<AttachmentRef[]>
    read: ReadAttachment
  }
  scheduler?: Scheduler
  /** How often a streaming reply is saved. */
  checkpointIntervalMs?: number
  /** How often deltas go to the window. */
  deltaIntervalMs?: number
  /** Told of each reply saved as done (the title writer listens); must not throw. */
  onReplyDone?: (conversationId: string, reply: Message) => void
}

/** Main's wording of a refused send; the window checks first and says it in the user's language. */
const BLOCKED: Record<SendBlock, string> = {
  no_provider: 'Add a provider in Preferences → Providers first.',
  no_model: 'Choose a model in the Model picker at the top of the chat first.',
  provider_removed: 'The provider of this model no longer exists: choose another model.',
  provider_disabled: 'The provider of this model is turned off: turn it on in Preferences → Providers.',
}

interface ActiveStream {
  streamId: string
  conversationId: string
  controller: AbortController
  /** Resolves when the reply has been saved in its final state. */
  finished: Promise<void>
}

/**
 * Runs chat replies: one active stream per conversation, each saved as it goes (at most once a second,
 * and on done, stop, error and quit) and sent to the window as coalesced deltas.
 */
export class ChatService {
  readonly #active = new Map<string, ActiveStream>()
  /**
   * Conversations between the busy check and their stream's registration (history is read and appended
   * to meanwhile): each settles once the request has either started a stream or failed.
   */
  readonly #starting = new Map<string, Promise<void>>()
  readonly #options: ChatServiceOptions
  readonly #scheduler: Scheduler
  readonly #messages: RequestMessages
  #closing = false

  constructor(options: ChatServiceOptions) {
    this.#options = options
    this.#scheduler = options.scheduler ?? realScheduler
    this.#messages = new RequestMessages(options.attachments?.read, (model) => this.#kind(model))
  }

  isStreaming(conversationId: string): boolean {
    return this.#active.has(conversationId) || this.#starting.has(conversationId)
  }

  send(request: SendRequest): Promise<StartedStream> {
    return this.#exclusive(request.conversationId, async (conversation) => {
      // Checked before anything is saved: a send that cannot start leaves no message and no title behind.
      const model = this.#model(conversation, request.model)
      const attachments = await this.#attachments(request.attachments, model)
      const userMessage = { ...newMessage('user', request.content), ...(attachments ? { attachments } : {}) }
      const history = [...conversation.messages, userMessage]
      // Built before the message is saved: a file found unsendable only on reading (a scanned PDF going to
      // a provider that takes no PDFs) leaves nothing behind either.
      const messages = await this.#messages.build(conversation.systemPrompt, history, model)
      await this.#options.history.appendMessage(conversation.id, userMessage)
      return {
        ...(await this.#start(conversation, history, model, { kind: 'append' }, undefined, messages)),
        userMessage,
      }
    })
  }

  regenerate(request: RegenerateRequest): Promise<StartedStream> {
    return this.#exclusive(request.conversationId, (conversation) => this.#regenerate(conversation, request))
  }

  async #regenerate(conversation: Conversation, request: RegenerateRequest): Promise<StartedStream> {
    const index = indexOf(conversation, request.messageId)
    const model = this.#model(conversation, request.model)
    const target = conversation.messages[index]
    // Regenerating a user message's reply: keep the user message; the reply after it (if any) is kept
    // too, as an earlier version of the new one.
    const keep = target?.role === 'user' ? index + 1 : index
    const history = conversation.messages.slice(0, keep)
    const first = conversation.messages[keep]
    const placement: Placement = first ? { kind: 'version', of: first.id } : { kind: 'append' }
    return this.#start(conversation, history, model, placement)
  }

  editAndResend(request: EditAndResendRequest): Promise<StartedStream> {
    return this.#exclusive(request.conversationId, (conversation) =>
      this.#editAndResend(conversation, request),
    )
  }

  async #editAndResend(conversation: Conversation, request: EditAndResendRequest): Promise<StartedStream> {
    const index = indexOf(conversation, request.messageId)
    if (conversation.messages[index]?.role !== 'user') {
      throw new AppError('invalid_input', 'Only your own messages can be edited.')
    }
    const model = this.#model(conversation, request.model)
    // The edited message keeps its files.
    const attachments = await this.#attachments(conversation.messages[index]?.attachments, model)
    const userMessage = { ...newMessage('user', request.content), ...(attachments ? { attachments } : {}) }
    // The edited message becomes a new version of the old one: the old branch stays reachable.
    await this.#options.history.addVersion(conversation.id, request.messageId, userMessage)
    const history = [...conversation.messages.slice(0, index), userMessage]
    return { ...(await this.#start(conversation, history, model, { kind: 'append' })), userMessage }
  }

  /** Asks the model to go on with an interrupted, stopped or failed reply; the text is appended to it. */
  continue(request: ContinueRequest): Promise<StartedStream> {
    return this.#exclusive(request.conversationId, (conversation) => this.#continue(conversation, request))
  }

  async #continue(conversation: Conversation, request: ContinueRequest): Promise<StartedStream> {
    const index = indexOf(conversation, request.messageId)
    const partial = conversation.messages[index]
    if (partial?.role !== 'assistant') throw new AppError('invalid_input', 'Only a reply can be continued.')
    const model = this.#model(conversation, undefined)
    const history = conversation.messages.slice(0, index + 1)
    const { error: _dropped, ...rest } = partial
    const resumed: Message = { ...rest, status: 'streaming' }
    return this.#start(conversation, history.slice(0, -1), model, { kind: 'resume' }, resumed)
  }

  /** Stops the conversation's stream (the provider sees the connection close) and waits until it is saved. */
  async stop(conversationId: string): Promise<void> {
    // A request still starting (the window has no stream id yet) is let through, then stopped.
    await this.#starting.get(conversationId)
    const active = this.#active.get(conversationId)
    if (!active) return
    active.controller.abort()
    await active.finished
  }

  /** Stops every stream and waits until each one is saved: called before the app quits. Nothing new starts. */
  async shutdown(): Promise<void> {
    this.#closing = true
    await Promise.all([...this.#starting.values()])
    await Promise.all([...this.#active.keys()].map((id) => this.stop(id)))
  }

  /**
   * Runs `body` with the conversation, as the only request of that conversation until it has started its
   * stream (or failed): the busy check and the reservation happen together, before anything is awaited,
   * so two requests racing in (a double Enter) cannot both start a stream.
   */
  #exclusive<T>(conversationId: string, body: (conversation: Conversation) => Promise<T>): Promise<T> {
    if (this.#closing) return Promise.reject(new AppError('busy', 'ProxyChat is closing.'))
    if (this.isStreaming(conversationId)) {
      return Promise.reject(
        new AppError('busy', 'A reply is still being written in this conversation: stop it first.'),
      )
    }
    const run = (async () => body(await this.#options.history.get(conversationId)))()
    const settled = run.then(
      () => undefined,
      () => undefined,
    )
    this.#starting.set(conversationId, settled)
    void settled.then(() => {
      if (this.#starting.get(conversationId) === settled) this.#starting.delete(conversationId)
    })
    return run
  }

  /** The model a request goes to, or an AppError saying why none can be used (nothing is saved by then). */
  #model(conversation: Conversation, requested: ModelRef | undefined): ModelRef {
    const model = requested ?? conversation.model ?? this.#options.defaultModel()
    const block = sendBlock(this.#options.providers(), model)
    if (block) throw new AppError(block, BLOCKED[block])
    if (!model) throw new AppError('no_model', BLOCKED['no_model'])
    return model
  }

  /** A new message's files, checked against the store and against what the model's provider takes. */
  async #attachments(
    refs: AttachmentRef[] | undefined,
    model: ModelRef,
  ): Promise<AttachmentRef[] | undefined> {
    if (!refs?.length) return undefined
    const store = this.#options.attachments
    if (!store) throw new AppError('invalid_input', 'Attachments cannot be sent here.')
    return planAttachments(this.#kind(model), await store.verify(refs))
  }

  #kind(model: ModelRef): ProviderConfig['kind'] {
    return this.#options.providers().find((p) => p.id === model.providerId)?.kind ?? 'custom'
  }

  async #start(
    conversation: Conversation,
    history: Message[],
    model: ModelRef,
    placement: Placement,
    resumed?: Message,
    built?: ChatMessage[],
  ): Promise<StartedStream> {
    // Built first: a file that cannot be read or sent refuses the request before a reply is saved.
    const messages = built ?? (await this.#messages.build(conversation.systemPrompt, history, model, resumed))
    const assistant: Message = resumed ?? {
      ...newMessage('assistant', ''),
      status: 'streaming',
      meta: { providerId: model.providerId, model: model.model },
    }
    await this.#place(conversation.id, assistant, placement)

    const streamId = randomUUID()
    const controller = new AbortController()
    const perKind = this.#messages.forReply(conversation.systemPrompt, history, model, messages, resumed)
    const request: ReplyRequest = { messages, params: conversation.params, ...perKind }
    const finished = this.#run(streamId, conversation.id, model, request, assistant, controller).finally(
      () => {
        if (this.#active.get(conversation.id)?.streamId === streamId) this.#active.delete(conversation.id)
      },
    )
    this.#active.set(conversation.id, { streamId, conversationId: conversation.id, controller, finished })
    return { streamId, conversationId: conversation.id, assistantMessage: assistant }
  }

  #place(conversationId: string, message: Message, placement: Placement): Promise<unknown> {
    const { history } = this.#options
    if (placement.kind === 'resume') return history.updateMessage(conversationId, message)
    if (placement.kind === 'version') return history.addVersion(conversationId, placement.of, message)
    return history.appendMessage(conversationId, message)
  }

  async #run(
    streamId: string,
    conversationId: string,
    model: ModelRef,
    request: ReplyRequest,
    assistant: Message,
    controller: AbortController,
  ): Promise<void> {
    const { history, sink } = this.#options
    const started = this.#scheduler.now()
    const ids = { streamId, conversationId, messageId: assistant.id }
    const emit = (event: StreamEvent): void => sink('event:stream', event)
    let state: ReplyState = startReply(assistant)
    let saving: Promise<unknown> = Promise.resolve()
    // Checkpoints are chained, so the final save always lands after every earlier one.
    const save = (): Promise<unknown> => {
      const message = state.message
      saving = saving.then(() => history.updateMessage(conversationId, message)).catch(() => undefined)
      return saving
    }
    const deltas = new Throttle(
      () => {
        const drained = drainPending(state)
        state = drained.state
        if (drained.content || drained.reasoning) {
          emit({ type: 'delta', ...ids, content: drained.content, reasoning: drained.reasoning })
        }
      },
      this.#options.deltaIntervalMs,
      this.#scheduler,
    )
    const checkpoints = new Throttle(
      () => void save(),
      this.#options.checkpointIntervalMs ?? 1000,
      this.#scheduler,
    )

    const attempts = new AttemptLog()
    // Failures before this point are the app's own (no provider, proxy settings), not a provider's.
    let connected = false
    try {
      const connection = await this.#options.connector.connect(model, request.params)
      connected = true
      // Which provider answers: the first one, unless a retry moved on to a fallback.
      state = withProvider(state, connection.providerName)
      emit({ type: 'started', ...ids, providerName: connection.providerName, model: model.model })
      const stream = await connection.create(request.messages, {
        ...(request.messagesFor ? { messagesFor: request.messagesFor } : {}),
        signal: controller.signal,
        onAttempt: (info) => {
          attempts.record(info)
          if (info.nextProvider === undefined) return
          state = withProvider(state, info.nextProvider)
          if (info.nextProvider !== info.provider) {
            state = withFallback(state, attempts.failedBefore(info.nextProvider))
          }
          emit({
            type: 'retry',
            ...ids,
            providerName: info.provider,
            // The window shows the attempt coming up: "retrying 2/5 via OpenAI".
            attempt: info.nextProvider === info.provider ? info.attempt + 1 : 1,
            maxAttempts: info.maxAttempts,
            delayMs: info.delayMs,
            reason: info.error.kind,
            facts: errorFacts(info.error),
            nextProviderName: info.nextProvider,
          })
        },
      })
      for await (const chunk of stream) {
        state = applyChunk(state, chunk)
        if (hasContent(chunk)) {
          deltas.request()
          checkpoints.request()
        }
      }
      deltas.flush()
      checkpoints.cancel()
      state = finishReply(state, this.#elapsed(started))
      await save()
      const question = request.asAnswered()
      if (question) await history.updateMessage(conversationId, question)
      emit({
        type: 'done',
        ...ids,
        message: state.message,
        ...(question ? { question } : {}),
        usage: state.message.meta?.usage,
        // The whole reply's time: a continued reply counts its earlier part too.
        durationMs: state.message.meta?.durationMs ?? this.#elapsed(started),
      })
      this.#options.onReplyDone?.(conversationId, state.message)
    } catch (error) {
      deltas.flush()
      checkpoints.cancel()
      const { kind, message, ...facts } = describeError(error)
      const failures = connected ? attempts.failuresFor(error) : undefined
      if (kind === 'aborted' || controller.signal.aborted) {
        state = stopReply(state, this.#elapsed(started))
        await save()
        emit({ type: 'stopped', ...ids, message: state.message })
      } else {
        state = failReply(state, kind, message, this.#elapsed(started), failures, facts)
        await save()
        emit({ type: 'error', ...ids, kind, error: message, message: state.message })
      }
    }
  }

  #elapsed(started: number): number {
    return Math.round(this.#scheduler.now() - started)
  }
}

function newMessage(role: Message['role'], content: string): Message {
  return { id: randomUUID(), role, content, createdAt: Date.now(), status: 'done' }
}

function indexOf(conversation: Conversation, messageId: string): number {
  const index = conversation.messages.findIndex((m) => m.id === messageId)
  if (index < 0) throw new AppError('not_found', 'That message is no longer in this conversation.')
  return index
}
