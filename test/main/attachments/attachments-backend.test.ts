/**
 * Attachments through the real backend: adding (type from the bytes, refusals), references kept on the saved
 * message, collection at start after a crash, export and import, and the request bodies each kind of
 * provider gets for a message with an image, a PDF and a text file (sent to the fake provider).
 */
import { spawn } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { startTestBackend, type TestBackend } from '../../fixtures/backend'
import { startFakeProvider, type FakeProvider } from '../../fixtures/fake-provider'
import {
  CSV_TEXT,
  PDF_BYTES,
  SVG_TEXT,
  base64,
  pngBytes,
  textPdf,
  utf8,
} from '../../fixtures/attachment-bytes'
import { alphaPng, decoded, photoJpeg } from '../../fixtures/real-images'
import type { AttachmentRef, ProviderKind } from '../../../src/shared/domain'

vi.mock('electron', () => import('../../mocks/electron'))

const dirs: string[] = []
const backends: TestBackend[] = []
let fake: FakeProvider
beforeAll(async () => {
  fake = await startFakeProvider()
})
afterAll(async () => {
  await fake.close()
})
afterEach(async () => {
  await Promise.all(backends.splice(0).map((b) => b.shutdown()))
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
})

function newDataDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'proxychat-attach-'))
  dirs.push(dir)
  return join(dir, 'data')
}

async function start(dataDir = newDataDir()): Promise<TestBackend> {
  const started = await startTestBackend({ userDataDir: dataDir })
  backends.push(started)
  await started.attachments.ready()
  return started
}

async function withProvider(app: TestBackend, kind: ProviderKind): Promise<void> {
  const baseURL = kind === 'anthropic' ? fake.anthropicBaseURL : fake.baseURL
  await app.backend.settings.update({
    providers: [{ id: `p-${kind}`, kind, name: `Fake ${kind}`, baseURL, enabled: true }],
    defaultModel: { providerId: `p-${kind}`, model: 'gpt-4o' },
  })
  await app.backend.settings.setSecret({
    target: { type: 'provider', providerId: `p-${kind}` },
    value: 'sk-1',
  })
}

async function waitForEnd(app: TestBackend): Promise<void> {
  await expect.poll(() => app.streamEvents().some((e) => e.type === 'done' || e.type === 'error')).toBe(true)
}

const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex')

describe('attachments.add', () => {
  it('reads the type and pixel size from the bytes, not the name', async () => {
    const app = await start()
    const ref = await app.backend.attachments.add({ name: 'photo.txt', bytes: pngBytes(640, 480) })
    expect(ref).toMatchObject({ name: 'photo.txt', mediaType: 'image/png', width: 640, height: 480 })
    expect(ref.hash).toBe(sha256(pngBytes(640, 480)))
    const pdf = await app.backend.attachments.add({ name: 'report', bytes: PDF_BYTES })
    expect(pdf.mediaType).toBe('application/pdf')
  })

  it('keeps SVG as text, never as an image', async () => {
    const app = await start()
    const ref = await app.backend.attachments.add({ name: 'logo.svg', bytes: utf8(SVG_TEXT) })
    expect(ref.mediaType).toBe('text/plain')
    expect(await app.attachments.serveImage(ref.hash)).toBeUndefined()
  })

  it('refuses what it cannot send, saying which file', async () => {
    const app = await start()
    const zip = new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0, 0, 0xff, 0xfe])
    await expect(app.backend.attachments.add({ name: 'archive.zip', bytes: zip })).rejects.toMatchObject({
      code: 'attachment_unsupported',
      message: expect.stringContaining('archive.zip'),
    })
  })
})

describe('chat.send with attachments', () => {
  async function sendAll(
    kind: ProviderKind,
  ): Promise<{ app: TestBackend; body: unknown; refs: AttachmentRef[] }> {
    const app = await start()
    await withProvider(app, kind)
    const refs = [
      await app.backend.attachments.add({ name: 'chart.png', bytes: pngBytes(800, 600) }),
      await app.backend.attachments.add({ name: 'report.pdf', bytes: PDF_BYTES }),
      await app.backend.attachments.add({ name: 'cities.csv', bytes: utf8(CSV_TEXT) }),
    ]
    const conversation = await app.backend.conversations.create()
    const before = fake.requests.length
    await app.backend.chat.send({
      conversationId: conversation.id,
      content: 'Summarize these',
      attachments: refs,
    })
    await waitForEnd(app)
    const request = fake.requests.slice(before).find((r) => r.method === 'POST')
    return { app, body: request?.body, refs }
  }

  it('sends OpenAI an image_url, a file part and fenced text, then the question', async () => {
    const { body } = await sendAll('openai')
    expect(body).toMatchObject({
      messages: [
        {
          role: 'user',
          content: [
            { type: 'image_url', image_url: { url: `data:image/png;base64,${base64(pngBytes(800, 600))}` } },
            {
              type: 'file',
              file: { filename: 'report.pdf', file_data: `data:application/pdf;base64,${base64(PDF_BYTES)}` },
            },
            { type: 'text', text: `cities.csv\n\n\`\`\`csv\n${CSV_TEXT}\`\`\`` },
            { type: 'text', text: 'Summarize these' },
          ],
        },
      ],
    })
  })

  it('sends Anthropic image and document blocks with base64 sources', async () => {
    const { body } = await sendAll('anthropic')
    expect(body).toMatchObject({
      messages: [
        {
          role: 'user',
          content: [
            {
              type: 'image',
              source: { type: 'base64', media_type: 'image/png', data: base64(pngBytes(800, 600)) },
            },
            {
              type: 'document',
              source: { type: 'base64', media_type: 'application/pdf', data: base64(PDF_BYTES) },
            },
            { type: 'text', text: expect.stringContaining('cities.csv') },
            { type: 'text', text: 'Summarize these' },
          ],
        },
      ],
    })
  })

  it('saves references (how each was sent), never the bytes, and they survive a restart', async () => {
    const { app, refs } = await sendAll('openai')
    const [conversation] = await app.backend.conversations.list()
    const dataDir = join(app.attachments.store.dir, '..')
    const file = readFileSync(join(dataDir, 'conversations', `${conversation?.id ?? ''}.json`), 'utf8')
    expect(file).not.toContain(base64(PDF_BYTES))
    expect(file.length).toBeLessThan(4000)
    await app.shutdown()
    const again = await start(dataDir)
    const saved = await again.backend.conversations.get(conversation?.id ?? '')
    expect(saved.messages[0]?.attachments?.map((a) => [a.name, a.sentAs])).toEqual([
      ['chart.png', 'image'],
      ['report.pdf', 'document'],
      ['cities.csv', 'text'],
    ])
    for (const ref of refs) expect(existsSync(join(again.attachments.store.dir, ref.hash))).toBe(true)
  })

  it('sends a PDF as its extracted text, fenced under its name, where the provider takes no PDFs', async () => {
    const app = await start()
    await withProvider(app, 'ollama')
    const bytes = textPdf(['Quarterly report', 'Revenue grew 12% (est.)'])
    const pdf = await app.backend.attachments.add({ name: 'q3.pdf', bytes })
    const conversation = await app.backend.conversations.create()
    const before = fake.requests.length
    await app.backend.chat.send({ conversationId: conversation.id, content: 'Summarize', attachments: [pdf] })
    await waitForEnd(app)
    const body = fake.requests.slice(before).find((r) => r.method === 'POST')?.body
    expect(body).toMatchObject({
      messages: [
        {
          role: 'user',
          content: [
            { type: 'text', text: 'q3.pdf\n\n```\nQuarterly report\n\nRevenue grew 12% (est.)\n```' },
            { type: 'text', text: 'Summarize' },
          ],
        },
      ],
    })
    expect(JSON.stringify(body)).not.toContain(base64(bytes))
    const saved = await app.backend.conversations.get(conversation.id)
    expect(saved.messages[0]?.attachments?.[0]?.sentAs).toBe('text')
  })

  it('refuses a scanned PDF for a provider that takes none, and an image for one without vision, saving nothing', async () => {
    const app = await start()
    await withProvider(app, 'custom')
    for (const [name, bytes] of [
      ['scan.pdf', textPdf([null])],
      ['report.pdf', PDF_BYTES],
    ] as const) {
      const pdf = await app.backend.attachments.add({ name, bytes })
      const conversation = await app.backend.conversations.create()
      const sent = app.backend.chat.send({
        conversationId: conversation.id,
        content: 'Read',
        attachments: [pdf],
      })
      await expect(sent).rejects.toMatchObject({
        code: 'attachment_pdf_no_text',
        message: expect.stringContaining(name),
      })
      expect((await app.backend.conversations.get(conversation.id)).messages).toEqual([])
    }
    const conversation = await app.backend.conversations.create()
    await withProvider(app, 'deepseek')
    const png = await app.backend.attachments.add({ name: 'chart.png', bytes: pngBytes(10, 10) })
    await expect(
      app.backend.chat.send({
        conversationId: conversation.id,
        content: 'Look',
        attachments: [png],
        model: { providerId: 'p-deepseek', model: 'deepseek-chat' },
      }),
    ).rejects.toMatchObject({ code: 'attachment_no_images' })
    expect((await app.backend.conversations.get(conversation.id)).messages).toEqual([])
  })

  describe('images over the provider limits are scaled down in the request; the stored file stays', () => {
    let photo: Uint8Array
    let transparent: Uint8Array
    beforeAll(async () => {
      photo = await photoJpeg(4000, 3000, 6)
      transparent = await alphaPng(2400, 1600, 'smooth')
    }, 60_000)

    /** The images of the request body's first message, decoded: OpenAI data URLs or Anthropic sources. */
    interface SentPart {
      type: string
      image_url?: { url: string }
      source?: { media_type: string; data: string }
    }

    /** The images of the request body's first message, decoded: OpenAI data URLs or Anthropic sources. */
    function sentImages(body: unknown): { mediaType: string; bytes: Uint8Array }[] {
      const content = (body as { messages: { content: SentPart[] }[] }).messages[0]?.content ?? []
      return content.flatMap((part) => {
        if (part.image_url) {
          const [, mediaType = '', data = ''] = /^data:([^;]+);base64,(.*)$/s.exec(part.image_url.url) ?? []
          return [{ mediaType, bytes: new Uint8Array(Buffer.from(data, 'base64')) }]
        }
        if (part.type === 'image' && part.source)
          return [
            {
              mediaType: part.source.media_type,
              bytes: new Uint8Array(Buffer.from(part.source.data, 'base64')),
            },
          ]
        return []
      })
    }

    async function sendImages(
      kind: ProviderKind,
    ): Promise<{ app: TestBackend; body: unknown; refs: AttachmentRef[] }> {
      const app = await start()
      await withProvider(app, kind)
      const refs = [
        await app.backend.attachments.add({ name: 'photo.jpg', bytes: photo }),
        await app.backend.attachments.add({ name: 'logo.png', bytes: transparent }),
        await app.backend.attachments.add({ name: 'chart.png', bytes: pngBytes(800, 600) }),
      ]
      const conversation = await app.backend.conversations.create()
      const before = fake.requests.length
      await app.backend.chat.send({ conversationId: conversation.id, content: 'Look', attachments: refs })
      await waitForEnd(app)
      const body = fake.requests.slice(before).find((r) => r.method === 'POST')?.body
      return { app, body, refs }
    }

    it('OpenAI (2048 px): the photo upright as a 1536×2048 JPEG, the PNG as a 2048×1365 PNG with alpha, the small one as stored', async () => {
      const { app, body, refs } = await sendImages('openai')
      const [sentPhoto, sentPng, sentSmall] = sentImages(body)
      expect(sentPhoto?.mediaType).toBe('image/jpeg')
      expect(await decoded(sentPhoto?.bytes ?? new Uint8Array())).toMatchObject({
        format: 'jpeg',
        width: 1536,
        height: 2048,
        orientation: undefined,
      })
      expect(sentPng?.mediaType).toBe('image/png')
      expect(await decoded(sentPng?.bytes ?? new Uint8Array())).toMatchObject({
        format: 'png',
        width: 2048,
        height: 1365,
        hasAlpha: true,
      })
      expect(sentSmall).toEqual({ mediaType: 'image/png', bytes: pngBytes(800, 600) })
      // The stored originals are untouched.
      expect(sha256(readFileSync(join(app.attachments.store.dir, refs[0]?.hash ?? '')))).toBe(sha256(photo))
      expect(sha256(readFileSync(join(app.attachments.store.dir, refs[1]?.hash ?? '')))).toBe(
        sha256(transparent),
      )
    }, 60_000)

    it('Anthropic (1568 px, 5 MB of base64): image blocks of 1176×1568 JPEG and 1568×1045 PNG, the small one as stored', async () => {
      const { body } = await sendImages('anthropic')
      const [sentPhoto, sentPng, sentSmall] = sentImages(body)
      expect(sentPhoto?.mediaType).toBe('image/jpeg')
      const photoSent = await decoded(sentPhoto?.bytes ?? new Uint8Array())
      expect(photoSent).toMatchObject({ format: 'jpeg', width: 1176, height: 1568, orientation: undefined })
      expect(Buffer.from(sentPhoto?.bytes ?? []).toString('base64').length).toBeLessThanOrEqual(
        5 * 1024 * 1024,
      )
      expect(await decoded(sentPng?.bytes ?? new Uint8Array())).toMatchObject({
        format: 'png',
        width: 1568,
        height: 1045,
        hasAlpha: true,
      })
      expect(sentSmall).toEqual({ mediaType: 'image/png', bytes: pngBytes(800, 600) })
    }, 60_000)

    it('refuses an image over the limits that cannot be decoded (so not scaled), naming it, before sending', async () => {
      const app = await start()
      await withProvider(app, 'anthropic')
      const big = await app.backend.attachments.add({ name: 'panorama.png', bytes: pngBytes(9000, 1000) })
      const conversation = await app.backend.conversations.create()
      const before = fake.requests.length
      await expect(
        app.backend.chat.send({ conversationId: conversation.id, content: 'Look', attachments: [big] }),
      ).rejects.toMatchObject({
        code: 'attachment_image_too_large',
        message: expect.stringContaining('panorama.png'),
      })
      expect(fake.requests.length).toBe(before)
      expect((await app.backend.conversations.get(conversation.id)).messages).toEqual([])
    })
  })

  it('refuses references to files that are not stored, and takes size and type from the store', async () => {
    const app = await start()
    await withProvider(app, 'openai')
    const conversation = await app.backend.conversations.create()
    const ghost = { id: 'g1', name: 'ghost.png', mediaType: 'image/png', size: 10, hash: 'f'.repeat(64) }
    await expect(
      app.backend.chat.send({ conversationId: conversation.id, content: 'x', attachments: [ghost] }),
    ).rejects.toMatchObject({ code: 'attachment_missing' })
    // The page claims a text file is an image: the stored bytes decide.
    const text = await app.backend.attachments.add({ name: 'notes.md', bytes: utf8('# Notes\n') })
    const lie = { ...text, mediaType: 'image/png', size: 1 }
    await app.backend.chat.send({ conversationId: conversation.id, content: '', attachments: [lie] })
    await waitForEnd(app)
    const saved = await app.backend.conversations.get(conversation.id)
    expect(saved.messages[0]?.attachments?.[0]).toMatchObject({
      mediaType: 'text/plain',
      size: 8,
      sentAs: 'text',
    })
  })
})

describe('collection at start', () => {
  it('after a crash between storing a file and saving its message, the next start removes only that file', async () => {
    const dataDir = newDataDir()
    const first = await start(dataDir)
    await withProvider(first, 'openai')
    const kept = await first.backend.attachments.add({ name: 'kept.png', bytes: pngBytes(2, 2) })
    const conversation = await first.backend.conversations.create()
    await first.backend.chat.send({ conversationId: conversation.id, content: 'Keep', attachments: [kept] })
    await waitForEnd(first)
    await first.shutdown()

    // Another process stores a file and dies before any message refers to it.
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', join(import.meta.dirname, 'put-then-crash.ts'), dataDir, 'never saved'],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    )
    const line = await new Promise<string>((done) => {
      createInterface({ input: child.stdout }).once('line', done)
    })
    const orphan = (JSON.parse(line) as { hash: string }).hash
    child.kill('SIGKILL')
    await new Promise((done) => child.once('exit', done))
    const dir = join(dataDir, 'attachments')
    expect(existsSync(join(dir, orphan))).toBe(true)

    await start(dataDir)
    expect(existsSync(join(dir, orphan))).toBe(false)
    expect(existsSync(join(dir, kept.hash))).toBe(true)
  })
})

describe('export and import', () => {
  it('carries the files in the export, checked against their hash on import', async () => {
    const a = await start()
    await withProvider(a, 'openai')
    const ref = await a.backend.attachments.add({ name: 'chart.png', bytes: pngBytes(3, 3) })
    const conversation = await a.backend.conversations.create()
    await a.backend.chat.send({ conversationId: conversation.id, content: 'See', attachments: [ref] })
    await waitForEnd(a)
    const exported = await a.backend.conversations.exportAll()
    const json = readFileSync(exported.path ?? '', 'utf8')
    const envelope = JSON.parse(json) as { attachments: Record<string, string> }
    expect(envelope.attachments).toEqual({ [ref.hash]: base64(pngBytes(3, 3)) })
    const markdown = await a.backend.conversations.exportMarkdown(conversation.id)
    expect(readFileSync(markdown.path ?? '', 'utf8')).toContain('chart.png (image/png, 33 B)')

    const b = await start()
    await b.backend.conversations.import({ json })
    const [imported] = await b.backend.conversations.list()
    const message = (await b.backend.conversations.get(imported?.id ?? '')).messages[0]
    expect(message?.attachments?.[0]?.hash).toBe(ref.hash)
    expect(await b.attachments.serveImage(ref.hash)).toMatchObject({ mediaType: 'image/png' })

    // A file whose bytes are not what its key says is not stored, and the reference to it is dropped.
    const c = await start()
    const forged = JSON.stringify({ ...JSON.parse(json), attachments: { [ref.hash]: base64(utf8('evil')) } })
    await c.backend.conversations.import({ json: forged })
    const [copy] = await c.backend.conversations.list()
    expect((await c.backend.conversations.get(copy?.id ?? '')).messages[0]?.attachments).toBeUndefined()
    expect(await c.attachments.has(ref.hash)).toBe(false)
  })
})
