/**
 * Schemas for what storage reads back from disk or from an import: every field checked, every size bounded.
 * Unknown fields are dropped, never stored.
 */
import { z } from 'zod'
import type { Conversation, ConversationSummary, Message } from '../../shared/domain'
import { ATTACHMENT_LIMITS } from '../../shared/attachments'
import { attachmentRefSchema, idSchema, modelRefSchema, storedModelParamsSchema } from '../../shared/schemas'
import { ERROR_FACTS, ERROR_KINDS } from '../../shared/error-kind'
import { treeProblem } from './conversation-tree'

const timestamp = z.number().int().nonnegative().max(8.64e15)
const count = z.number().int().nonnegative().max(1e12)
const longText = z.string().max(1_000_000)
export const MAX_TITLE_LENGTH = 200

/** The facts an error carries for the window to word (besides its kind). */
const errorFacts = {
  fact: z.enum(ERROR_FACTS).optional(),
  status: z.number().int().min(100).max(599).optional(),
  code: z.string().max(200).optional(),
  said: z.string().max(1_000).optional(),
  host: z.string().max(300).optional(),
  proxy: z.string().max(300).optional(),
  timeoutMs: z.number().nonnegative().max(1e12).optional(),
  retryAfterMs: z.number().nonnegative().max(1e12).optional(),
}

const failureSchema = z.object({
  provider: z.string().max(200),
  attempts: z.number().int().positive().max(1000),
  kind: z.enum(ERROR_KINDS),
  ...errorFacts,
  message: z.string().max(10_000),
})
const failuresSchema = z.array(failureSchema).max(50)

export const messageSchema: z.ZodType<Message> = z.object({
  id: idSchema,
  role: z.enum(['user', 'assistant', 'system']),
  content: longText,
  reasoning: longText.optional(),
  createdAt: timestamp,
  status: z.enum(['streaming', 'done', 'stopped', 'error', 'interrupted']),
  error: z
    .object({
      kind: z.enum(ERROR_KINDS),
      ...errorFacts,
      message: z.string().max(10_000),
      failures: failuresSchema.optional(),
    })
    .optional(),
  meta: z
    .object({
      providerId: idSchema.optional(),
      providerName: z.string().max(200).optional(),
      model: z.string().max(300).optional(),
      usage: z
        .object({
          promptTokens: count,
          completionTokens: count,
          totalTokens: count,
          cachedTokens: count.optional(),
          cacheWriteTokens: count.optional(),
          reasoningTokens: count.optional(),
        })
        .optional(),
      durationMs: z.number().nonnegative().max(1e12).optional(),
      finishReason: z.string().max(100).optional(),
      fallbackFrom: failuresSchema.optional(),
    })
    .optional(),
  // References only: the bytes are in attachments/<hash>. Absent in files written before attachments.
  attachments: z.array(attachmentRefSchema).max(ATTACHMENT_LIMITS.maxCount).optional(),
  // The tree link (see conversation-tree.ts); absent only in files and exports written before branches.
  parentId: idSchema.nullable().optional(),
})

export const conversationSchema: z.ZodType<Conversation> = z.object({
  id: idSchema,
  title: z.string().max(MAX_TITLE_LENGTH),
  createdAt: timestamp,
  updatedAt: timestamp,
  model: modelRefSchema.nullable(),
  systemPrompt: z.string().max(100_000),
  messages: z
    .array(messageSchema)
    .max(100_000)
    .refine(
      (messages) => new Set(messages.map((m) => m.id)).size === messages.length,
      'message ids must be unique',
    )
    .superRefine((messages, context) => {
      const problem = treeProblem(messages)
      if (problem) context.addIssue({ code: 'custom', message: problem })
    }),
  selected: z.record(z.string().max(100), idSchema).optional(),
  pinnedAt: timestamp.optional(),
  titleSource: z.enum(['user', 'model']).optional(),
  // Absent in files written before model parameters, and when the conversation has none of its own.
  // A value no longer valid costs only the parameters (the provider's defaults apply), never the conversation.
  params: storedModelParamsSchema.optional().catch(undefined),
})

export const summarySchema: z.ZodType<ConversationSummary> = z.object({
  id: idSchema,
  title: z.string().max(MAX_TITLE_LENGTH),
  createdAt: timestamp,
  updatedAt: timestamp,
  model: modelRefSchema.nullable(),
  messageCount: count,
  pinnedAt: timestamp.optional(),
})
