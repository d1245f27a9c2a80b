/**
 * The decisions behind `npm start`'s Electron step (scripts/electron-binary.ts), checked against
 * the rules of Electron 45's installer and @electron/get 5 themselves where they can be called.
 */
import { describe, expect, it } from 'vitest'
import { Cache } from '../../node_modules/@electron/get/dist/Cache.js'
import { getArtifactRemoteURL } from '../../node_modules/@electron/get/dist/artifact-utils.js'
import {
  artifactFileName,
  artifactUrl,
  cacheFolderFor,
  cacheRoot,
  currentSettings,
  executableInDist,
  installAdvice,
  installerEnv,
  isInstalled,
  redactCredentials,
  targetOf,
} from '../../scripts/electron-binary'
import type { AdviceInput, InstalledFacts } from '../../scripts/electron-binary'

const installed: InstalledFacts = {
  version: '45.5.0',
  distVersion: 'v45.5.0',
  pathTxt: 'electron',
  expectedExecutable: 'electron',
  executableExists: true,
}

describe('is the binary installed', () => {
  it('yes when dist/version, path.txt and the executable all match this version and platform', () => {
    expect(isInstalled(installed)).toBe(true)
    expect(isInstalled({ ...installed, distVersion: '45.5.0\n' })).toBe(true)
  })

  it('no when anything is missing or left from another version or platform', () => {
    expect(isInstalled({ ...installed, distVersion: null })).toBe(false)
    expect(isInstalled({ ...installed, distVersion: 'v44.0.0' })).toBe(false)
    expect(isInstalled({ ...installed, pathTxt: null })).toBe(false)
    expect(isInstalled({ ...installed, pathTxt: 'electron.exe' })).toBe(false)
    expect(isInstalled({ ...installed, executableExists: false })).toBe(false)
    expect(isInstalled({ ...installed, expectedExecutable: null })).toBe(false)
  })

  it('knows the executable per platform, as install.js does', () => {
    expect(executableInDist('linux')).toBe('electron')
    expect(executableInDist('win32')).toBe('electron.exe')
    expect(executableInDist('darwin')).toBe('Electron.app/Contents/MacOS/Electron')
    expect(executableInDist('aix')).toBeNull()
  })

  it('downloads for ELECTRON_INSTALL_PLATFORM / _ARCH when set, else for this machine', () => {
    const host = { platform: 'linux', arch: 'x64' }
    expect(targetOf({}, host)).toEqual(host)
    expect(targetOf({ ELECTRON_INSTALL_PLATFORM: 'win32', npm_config_arch: 'arm64' }, host)).toEqual({
      platform: 'win32',
      arch: 'arm64',
    })
  })
})

describe('where the zip comes from and where a manual download goes', () => {
  it('names the release file', () => {
    expect(artifactFileName('45.5.0', 'linux', 'x64')).toBe('electron-v45.5.0-linux-x64.zip')
    expect(artifactFileName('v45.5.0', 'darwin', 'arm64')).toBe('electron-v45.5.0-darwin-arm64.zip')
  })

  const cases: Record<string, string | undefined>[] = [
    {},
    { ELECTRON_MIRROR: 'https://mirror.example.com/electron/' },
    { ELECTRON_MIRROR: 'https://mirror.example.com/electron/', ELECTRON_CUSTOM_DIR: '{{ version }}' },
    { npm_config_electron_mirror: 'http://127.0.0.1:9999/e/', ELECTRON_MIRROR: 'https://ignored.example/' },
    { ELECTRON_CUSTOM_FILENAME: 'custom.zip' },
  ]
  it.each(cases)('builds the URL @electron/get builds (%o)', async (vars) => {
    const fileName = artifactFileName('45.5.0', 'linux', 'x64')
    // getArtifactRemoteURL reads process.env: give it exactly these variables for the call.
    const saved = process.env
    process.env = Object.fromEntries(
      Object.entries(saved).filter(
        ([name]) => !/^(electron_|npm_config_electron|npm_package_config_electron)/i.test(name),
      ),
    )
    Object.assign(process.env, vars)
    try {
      const theirs = await getArtifactRemoteURL({
        version: 'v45.5.0',
        artifactName: 'electron',
        platform: 'linux',
        arch: 'x64',
      })
      expect(artifactUrl(vars, '45.5.0', fileName)).toBe(theirs)
    } finally {
      process.env = saved
    }
  })

  it('puts a manual download in the folder @electron/get looks in for that URL', () => {
    const url = artifactUrl({}, '45.5.0', 'electron-v45.5.0-linux-x64.zip')
    expect(url).toBe(
      'https://github.com/electron/electron/releases/download/v45.5.0/electron-v45.5.0-linux-x64.zip',
    )
    expect(cacheFolderFor('/c', url, 'linux')).toBe(`/c/${Cache.getCacheDirectory(url)}`)
    const mirrored = artifactUrl({ ELECTRON_MIRROR: 'http://127.0.0.1:1/m/' }, '45.5.0', 'x.zip')
    expect(cacheFolderFor('/c', mirrored, 'linux')).toBe(`/c/${Cache.getCacheDirectory(mirrored)}`)
  })

  it('finds the cache root as install.js and env-paths do', () => {
    expect(cacheRoot({ electron_config_cache: '/my/cache' }, 'linux', '/home/u')).toBe('/my/cache')
    expect(cacheRoot({}, 'linux', '/home/u')).toBe('/home/u/.cache/electron')
    expect(cacheRoot({ XDG_CACHE_HOME: '/x' }, 'linux', '/home/u')).toBe('/x/electron')
    expect(cacheRoot({}, 'darwin', '/Users/u')).toBe('/Users/u/Library/Caches/electron')
    expect(cacheRoot({ LOCALAPPDATA: 'C:\\Users\\u\\AppData\\Local' }, 'win32', 'C:\\Users\\u')).toBe(
      'C:\\Users\\u\\AppData\\Local\\electron\\Cache',
    )
  })
})

describe('proxy', () => {
  it('turns on ELECTRON_GET_USE_PROXY when a proxy variable is set, and only then', () => {
    expect(installerEnv({ HTTPS_PROXY: 'http://p:3128' })['ELECTRON_GET_USE_PROXY']).toBe('1')
    expect(installerEnv({ http_proxy: 'http://p:3128' })['ELECTRON_GET_USE_PROXY']).toBe('1')
    expect(installerEnv({})['ELECTRON_GET_USE_PROXY']).toBeUndefined()
    expect(installerEnv({ ELECTRON_GET_USE_PROXY: 'true', HTTPS_PROXY: 'x' })['ELECTRON_GET_USE_PROXY']).toBe(
      'true',
    )
  })
})

describe('credentials never shown', () => {
  it.each([
    ['http://alice:s3cret@proxy:3128', 'http://***@proxy:3128'],
    ['https://alice@proxy:3128/', 'https://***@proxy:3128/'],
    ['alice:s3cret@proxy:3128', '***@proxy:3128'],
    // Typed unencoded, as users do: everything up to the last @ is the password.
    ['http://alice:p@ss/w#rd?x@proxy:3128', 'http://***@proxy:3128'],
    ['http://proxy:3128', 'http://proxy:3128'],
    [
      'connect to http://a:b@h:1 failed, via socks5://c:d@h:2',
      'connect to http://***@h:1 failed, via socks5://***@h:2',
    ],
  ])('%s → %s', (input, output) => {
    expect(redactCredentials(input)).toBe(output)
  })

  it('lists the settings in effect without their passwords', () => {
    const settings = currentSettings({
      HTTPS_PROXY: 'http://alice:s3cret@proxy:3128',
      https_proxy: 'bob:hunter2@proxy:8080',
      ELECTRON_MIRROR: 'https://user:tok@mirror.example/',
      UNRELATED: 'x',
    })
    expect(settings).toEqual([
      'https_proxy=***@proxy:8080',
      'HTTPS_PROXY=http://***@proxy:3128',
      'ELECTRON_MIRROR=https://***@mirror.example/',
    ])
  })
})

describe('advice', () => {
  const input: AdviceInput = {
    version: '45.5.0',
    platform: 'linux',
    arch: 'x64',
    url: 'https://github.com/electron/electron/releases/download/v45.5.0/electron-v45.5.0-linux-x64.zip',
    cacheFolder: '/home/u/.cache/electron/3b240e2b',
    fileName: 'electron-v45.5.0-linux-x64.zip',
    reason: 'getaddrinfo ENOTFOUND github.com',
    env: {},
  }

  it('names the proxy variables, the mirror, and the exact file and folder for a manual download', () => {
    const advice = installAdvice(input)
    expect(advice).toContain('Could not download Electron 45.5.0 (linux-x64)')
    expect(advice).toContain('Reason: getaddrinfo ENOTFOUND github.com')
    expect(advice).toContain('export ELECTRON_GET_USE_PROXY=1')
    expect(advice).toMatch(/export HTTPS_PROXY=http:\/\/user:password@[\w.-]+:\d+/)
    expect(advice).toContain('export ELECTRON_MIRROR=')
    expect(advice).toContain('https://github.com/electron/electron/releases/tag/v45.5.0')
    expect(advice).toContain('electron-v45.5.0-linux-x64.zip')
    expect(advice).toContain('\n     /home/u/.cache/electron/3b240e2b\n')
    expect(advice).toContain('No proxy or mirror is set.')
    expect(advice).not.toMatch(/\n\s+at /) // no stack trace
  })

  it('speaks cmd on Windows', () => {
    const advice = installAdvice({ ...input, platform: 'win32' })
    expect(advice).toContain('set ELECTRON_GET_USE_PROXY=1')
    expect(advice).not.toContain('export ')
  })

  it('shows the settings that were tried, and no password from them or from the reason', () => {
    const advice = installAdvice({
      ...input,
      reason: 'Proxy response (407) from http://alice:s3cret@proxy:3128',
      env: { HTTPS_PROXY: 'http://alice:s3cret@proxy:3128', ELECTRON_GET_USE_PROXY: '1' },
    })
    expect(advice).toContain('Settings in effect: ELECTRON_GET_USE_PROXY=1 HTTPS_PROXY=http://***@proxy:3128')
    expect(advice).not.toContain('s3cret')
    expect(advice).not.toContain('alice')
  })
})
