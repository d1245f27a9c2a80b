/**
 * A message with files handed over to a fallback provider: the files are built again for that provider
 * (its image limits, PDFs as documents or as text), and a fallback that cannot take them is skipped, with
 * a fact the window words, before any byte is sent to it. Real backend, fake providers on 127.0.0.1.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { startTestBackend, type TestBackend } from '../../fixtures/backend'
import { startFakeProvider, type FakeProvider, type RecordedRequest } from '../../fixtures/fake-provider'
import { base64, textPdf } from '../../fixtures/attachment-bytes'
import { decoded, photoJpeg } from '../../fixtures/real-images'
import type { ProviderConfig, ProviderKind } from '../../../src/shared/domain'

vi.mock('electron', () => import('../../mocks/electron'))

let fake: FakeProvider
let photo: Uint8Array
const pdf = textPdf(['Quarterly report', 'Revenue grew 12%'])
const dirs: string[] = []
const backends: TestBackend[] = []
beforeAll(async () => {
  fake = await startFakeProvider()
  photo = await photoJpeg(4000, 3000, 6)
}, 60_000)
afterAll(async () => {
  await fake.close()
})
afterEach(async () => {
  await Promise.all(backends.splice(0).map((b) => b.shutdown()))
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
})

const NAMES: Partial<Record<ProviderKind, string>> = {
  openai: 'OpenAI',
  anthropic: 'Anthropic',
  deepseek: 'DeepSeek',
  ollama: 'Ollama',
}

/** A backend whose conversation provider is `kinds[0]`, the rest its fallbacks in order (no shuffling). */
async function start(kinds: ProviderKind[]): Promise<TestBackend> {
  const dir = mkdtempSync(join(tmpdir(), 'proxychat-fallback-'))
  dirs.push(dir)
  const app = await startTestBackend({ userDataDir: join(dir, 'data') })
  backends.push(app)
  await app.attachments.ready()
  const providers: ProviderConfig[] = kinds.map((kind) => ({
    id: `p-${kind}`,
    kind,
    name: NAMES[kind] ?? kind,
    baseURL: kind === 'anthropic' ? fake.anthropicBaseURL : fake.baseURL,
    enabled: true,
  }))
  await app.backend.settings.update({
    providers,
    defaultModel: { providerId: `p-${kinds[0] ?? 'openai'}`, model: 'gpt-4o' },
    retry: {
      maxRetries: 1,
      singleProviderRetry: false,
      shuffle: false,
      fallbackProviderIds: kinds.slice(1).map((k) => `p-${k}`),
    },
  })
  for (const kind of kinds)
    await app.backend.settings.setSecret({
      target: { type: 'provider', providerId: `p-${kind}` },
      value: 'sk-1',
    })
  return app
}

/** Sends the photo and the PDF; the first provider answers 503. Returns the chat requests, in order. */
async function sendThroughFallback(app: TestBackend): Promise<RecordedRequest[]> {
  const refs = [
    await app.backend.attachments.add({ name: 'photo.jpg', bytes: photo }),
    await app.backend.attachments.add({ name: 'q3.pdf', bytes: pdf }),
  ]
  const conversation = await app.backend.conversations.create()
  const before = fake.requests.length
  fake.enqueue({ status: 503 })
  await app.backend.chat.send({ conversationId: conversation.id, content: 'Summarize', attachments: refs })
  await expect
    .poll(() => app.streamEvents().some((e) => e.type === 'done' || e.type === 'error'), { timeout: 30_000 })
    .toBe(true)
  return fake.requests.slice(before).filter((r) => r.method === 'POST')
}

interface Part {
  type: string
  text?: string
  image_url?: { url: string }
  file?: { filename: string; file_data: string }
  source?: { media_type: string; data: string }
}
const partsOf = (request: RecordedRequest | undefined): Part[] =>
  (request?.body as { messages: { content: Part[] }[] } | undefined)?.messages[0]?.content ?? []

function imageOf(parts: Part[]): Uint8Array {
  const part = parts.find((p) => p.type === 'image_url' || p.type === 'image')
  const data = part?.image_url?.url.replace(/^data:[^,]*,/, '') ?? part?.source?.data ?? ''
  return new Uint8Array(Buffer.from(data, 'base64'))
}

describe('attachments and fallback providers', () => {
  it('skips a fallback that takes no images (DeepSeek) and builds the files again for the next (Ollama)', async () => {
    const app = await start(['openai', 'deepseek', 'ollama'])
    const [toOpenAI, toOllama, ...more] = await sendThroughFallback(app)
    expect(more).toEqual([]) // DeepSeek got nothing

    // OpenAI: the photo scaled to 2048 px, the PDF as a file part.
    expect(await decoded(imageOf(partsOf(toOpenAI)))).toMatchObject({ width: 1536, height: 2048 })
    expect(partsOf(toOpenAI)[1]).toMatchObject({ type: 'file', file: { filename: 'q3.pdf' } })
    // Ollama: the photo as stored (within its limits), the PDF as its extracted text.
    expect(Buffer.from(imageOf(partsOf(toOllama))).toString('base64')).toBe(base64(photo))
    expect(partsOf(toOllama)[1]).toEqual({
      type: 'text',
      text: 'q3.pdf\n\n```\nQuarterly report\n\nRevenue grew 12%\n```',
    })

    const [conversation] = await app.backend.conversations.list()
    const reply = (await app.backend.conversations.get(conversation?.id ?? '')).messages[1]
    expect(reply?.status).toBe('done')
    expect(reply?.meta?.fallbackFrom).toEqual([
      expect.objectContaining({ provider: 'OpenAI', kind: 'server', status: 503 }),
      expect.objectContaining({ provider: 'DeepSeek', kind: 'bad_request', fact: 'attachment_no_images' }),
    ])
    // The note on the question is true for Ollama, which answered: the PDF went as text, not as a document.
    const question = (await app.backend.conversations.get(conversation?.id ?? '')).messages[0]
    expect(question?.attachments?.map((a) => a.sentAs)).toEqual(['image', 'text'])
    const done = app.streamEvents().find((e) => e.type === 'done')
    expect(done?.type === 'done' && done.question?.attachments?.map((a) => a.sentAs)).toEqual([
      'image',
      'text',
    ])
    const retry = app.streamEvents().find((e) => e.type === 'retry' && e.providerName === 'DeepSeek')
    expect(retry).toMatchObject({
      reason: 'bad_request',
      facts: { fact: 'attachment_no_images' },
      nextProviderName: 'Ollama',
    })
  }, 60_000)

  it('gives a fallback that takes more (Anthropic after Ollama) the PDF as a document and the photo at its own limit', async () => {
    const app = await start(['ollama', 'anthropic'])
    const [toOllama, toAnthropic, ...more] = await sendThroughFallback(app)
    expect(more).toEqual([])
    expect(toAnthropic?.path).toBe('/v1/messages')

    expect(Buffer.from(imageOf(partsOf(toOllama))).toString('base64')).toBe(base64(photo))
    expect(partsOf(toOllama)[1]?.type).toBe('text')
    // Anthropic: 1568 px on the long side, upright; the PDF as a document block.
    expect(partsOf(toAnthropic)[0]?.source?.media_type).toBe('image/jpeg')
    expect(await decoded(imageOf(partsOf(toAnthropic)))).toMatchObject({ width: 1176, height: 1568 })
    expect(partsOf(toAnthropic)[1]).toMatchObject({
      type: 'document',
      source: { type: 'base64', media_type: 'application/pdf', data: base64(pdf) },
    })
    // Planned as text for Ollama; Anthropic answered with the PDF as a document, and the question says so.
    const [conversation] = await app.backend.conversations.list()
    const question = (await app.backend.conversations.get(conversation?.id ?? '')).messages[0]
    expect(question?.attachments?.map((a) => a.sentAs)).toEqual(['image', 'document'])
  }, 60_000)

  it('leaves the question as planned when its own provider answers', async () => {
    const app = await start(['ollama', 'anthropic'])
    const refs = [await app.backend.attachments.add({ name: 'q3.pdf', bytes: pdf })]
    const conversation = await app.backend.conversations.create()
    await app.backend.chat.send({ conversationId: conversation.id, content: 'Summarize', attachments: refs })
    await expect.poll(() => app.streamEvents().some((e) => e.type === 'done'), { timeout: 30_000 }).toBe(true)
    const question = (await app.backend.conversations.get(conversation.id)).messages[0]
    expect(question?.attachments?.map((a) => a.sentAs)).toEqual(['text'])
    const done = app.streamEvents().find((e) => e.type === 'done')
    expect(done && 'question' in done).toBe(false)
  }, 60_000)

  it('ends with every provider named when none that is left can take the files', async () => {
    const app = await start(['openai', 'deepseek'])
    const requests = await sendThroughFallback(app)
    expect(requests).toHaveLength(1) // only OpenAI's 503
    const [conversation] = await app.backend.conversations.list()
    const reply = (await app.backend.conversations.get(conversation?.id ?? '')).messages[1]
    expect(reply?.status).toBe('error')
    expect(reply?.error?.failures).toEqual([
      expect.objectContaining({ provider: 'OpenAI', status: 503 }),
      expect.objectContaining({ provider: 'DeepSeek', fact: 'attachment_no_images' }),
    ])
  }, 60_000)
})
