/**
 * One handler per channel: the schema of its arguments (as a tuple, so a missing or extra
 * argument is refused too) and the backend call it makes with the parsed values.
 */
import { z } from 'zod'
import type { Backend, Channels } from '../../shared/contract'
import {
  continueRequestSchema,
  createConversationRequestSchema,
  editAndResendRequestSchema,
  externalUrlSchema,
  idSchema,
  importRequestSchema,
  modelRefSchema,
  regenerateRequestSchema,
  searchQuerySchema,
  sendRequestSchema,
  setSecretRequestSchema,
  settingsPatchSchema,
  systemPromptSchema,
  testConnectionRequestSchema,
  titleSchema,
} from '../../shared/schemas'

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

function handler<A>(
  args: z.ZodType<A>,
  call: (backend: Backend, args: A) => Promise<unknown>,
): ChannelHandler {
  return {
    prepare(rawArgs) {
      const parsed = args.safeParse(rawArgs)
      if (!parsed.success) return { ok: false, message: describeIssues(parsed.error) }
      const value = parsed.data
      return { ok: true, call: (backend) => call(backend, value) }
    },
  }
}

const none = z.tuple([])
// The shared ModelRef schema strips unknown keys; a top-level argument should refuse them.
const strictModelRef = modelRefSchema.strict()

export const channelHandlers: { readonly [K in keyof typeof Channels]: ChannelHandler } = {
  conversationsList: handler(none, (b) => b.conversations.list()),
  conversationsGet: handler(z.tuple([idSchema]), (b, [id]) => b.conversations.get(id)),
  conversationsCreate: handler(z.tuple([createConversationRequestSchema.optional()]), (b, [request]) =>
    b.conversations.create(request),
  ),
  conversationsRename: handler(z.tuple([idSchema, titleSchema]), (b, [id, title]) =>
    b.conversations.rename(id, title),
  ),
  conversationsDelete: handler(z.tuple([idSchema]), (b, [id]) => b.conversations.delete(id)),
  conversationsSearch: handler(z.tuple([searchQuerySchema]), (b, [query]) => b.conversations.search(query)),
  conversationsSetModel: handler(z.tuple([idSchema, strictModelRef.nullable()]), (b, [id, model]) =>
    b.conversations.setModel(id, model),
  ),
  conversationsSetSystemPrompt: handler(z.tuple([idSchema, systemPromptSchema]), (b, [id, prompt]) =>
    b.conversations.setSystemPrompt(id, prompt),
  ),
  conversationsDeleteMessage: handler(z.tuple([idSchema, idSchema]), (b, [conversationId, messageId]) =>
    b.conversations.deleteMessage(conversationId, messageId),
  ),
  conversationsExportAll: handler(none, (b) => b.conversations.exportAll()),
  conversationsExportMarkdown: handler(z.tuple([idSchema]), (b, [id]) => b.conversations.exportMarkdown(id)),
  conversationsImport: handler(z.tuple([importRequestSchema]), (b, [request]) =>
    b.conversations.import(request),
  ),
  chatSend: handler(z.tuple([sendRequestSchema]), (b, [request]) => b.chat.send(request)),
  chatStop: handler(z.tuple([idSchema]), (b, [conversationId]) => b.chat.stop(conversationId)),
  chatRegenerate: handler(z.tuple([regenerateRequestSchema]), (b, [request]) => b.chat.regenerate(request)),
  chatEditAndResend: handler(z.tuple([editAndResendRequestSchema]), (b, [request]) =>
    b.chat.editAndResend(request),
  ),
  chatContinue: handler(z.tuple([continueRequestSchema]), (b, [request]) => b.chat.continue(request)),
  settingsGet: handler(none, (b) => b.settings.get()),
  settingsUpdate: handler(z.tuple([settingsPatchSchema]), (b, [patch]) => b.settings.update(patch)),
  settingsSetSecret: handler(z.tuple([setSecretRequestSchema]), (b, [request]) =>
    b.settings.setSecret(request),
  ),
  settingsAllowPlaintextSecrets: handler(z.tuple([z.boolean()]), (b, [allow]) =>
    b.settings.allowPlaintextSecrets(allow),
  ),
  providersModels: handler(z.tuple([idSchema, z.boolean()]), (b, [providerId, refresh]) =>
    b.providers.models(providerId, refresh),
  ),
  providersTestConnection: handler(z.tuple([testConnectionRequestSchema]), (b, [request]) =>
    b.providers.testConnection(request),
  ),
  providersDetectLocal: handler(none, (b) => b.providers.detectLocal()),
  appInfo: handler(none, (b) => b.app.info()),
  // Checked here (http(s) only) and again where the backend opens it.
  appOpenExternal: handler(z.tuple([externalUrlSchema]), (b, [url]) => {
    return b.app.openExternal(url) // eng-disable OPEN_EXTERNAL_JS_CHECK
  }),
}
