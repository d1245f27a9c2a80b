/**
 * Syntax highlighting, loaded on the first code block: lowlight (highlight.js output as a syntax
 * tree) with a curated set of languages, built as React elements (never as HTML).
 */
import { createLowlight } from 'lowlight'
import type { ReactNode } from 'react'
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
import { textOfTree, treeToReact } from './syntax-tree'

const lowlight = createLowlight({
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
})
lowlight.registerAlias({
  bash: ['sh', 'zsh', 'console'],
  xml: ['html', 'svg', 'vue'],
  ini: ['toml'],
  powershell: ['ps', 'ps1', 'pwsh'],
  plaintext: ['text', 'txt'],
})

export function isKnownLanguage(language: string): boolean {
  return language !== '' && lowlight.registered(language)
}

/**
 * Highlighted code, or null (shown plain) for a language we do not know or any highlighter
 * failure. The highlighted text must be the code exactly: a grammar that stops part-way must
 * never cut a block short.
 */
export function highlight(code: string, language: string): ReactNode[] | null {
  if (!isKnownLanguage(language)) return null
  try {
    const tree = lowlight.highlight(language, code)
    if (textOfTree(tree) !== code) return null
    return treeToReact(tree)
  } catch {
    return null
  }
}
