import { ProviderError, type ErrorKind } from '../../../src/main/llm/errors'
import type { Provider, ProviderContext } from '../../../src/main/llm/provider'
import type { ChatCompletionChunk, Model } from '../../../src/main/llm/types'

/** One scripted call: fail before any reply, or stream these steps (text, or a failure mid-stream). */
export type StubStep =
  { text: string } | { role: true } | { fail: ErrorKind; status?: number; retryAfterMs?: number }
export type StubCall = StubStep[] | { fail: ErrorKind; status?: number; retryAfterMs?: number }

/** An in-memory provider that plays scripted calls in order, for retry rules without a network. */
export class StubProvider implements Provider {
  calls = 0
  constructor(
    readonly name: string,
    private readonly script: StubCall[],
  ) {}

  async streamChat(_params: unknown, ctx: ProviderContext): Promise<AsyncIterable<ChatCompletionChunk>> {
    const call = this.script[Math.min(this.calls, this.script.length - 1)]
    this.calls++
    if (!call) throw new Error('no script')
    if (!Array.isArray(call)) throw this.#error(call)
    const name = this.name
    const error = (step: { fail: ErrorKind; status?: number; retryAfterMs?: number }): ProviderError =>
      this.#error(step)
    return (async function* () {
      for (const step of call) {
        if (ctx.signal?.aborted)
          throw new ProviderError({ provider: name, kind: 'aborted', message: 'Stopped.' })
        if ('fail' in step) throw error(step)
        yield chunk(name, 'role' in step ? { role: 'assistant' } : { content: step.text })
      }
      yield {
        ...chunk(name, {}),
        choices: [{ index: 0, delta: {}, finish_reason: 'stop' }],
      } as ChatCompletionChunk
    })()
  }

  async listModels(): Promise<Model[]> {
    return [{ id: `${this.name}-model`, object: 'model' }]
  }

  #error(step: { fail: ErrorKind; status?: number; retryAfterMs?: number }): ProviderError {
    return new ProviderError({
      provider: this.name,
      kind: step.fail,
      status: step.status,
      retryAfterMs: step.retryAfterMs,
      message: `${this.name} failed with ${step.fail}`,
    })
  }
}

function chunk(model: string, delta: ChatCompletionChunk['choices'][0]['delta']): ChatCompletionChunk {
  return {
    id: 'x',
    object: 'chat.completion.chunk',
    created: 1,
    model,
    choices: [{ index: 0, delta, finish_reason: null }],
  }
}

export async function collectText(stream: AsyncIterable<ChatCompletionChunk>): Promise<string> {
  let text = ''
  for await (const c of stream) text += c.choices[0].delta.content ?? ''
  return text
}
