import { memo, useCallback, useMemo, type MouseEvent } from 'react'
import Markdown, { defaultUrlTransform, type Components, type Options } from 'react-markdown'
import remarkGfm from 'remark-gfm'
import type { Element, ElementContent, Root } from 'hast'
import { useApi } from '../../../app/context'
import { useLazyModule } from '../../../lib/lazy'
import { splitBlocks } from './blocks'
import { CodeBlock } from './CodeBlock'
import { parseFence } from './fence'
import { inlineImageSrc } from './image-src'
import { MermaidBlock } from './MermaidBlock'
import { mathModule } from './modules'
import './markdown.css'

type Plugins = NonNullable<Options['remarkPlugins']>

const BREAK_TAG = /^<br\s*\/?>$/i

/** Raw HTML is shown as text, except `<br>` (models put it in table cells), which becomes a line break. */
function rehypeBreakTags() {
  const walk = (parent: Root | Element): void => {
    parent.children.forEach((child, index) => {
      const node = child as { type: string; value?: unknown }
      if (node.type === 'raw' && typeof node.value === 'string' && BREAK_TAG.test(node.value)) {
        const br: Element = { type: 'element', tagName: 'br', properties: {}, children: [] }
        parent.children[index] = br
      } else if (child.type === 'element') {
        walk(child)
      }
    })
  }
  return (tree: Root): void => walk(tree)
}

const REMARK: Plugins = [remarkGfm]
const REHYPE: Plugins = [rehypeBreakTags]

function textOf(node: ElementContent): string {
  if (node.type === 'text') return node.value
  if (node.type === 'element') return node.children.map(textOf).join('')
  return ''
}

function languageOf(element: Element): string {
  const className = element.properties['className']
  const classes = Array.isArray(className) ? className : []
  for (const name of classes) {
    if (typeof name === 'string' && name.startsWith('language-')) return name.slice('language-'.length)
  }
  return ''
}

const components: Components = {
  pre({ node }) {
    const code = node?.children.find(
      (child): child is Element => child.type === 'element' && child.tagName === 'code',
    )
    if (!code) return null
    return (
      <CodeBlock code={code.children.map(textOf).join('').replace(/\n$/, '')} language={languageOf(code)} />
    )
  },
  a({ node: _node, href, children, ...rest }) {
    return (
      <a {...rest} href={href} title={href} rel="noreferrer noopener">
        {children}
      </a>
    )
  },
  // Remote images are not loaded (privacy, and the page's CSP): they become links. Only images already in
  // the reply (data:) or stored by the app (by hash) are shown.
  img({ src, alt }) {
    const href = typeof src === 'string' ? src : undefined
    const inline = inlineImageSrc(href)
    if (inline) return <img className="md-inline-image" src={inline} alt={alt ?? ''} loading="lazy" />
    return (
      <a href={href} className="md-image" title={href}>
        {alt || href}
      </a>
    )
  },
  table({ node: _node, ...props }) {
    return (
      <div className="md-table">
        <table {...props} />
      </div>
    )
  },
}

/** react-markdown drops data: URLs; an inline image's src is kept when it is one we show. */
const urlTransform: Options['urlTransform'] = (url, key, node) =>
  key === 'src' && node.tagName === 'img' && inlineImageSrc(url) ? url : defaultUrlTransform(url)

const MATH_HINT = /\$|\\\(|\\\[/

/** `\[…\]` and `\(…\)`, which many models write, as the `$$…$$` and `$…$` that remark-math reads. */
function normalizeMath(source: string): string {
  if (source.includes('`')) return source
  return source
    .replace(/\\\[([\s\S]+?)\\\]/g, (_match, body: string) => `\n$$\n${body.trim()}\n$$\n`)
    .replace(/\\\(([\s\S]+?)\\\)/g, (_match, body: string) => `$${body.trim()}$`)
}

interface BlockProps {
  source: string
  /** The growing tail of a reply being streamed. */
  live: boolean
}

/** One top-level block: re-rendered only when its own text changes. */
export const MarkdownBlock = memo(function MarkdownBlock({ source, live }: BlockProps) {
  const fence = parseFence(source)
  const wantsMath = fence === null && MATH_HINT.test(source)
  const math = useLazyModule(mathModule, wantsMath)
  if (fence && fence.closed && fence.language.toLowerCase() === 'mermaid')
    return <MermaidBlock code={fence.code} />
  if (fence) return <CodeBlock code={fence.code} language={fence.language} live={live && !fence.closed} />
  if (wantsMath && math) {
    return (
      <Markdown
        remarkPlugins={[...REMARK, ...math.mathRemarkPlugins]}
        rehypePlugins={[...REHYPE, ...math.mathRehypePlugins]}
        components={components}
        urlTransform={urlTransform}
      >
        {normalizeMath(source)}
      </Markdown>
    )
  }
  return (
    <Markdown
      remarkPlugins={REMARK}
      rehypePlugins={REHYPE}
      components={components}
      urlTransform={urlTransform}
    >
      {source}
    </Markdown>
  )
})

interface Props {
  text: string
  live?: boolean
}

/** Markdown without raw HTML; links open in the user's browser. */
export const MarkdownView = memo(function MarkdownView({ text, live = false }: Props) {
  const api = useApi()
  const blocks = useMemo(() => splitBlocks(text), [text])
  const onClick = useCallback(
    (event: MouseEvent<HTMLDivElement>) => {
      const target = event.target
      const link = target instanceof Element ? target.closest('a') : null
      if (!link) return
      // Never navigate the window; http(s) links go to the browser, others do nothing.
      event.preventDefault()
      const href = link.getAttribute('href') ?? ''
      if (/^https?:\/\//i.test(href)) void api.app.openExternal(href)
    },
    [api],
  )
  return (
    <div className="markdown" onClick={onClick} onAuxClick={onClick}>
      {blocks.map((source, index) => (
        <MarkdownBlock key={index} source={source} live={live && index === blocks.length - 1} />
      ))}
    </div>
  )
})
