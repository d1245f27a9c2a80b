import tls from 'node:tls'
import { describe, expect, it } from 'vitest'
import {
  defaultRoots,
  ensureSystemRoots,
  trustSystemCertificates,
  type CaApi,
} from '../../../src/main/llm/trusted-roots'

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

  it('loads the system store once, however often it is asked', () => {
    const api = fakeTls(['bundled'], ['corporate-root'])
    let reads = 0
    const counting: CaApi = {
      getCACertificates: (source) => {
        if (source === 'system') reads += 1
        return api.getCACertificates?.(source) ?? []
      },
      setDefaultCACertificates: api.setDefaultCACertificates,
    }
    expect(ensureSystemRoots(counting)).toBe(1)
    for (let i = 0; i < 5; i++) expect(ensureSystemRoots(counting)).toBe(1)
    expect(defaultRoots(counting)).toEqual(['bundled', 'corporate-root'])
    expect(reads).toBe(1)
  })

  it('falls back to the bundled roots when the store cannot be read, with a warning that names no detail', () => {
    const warnings: string[] = []
    let reads = 0
    const broken: CaApi = {
      getCACertificates: (source) => {
        if (source !== 'system') return ['bundled']
        reads += 1
        throw Object.assign(new Error('keychain /Users/anna/secret.keychain locked: hunter2'), {
          code: 'ERR_KEYCHAIN',
        })
      },
      setDefaultCACertificates: () => {
        throw new Error('must not be called')
      },
    }
    expect(() => ensureSystemRoots(broken, (m) => warnings.push(m))).not.toThrow()
    expect(ensureSystemRoots(broken, (m) => warnings.push(m))).toBeUndefined()
    expect(defaultRoots(broken)).toEqual(['bundled'])
    expect(reads).toBe(1)
    expect(warnings).toEqual([
      "Could not read the system's trusted certificates (Error ERR_KEYCHAIN); using the bundled ones.",
    ])
  })
})
