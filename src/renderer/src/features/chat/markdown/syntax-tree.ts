/**
 * The syntax tree lowlight returns, checked and turned into React elements (never HTML).
 * lowlight only makes `<span class=…>` elements and text; anything else means a tree we do not
 * understand, and the caller shows the plain code instead.
 */
import { createElement, type ReactNode } from 'react'
import type { ElementContent, Root, RootContent } from 'hast'

/** The text a tree shows: what the user reads must be the code, character for character. */
export function textOfTree(node: Root | RootContent): string {
  if (node.type === 'text') return node.value
  if (node.type === 'root' || node.type === 'element') return node.children.map(textOfTree).join('')
  return ''
}

function classNameOf(value: unknown): string | undefined {
  if (!Array.isArray(value)) return undefined
  const names = value.filter((name): name is string => typeof name === 'string')
  return names.length > 0 ? names.join(' ') : undefined
}

function toNode(node: RootContent | ElementContent, key: number): ReactNode {
  if (node.type === 'text') return node.value
  if (node.type === 'element' && node.tagName === 'span') {
    const className = classNameOf(node.properties['className'])
    return createElement('span', { key, className }, ...node.children.map(toNode))
  }
  throw new Error(`Unexpected ${node.type} node in a highlighted tree`)
}

/** React elements for a highlighted tree; throws on anything but spans and text. */
export function treeToReact(root: Root): ReactNode[] {
  return root.children.map(toNode)
}
