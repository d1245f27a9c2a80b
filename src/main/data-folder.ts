/**
 * Where a development run keeps its data. `npm run dev` and `npm start` run the app unpackaged;
 * they get their own folder, ProxyChat-dev, next to the installed app's. Chromium keys the
 * single-instance lock on the userData folder (electron/electron#29068, #18728), so sharing it
 * would make a development run hand over silently to an installed copy, or write to its history.
 * The folder must be set before `requestSingleInstanceLock()` and before 'ready'.
 */
import { mkdirSync } from 'node:fs'
import { isAbsolute, join } from 'node:path'

export interface DataFolderFacts {
  isPackaged: boolean
  /** app.getPath('appData'). */
  appData: string
  /** app.getName(): the productName, ProxyChat. */
  name: string
  /** PROXYCHAT_USER_DATA_DIR: a folder of its own (the smoke test's temp folder); unpackaged only. */
  override: string | undefined
}

/** The development data folder, or null for a packaged app (which keeps Electron's default). */
export function developmentDataFolder(facts: DataFolderFacts): string | null {
  if (facts.isPackaged) return null
  if (facts.override !== undefined && facts.override !== '' && isAbsolute(facts.override))
    return facts.override
  return join(facts.appData, `${facts.name}-dev`)
}

/** Electron's setPath throws for a folder that does not exist (docs: app.setPath), so create it first. */
export function useDevelopmentDataFolder(
  app: {
    isPackaged: boolean
    getPath(name: 'appData'): string
    getName(): string
    setPath(name: 'userData', path: string): void
  },
  env: NodeJS.ProcessEnv,
): void {
  const folder = developmentDataFolder({
    isPackaged: app.isPackaged,
    appData: app.getPath('appData'),
    name: app.getName(),
    override: env['PROXYCHAT_USER_DATA_DIR'],
  })
  if (folder === null) return
  mkdirSync(folder, { recursive: true })
  app.setPath('userData', folder)
}
