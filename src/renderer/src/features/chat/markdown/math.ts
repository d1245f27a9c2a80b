/** LaTeX rendering, loaded when a message first contains math. */
import 'katex/dist/katex.min.css'
import rehypeKatex from 'rehype-katex'
import remarkMath from 'remark-math'
import type { Options } from 'react-markdown'

type PluggableList = NonNullable<Options['remarkPlugins']>

export const mathRemarkPlugins: PluggableList = [remarkMath]
export const mathRehypePlugins: PluggableList = [
  [rehypeKatex, { throwOnError: false, strict: 'ignore', output: 'htmlAndMathml' }],
]
