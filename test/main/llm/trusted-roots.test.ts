import tls from 'node:tls'
import { describe, expect, it } from 'vitest'
import { defaultRoots, trustSystemCertificates, type CaApi } from '../../../src/main/llm/trusted-roots'

function fakeTls(initial: string[], system: string[]): CaApi & { defaults: string[] } {
  const api = {
    defaults: [...initial],
    getCACertificates: (source?: string) => (source === 'system' ? system : api.defaults),
    setDefaultCACertificates: (certificates: string[]) => {
      api.defaults = certificates
    },
  }
  return api
}

describe('trusted roots', () => {
  it('adds the system store to the defaults once, where the runtime can read it', () => {
    const api = fakeTls(['bundled-a', 'bundled-b'], ['bundled-b', 'corporate-root'])
    expect(trustSystemCertificates(api)).toBe(1)
    expect(api.defaults).toEqual(['bundled-a', 'bundled-b', 'corporate-root'])
    expect(defaultRoots(api)).toEqual(['bundled-a', 'bundled-b', 'corporate-root'])
    expect(trustSystemCertificates(api)).toBe(0)
    expect(api.defaults).toHaveLength(3)
  })

  it('does nothing where the runtime cannot read the system store (Node 20), keeping the bundled roots', () => {
    expect(trustSystemCertificates({})).toBeUndefined()
    expect(defaultRoots({})).toBe(tls.rootCertificates)
  })
})
