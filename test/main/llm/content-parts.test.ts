/**
 * Content parts (text, images, PDFs) in `messages[].content`: the exact request body each provider receives,
 * and parts a provider cannot take refused before any byte is sent. Against the fake provider on 127.0.0.1.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import {
  AnthropicProvider,
  Client,
  OpenAIProvider,
  type ChatMessage,
  type ContentPart,
  type Provider,
} from '../../../src/main/llm'
import { parseDataUrl } from '../../../src/main/llm/content-parts'
import { startFakeProvider, type FakeProvider } from '../../fixtures/fake-provider'

const PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=='
const PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n').toString('base64')

const text = (t: string): ContentPart => ({ type: 'text', text: t })
const image = (url: string): ContentPart => ({ type: 'image_url', image_url: { url } })
const file = (file_data: string, filename = 'report.pdf'): ContentPart => ({
  type: 'file',
  file: { file_data, filename },
})

let fake: FakeProvider
const clients: Client[] = []

beforeAll(async () => {
  fake = await startFakeProvider()
})
afterAll(() => fake.close())
afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()))
  fake.requests.length = 0
})

function client(provider: Provider): Client {
  const c = new Client({ provider })
  clients.push(c)
  return c
}
const openai = (): Client =>
  client(new OpenAIProvider({ apiKey: 'sk-parts-0123456789', baseURL: fake.baseURL }))
const anthropic = (): Client =>
  client(
    new AnthropicProvider({ apiKey: 'sk-ant-parts-0123456789', baseURL: fake.baseURL.replace(/\/v1$/, '') }),
  )

async function send(c: Client, messages: ChatMessage[]): Promise<void> {
  let reply = ''
  for await (const chunk of await c.chat.completions.create({ model: 'm', messages, stream: true }))
    reply += chunk.choices[0].delta.content ?? ''
  expect(reply).not.toBe('')
}

async function refusal(
  c: Client,
  messages: ChatMessage[],
): Promise<Error & { kind?: string; fact?: string }> {
  try {
    await send(c, messages)
  } catch (error) {
    return error as Error & { kind?: string; fact?: string }
  }
  throw new Error('expected a refusal')
}

const mixed: ChatMessage[] = [
  { role: 'system', content: 'Be brief.' },
  {
    role: 'user',
    content: [
      text('What is on this picture?'),
      image(`data:image/png;base64,${PNG}`),
      text('And this one, and the report?'),
      image('https://images.example.com/cat.jpg'),
      file(`data:application/pdf;base64,${PDF}`),
    ],
  },
]

describe('OpenAI-compatible providers', () => {
  it('send content parts exactly as they are, in order', async () => {
    await send(openai(), mixed)
    expect(fake.requests.at(-1)?.body).toMatchObject({ messages: mixed })
  })

  it.each([
    [
      'an SVG image',
      [image(`data:image/svg+xml;base64,${Buffer.from('<svg/>').toString('base64')}`)],
      /image\/svg\+xml/,
    ],
    ['a plain-http image', [image('http://images.example.com/cat.jpg')], /https or a data URL/],
    [
      'a text file sent as a file',
      [file(`data:text/plain;base64,${Buffer.from('hi').toString('base64')}`, 'notes.txt')],
      /notes\.txt.*only PDF/,
    ],
    ['a file without a name', [file(`data:application/pdf;base64,${PDF}`, ' ')], /needs its name/],
  ])('refuse %s before sending anything, naming the part', async (_what, parts, why) => {
    const error = await refusal(openai(), [{ role: 'user', content: [text('look'), ...parts] }])
    expect(error).toMatchObject({ kind: 'bad_request', fact: 'unsupported_content_part' })
    expect(error.message).toMatch(/message 1, part 2/)
    expect(error.message).toMatch(why)
    expect(fake.requests).toHaveLength(0)
  })

  it('refuse an image in a system message', async () => {
    const error = await refusal(openai(), [
      { role: 'system', content: [image(`data:image/png;base64,${PNG}`)] },
      { role: 'user', content: 'hi' },
    ])
    expect(error).toMatchObject({ kind: 'bad_request', fact: 'unsupported_content_part' })
    expect(fake.requests).toHaveLength(0)
  })
})

describe('AnthropicProvider', () => {
  it('translates images to image blocks and PDFs to document blocks, text parts in order', async () => {
    await send(anthropic(), mixed)
    expect(fake.requests.at(-1)?.path).toBe('/v1/messages')
    expect(fake.requests.at(-1)?.body).toMatchObject({
      system: 'Be brief.',
      messages: [
        {
          role: 'user',
          content: [
            { type: 'text', text: 'What is on this picture?' },
            { type: 'image', source: { type: 'base64', media_type: 'image/png', data: PNG } },
            { type: 'text', text: 'And this one, and the report?' },
            { type: 'image', source: { type: 'url', url: 'https://images.example.com/cat.jpg' } },
            {
              type: 'document',
              source: { type: 'base64', media_type: 'application/pdf', data: PDF },
              title: 'report.pdf',
            },
          ],
        },
      ],
    })
  })

  it('takes a PDF given as bare base64, and merges consecutive user turns block by block', async () => {
    await send(anthropic(), [
      { role: 'user', content: 'First question.' },
      { role: 'user', content: [file(PDF, 'q3.pdf'), text('Summarise it.')] },
    ])
    expect(fake.requests.at(-1)?.body).toMatchObject({
      messages: [
        {
          role: 'user',
          content: [
            { type: 'text', text: 'First question.' },
            {
              type: 'document',
              source: { type: 'base64', media_type: 'application/pdf', data: PDF },
              title: 'q3.pdf',
            },
            { type: 'text', text: 'Summarise it.' },
          ],
        },
      ],
    })
  })

  it('keeps plain-text conversations as plain strings', async () => {
    await send(anthropic(), [
      { role: 'user', content: 'a' },
      { role: 'user', content: 'b' },
    ])
    expect(fake.requests.at(-1)?.body).toMatchObject({ messages: [{ role: 'user', content: 'a\n\nb' }] })
  })

  it.each<[string, ChatMessage]>([
    ['a BMP image', { role: 'user', content: [image(`data:image/bmp;base64,${PNG}`)] }],
    [
      'an image in an assistant turn',
      { role: 'assistant', content: [image(`data:image/png;base64,${PNG}`)] },
    ],
    [
      'an image in the system prompt',
      { role: 'system', content: [text('x'), image(`data:image/png;base64,${PNG}`)] },
    ],
    ['a broken data URL', { role: 'user', content: [image('data:image/png;base64,@@@')] }],
  ])('refuses %s before sending anything', async (_what, message) => {
    const error = await refusal(anthropic(), [{ role: 'user', content: 'hi' }, message])
    expect(error).toMatchObject({ kind: 'bad_request', fact: 'unsupported_content_part' })
    expect(error.message).toMatch(/message 2, part \d/)
    expect(fake.requests).toHaveLength(0)
  })
})

describe('parseDataUrl', () => {
  it('reads the media type and base64 data, parameters allowed', () => {
    expect(parseDataUrl(`data:Image/PNG;base64,${PNG}`)).toEqual({ mediaType: 'image/png', base64: PNG })
    expect(parseDataUrl(`data:application/pdf;name=a.pdf;base64,${PDF}`)).toEqual({
      mediaType: 'application/pdf',
      base64: PDF,
    })
  })

  it('refuses what is not base64 data', () => {
    expect(parseDataUrl('data:image/png,rawtext')).toBeUndefined()
    expect(parseDataUrl('https://example.com/a.png')).toBeUndefined()
    expect(parseDataUrl('data:image/png;base64,not base64!')).toBeUndefined()
  })
})
