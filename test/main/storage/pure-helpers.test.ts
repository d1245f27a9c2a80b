import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { credentialsIn, splitProxyCredentials } from '../../../src/main/storage/proxy-credentials'
import { snippetAround } from '../../../src/main/storage/search'
import { asidePath } from '../../../src/main/storage/set-aside'
import { titleFromText } from '../../../src/main/storage/titles'

describe('titleFromText', () => {
  it('takes the first meaningful line, trimmed', () => {
    expect(titleFromText('\n\n   Hello   there  \nsecond line')).toBe('Hello there')
    expect(titleFromText('```python\nprint(1)\n```')).toBe('print(1)')
    expect(titleFromText('## Heading here')).toBe('Heading here')
  })

  it('cuts long lines on a word boundary near 60 characters', () => {
    const title = titleFromText(
      'Explain how the retry provider decides between waiting and falling over to the next one',
    )
    expect(title).toBe('Explain how the retry provider decides between waiting and…')
    expect(Array.from(title).length).toBeLessThanOrEqual(61)
  })

  it('cuts a single long word hard, and never splits an emoji', () => {
    expect(titleFromText('a'.repeat(100))).toBe(`${'a'.repeat(60)}…`)
    const emoji = titleFromText('😀'.repeat(70))
    expect(Array.from(emoji.slice(0, -1)).every((c) => c === '😀')).toBe(true)
  })
})

describe('proxy credentials', () => {
  it('finds and removes user and password in every form', () => {
    expect(credentialsIn('proxy:3128')).toBeUndefined()
    expect(credentialsIn('http://proxy:3128')).toBeUndefined()
    expect(credentialsIn('socks5h://u:p%40ss@h:1080')).toEqual({ username: 'u', password: 'p@ss' })
    expect(splitProxyCredentials({ httpProxy: 'u:p@h:8080', mode: 'manual' })).toEqual({
      proxy: { httpProxy: 'h:8080', mode: 'manual' },
      credentials: { username: 'u', password: 'p' },
    })
    expect(splitProxyCredentials({ httpsProxy: 'https://h:443' })).toEqual({
      proxy: { httpsProxy: 'https://h:443' },
    })
  })
})

describe('snippetAround', () => {
  it('shows the match with some context, on one line', () => {
    const text = `${'a'.repeat(50)}\nMATCH\n${'b'.repeat(100)}`
    const snippet = snippetAround(text, 51, 5)
    expect(snippet.startsWith('…')).toBe(true)
    expect(snippet.endsWith('…')).toBe(true)
    expect(snippet).toContain(' MATCH ')
    expect(snippetAround('short', 0, 5)).toBe('short')
  })
})

describe('asidePath', () => {
  it('names the file after why and when, without characters Windows forbids', () => {
    const path = asidePath(join('data', 'settings.json'), 'corrupt', new Date('2025-03-04T05:06:07.089Z'))
    expect(path).toBe(join('data', 'settings.corrupt-2025-03-04T05-06-07.089Z.json'))
  })
})
