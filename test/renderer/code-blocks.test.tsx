// @vitest-environment jsdom
import './setup'
import { render, waitFor } from '@testing-library/react'
import type { ReactNode } from 'react'
import { describe, expect, it } from 'vitest'
import { ControllerContext } from '../../src/renderer/src/app/context'
import { AppController } from '../../src/renderer/src/app/controller'
import { i18n } from '../../src/renderer/src/app/i18n'
import { MarkdownView } from '../../src/renderer/src/features/chat/markdown/Markdown'
import { highlighterModule } from '../../src/renderer/src/features/chat/markdown/modules'
import { CODE_SAMPLES, fenced, replyWithCode } from '../fixtures/code-samples'
import { FakeApi } from './fake-api'

function renderMarkdown(text: string, live = false) {
  const controller = new AppController(new FakeApi())
  const wrap = (node: ReactNode) => (
    <ControllerContext.Provider value={controller}>{node}</ControllerContext.Provider>
  )
  void i18n.changeLanguage('en')
  const result = render(wrap(<MarkdownView text={text} live={live} />))
  return {
    ...result,
    rerenderText: (next: string) => result.rerender(wrap(<MarkdownView text={next} live={live} />)),
  }
}

function codeBlocks(container: HTMLElement): HTMLElement[] {
  return [...container.querySelectorAll<HTMLElement>('pre code')]
}

function highlightSpans(code: Element): number {
  return code.querySelectorAll('span[class*="hljs-"]').length
}

describe('code blocks', () => {
  it('shows real code in every language exactly as written, highlighted', async () => {
    expect(CODE_SAMPLES.filter((sample) => sample.highlighted).length).toBeGreaterThanOrEqual(12)
    const { container } = renderMarkdown(replyWithCode())
    const highlighted = CODE_SAMPLES.flatMap((sample, index) => (sample.highlighted ? [index] : []))
    await waitFor(() => {
      const blocks = codeBlocks(container)
      for (const index of highlighted) expect(highlightSpans(blocks[index] ?? container)).toBeGreaterThan(0)
    })
    const blocks = codeBlocks(container)
    expect(blocks).toHaveLength(CODE_SAMPLES.length)
    CODE_SAMPLES.forEach((sample, index) => {
      const block = blocks[index]
      expect(block?.textContent, sample.language).toBe(sample.code)
      if (!sample.highlighted) expect(highlightSpans(block ?? container), sample.language).toBe(0)
    })
  })

  it('shows code inside a list item exactly (the markdown parser path)', async () => {
    const samples = CODE_SAMPLES.filter((sample) => ['python', 'go', 'json'].includes(sample.language))
    const indent = (text: string) => text.replace(/^(?=.)/gm, '   ')
    const text = samples
      .map((sample, i) => `${i + 1}. Step ${i + 1}:\n\n${indent(fenced(sample))}`)
      .join('\n')
    const { container } = renderMarkdown(text)
    await waitFor(() => {
      for (const block of codeBlocks(container)) expect(highlightSpans(block)).toBeGreaterThan(0)
    })
    expect(container.querySelectorAll('ol > li pre code')).toHaveLength(samples.length)
    expect(codeBlocks(container).map((block) => block.textContent)).toEqual(samples.map((s) => s.code))
  })

  it('shows all the code written so far while a reply streams, unclosed fence included', async () => {
    await highlighterModule.load()
    const reply = replyWithCode()
    // Where each block's code starts and ends in the reply.
    let from = 0
    const bodies = CODE_SAMPLES.map((sample) => {
      const start = reply.indexOf(fenced(sample), from) + `\`\`\`${sample.language}\n`.length
      from = start + sample.code.length
      return { sample, start, end: from }
    })
    const { container, rerenderText } = renderMarkdown('', true)
    const steps = [1, 7, 3, 19, 5, 31, 11, 43]
    let checked = 0
    for (let end = 0, step = 0; end < reply.length; step++) {
      end = Math.min(reply.length, end + (steps[step % steps.length] ?? 1))
      rerenderText(reply.slice(0, end))
      const open = bodies.find((body) => body.start <= end && end <= body.end)
      if (!open) continue
      const shown = codeBlocks(container).at(-1)
      const written = reply.slice(open.start, end).replace(/\n$/, '')
      expect(shown?.textContent, `${open.sample.language} after ${end - open.start} chars`).toBe(written)
      checked++
    }
    // Each fence's last step inside its code: the whole code is shown, highlighted, before the fence closes.
    for (const { sample, end } of bodies) {
      rerenderText(reply.slice(0, end))
      const shown = codeBlocks(container).at(-1)
      expect(shown?.textContent, sample.language).toBe(sample.code)
      if (sample.highlighted) expect(highlightSpans(shown ?? container), sample.language).toBeGreaterThan(0)
    }
    expect(checked).toBeGreaterThan(500)
    rerenderText(reply)
    expect(codeBlocks(container).map((block) => block.textContent)).toEqual(CODE_SAMPLES.map((s) => s.code))
  }, 60_000)
})
