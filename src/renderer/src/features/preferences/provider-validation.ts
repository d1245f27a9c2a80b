/** Only web addresses: the chat client speaks HTTP(S) to a provider, nothing else. */
export function validURL(value: string): boolean {
  try {
    const url = new URL(value)
    return url.protocol === 'http:' || url.protocol === 'https:'
  } catch {
    return false
  }
}

/** What stops a provider from being saved or tested, as the key of its text; null when nothing does. */
export function providerProblem(
  name: string,
  baseURL: string,
): 'providers.nameRequired' | 'providers.urlInvalid' | null {
  if (!name.trim()) return 'providers.nameRequired'
  if (!validURL(baseURL.trim())) return 'providers.urlInvalid'
  return null
}
