/**
 * Schemas for everything that enters main from the page (and for settings read from disk).
 * Main validates every payload against these; the page only imports their types.
 */
import { z } from 'zod'
import { ATTACHMENT_HASH, ATTACHMENT_LIMITS } from './attachments'
import { PROMPT_LIMITS, namesAreUnique } from './prompts'
import { REASONING_EFFORTS, WIDEST_RANGES, type NumericParamField } from './model-params'
import { normalizeModelId } from './model-match'
import { MAX_MODEL_ID_LENGTH, MAX_PRICE, MAX_PRICE_ROWS } from './pricing'

const id = z.string().min(1).max(100)
const shortText = z.string().max(500)
/** Messages can be long, but not unbounded: 1 MB of text is far beyond any prompt. */
const messageText = z.string().max(1_000_000)

export const providerKindSchema = z.enum([
  'openai',
  'anthropic',
  'openrouter',
  'groq',
  'deepseek',
  'gemini',
  'ollama',
  'lmstudio',
  'custom',
])

export const providerConfigSchema = z.object({
  id,
  kind: providerKindSchema,
  name: z.string().trim().min(1).max(100),
  baseURL: z.string().max(2000),
  enabled: z.boolean(),
  routeId: id.optional(),
})

export const modelRefSchema = z.object({ providerId: id, model: z.string().min(1).max(300) })

export const proxySettingsSchema = z.object({
  mode: z.enum(['none', 'system', 'manual']),
  httpProxy: shortText,
  httpsProxy: shortText,
  useHttpForHttps: z.boolean(),
  socksProxy: shortText,
  socksRemoteDns: z.boolean(),
  username: shortText,
  bypass: z.array(z.string().max(300)).max(200),
  caCertificates: z
    .string()
    .max(200_000)
    .refine(
      (value) =>
        value.trim() === '' || /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/.test(value),
      'paste certificates in PEM form (-----BEGIN CERTIFICATE----- … -----END CERTIFICATE-----)',
    ),
})

export const routeProfileSchema = proxySettingsSchema.extend({ id, name: z.string().trim().min(1).max(100) })

/** Ids unique; the built-in Direct and System routes present, with their own modes. */
export const routesSchema = z
  .array(routeProfileSchema)
  .max(100)
  .refine((routes) => new Set(routes.map((r) => r.id)).size === routes.length, 'route ids must be unique')
  .refine(
    (routes) =>
      routes.some((r) => r.id === 'direct' && r.mode === 'none') &&
      routes.some((r) => r.id === 'system' && r.mode === 'system'),
    'the Direct and System routes cannot be removed or changed into another kind',
  )

export const retrySettingsSchema = z.object({
  maxRetries: z.number().int().min(1).max(10),
  singleProviderRetry: z.boolean(),
  shuffle: z.boolean(),
  fallbackProviderIds: z.array(id).max(50),
})

export const appearanceSchema = z.object({
  theme: z.enum(['light', 'dark', 'system']),
  fontSize: z.number().int().min(10).max(28),
})

export const languageSchema = z.enum(['en', 'ru'])

export const savedPromptSchema = z
  .object({
    id,
    name: z.string().trim().min(1).max(PROMPT_LIMITS.maxNameLength),
    text: z.string().max(PROMPT_LIMITS.maxTextLength),
  })
  .strict()
/** As kept on disk: a hand-edited file with two prompts of one name keeps both. */
const promptLibrarySchema = z.array(savedPromptSchema).max(PROMPT_LIMITS.maxPrompts)
export const titleSettingsSchema = z.object({
  enabled: z.boolean(),
  models: z
    .record(id, z.string().trim().min(1).max(300))
    .refine((models) => Object.keys(models).length <= 100, 'at most 100 title models'),
})
/** Model parameters within the widest range any provider takes; each provider's own range is checked in main. */
const paramNumber = (field: NumericParamField) => {
  const { min, max, integer } = WIDEST_RANGES[field]
  const number = z.number().min(min).max(max)
  return (integer ? number.int() : number).optional()
}
/** As read from a file: unknown keys are dropped. */
export const storedModelParamsSchema = z.object({
  temperature: paramNumber('temperature'),
  maxTokens: paramNumber('maxTokens'),
  topP: paramNumber('topP'),
  reasoningEffort: z.enum(REASONING_EFFORTS).optional(),
  thinkingBudget: paramNumber('thinkingBudget'),
})
/** From the page: unknown keys are refused. */
export const modelParamsSchema = storedModelParamsSchema.strict()
/** Defaults per provider id. */
export const modelParamsByProviderSchema = z
  .record(id, modelParamsSchema)
  .refine((record) => Object.keys(record).length <= 100, 'at most 100 providers')
const price = z.number().nonnegative().max(MAX_PRICE)
export const pricesSchema = z
  .array(
    z
      .object({
        model: z.string().trim().min(1).max(MAX_MODEL_ID_LENGTH),
        input: price,
        cachedInput: price.optional(),
        cacheWrite: price.optional(),
        output: price,
      })
      .strict(),
  )
  .max(MAX_PRICE_ROWS)
  .refine(
    (rows) => new Set(rows.map((r) => normalizeModelId(r.model))).size === rows.length,
    'each model may have one price',
  )

export const settingsSchema = z.object({
  providers: z.array(providerConfigSchema).max(100),
  defaultModel: modelRefSchema.nullable(),
  routes: routesSchema,
  defaultRouteId: id,
  retry: retrySettingsSchema,
  appearance: appearanceSchema,
  language: languageSchema.nullable(),
  prompts: promptLibrarySchema,
  titles: titleSettingsSchema,
  modelParams: modelParamsByProviderSchema,
  prices: pricesSchema,
})

export const settingsPatchSchema = z
  .object({
    providers: z.array(providerConfigSchema).max(100),
    defaultModel: modelRefSchema.nullable(),
    routes: routesSchema,
    defaultRouteId: id,
    retry: retrySettingsSchema.partial(),
    appearance: appearanceSchema.partial(),
    language: languageSchema.nullable(),
    prompts: promptLibrarySchema
      .refine((prompts) => namesAreUnique(prompts), 'prompt names must be unique')
      .refine(
        (prompts) => new Set(prompts.map((p) => p.id)).size === prompts.length,
        'prompt ids must be unique',
      ),
    titles: titleSettingsSchema.partial(),
    modelParams: modelParamsByProviderSchema,
    prices: pricesSchema,
  })
  .partial()
  .strict()
export type SettingsPatch = z.infer<typeof settingsPatchSchema>

export const secretTargetSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('provider'), providerId: id }),
  z.object({ type: z.literal('route'), routeId: id }),
])
export const setSecretRequestSchema = z
  .object({ target: secretTargetSchema, value: z.string().max(10_000) })
  .strict()
export type SetSecretRequest = z.infer<typeof setSecretRequestSchema>

export const testConnectionRequestSchema = z
  .object({
    provider: providerConfigSchema,
    /** A key typed but not saved yet; when absent, the saved key of `provider.id` is used. */
    apiKey: z.string().max(10_000).optional(),
    /**
     * The route to test (a profile being edited, saved or not); when absent, the provider's own route
     * (`provider.routeId`, else the default route) as saved.
     */
    route: routeProfileSchema.optional(),
    /** A password typed for `route` but not saved yet; when absent, the route's saved one is used. */
    routePassword: z.string().max(10_000).optional(),
    model: z.string().max(300).optional(),
  })
  .strict()
export type TestConnectionRequest = z.infer<typeof testConnectionRequestSchema>

export const createConversationRequestSchema = z
  .object({
    model: modelRefSchema.nullable().optional(),
    systemPrompt: z.string().max(100_000).optional(),
    // Set in a new chat before its first message.
    params: modelParamsSchema.optional(),
  })
  .strict()
export type CreateConversationRequest = z.infer<typeof createConversationRequestSchema>

/** A file's name as the page read it: no path separators, no control characters. */
export const attachmentNameSchema = z
  .string()
  .trim()
  .min(1)
  .max(ATTACHMENT_LIMITS.maxNameLength)
  .refine(
    (name) => ![...name].some((c) => c === '/' || c === '\\' || c.charCodeAt(0) < 0x20),
    'a file name without a path',
  )

export const attachmentRefSchema = z.object({
  id,
  name: attachmentNameSchema,
  mediaType: z.string().max(100),
  size: z.number().int().nonnegative().max(ATTACHMENT_LIMITS.maxFileBytes),
  hash: z.string().regex(ATTACHMENT_HASH),
  width: z.number().int().positive().max(1_000_000).optional(),
  height: z.number().int().positive().max(1_000_000).optional(),
  sentAs: z.enum(['image', 'document', 'text']).optional(),
})

/** The bytes of one file the user picked, dropped or pasted (the page never has its path). */
export const addAttachmentRequestSchema = z
  .object({
    name: attachmentNameSchema,
    bytes: z
      .custom<Uint8Array>((value) => value instanceof Uint8Array, 'bytes')
      .refine((bytes) => bytes.length <= ATTACHMENT_LIMITS.maxFileBytes, 'the file is over the size limit'),
  })
  .strict()
export type AddAttachmentRequest = z.infer<typeof addAttachmentRequestSchema>

export const sendRequestSchema = z
  .object({
    conversationId: id,
    // Empty text is fine when files go with it.
    content: messageText,
    model: modelRefSchema.optional(),
    attachments: z.array(attachmentRefSchema.strict()).max(ATTACHMENT_LIMITS.maxCount).optional(),
  })
  .strict()
  .refine(
    (request) => request.content !== '' || (request.attachments?.length ?? 0) > 0,
    'a message needs text or a file',
  )
export type SendRequest = z.infer<typeof sendRequestSchema>

export const regenerateRequestSchema = z
  .object({ conversationId: id, messageId: id, model: modelRefSchema.optional() })
  .strict()
export type RegenerateRequest = z.infer<typeof regenerateRequestSchema>

export const editAndResendRequestSchema = z
  .object({
    conversationId: id,
    messageId: id,
    content: messageText.min(1),
    model: modelRefSchema.optional(),
  })
  .strict()
export type EditAndResendRequest = z.infer<typeof editAndResendRequestSchema>

export const continueRequestSchema = z.object({ conversationId: id, messageId: id }).strict()
export type ContinueRequest = z.infer<typeof continueRequestSchema>

export const importRequestSchema = z
  .object({
    json: z.string().max(200_000_000),
    /** Appended to the titles of changed conversations added as copies, in the window's language. */
    copySuffix: z.string().max(60).optional(),
  })
  .strict()
export type ImportRequest = z.infer<typeof importRequestSchema>

/** A prompt library file the page read (JSON text); main parses it. */
export const promptImportRequestSchema = z.object({ json: z.string().max(20_000_000) }).strict()

export const idSchema = id
export const titleSchema = z.string().trim().min(1).max(200)
/** Conversations chosen in the sidebar (delete or export several). */
export const conversationIdsSchema = z.array(id).min(1).max(100_000)
export const searchQuerySchema = z.string().max(500)
export const systemPromptSchema = z.string().max(100_000)
export const externalUrlSchema = z
  .string()
  .max(10_000)
  .refine((value) => /^https?:\/\//i.test(value), 'only http(s) links open outside the app')
