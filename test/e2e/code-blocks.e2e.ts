/**
 * Code blocks as a user meets them: a reply with real code in many languages streams in from the
 * fake provider through the real renderer; every block shows its whole code, highlighted.
 */
import type { Page } from 'playwright-core'
import { expect, it } from 'vitest'
import type { FakeProvider } from '../fixtures/fake-provider'
import { CODE_SAMPLES, replyWithCode } from '../fixtures/code-samples'
import type { LaunchedApp } from './harness'
import { lastReply, sendMessage, waitForIdle, withAppAndFakeProvider } from './helpers'

let fake: FakeProvider
let app: LaunchedApp

withAppAndFakeProvider((launched, provider) => {
  app = launched
  fake = provider
})

const REPLY = replyWithCode()

/** The reply in token-like pieces of 1 to 12 characters, as a model streams it. */
function pieces(text: string): string[] {
  const sizes = [3, 1, 7, 4, 12, 2, 5, 9, 6]
  const out: string[] = []
  for (let at = 0, i = 0; at < text.length; i++) {
    const size = sizes[i % sizes.length] ?? 4
    out.push(text.slice(at, at + size))
    at += size
  }
  return out
}

interface ShownBlock {
  text: string
  spans: number
  /** The block's code overflows horizontally and its box scrolls instead of cutting it. */
  scrolls: boolean
  /** The block stays inside the reply's width. */
  fits: boolean
}

function shownBlocks(page: Page): Promise<ShownBlock[]> {
  return lastReply(page)
    .locator('pre code')
    .evaluateAll((codes) =>
      codes.map((code) => {
        const pre = code.parentElement
        const reply = code.closest('.markdown')
        const overflowX = pre ? getComputedStyle(pre).overflowX : ''
        return {
          text: code instanceof HTMLElement ? code.innerText : '',
          spans: code.querySelectorAll('span[class*="hljs-"]').length,
          scrolls:
            !!pre && pre.scrollWidth > pre.clientWidth && (overflowX === 'auto' || overflowX === 'scroll'),
          fits:
            !!pre &&
            !!reply &&
            pre.getBoundingClientRect().right <= reply.getBoundingClientRect().right + 0.5,
        }
      }),
    )
}

/** While streaming, a block shows a prefix of its code (or the code and the first backticks of its closing fence). */
function isWrittenSoFar(shown: string, code: string): boolean {
  return code.startsWith(shown) || shown === `${code}\n\`` || shown === `${code}\n\`\``
}

it('streams real code in many languages and shows every block whole and highlighted', async () => {
  const { page } = app
  fake.enqueue({ text: pieces(REPLY), ratePerSecond: 600 })
  await sendMessage(page, 'Show me the same idea in all the languages you know, with nested code.')

  // While the reply streams: never a block cut short or altered, whatever moment we look. (The stream may
  // start a moment after the send returns on a busy machine: wait for it.)
  await page.getByRole('button', { name: 'Stop' }).waitFor()
  let samples = 0
  while ((await page.getByRole('button', { name: 'Stop' }).count()) > 0) {
    const blocks = await shownBlocks(page)
    blocks.forEach((block, index) => {
      const code = CODE_SAMPLES[index]?.code ?? ''
      if (!isWrittenSoFar(block.text, code)) {
        expect.fail(`block ${index} (${CODE_SAMPLES[index]?.language}) shows text that is not its code`)
      }
    })
    if (blocks.length > 0) samples++
    await page.waitForTimeout(40)
  }
  await waitForIdle(page)
  expect(samples).toBeGreaterThan(5)

  const blocks = await shownBlocks(page)
  expect(blocks).toHaveLength(CODE_SAMPLES.length)
  CODE_SAMPLES.forEach((sample, index) => {
    const block = blocks[index]
    expect(block?.text, sample.language).toBe(sample.code)
    expect(block?.fits, `${sample.language} stays inside the reply`).toBe(true)
    if (sample.highlighted) expect(block?.spans, sample.language).toBeGreaterThan(0)
    else expect(block?.spans, sample.language).toBe(0)
  })
  // The python sample has a line longer than the reply: it scrolls, nothing is cut.
  const python = CODE_SAMPLES.findIndex((sample) => sample.language === 'python')
  expect(blocks[python]?.scrolls).toBe(true)
})
