import { SseDecoder, type SseEvent } from '../sse'
import { DONE } from '../openai-stream'
import type { HttpResponse } from '../transport-types'
import type { ChatCompletionChunk } from '../types'

/** Turns one provider's SSE events into chunks; `finish` throws when the stream ended too early. */
export interface StreamMapper {
  map(event: SseEvent): ChatCompletionChunk | null | typeof DONE
  finish(): void
}

/**
 * Reads an SSE response into chunks. Decoding and mapping are synchronous per network read, so the only
 * asynchronous step per chunk is the yield itself. The connection is closed as soon as the stream ends
 * (an exact `[DONE]` ends it even when the server keeps the socket open) or the consumer stops.
 */
export async function* readChunks(
  response: HttpResponse,
  mapper: StreamMapper,
): AsyncGenerator<ChatCompletionChunk> {
  const decoder = new SseDecoder()
  try {
    for await (const bytes of response.body) {
      for (const event of decoder.push(bytes)) {
        const chunk = mapper.map(event)
        if (chunk === DONE) {
          await response.finish()
          return
        }
        if (chunk) yield chunk
      }
    }
    for (const event of decoder.end()) {
      const chunk = mapper.map(event)
      if (chunk === DONE) return
      if (chunk) yield chunk
    }
    mapper.finish()
  } finally {
    response.close()
  }
}
