/**
 * TEMPORARY STUB — the lead replaces this file with the real backend (services wired together).
 * It only fixes the shape src/main/index.ts is written against; every service call fails with
 * `not-implemented` except app.info and app.openExternal.
 */
import type { SafeStorage, SaveDialogOptions, SaveDialogReturnValue } from 'electron'
import type { Backend, EventSink } from '../shared/contract'

export interface BackendDeps {
  /** app.getPath('userData'): where settings, history and secrets live. */
  userDataDir: string
  /** Where services send events for the window (stream, notice, conversations-changed). */
  sink: EventSink
  /** Only usable after the app is ready (createBackend is called after 'ready'). */
  safeStorage: Pick<
    SafeStorage,
    'isEncryptionAvailable' | 'encryptString' | 'decryptString' | 'getSelectedStorageBackend'
  >
  /** session.defaultSession.resolveProxy, for the "system" proxy mode. */
  resolveProxy: (url: string) => Promise<string>
  /** A save dialog attached to the main window (for exports). */
  showSaveDialog: (options: SaveDialogOptions) => Promise<SaveDialogReturnValue>
  /** Opens an http(s) link in the user's browser; rejects anything else. */
  openExternal: (url: string) => Promise<void>
  appInfo: { version: string; platform: string; locale: string }
}

export interface BackendHandle {
  backend: Backend
  /** Stops every stream, saves it, and flushes pending writes. Called once, on quit. */
  shutdown(): Promise<void>
}

const notImplemented = (): Promise<never> =>
  Promise.reject(Object.assign(new Error('Not implemented yet (backend stub).'), { code: 'not-implemented' }))

export function createBackend(deps: BackendDeps): Promise<BackendHandle> {
  const backend: Backend = {
    conversations: {
      list: () => Promise.resolve([]),
      get: notImplemented,
      create: notImplemented,
      rename: notImplemented,
      delete: notImplemented,
      search: () => Promise.resolve([]),
      setModel: notImplemented,
      setSystemPrompt: notImplemented,
      deleteMessage: notImplemented,
      exportAll: notImplemented,
      exportMarkdown: notImplemented,
      import: notImplemented,
    },
    chat: {
      send: notImplemented,
      stop: notImplemented,
      regenerate: notImplemented,
      editAndResend: notImplemented,
      continue: notImplemented,
    },
    settings: {
      get: notImplemented,
      update: notImplemented,
      setSecret: notImplemented,
      allowPlaintextSecrets: notImplemented,
    },
    providers: {
      models: notImplemented,
      testConnection: notImplemented,
      detectLocal: () => Promise.resolve([]),
    },
    app: {
      info: () =>
        Promise.resolve({
          ...deps.appInfo,
          secretStorage: deps.safeStorage.isEncryptionAvailable() ? 'encrypted' : 'unavailable',
          plaintextSecretsAllowed: false,
        }),
      openExternal: deps.openExternal,
    },
  }
  return Promise.resolve({ backend, shutdown: () => Promise.resolve() })
}
