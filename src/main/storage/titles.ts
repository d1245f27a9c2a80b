/** Local titles: the first meaningful line of the first user message, cut on a word boundary. */

export const TITLE_LENGTH = 60

export function titleFromText(text: string, max = TITLE_LENGTH): string {
  const line =
    text
      .split(/\r?\n/)
      .map((l) => l.trim())
      // A code fence opener says nothing about the conversation.
      .find((l) => l.length > 0 && !l.startsWith('```')) ?? ''
  // Markdown markers at the start (#, >, list bullets) are noise in a title.
  const flat = line.replace(/^(#{1,6}|>|[-*+])\s+/, '').replace(/\s+/g, ' ')
  // Count code points so an emoji is never cut in half.
  const chars = Array.from(flat)
  if (chars.length <= max) return flat
  const head = chars.slice(0, max + 1).join('')
  const space = head.lastIndexOf(' ')
  const cut = space >= max / 2 ? head.slice(0, space) : chars.slice(0, max).join('')
  return `${cut.replace(/[\s.,;:!?-]+$/, '')}…`
}
