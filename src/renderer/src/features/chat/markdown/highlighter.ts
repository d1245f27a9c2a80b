/**
 * Syntax highlighting, loaded on the first code block: highlight.js with a curated set of
 * languages, its output built as React elements (never as HTML).
 */
import hljs from 'highlight.js/lib/core'
import type { Emitter } from 'highlight.js'
import { createElement, type ReactNode } from 'react'
import bash from 'highlight.js/lib/languages/bash'
import c from 'highlight.js/lib/languages/c'
import cpp from 'highlight.js/lib/languages/cpp'
import csharp from 'highlight.js/lib/languages/csharp'
import css from 'highlight.js/lib/languages/css'
import diff from 'highlight.js/lib/languages/diff'
import dockerfile from 'highlight.js/lib/languages/dockerfile'
import go from 'highlight.js/lib/languages/go'
import ini from 'highlight.js/lib/languages/ini'
import java from 'highlight.js/lib/languages/java'
import javascript from 'highlight.js/lib/languages/javascript'
import json from 'highlight.js/lib/languages/json'
import kotlin from 'highlight.js/lib/languages/kotlin'
import markdown from 'highlight.js/lib/languages/markdown'
import php from 'highlight.js/lib/languages/php'
import plaintext from 'highlight.js/lib/languages/plaintext'
import powershell from 'highlight.js/lib/languages/powershell'
import python from 'highlight.js/lib/languages/python'
import ruby from 'highlight.js/lib/languages/ruby'
import rust from 'highlight.js/lib/languages/rust'
import shell from 'highlight.js/lib/languages/shell'
import sql from 'highlight.js/lib/languages/sql'
import swift from 'highlight.js/lib/languages/swift'
import typescript from 'highlight.js/lib/languages/typescript'
import xml from 'highlight.js/lib/languages/xml'
import yaml from 'highlight.js/lib/languages/yaml'

const LANGUAGES = {
  bash,
  c,
  cpp,
  csharp,
  css,
  diff,
  dockerfile,
  go,
  ini,
  java,
  javascript,
  json,
  kotlin,
  markdown,
  php,
  plaintext,
  powershell,
  python,
  ruby,
  rust,
  shell,
  sql,
  swift,
  typescript,
  xml,
  yaml,
}

interface Scope {
  scope: string
  children: (Scope | string)[]
}

/** Collects highlight.js's output as a tree instead of an HTML string. */
class TreeEmitter implements Emitter {
  readonly root: Scope = { scope: '', children: [] }
  readonly #stack: Scope[] = [this.root]

  #top(): Scope {
    return this.#stack[this.#stack.length - 1] ?? this.root
  }

  addText(text: string): void {
    if (text === '') return
    const children = this.#top().children
    const last = children[children.length - 1]
    if (typeof last === 'string') children[children.length - 1] = last + text
    else children.push(text)
  }

  startScope(name: string): void {
    const node: Scope = { scope: name, children: [] }
    this.#top().children.push(node)
    this.#stack.push(node)
  }

  endScope(): void {
    if (this.#stack.length > 1) this.#stack.pop()
  }

  __addSublanguage(emitter: Emitter, _name: string): void {
    if (emitter instanceof TreeEmitter) this.#top().children.push(emitter.root)
  }

  finalize(): void {}

  toHTML(): string {
    return ''
  }
}

const engine = hljs.newInstance()
for (const [name, language] of Object.entries(LANGUAGES)) engine.registerLanguage(name, language)
engine.registerAliases(['sh', 'zsh', 'console'], { languageName: 'bash' })
engine.registerAliases(['html', 'svg', 'vue'], { languageName: 'xml' })
engine.registerAliases(['toml'], { languageName: 'ini' })
engine.registerAliases(['ps', 'ps1', 'pwsh'], { languageName: 'powershell' })
engine.registerAliases(['text', 'txt'], { languageName: 'plaintext' })
engine.configure({ __emitter: TreeEmitter, classPrefix: 'hljs-' })

/** "title.function" → "hljs-title function_", as highlight.js's themes expect. */
function classOf(scope: string): string {
  const [first, ...rest] = scope.split('.')
  return [`hljs-${first ?? ''}`, ...rest.map((part, i) => `${part}${'_'.repeat(i + 1)}`)].join(' ')
}

function toReact(nodes: readonly (Scope | string)[]): ReactNode[] {
  return nodes.map((node, i) => {
    if (typeof node === 'string') return node
    const children = toReact(node.children)
    return node.scope
      ? createElement('span', { key: i, className: classOf(node.scope) }, children)
      : createElement('span', { key: i }, children)
  })
}

export function isKnownLanguage(language: string): boolean {
  return engine.getLanguage(language) !== undefined
}

/** Highlighted code, or null for a language we do not know. */
export function highlight(code: string, language: string): ReactNode[] | null {
  if (!language || !isKnownLanguage(language)) return null
  const result = engine.highlight(code, { language, ignoreIllegals: true }) as { _emitter: Emitter }
  return result._emitter instanceof TreeEmitter ? toReact(result._emitter.root.children) : null
}
