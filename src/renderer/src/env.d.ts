import type { ProxyChatApi } from '../../shared/contract'

declare global {
  interface Window {
    /** Put there by the preload; the only way the page talks to the main process. */
    proxychat?: ProxyChatApi
  }
}

export {}
