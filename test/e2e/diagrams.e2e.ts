/**
 * Mermaid diagrams as a user meets them: a reply streams in with a flowchart (Russian labels), a sequence
 * diagram and a broken diagram; complete diagrams are drawn as images under the page's real CSP, the broken
 * one shows its source and mermaid's reason, and a diagram still being written is shown as code.
 */
import { expect, it } from 'vitest'
import type { FakeProvider } from '../fixtures/fake-provider'
import type { LaunchedApp } from './harness'
import { lastReply, sendMessage, waitForIdle, withAppAndFakeProvider } from './helpers'

let fake: FakeProvider
let app: LaunchedApp

withAppAndFakeProvider((launched, provider) => {
  app = launched
  fake = provider
})

const FLOWCHART = [
  'flowchart LR',
  '    A[Запрос пользователя] --> B{Прокси нужен?}',
  '    B -->|да| C[CONNECT через прокси]',
  '    B -->|нет| D[Прямое соединение]',
  '    C --> E[Провайдер]',
  '    D --> E',
].join('\n')

const SEQUENCE = [
  'sequenceDiagram',
  '    participant App',
  '    participant Proxy',
  '    App->>Proxy: CONNECT api.openai.com:443',
  '    Proxy-->>App: 407 Proxy-Authenticate: NTLM',
  '    App->>Proxy: NTLM negotiate',
].join('\n')

const BROKEN = 'flowchart LR\n    A --> (B\n    B -->> C ]'

const REPLY = [
  'Вот как идёт запрос:',
  '',
  '```mermaid',
  FLOWCHART,
  '```',
  '',
  'And the handshake:',
  '',
  '```mermaid',
  SEQUENCE,
  '```',
  '',
  'This one is wrong on purpose:',
  '',
  '```mermaid',
  BROKEN,
  '```',
  '',
].join('\n')

function pieces(text: string, size = 9): string[] {
  const out: string[] = []
  for (let at = 0; at < text.length; at += size) out.push(text.slice(at, at + size))
  return out
}

it('draws complete diagrams as images, shows a broken one as code with the reason', async () => {
  const { page } = app
  const violations: string[] = []
  page.on('console', (message) => {
    if (/Content[- ]Security[- ]Policy|Refused to/i.test(message.text())) violations.push(message.text())
  })
  fake.enqueue({ text: pieces(REPLY), ratePerSecond: 400 })
  await sendMessage(page, 'Нарисуй схему запроса через прокси')

  await page.getByRole('button', { name: 'Stop' }).waitFor()
  await waitForIdle(page)

  const reply = lastReply(page)
  const images = reply.locator('.diagram__canvas img')
  await expect.poll(() => images.count(), { timeout: 20_000 }).toBe(2)
  const drawn = await images.evaluateAll((imgs) =>
    imgs.map((img) => {
      const image = img as HTMLImageElement
      return {
        src: image.src.slice(0, 24),
        naturalWidth: image.naturalWidth,
        shownWidth: image.getBoundingClientRect().width,
        complete: image.complete,
        alt: image.alt,
      }
    }),
  )
  for (const image of drawn) {
    expect(image.src).toBe('data:image/svg+xml;chars')
    expect(image.complete).toBe(true)
    // The SVG decoded as an image: it has a size, and it fits in the reply.
    expect(image.naturalWidth).toBeGreaterThan(50)
    expect(image.shownWidth).toBeGreaterThan(50)
    expect(image.alt).toContain('Mermaid')
  }
  // The labels are in the SVG as text (no HTML labels, which an <img> would not show).
  const svgText = await images
    .first()
    .evaluate((img) => decodeURIComponent((img as HTMLImageElement).src.split(',')[1] ?? ''))
  const words = ['Запрос', 'пользователя', 'Провайдер', 'нет'].filter((word) => svgText.includes(`>${word}<`))
  expect(words).toHaveLength(4)
  expect(svgText.includes('<foreignObject')).toBe(false)
  expect(/<script|onerror=|onload=/i.test(svgText)).toBe(false)

  // The broken diagram: its source, whole, and the reason.
  const problem = reply.locator('.diagram__problem')
  await expect.poll(() => problem.count()).toBe(1)
  expect(await problem.innerText()).toMatch(
    /^This diagram could not be drawn: Parse error on line 2: Expecting .+, got/,
  )
  const codes = await reply.locator('.diagram--source pre code').allInnerTexts()
  expect(codes).toEqual([BROKEN])

  // Show code, then the diagram again.
  await reply.getByRole('button', { name: 'Show code' }).first().click()
  expect(await reply.locator('.diagram pre code').first().innerText()).toBe(FLOWCHART)
  await reply.getByRole('button', { name: 'Show diagram' }).first().click()
  await expect.poll(() => images.count()).toBe(2)

  if (process.env['E2E_SHOTS']) {
    await images.first().scrollIntoViewIfNeeded()
    await page.screenshot({ path: '/tmp/diagrams-e2e.png' })
    await page.evaluate(() => (document.documentElement.dataset['theme'] = 'dark'))
    await expect
      .poll(() => images.first().evaluate((img) => (img as HTMLImageElement).src.includes('%23ECECFF')))
      .toBe(false)
    await page.screenshot({ path: '/tmp/diagrams-e2e-dark.png' })
  }
  expect(violations).toEqual([])
})

it('runs no script and loads nothing from a hostile diagram', async () => {
  const { page } = app
  const requests: string[] = []
  page.on('request', (request) => {
    if (!request.url().startsWith('data:')) requests.push(request.url())
  })
  const hostile = [
    'flowchart LR',
    '    A["<img src=https://example.invalid/x.png onerror=window.__pwned=1>"] --> B["<script>window.__pwned=2</script>"]',
    '    click A href "javascript:window.__pwned=3"',
  ].join('\n')
  fake.enqueue({ text: [`\`\`\`mermaid\n${hostile}\n\`\`\`\n`] })
  await sendMessage(page, 'A diagram, please')
  await waitForIdle(page)
  const reply = lastReply(page)
  await expect
    .poll(
      async () =>
        (await reply.locator('.diagram__canvas img').count()) +
        (await reply.locator('.diagram__problem').count()),
      {
        timeout: 20_000,
      },
    )
    .toBe(1)
  await reply.locator('.diagram').first().click()
  expect(await page.evaluate(() => (window as { __pwned?: unknown }).__pwned)).toBeUndefined()
  expect(requests.filter((url) => url.includes('example.invalid'))).toEqual([])
})
