import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, expect, it } from 'vitest'
import { closeBrowser, launchApp } from './harness'

afterAll(() => closeBrowser())

it('loads the app under its CSP with the preload API in place', async () => {
  const userDataDir = mkdtempSync(join(tmpdir(), 'proxychat-e2e-'))
  const app = await launchApp({ userDataDir })
  const errors: string[] = []
  app.page.on('pageerror', (e) => errors.push(e.message))
  app.page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text())
  })
  try {
    const keys = await app.page.evaluate(() =>
      Object.keys((window as unknown as { proxychat: object }).proxychat),
    )
    expect(keys.sort()).toEqual([
      'app',
      'attachments',
      'chat',
      'conversations',
      'on',
      'prompts',
      'providers',
      'routes',
      'settings',
    ])
    const info = await app.page.evaluate(() =>
      (window as unknown as { proxychat: { app: { info(): Promise<unknown> } } }).proxychat.app.info(),
    )
    expect(info).toMatchObject({ version: '0.0.0-test', secretStorage: 'encrypted' })
    await app.page.waitForTimeout(500)
    await app.page.screenshot({ path: join(tmpdir(), 'proxychat-smoke.png') })
    expect(errors).toEqual([])
  } finally {
    await app.close()
    rmSync(userDataDir, { recursive: true, force: true })
  }
})
