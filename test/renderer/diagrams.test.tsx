// @vitest-environment jsdom
import './setup'
import { render, screen, waitFor } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { ControllerContext } from '../../src/renderer/src/app/context'
import { AppController } from '../../src/renderer/src/app/controller'
import { i18n } from '../../src/renderer/src/app/i18n'
import { MarkdownView } from '../../src/renderer/src/features/chat/markdown/Markdown'
import { DIAGRAM_SOURCE_LIMIT, reasonOf } from '../../src/renderer/src/features/chat/markdown/diagram'
import { diagramModule } from '../../src/renderer/src/features/chat/markdown/modules'
import { FakeApi } from './fake-api'

function renderMarkdown(text: string, live = false, language: 'en' | 'ru' = 'en') {
  void i18n.changeLanguage(language)
  const controller = new AppController(new FakeApi())
  return render(
    <ControllerContext.Provider value={controller}>
      <MarkdownView text={text} live={live} />
    </ControllerContext.Provider>,
  )
}

// The message mermaid 12 throws for `A --> (B` (as seen in Chromium in test/e2e/diagrams.e2e.ts).
const PARSE_ERROR = [
  'Parse error on line 2:',
  '...art LR    A --> (B    B -->> C ]',
  '----------------------^',
  "Expecting 'AMP', 'COLON', 'PIPE', 'TESTSTR', got 'PS'",
].join('\n')

describe('reasonOf', () => {
  it("keeps where and what was expected, without mermaid's pointer line", () => {
    expect(reasonOf(new Error(PARSE_ERROR))).toBe(
      "Parse error on line 2: Expecting 'AMP', 'COLON', 'PIPE', 'TESTSTR', got 'PS'",
    )
  })

  it('is one bounded line for any error', () => {
    expect(reasonOf('No diagram type detected matching given configuration for text: x')).toBe(
      'No diagram type detected matching given configuration for text: x',
    )
    expect(reasonOf(new Error('x'.repeat(1000)))).toHaveLength(240)
  })
})

describe('mermaid blocks in replies', () => {
  it('shows a diagram still being written as code, without loading mermaid', async () => {
    const { container } = renderMarkdown('Here:\n\n```mermaid\nflowchart LR\n  A --> B', true)
    expect(container.querySelector('pre code')?.textContent).toBe('flowchart LR\n  A --> B')
    expect(container.querySelector('.diagram')).toBeNull()
    await new Promise((resolve) => setTimeout(resolve, 20))
    expect(diagramModule.get()).toBeNull()
  })

  it('shows a source over the limit as code and says why, in Russian too', async () => {
    const source = `flowchart LR\n${'  A --> B\n'.repeat(DIAGRAM_SOURCE_LIMIT / 10)}`
    const { container } = renderMarkdown(`\`\`\`mermaid\n${source}\`\`\`\n`, false, 'ru')
    await waitFor(() => expect(container.querySelector('.diagram__problem')).not.toBeNull(), {
      timeout: 10_000,
    })
    expect(screen.getByRole('note').textContent).toMatch(
      /^Диаграмма слишком длинная.+больше 20\s000 символов/,
    )
    expect(container.querySelector('pre code')?.textContent).toBe(source.replace(/\n$/, ''))
    expect(container.querySelector('img')).toBeNull()
  })

  it("shows a diagram that doesn't parse as its source, with mermaid's reason", async () => {
    const source = 'flowchart LR\n    A --> (B\n    B -->> C ]'
    const { container } = renderMarkdown(`Broken:\n\n\`\`\`mermaid\n${source}\n\`\`\`\n`)
    await waitFor(() => expect(container.querySelector('.diagram__problem')).not.toBeNull(), {
      timeout: 10_000,
    })
    expect(screen.getByRole('note').textContent).toMatch(
      /^This diagram could not be drawn: Parse error on line 2: Expecting .+got/,
    )
    expect(container.querySelector('pre code')?.textContent).toBe(source)
    expect(container.querySelector('img')).toBeNull()
  })
})
