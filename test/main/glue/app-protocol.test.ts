import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, sep } from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'

vi.mock('electron', () => import('../../mocks/electron'))

import { appMock, protocolMock, resetElectronMock } from '../../mocks/electron'
import {
  APP_ENTRY_URL,
  handleAppProtocol,
  registerAppScheme,
  resolveAppPath,
} from '../../../src/main/app-protocol'
import { buildContentSecurityPolicy } from '../../../src/main/csp'

const CSP = buildContentSecurityPolicy()
const SECRET = 'TOP-SECRET-CONTENT'
let base: string
let rendererDir: string

beforeEach(() => {
  resetElectronMock()
  base = mkdtempSync(join(tmpdir(), 'proxychat-protocol-'))
  rendererDir = join(base, 'renderer')
  mkdirSync(join(rendererDir, 'assets'), { recursive: true })
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>ProxyChat</title>')
  writeFileSync(join(rendererDir, 'assets', 'index.js'), 'console.log(1)')
  writeFileSync(join(rendererDir, 'assets', 'katex.woff2'), Buffer.from([0x77, 0x4f, 0x46, 0x32]))
  // Files next to the renderer folder that must never be served.
  writeFileSync(join(base, 'secret.txt'), SECRET)
  writeFileSync(join(base, 'renderer-secret.txt'), SECRET)
  handleAppProtocol({ rendererDir, contentSecurityPolicy: CSP })
})

afterEach(() => {
  rmSync(base, { recursive: true, force: true })
})

describe('app:// scheme registration', () => {
  it('registers app: as a standard, secure scheme, without bypassing the CSP', () => {
    resetElectronMock()
    appMock.setReady(false)
    registerAppScheme()
    expect(protocolMock.privilegedAfterReady).toBe(false)
    expect(protocolMock.privileged).toEqual([
      {
        scheme: 'app',
        privileges: {
          standard: true,
          secure: true,
          supportFetchAPI: true,
          corsEnabled: true,
          codeCache: true,
        },
      },
    ])
  })
})

describe('app:// handler', () => {
  it('serves the page with its type and our CSP header', async () => {
    const response = await protocolMock.fetch(APP_ENTRY_URL)
    expect(response.status).toBe(200)
    expect(await response.text()).toContain('<title>ProxyChat</title>')
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8')
    expect(response.headers.get('content-security-policy')).toBe(CSP)
    expect(response.headers.get('x-content-type-options')).toBe('nosniff')
  })

  it('serves index.html for the root', async () => {
    const response = await protocolMock.fetch('app://proxychat/')
    expect(await response.text()).toContain('ProxyChat')
  })

  it('serves assets with their types', async () => {
    const script = await protocolMock.fetch('app://proxychat/assets/index.js')
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8')
    expect(await script.text()).toBe('console.log(1)')
    const font = await protocolMock.fetch('app://proxychat/assets/katex.woff2')
    expect(font.headers.get('content-type')).toBe('font/woff2')
    expect(new Uint8Array(await font.arrayBuffer())).toEqual(new Uint8Array([0x77, 0x4f, 0x46, 0x32]))
  })

  it.each([
    'app://proxychat/../../etc/passwd',
    'app://proxychat/../secret.txt',
    'app://proxychat/..%2fsecret.txt',
    'app://proxychat/..%2Fsecret.txt',
    'app://proxychat/%2e%2e/secret.txt',
    'app://proxychat/%2e%2e%2fsecret.txt',
    'app://proxychat/assets/..%2f..%2fsecret.txt',
    'app://proxychat/..%5csecret.txt',
    'app://proxychat/..%255csecret.txt',
    'app://proxychat/%2e%2e%5c%2e%2e%5cetc%5cpasswd',
    'app://proxychat/..%2f..%2f..%2f..%2f..%2f..%2fetc%2fpasswd',
    'app://proxychat/%2fetc%2fpasswd',
    'app://proxychat/../renderer-secret.txt',
    'app://proxychat/index.html%00.js',
    'app://proxychat/%E0%A4%A',
    'app://other-host/index.html',
    'app://proxychat/assets/',
    'app://proxychat/missing.js',
  ])('refuses %s with a 404 that still carries the CSP', async (url) => {
    const response = await protocolMock.fetch(url)
    expect(response.status).toBe(404)
    expect(await response.text()).not.toContain(SECRET)
    expect(response.headers.get('content-security-policy')).toBe(CSP)
  })

  it('refuses other methods than GET and HEAD', async () => {
    const response = await protocolMock.fetch(APP_ENTRY_URL, { method: 'POST', body: 'x' })
    expect(response.status).toBe(405)
    expect(response.headers.get('content-security-policy')).toBe(CSP)
  })

  it('answers HEAD without a body', async () => {
    const response = await protocolMock.fetch(APP_ENTRY_URL, { method: 'HEAD' })
    expect(response.status).toBe(200)
    expect(await response.text()).toBe('')
  })
})

describe('resolveAppPath (raw URLs, before any normalisation)', () => {
  it.each([
    'app://proxychat/../../etc/passwd',
    'app://proxychat/..%2f..%2fetc%2fpasswd',
    'app://proxychat/%2e%2e%2f%2e%2e%2fetc%2fpasswd',
    'app://proxychat/..%5c..%5cetc%5cpasswd',
    'app://proxychat/foo/%2e%2e/%2e%2e/%2e%2e/secret.txt',
    'app://proxychat/%00',
  ])('keeps %s inside the renderer folder or refuses it', (url) => {
    const file = resolveAppPath(rendererDir, url)
    if (file !== null) expect(file.startsWith(rendererDir + sep)).toBe(true)
  })

  it('refuses the folder itself and foreign URLs', () => {
    expect(resolveAppPath(rendererDir, 'app://proxychat/..')).not.toBe(rendererDir)
    expect(resolveAppPath(rendererDir, 'file:///etc/passwd')).toBeNull()
    expect(resolveAppPath(rendererDir, 'https://proxychat/index.html')).toBeNull()
    expect(resolveAppPath(rendererDir, 'not a url')).toBeNull()
  })

  it('maps our URLs to files in the folder', () => {
    expect(resolveAppPath(rendererDir, 'app://proxychat/assets/index.js')).toBe(
      join(rendererDir, 'assets', 'index.js'),
    )
    expect(resolveAppPath(rendererDir, 'app://proxychat/a%20b.css')).toBe(join(rendererDir, 'a b.css'))
  })
})

describe('app:// attachments route', () => {
  const PNG_HASH = 'a'.repeat(64)
  const SVG_HASH = 'b'.repeat(64)
  const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3])
  const asked: string[] = []

  beforeEach(() => {
    asked.length = 0
    resetElectronMock()
    handleAppProtocol({
      rendererDir,
      contentSecurityPolicy: CSP,
      // As AttachmentService.serveImage: an image by hash, nothing for SVG or anything else.
      attachments: (hash) => {
        asked.push(hash)
        return Promise.resolve(hash === PNG_HASH ? { bytes: png, mediaType: 'image/png' } : undefined)
      },
    })
  })

  it('serves a stored image by its hash with the sniffed type and nosniff', async () => {
    const response = await protocolMock.fetch(`app://proxychat/attachments/${PNG_HASH}`)
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toBe('image/png')
    expect(response.headers.get('x-content-type-options')).toBe('nosniff')
    expect(response.headers.get('content-security-policy')).toBe(CSP)
    expect(new Uint8Array(await response.arrayBuffer())).toEqual(png)
  })

  it('accepts only a 64-hex hash: no names, paths, upper case or traversal reach the store', async () => {
    for (const path of [
      'photo.png',
      `${PNG_HASH}.png`,
      PNG_HASH.toUpperCase(),
      `..%2f..%2fsecret.txt`,
      `${PNG_HASH}/x`,
      '',
    ]) {
      const response = await protocolMock.fetch(`app://proxychat/attachments/${path}`)
      expect(response.status, path).toBe(404)
      expect(await response.text()).not.toContain(SECRET)
    }
    expect(asked).toEqual([])
  })

  it('answers 404 for a hash that is not a stored image (SVG, text, PDF, missing)', async () => {
    const response = await protocolMock.fetch(`app://proxychat/attachments/${SVG_HASH}`)
    expect(response.status).toBe(404)
    expect(response.headers.get('content-type')).toBe('text/plain; charset=utf-8')
    expect(asked).toEqual([SVG_HASH])
  })
})
