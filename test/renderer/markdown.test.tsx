// @vitest-environment jsdom
import './setup'
import { render, screen, waitFor } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import type { ReactNode } from 'react'
import { describe, expect, it, vi } from 'vitest'
import { ControllerContext } from '../../src/renderer/src/app/context'
import { AppController } from '../../src/renderer/src/app/controller'
import { i18n } from '../../src/renderer/src/app/i18n'
import { splitBlocks } from '../../src/renderer/src/features/chat/markdown/blocks'
import { MarkdownView } from '../../src/renderer/src/features/chat/markdown/Markdown'
import { FakeApi } from './fake-api'

// Counts how often each block's markdown is parsed and rendered.
const parses = vi.hoisted(() => new Map<string, number>())
vi.mock('react-markdown', async (importOriginal) => {
  const actual = await importOriginal<typeof import('react-markdown')>()
  return {
    ...actual,
    default: (props: Parameters<typeof actual.default>[0]) => {
      const source = String(props.children ?? '')
      parses.set(source, (parses.get(source) ?? 0) + 1)
      return actual.default(props)
    },
  }
})

function renderMarkdown(text: string, live = false) {
  const api = new FakeApi()
  const controller = new AppController(api)
  const wrap = (node: ReactNode) => (
    <ControllerContext.Provider value={controller}>{node}</ControllerContext.Provider>
  )
  void i18n.changeLanguage('en')
  const result = render(wrap(<MarkdownView text={text} live={live} />))
  return {
    api,
    ...result,
    rerenderText: (next: string) => result.rerender(wrap(<MarkdownView text={next} live={live} />)),
  }
}

describe('markdown', () => {
  it('renders GFM tables and lists', () => {
    const { container } = renderMarkdown(
      '| a | b |\n|---|---|\n| 1 | 2 |\n\n- one\n- two\n\n1. first\n2. second',
    )
    const table = screen.getByRole('table')
    expect(table.querySelectorAll('td')).toHaveLength(2)
    expect(container.querySelectorAll('ul li')).toHaveLength(2)
    expect(container.querySelectorAll('ol li')).toHaveLength(2)
  })

  it('renders code blocks with highlighting and a copy button', async () => {
    const user = userEvent.setup()
    const { container } = renderMarkdown('Some code:\n\n```js\nconst answer = 42\n```\n')
    const code = container.querySelector('pre code')
    expect(code?.textContent).toBe('const answer = 42')
    await waitFor(() => expect(container.querySelector('pre code .hljs-keyword')?.textContent).toBe('const'))
    await user.click(screen.getByRole('button', { name: 'Copy code' }))
    expect(await navigator.clipboard.readText()).toBe('const answer = 42')
  })

  it('never renders raw HTML: it stays text', () => {
    const { container } = renderMarkdown(
      'Look: <img src=x onerror="alert(1)"> and <script>alert(2)</script>\n\n<div onclick="x()">block</div>',
    )
    expect(container.querySelector('img')).toBeNull()
    expect(container.querySelector('script')).toBeNull()
    expect(container.querySelector('[onerror], [onclick]')).toBeNull()
    expect(container.textContent).toContain('<img src=x onerror="alert(1)">')
    expect(container.textContent).toContain('<div onclick="x()">block</div>')
  })

  it('renders math with KaTeX', async () => {
    const { container } = renderMarkdown('Euler: $e^{i\\pi} + 1 = 0$')
    await waitFor(() => expect(container.querySelector('.katex')).not.toBeNull())
  })

  it("opens links in the user's browser, never in the window", async () => {
    const user = userEvent.setup()
    const { api, container } = renderMarkdown(
      'See [the docs](https://example.com/docs) or <https://example.org>.',
    )
    await user.click(screen.getByRole('link', { name: 'the docs' }))
    expect(api.app.openExternal).toHaveBeenCalledWith('https://example.com/docs')
    await user.click(screen.getByRole('link', { name: 'https://example.org' }))
    expect(api.opened).toEqual(['https://example.com/docs', 'https://example.org'])
    // A javascript: link is neutralised and does nothing.
    const { container: other } = renderMarkdown('[bad](javascript:alert(1))')
    const bad = other.querySelector('a')
    expect(bad?.getAttribute('href') ?? '').not.toMatch(/javascript/i)
    expect(container.querySelector('a')?.getAttribute('href')).toBe('https://example.com/docs')
  })

  it('re-parses only the growing last block while streaming', () => {
    parses.clear()
    const first = 'The first paragraph is finished.\n\n'
    const { rerenderText } = renderMarkdown(`${first}The second one grows`, true)
    expect(parses.get(first)).toBe(1)
    rerenderText(`${first}The second one grows and grows`)
    rerenderText(`${first}The second one grows and grows and grows.\n\n- a list`)
    expect(parses.get(first)).toBe(1)
    expect(parses.get('The second one grows')).toBe(1)
    expect(parses.get('The second one grows and grows')).toBe(1)
  })
})

describe('splitBlocks', () => {
  it('splits at blank lines and around fences, never inside an open fence', () => {
    expect(splitBlocks('a\n\nb')).toEqual(['a\n\n', 'b'])
    expect(splitBlocks('intro\n```py\nx = 1\n\ny = 2\n```\nafter')).toEqual([
      'intro\n',
      '```py\nx = 1\n\ny = 2\n```\n',
      'after',
    ])
    expect(splitBlocks('```js\nopen fence\n\nstill code')).toEqual(['```js\nopen fence\n\nstill code'])
  })

  it('keeps lists, indented continuations and math blocks together', () => {
    expect(splitBlocks('- a\n\n- b\n\nafter')).toEqual(['- a\n\n- b\n\n', 'after'])
    expect(splitBlocks('1. a\n\n   more of a\n2. b')).toHaveLength(1)
    expect(splitBlocks('$$\nx\n\ny\n$$\nafter')).toEqual(['$$\nx\n\ny\n$$\n', 'after'])
  })

  it('keeps text with reference definitions whole', () => {
    expect(splitBlocks('see [x][1]\n\nmore\n\n[1]: https://example.com')).toHaveLength(1)
  })

  it('gives a finished block the same text as the stream grows', () => {
    const text = 'para one\n\n```js\nlet a = 1\n```\n\npara two and more'
    const seen = new Map<number, string>()
    for (let end = 1; end <= text.length; end++) {
      const blocks = splitBlocks(text.slice(0, end))
      blocks.slice(0, -1).forEach((block, index) => {
        const before = seen.get(index)
        if (before !== undefined) expect(block).toBe(before)
        seen.set(index, block)
      })
    }
    expect(splitBlocks(text).join('')).toBe(text)
  })
})
