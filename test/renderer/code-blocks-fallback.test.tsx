// @vitest-environment jsdom
import './setup'
import { render, waitFor } from '@testing-library/react'
import type { Root } from 'hast'
import type { ReactNode } from 'react'
import { describe, expect, it, vi } from 'vitest'
import { ControllerContext } from '../../src/renderer/src/app/context'
import { AppController } from '../../src/renderer/src/app/controller'
import { i18n } from '../../src/renderer/src/app/i18n'
import { MarkdownView } from '../../src/renderer/src/features/chat/markdown/Markdown'
import { CODE_SAMPLES, replyWithCode } from '../fixtures/code-samples'
import { FakeApi } from './fake-api'

/**
 * The real lowlight, broken on purpose for some languages: python's grammar throws, go's output
 * stops part-way (what highlight.js did with the old emitter), rust's adds text, and a yaml tree
 * holds an element that is not a span.
 */
vi.mock('lowlight', async (importOriginal) => {
  const actual = await importOriginal<typeof import('lowlight')>()
  const createLowlight: typeof actual.createLowlight = (grammars) => {
    const real = actual.createLowlight(grammars)
    const highlight: typeof real.highlight = (language, value, options) => {
      const tree = real.highlight(language, value, options)
      if (language === 'python') throw new Error('grammar failed')
      if (language === 'go') return { ...tree, children: tree.children.slice(0, 3) }
      if (language === 'rust') return { ...tree, children: [...tree.children, { type: 'text', value: ' ' }] }
      if (language === 'yaml') {
        const link: Root['children'][number] = {
          type: 'element',
          tagName: 'a',
          properties: { href: 'https://example.com' },
          children: [],
        }
        return { ...tree, children: [...tree.children, link] }
      }
      return tree
    }
    return { ...real, highlight }
  }
  return { ...actual, createLowlight }
})

const BROKEN = ['python', 'go', 'rust', 'yaml']

function renderMarkdown(text: string): HTMLElement {
  const controller = new AppController(new FakeApi())
  const wrap = (node: ReactNode) => (
    <ControllerContext.Provider value={controller}>{node}</ControllerContext.Provider>
  )
  void i18n.changeLanguage('en')
  return render(wrap(<MarkdownView text={text} />)).container
}

describe('a failing highlighter', () => {
  it('shows the plain, whole code instead of partial or altered text', async () => {
    const container = renderMarkdown(replyWithCode())
    const blocks = () => [...container.querySelectorAll('pre code')]
    // The working languages get highlighted: by then every block has had its chance.
    await waitFor(() => {
      const js = blocks()[CODE_SAMPLES.findIndex((sample) => sample.language === 'javascript')]
      expect(js?.querySelector('.hljs-keyword')).not.toBeNull()
    })
    CODE_SAMPLES.forEach((sample, index) => {
      const block = blocks()[index]
      expect(block?.textContent, sample.language).toBe(sample.code)
      if (BROKEN.includes(sample.language)) {
        expect(block?.children, sample.language).toHaveLength(0)
      }
    })
    expect(container.querySelector('pre a')).toBeNull()
  })
})
