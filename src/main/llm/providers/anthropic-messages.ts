/**
 * OpenAI-shaped messages → Anthropic's Messages API: system text to the top-level `system`, images to `image`
 * blocks and PDFs to `document` blocks (base64 with their media type, or a URL source), text parts in order.
 */
import { IMAGE_TYPES, imageProblem, parseDataUrl, pdfData, textOf, unsupportedPart } from '../content-parts'
import type { ChatMessage, ContentPart } from '../types'

type Source = { type: 'base64'; media_type: string; data: string } | { type: 'url'; url: string }

export type AnthropicBlock =
  | { type: 'text'; text: string }
  | { type: 'image'; source: Source }
  | { type: 'document'; source: Source; title: string }

export interface AnthropicMessage {
  role: 'user' | 'assistant'
  content: string | AnthropicBlock[]
}

/** One part as a block; a part Anthropic cannot take is refused, naming it. */
function toBlock(
  provider: string,
  role: ChatMessage['role'],
  at: { message: number; part: number },
  part: ContentPart,
): AnthropicBlock {
  const where = { ...at, content: part }
  if (part.type === 'text') return { type: 'text', text: part.text }
  if (role !== 'user') throw unsupportedPart(provider, where, 'only user messages can carry images and files')
  if (part.type === 'file') {
    const data = pdfData(part)
    if (!data)
      throw unsupportedPart(
        provider,
        where,
        'only PDF files can be sent as documents (base64, application/pdf)',
      )
    return {
      type: 'document',
      source: { type: 'base64', media_type: data.mediaType, data: data.base64 },
      title: part.file.filename,
    }
  }
  const url = part.image_url.url
  const why = imageProblem(url)
  if (why) throw unsupportedPart(provider, where, why)
  const data = parseDataUrl(url)
  if (data && IMAGE_TYPES.has(data.mediaType)) {
    return { type: 'image', source: { type: 'base64', media_type: data.mediaType, data: data.base64 } }
  }
  return { type: 'image', source: { type: 'url', url } }
}

function asBlocks(content: string | AnthropicBlock[]): AnthropicBlock[] {
  return typeof content === 'string' ? [{ type: 'text', text: content }] : content
}

/**
 * Turns must alternate user/assistant and start with a user turn, so consecutive turns of one role are merged
 * (plain texts joined by a blank line; with blocks, the blocks in order).
 */
export function toAnthropicMessages(
  provider: string,
  input: readonly ChatMessage[],
): { system: string; messages: AnthropicMessage[] } {
  const system: string[] = []
  const messages: AnthropicMessage[] = []
  for (const [m, message] of input.entries()) {
    if (message.role === 'system') {
      if (typeof message.content !== 'string') {
        const other = message.content.findIndex((part) => part.type !== 'text')
        const part = message.content[other]
        if (part)
          throw unsupportedPart(
            provider,
            { message: m, part: other, content: part },
            'a system prompt takes text only',
          )
      }
      system.push(textOf(message.content))
      continue
    }
    const content =
      typeof message.content === 'string'
        ? message.content
        : message.content.map((part, p) => toBlock(provider, message.role, { message: m, part: p }, part))
    const last = messages.at(-1)
    if (last && last.role === message.role) {
      last.content =
        typeof last.content === 'string' && typeof content === 'string'
          ? `${last.content}\n\n${content}`
          : [...asBlocks(last.content), ...asBlocks(content)]
    } else {
      messages.push({ role: message.role, content })
    }
  }
  if (messages[0]?.role === 'assistant') messages.unshift({ role: 'user', content: '(continue)' })
  return { system: system.join('\n\n'), messages }
}
