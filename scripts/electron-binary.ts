/**
 * What `npm start` / `npm run dev` need to know about Electron's binary, as pure functions.
 *
 * Electron 42+ has no install step: node_modules/electron holds only its installer (`install.js`,
 * the `install-electron` bin), which downloads the binary with @electron/get, unpacks it into
 * node_modules/electron/dist and writes path.txt. electron-vite reads path.txt and stops with
 * "Electron uninstall" when it is missing. Each rule below copies Electron 45's install.js or
 * @electron/get 5 (named where it applies), so what we check is what they do.
 */
import { createHash } from 'node:crypto'
import { existsSync, readFileSync } from 'node:fs'
import { join, win32 } from 'node:path'

export type Env = Readonly<Record<string, string | undefined>>

/** The executable inside dist/, per platform (install.js `getPlatformPath`). */
export function executableInDist(platform: string): string | null {
  switch (platform) {
    case 'mas':
    case 'darwin':
      return 'Electron.app/Contents/MacOS/Electron'
    case 'freebsd':
    case 'openbsd':
    case 'linux':
      return 'electron'
    case 'win32':
      return 'electron.exe'
    default:
      return null
  }
}

/** The platform and arch the installer downloads for (install.js; its Rosetta check aside). */
export function targetOf(
  env: Env,
  host: { platform: string; arch: string },
): { platform: string; arch: string } {
  return {
    platform: env['ELECTRON_INSTALL_PLATFORM'] || env['npm_config_platform'] || host.platform,
    arch: env['ELECTRON_INSTALL_ARCH'] || env['npm_config_arch'] || host.arch,
  }
}

/** What is on disk in node_modules/electron (read by the caller). */
export interface InstalledFacts {
  /** package.json's version. */
  version: string
  /** dist/version, or null when unreadable. */
  distVersion: string | null
  /** path.txt, or null when unreadable. */
  pathTxt: string | null
  /** executableInDist(platform). */
  expectedExecutable: string | null
  /** Whether dist/<path.txt> exists. */
  executableExists: boolean
}

/** install.js `isInstalled()`: the binary of this version, for this platform, is in place. */
export function isInstalled(facts: InstalledFacts): boolean {
  return (
    facts.expectedExecutable !== null &&
    facts.distVersion !== null &&
    facts.distVersion.trim().replace(/^v/, '') === facts.version &&
    facts.pathTxt === facts.expectedExecutable &&
    facts.executableExists
  )
}

function readOrNull(path: string): string | null {
  try {
    return readFileSync(path, 'utf8')
  } catch {
    return null
  }
}

/** Reads node_modules/electron (the one impure helper here): the binary's path when installed, else null. */
export function installedExecutable(electronDir: string, version: string, platform: string): string | null {
  const pathTxt = readOrNull(join(electronDir, 'path.txt'))
  const executable = pathTxt === null ? null : join(electronDir, 'dist', pathTxt)
  const facts: InstalledFacts = {
    version,
    distVersion: readOrNull(join(electronDir, 'dist', 'version')),
    pathTxt,
    expectedExecutable: executableInDist(platform),
    executableExists: executable !== null && existsSync(executable),
  }
  return isInstalled(facts) ? executable : null
}

/** The release file, e.g. electron-v45.5.0-linux-x64.zip (@electron/get `getArtifactFileName`). */
export function artifactFileName(version: string, platform: string, arch: string): string {
  return `electron-v${version.replace(/^v/, '')}-${platform}-${arch}.zip`
}

const GITHUB_RELEASES = 'https://github.com/electron/electron/releases/download/'

/**
 * @electron/get `mirrorVar`: .npmrc (npm_config_electron_*), then package.json config, then ELECTRON_*.
 * Only the settings a user sets by hand are read: mirror, custom dir, custom file name.
 */
function mirrorVar(env: Env, snake: string): string | undefined {
  const compact = snake.replace(/_/g, '')
  return (
    env[`npm_config_electron_${compact}`] ||
    env[`NPM_CONFIG_ELECTRON_${snake.toUpperCase()}`] ||
    env[`npm_config_electron_${snake}`] ||
    env[`npm_package_config_electron_${compact}`] ||
    env[`npm_package_config_electron_${snake}`] ||
    env[`ELECTRON_${snake.toUpperCase()}`] ||
    undefined
  )
}

/** Where @electron/get downloads the zip from (`getArtifactRemoteURL`). */
export function artifactUrl(env: Env, version: string, fileName: string): string {
  const plain = version.replace(/^v/, '')
  const base = mirrorVar(env, 'mirror') ?? GITHUB_RELEASES
  const dir = (mirrorVar(env, 'custom_dir') ?? `v${plain}`).replace('{{ version }}', plain)
  const file = mirrorVar(env, 'custom_filename') ?? fileName
  return `${base}${dir}/${file}`
}

/** @electron/get's cache root: electron_config_cache (install.js), else env-paths('electron').cache. */
export function cacheRoot(env: Env, platform: string, home: string): string {
  const configured = env['electron_config_cache']
  if (configured) return configured
  if (platform === 'darwin') return join(home, 'Library', 'Caches', 'electron')
  if (platform === 'win32')
    return win32.join(env['LOCALAPPDATA'] || win32.join(home, 'AppData', 'Local'), 'electron', 'Cache')
  return join(env['XDG_CACHE_HOME'] || join(home, '.cache'), 'electron')
}

/**
 * The cache folder for one download URL: the SHA-256 of the URL's folder (@electron/get
 * `Cache.getCacheDirectory`). A zip placed there by hand is used instead of downloading, once its
 * checksum matches node_modules/electron/checksums.json.
 */
export function cacheFolderFor(root: string, url: string, platform: string): string {
  const parsed = new URL(url)
  parsed.hash = ''
  parsed.search = ''
  parsed.pathname = parsed.pathname.slice(0, parsed.pathname.lastIndexOf('/')) || '/'
  const hash = createHash('sha256').update(parsed.toString()).digest('hex')
  return platform === 'win32' ? win32.join(root, hash) : join(root, hash)
}

/**
 * Credentials in a URL-ish value become `***@`: advice gets pasted into tickets and chats. Like a
 * user means it, everything up to the last `@` of a word is userinfo (an unencoded `@`, `/` or `#`
 * in a password included), with or without a scheme.
 */
export function redactCredentials(value: string): string {
  return value.replace(
    /([a-z][a-z0-9+.-]*:\/\/)?[^\s]*@/gi,
    (_match, scheme: string | undefined) => `${scheme ?? ''}***@`,
  )
}

/** The proxy variables a user may have set, as undici's EnvHttpProxyAgent reads them (lower case first). */
const PROXY_VARIABLES = [
  'https_proxy',
  'HTTPS_PROXY',
  'http_proxy',
  'HTTP_PROXY',
  'no_proxy',
  'NO_PROXY',
] as const

/** A proxy is configured for the download. */
export function proxyConfigured(env: Env): boolean {
  return ['https_proxy', 'HTTPS_PROXY', 'http_proxy', 'HTTP_PROXY'].some((name) => Boolean(env[name]))
}

/**
 * @electron/get uses a proxy only when ELECTRON_GET_USE_PROXY is set. Someone who set HTTPS_PROXY
 * means it for this download too, so we turn it on for them.
 */
export function installerEnv(env: Env): Env {
  if (env['ELECTRON_GET_USE_PROXY'] || !proxyConfigured(env)) return env
  return { ...env, ELECTRON_GET_USE_PROXY: '1' }
}

/** The settings that shaped this attempt, credentials redacted. */
export function currentSettings(env: Env): string[] {
  const names = [
    'ELECTRON_GET_USE_PROXY',
    ...PROXY_VARIABLES,
    'ELECTRON_MIRROR',
    'npm_config_electron_mirror',
    'electron_config_cache',
  ]
  return names.flatMap((name) => {
    const value = env[name]
    return value ? [`${name}=${redactCredentials(value)}`] : []
  })
}

export interface AdviceInput {
  version: string
  platform: string
  arch: string
  url: string
  cacheFolder: string
  fileName: string
  /** One line: why it failed (credentials are redacted here too). */
  reason: string
  env: Env
}

/** What to do when the binary could not be downloaded: proxy, mirror, or a zip placed by hand. */
export function installAdvice(input: AdviceInput): string {
  const windows = input.platform === 'win32'
  const set = (assignment: string): string => (windows ? `set ${assignment}` : `export ${assignment}`)
  const settings = currentSettings(input.env)
  const lines = [
    `Could not download Electron ${input.version} (${input.platform}-${input.arch}), which npm start and npm run dev need.`,
    `  Tried: ${redactCredentials(input.url)}`,
    `  Reason: ${redactCredentials(input.reason)}`,
    settings.length > 0 ? `  Settings in effect: ${settings.join(' ')}` : '  No proxy or mirror is set.',
    '',
    'Do one of these, then run the command again:',
    '',
    '1. Behind a proxy: tell the download to use it (percent-encode special characters in the password):',
    `     ${set('ELECTRON_GET_USE_PROXY=1')}`,
    `     ${set('HTTPS_PROXY=http://user:password@proxy.example.com:3128')}`,
    '',
    "2. Use a mirror of the Electron releases (your company's, or a public one):",
    `     ${set('ELECTRON_MIRROR=https://mirror.example.com/electron/')}`,
    `   It must hold v${input.version}/${input.fileName}; for a mirror without the "v" in its folder`,
    `   names, also ${set('ELECTRON_CUSTOM_DIR="{{ version }}"')}`,
    '',
    `3. Download ${input.fileName} yourself (from https://github.com/electron/electron/releases/tag/v${input.version}`,
    '   or your mirror) and put it, with that exact name, into this folder:',
    `     ${input.cacheFolder}`,
    '   The next run installs from it without a network, once its checksum matches. (The folder',
    '   name depends on the mirror: set ELECTRON_MIRROR first if you use one, and run again to see it.)',
  ]
  return lines.join('\n')
}
