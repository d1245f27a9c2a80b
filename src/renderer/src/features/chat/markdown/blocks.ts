/**
 * Splits markdown into top-level blocks that render the same apart as together, so that each can
 * be parsed and rendered once: while a reply streams, only its last block changes.
 *
 * A block ends at a blank line, unless what follows continues it (an indented line, or the next
 * item of a list), and around a fenced code block or a `$$` math block that starts at the margin.
 * Nothing splits inside an open fence, so a code block still being written is one growing block.
 * Reference-style links and footnotes tie distant blocks together: such text stays one block.
 */

const FENCE = /^( {0,3})(`{3,}|~{3,})(.*)$/
const LIST_ITEM = /^ {0,3}(?:[-*+]|\d{1,9}[.)])(?:[ \t]|$)/
const DEFINITION = /^ {0,3}\[[^\]\n]+\]:/m

function isBlank(line: string): boolean {
  return line.trim() === ''
}

function isIndented(line: string): boolean {
  const c = line.charCodeAt(0)
  return c === 32 || c === 9
}

export function splitBlocks(source: string): string[] {
  if (source === '') return []
  if (DEFINITION.test(source)) return [source]

  const lines = source.split('\n')
  const blocks: string[] = []
  let current: string[] = []
  /** The last non-blank, non-indented line of the current block. */
  let lastText = ''
  let sawBlank = false
  let fence: { char: string; length: number; atMargin: boolean } | null = null
  let inMath = false

  const cut = (): void => {
    if (current.length > 0) blocks.push(current.join('\n') + '\n')
    current = []
    lastText = ''
    sawBlank = false
  }

  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? ''

    if (fence) {
      current.push(line)
      const close = FENCE.exec(line)
      if (
        close &&
        close[2]?.[0] === fence.char &&
        (close[2]?.length ?? 0) >= fence.length &&
        (close[3] ?? '').trim() === ''
      ) {
        const atMargin = (close[1] ?? '') === '' && fence.atMargin
        fence = null
        lastText = line
        if (atMargin) cut()
      }
      continue
    }

    if (inMath) {
      current.push(line)
      if (line.trimEnd().endsWith('$$')) {
        inMath = false
        cut()
      }
      continue
    }

    if (isBlank(line)) {
      if (current.length > 0) sawBlank = true
      current.push(line)
      continue
    }

    // A new block after a blank line, unless this line continues the one before.
    if (sawBlank) {
      const continues = isIndented(line) || (LIST_ITEM.test(line) && LIST_ITEM.test(lastText))
      if (!continues) cut()
      sawBlank = false
    }

    const open = FENCE.exec(line)
    if (open && !(open[2]?.[0] === '`' && (open[3] ?? '').includes('`'))) {
      const atMargin = (open[1] ?? '') === ''
      if (atMargin && current.some((l) => !isBlank(l))) cut()
      fence = { char: open[2]?.[0] ?? '`', length: open[2]?.length ?? 3, atMargin }
      current.push(line)
      lastText = line
      continue
    }

    if (line.startsWith('$$')) {
      if (current.some((l) => !isBlank(l))) cut()
      current.push(line)
      const rest = line.slice(2)
      if (!rest.trimEnd().endsWith('$$')) inMath = true
      else cut()
      continue
    }

    current.push(line)
    if (!isIndented(line)) lastText = line
  }

  if (current.length > 0) {
    // The text after the last newline: the growing tail of a stream, without the added newline.
    const tail = current.join('\n')
    blocks.push(tail)
  }
  return blocks
}
