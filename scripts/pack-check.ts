/**
 * `npm run pack:check`, after `npm run build` (it packages out/ as it is and builds nothing).
 *
 * Packages the app with electron-builder and electron-builder.yml, as `npm run dist` does, but
 * offline: a linux-x64 directory build (no installer, so no packaging tools to download) from a
 * stand-in Electron distribution made here and passed as `electronDist` (so no Electron download).
 * Then it checks the result and exits 1 on any problem:
 *  - app.asar holds package.json (its main present), out/main, out/preload and out/renderer exactly
 *    as built (less source maps), the assets index.html loads, and the production dependencies with
 *    everything they need: nothing else (no sources, tests, scripts, docs, configs, maps, .ts, and
 *    no package that no production dependency needs, devDependencies above all);
 *  - every package the main bundle imports is in it, and the sandboxed preload requires only what
 *    a sandboxed preload can;
 *  - native modules (sharp and its @img/* packages) are unpacked from app.asar, as real files in
 *    resources/app.asar.unpacked: sharp's .node and libvips' shared library among them; nothing else is;
 *  - the fuses electron-builder flipped in the binary are the hardened set;
 *  - package.json has the metadata the deb needs (its homepage).
 * The stand-in `electron` is a shell stub carrying a fuse wire laid out as in Electron's binary
 * (sentinel, wire version, length, one byte per fuse), set to Electron's defaults, which differ from
 * the hardened set in all but one fuse: electron-builder's @electron/fuses flips it for real and
 * this script reads it back. The stub never runs. `--keep` keeps the temporary directory.
 */
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs'
import { isBuiltin } from 'node:module'
import { tmpdir } from 'node:os'
import { join, posix, relative, resolve, sep } from 'node:path'
import { getRawHeader, extractFile, type DirectoryRecord, type FileRecord } from '@electron/asar'
import { FuseV1Options, getCurrentFuseWire } from '@electron/fuses'
import { Arch, Platform, build } from 'electron-builder'

const ROOT = resolve(import.meta.dirname, '..')
const EXECUTABLE = 'proxychat' // linux.executableName

interface Manifest {
  version?: string
  main?: string
  homepage?: string
  description?: string
  dependencies?: Record<string, string>
  devDependencies?: Record<string, string>
  optionalDependencies?: Record<string, string>
  peerDependencies?: Record<string, string>
}

const project = readJson<Manifest>(readFileSync(join(ROOT, 'package.json')))
const electronVersion = readJson<Manifest>(
  readFileSync(join(ROOT, 'node_modules/electron/package.json')),
).version

/** @electron/fuses finds the wire after this sentinel (Electron's build/fuses/build.py). */
const FUSE_SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX'
const ON = 0x31 // '1'
const OFF = 0x30 // '0'
/** Electron's defaults (its build/fuses/fuses.json5) for the fuses FuseV1Options names, in order. */
const ELECTRON_DEFAULTS = [ON, OFF, ON, ON, OFF, OFF, OFF, ON]
/** What electron-builder.yml's electronFuses must produce. */
const HARDENED: [FuseV1Options, number][] = [
  [FuseV1Options.RunAsNode, OFF],
  [FuseV1Options.EnableCookieEncryption, ON],
  [FuseV1Options.EnableNodeOptionsEnvironmentVariable, OFF],
  [FuseV1Options.EnableNodeCliInspectArguments, OFF],
  [FuseV1Options.EnableEmbeddedAsarIntegrityValidation, ON],
  [FuseV1Options.OnlyLoadAppFromAsar, ON],
  [FuseV1Options.LoadBrowserProcessSpecificV8Snapshot, OFF],
  [FuseV1Options.GrantFileProtocolExtraPrivileges, OFF],
]

/** What `require` may name in a sandboxed preload besides relative paths. */
/** The main process's built entries: index.js and the PDF text reader's worker (electron.vite.config.ts). */
const MAIN_ENTRIES = ['out/main/index.js', 'out/main/pdf-text-worker.js']

const SANDBOXED_PRELOAD_MODULES = new Set([
  'electron',
  'events',
  'timers',
  'url',
  'node:events',
  'node:timers',
  'node:url',
])

const problems: string[] = []
const problem = (message: string): void => void problems.push(message)

function readJson<T>(data: Buffer): T {
  return JSON.parse(data.toString('utf8')) as T
}

/** A directory that electron-builder takes for an unpacked Electron linux-x64 zip. */
function makeStandInElectron(dir: string): void {
  if (electronVersion === undefined) throw new Error('node_modules/electron/package.json has no version')
  mkdirSync(join(dir, 'locales'), { recursive: true })
  mkdirSync(join(dir, 'resources'))
  const stub = Buffer.concat([
    Buffer.from(
      `#!/bin/sh\n# A stand-in for Electron ${electronVersion} made by scripts/pack-check.ts.\n` +
        `echo 'stand-in Electron: it cannot run' >&2\nexit 1\n# fuse wire: ${FUSE_SENTINEL}`,
    ),
    Buffer.from([1, ELECTRON_DEFAULTS.length, ...ELECTRON_DEFAULTS]), // wire version 1, length, fuses
    Buffer.from('\n'),
  ])
  writeFileSync(join(dir, 'electron'), stub)
  chmodSync(join(dir, 'electron'), 0o755)
  writeFileSync(join(dir, 'version'), electronVersion)
  writeFileSync(join(dir, 'LICENSE'), 'stand-in for the Electron license\n')
  writeFileSync(join(dir, 'LICENSES.chromium.html'), '<!-- stand-in for the Chromium licenses -->\n')
  writeFileSync(join(dir, 'locales', 'en-US.pak'), '')
}

async function pack(standIn: string, output: string): Promise<void> {
  await build({
    projectDir: ROOT,
    targets: Platform.LINUX.createTarget('dir', Arch.x64),
    publish: 'never',
    // Merged over electron-builder.yml. npmRebuild off: rebuilding native modules for a stub is
    // meaningless (and would fetch Electron's headers if there ever were one).
    config: { electronDist: standIn, directories: { output }, npmRebuild: false },
  })
}

/** Every file in the archive, as a posix path, with whether electron-builder unpacked it. */
function asarFiles(archive: string): Map<string, boolean> {
  const files = new Map<string, boolean>()
  const walk = (record: DirectoryRecord, prefix: string): void => {
    for (const [name, entry] of Object.entries(record.files)) {
      const path = prefix + name
      if ('files' in entry) walk(entry, `${path}/`)
      else files.set(path, (entry as Partial<FileRecord>).unpacked === true)
    }
  }
  walk(getRawHeader(archive).header, '')
  return files
}

function filesOnDisk(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(ROOT, join(entry.parentPath, entry.name)).split(sep).join('/'))
}

/** What only the installers (not built here) check: the deb refuses to build without these. */
function checkInstallerMetadata(): void {
  if (project.homepage === undefined) problem('package.json has no homepage, which the deb needs')
  if (project.description === undefined) problem('package.json has no description')
}

function checkLayout(appOut: string): void {
  const resources = join(appOut, 'resources')
  if (!existsSync(join(appOut, EXECUTABLE))) problem(`no executable ${EXECUTABLE} in the package`)
  for (const name of ['app', 'default_app.asar']) {
    if (existsSync(join(resources, name))) problem(`resources/${name} should not exist`)
  }
}

/** Packages whose files must be real files on disk (native code is loaded by the OS, not from the asar). */
const NATIVE_PACKAGE = /^node_modules\/(sharp|@img\/[^/]+)\//

/**
 * sharp's native parts are unpacked, and present on disk: the addon (.node) and libvips' shared library
 * for this platform (linux-x64 here), which Electron cannot load from inside app.asar.
 */
function checkNativeModules(appOut: string, files: Map<string, boolean>): string[] {
  const unpackedDir = join(appOut, 'resources', 'app.asar.unpacked')
  const native = [...files.entries()].filter(([path]) => NATIVE_PACKAGE.test(path))
  for (const [path, unpacked] of native) {
    if (!unpacked) problem(`native package file packed into the asar: ${path}`)
    else if (!existsSync(join(unpackedDir, path))) problem(`unpacked but missing on disk: ${path}`)
  }
  const addon = native.find(([path]) => /^node_modules\/@img\/sharp-linux-x64\/.*\.node$/.test(path))
  const libvips = native.find(([path]) =>
    /^node_modules\/@img\/sharp-libvips-linux-x64\/.*libvips.*\.so/.test(path),
  )
  if (addon === undefined) problem("sharp's addon (@img/sharp-linux-x64/…/*.node) is not in the app")
  if (libvips === undefined)
    problem('libvips (@img/sharp-libvips-linux-x64/…/libvips*.so*) is not in the app')
  return [addon?.[0], libvips?.[0]].filter((path): path is string => path !== undefined)
}

async function checkFuses(executable: string): Promise<string> {
  const wire = await getCurrentFuseWire(executable)
  return HARDENED.map(([fuse, expected]) => {
    const actual = wire[fuse]
    const state = actual === ON ? 'on' : actual === OFF ? 'off' : `unknown (${String(actual)})`
    if (actual !== expected)
      problem(`fuse ${FuseV1Options[fuse]} is ${state}, should be ${expected === ON ? 'on' : 'off'}`)
    return `${FuseV1Options[fuse]} ${state}`
  }).join(', ')
}

function checkAppFiles(archive: string, files: Map<string, boolean>): void {
  for (const [path, unpacked] of files) {
    const top = path.split('/')[0] ?? ''
    if (!['package.json', 'out', 'node_modules'].includes(top)) problem(`not a runtime file: ${path}`)
    if (top === 'out' && !/^out\/(main|preload|renderer)\//.test(path)) problem(`not a runtime file: ${path}`)
    if (/\.map$/.test(path)) problem(`source map: ${path}`)
    if (/\.(ts|tsx|mts|cts)$/.test(path)) problem(`TypeScript file: ${path}`)
    if (unpacked && !NATIVE_PACKAGE.test(path)) problem(`unpacked from the asar: ${path}`)
  }
  const packaged = readJson<Manifest>(extractFile(archive, 'package.json'))
  const main = posix.normalize(packaged.main ?? 'index.js')
  if (main !== 'out/main/index.js') problem(`package.json main is ${packaged.main}, not ./out/main/index.js`)
  if (packaged.devDependencies !== undefined) problem('package.json still lists devDependencies')
  for (const required of [main, ...MAIN_ENTRIES, 'out/preload/index.cjs', 'out/renderer/index.html']) {
    if (!files.has(required)) problem(`missing ${required}`)
  }
  // The build exactly, less source maps.
  const built = filesOnDisk(join(ROOT, 'out')).filter((path) => !path.endsWith('.map'))
  for (const path of built) if (!files.has(path)) problem(`built but not packaged: ${path}`)
  const builtSet = new Set(built)
  for (const path of files.keys()) {
    if (path.startsWith('out/') && !builtSet.has(path)) problem(`packaged but not in the build: ${path}`)
  }
  if (files.has('out/renderer/index.html')) {
    const html = extractFile(archive, 'out/renderer/index.html').toString('utf8')
    for (const [, url] of html.matchAll(/(?:src|href)="\.?\/?(assets\/[^"]+)"/g)) {
      if (!files.has(`out/renderer/${url ?? ''}`)) problem(`index.html loads ${url ?? ''}, not in the app`)
    }
  }
}

/** Checks the packaged node_modules against the production dependency tree; returns its packages. */
function checkDependencies(archive: string, files: Map<string, boolean>): string[] {
  const packages = new Set<string>()
  for (const path of files.keys()) {
    const match = /^(.*?node_modules\/(?:@[^/]+\/)?[^/@][^/]*)\/package\.json$/.exec(path)
    if (match?.[1] !== undefined) packages.add(match[1])
  }
  const resolvePackage = (from: string, name: string): string | undefined => {
    for (let dir = from; ; dir = posix.dirname(dir)) {
      const candidate = dir === '.' || dir === '' ? `node_modules/${name}` : `${dir}/node_modules/${name}`
      if (packages.has(candidate)) return candidate
      if (dir === '.' || dir === '') return undefined
    }
  }
  const needed = new Set<string>()
  const queue: [string, Manifest][] = [['', project]]
  for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
    const [dir, manifest] = next
    const required = Object.keys(manifest.dependencies ?? {})
    const optional = [
      ...Object.keys(manifest.optionalDependencies ?? {}),
      ...Object.keys(manifest.peerDependencies ?? {}),
    ]
    for (const name of [...required, ...optional]) {
      const found = resolvePackage(dir, name)
      if (found === undefined) {
        if (required.includes(name)) problem(`${dir === '' ? 'the app' : dir} needs ${name}, not in the app`)
        continue
      }
      if (needed.has(found)) continue
      needed.add(found)
      queue.push([found, readJson<Manifest>(extractFile(archive, `${found}/package.json`))])
    }
  }
  const devDependencies = new Set(Object.keys(project.devDependencies ?? {}))
  for (const path of packages) {
    if (needed.has(path)) continue
    const name = path.replace(/^.*node_modules\//, '')
    problem(
      devDependencies.has(name)
        ? `devDependency in the app: ${path}`
        : `package no dependency needs: ${path}`,
    )
  }
  return [...needed].map((path) => path.replace(/^.*node_modules\//, '')).sort()
}

function packageName(specifier: string): string {
  const parts = specifier.split('/')
  return (specifier.startsWith('@') ? parts.slice(0, 2) : parts.slice(0, 1)).join('/')
}

function checkImports(archive: string, files: ReadonlyMap<string, unknown>, packaged: string[]): void {
  // The PDF worker's entry is loaded beside index.js at run time (src/main/attachments/pdf-text.ts).
  const main = MAIN_ENTRIES.filter((entry) => files.has(entry))
    .map((entry) => extractFile(archive, entry).toString('utf8'))
    .join('\n')
  const specifiers = [
    ...main.matchAll(/^import\s[^;]*?from\s*["']([^"']+)["']/gm),
    ...main.matchAll(/^import\s*["']([^"']+)["']/gm),
    ...main.matchAll(/\bimport\(\s*["']([^"']+)["']\s*\)/g),
  ].map((match) => match[1] ?? '')
  const dependencies = Object.keys(project.dependencies ?? {})
  for (const specifier of new Set(specifiers)) {
    if (specifier.startsWith('.') || isBuiltin(specifier) || specifier === 'electron') continue
    const name = packageName(specifier)
    if (!dependencies.includes(name)) problem(`out/main imports ${specifier}, not a production dependency`)
    else if (!packaged.includes(name)) problem(`out/main imports ${specifier}, not in the app`)
  }
  const preload = extractFile(archive, 'out/preload/index.cjs').toString('utf8')
  for (const [, specifier = ''] of preload.matchAll(/\brequire\(\s*["']([^"']+)["']\s*\)/g)) {
    if (!specifier.startsWith('.') && !SANDBOXED_PRELOAD_MODULES.has(specifier)) {
      problem(`out/preload requires ${specifier}, which a sandboxed preload cannot`)
    }
  }
}

async function main(): Promise<void> {
  for (const built of ['out/main/index.js', 'out/preload/index.cjs', 'out/renderer/index.html']) {
    if (!existsSync(join(ROOT, built))) throw new Error(`${built} is missing: run \`npm run build\` first`)
  }
  const keep = process.argv.includes('--keep')
  const temp = mkdtempSync(join(tmpdir(), 'proxychat-pack-check-'))
  try {
    const standIn = join(temp, 'electron-dist')
    makeStandInElectron(standIn)
    await pack(standIn, join(temp, 'dist'))

    const appOut = join(temp, 'dist', 'linux-unpacked')
    const archive = join(appOut, 'resources', 'app.asar')
    checkInstallerMetadata()
    checkLayout(appOut)
    if (!existsSync(archive)) throw new Error('electron-builder made no resources/app.asar')
    const fuses = await checkFuses(join(appOut, EXECUTABLE))
    const files = asarFiles(archive)
    checkAppFiles(archive, files)
    const native = checkNativeModules(appOut, files)
    const packaged = checkDependencies(archive, files)
    checkImports(archive, files, packaged)

    const outCount = [...files.keys()].filter((path) => path.startsWith('out/')).length
    console.log(`\npack:check: linux-x64 directory, stand-in Electron ${electronVersion ?? '?'}`)
    console.log(
      `  app.asar: ${files.size} files: package.json, out/ (${outCount}), node_modules/ (${packaged.length} packages)`,
    )
    console.log(`  packages: ${packaged.join(', ')}`)
    console.log(`  unpacked native: ${native.join(', ')}`)
    console.log(`  fuses: ${fuses}`)
    if (keep) console.log(`  kept: ${temp}`)
  } finally {
    if (!keep) rmSync(temp, { recursive: true, force: true })
  }
  if (problems.length > 0) {
    console.error(
      `\npack:check: ${problems.length} problem(s):\n${problems.map((p) => `  - ${p}`).join('\n')}`,
    )
    process.exit(1)
  }
  console.log('pack:check: OK')
}

await main()
