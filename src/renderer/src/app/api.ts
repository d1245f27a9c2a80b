import type { ProxyChatApi } from '../../../shared/contract'

/** The preload's API: the only way the page talks to the main process. */
export function getApi(): ProxyChatApi {
  const api = window.proxychat
  if (!api) throw new Error('window.proxychat is missing: the preload script did not run')
  return api
}
