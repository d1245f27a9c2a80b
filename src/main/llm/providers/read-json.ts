import { ProviderError } from '../errors'
import type { HttpResponse } from '../transport-types'

/** Reads a whole JSON body; a body that is not JSON is a protocol error that names the provider. */
export async function readJson(provider: string, response: HttpResponse): Promise<unknown> {
  const text = await response.text()
  try {
    return JSON.parse(text) as unknown
  } catch {
    throw new ProviderError({
      provider,
      kind: 'protocol',
      message: `${provider} answered with something that is not JSON: check the base URL (it should point at the API, e.g. …/v1).`,
    })
  }
}
