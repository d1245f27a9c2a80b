import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it, vi } from 'vitest'
import { CONVERSATION_VERSION, conversationMigrations } from '../../../src/main/storage/conversation-file'
import { INDEX_VERSION, indexMigrations } from '../../../src/main/storage/conversation-index'
import { runMigrations, type Migration } from '../../../src/main/storage/migrations'
import { SECRETS_VERSION, secretsMigrations } from '../../../src/main/storage/secret-store'
import { SETTINGS_VERSION, settingsMigrations } from '../../../src/main/storage/settings-store'

vi.mock('electron', () => import('../../mocks/electron'))

const FIXTURES = join(import.meta.dirname, '../../fixtures/storage')

describe('runMigrations', () => {
  const plan = {
    current: 3,
    migrations: [
      (d) => ({ ...d, renamed: d['old'], old: undefined }),
      (d) => ({ ...d, added: true }),
    ] satisfies Migration[],
  }

  it('applies each migration in order from the file version', () => {
    expect(runMigrations({ schemaVersion: 1, old: 'x' }, plan)).toEqual({
      kind: 'migrated',
      from: 1,
      data: { schemaVersion: 3, renamed: 'x', old: undefined, added: true },
    })
    expect(runMigrations({ schemaVersion: 2, renamed: 'y' }, plan)).toEqual({
      kind: 'migrated',
      from: 2,
      data: { schemaVersion: 3, renamed: 'y', added: true },
    })
  })

  it('takes a file without schemaVersion as version 1', () => {
    expect(runMigrations({ old: 'z' }, plan)).toMatchObject({ kind: 'migrated', from: 1 })
  })

  it('leaves a current file alone, and flags newer and invalid ones', () => {
    expect(runMigrations({ schemaVersion: 3, a: 1 }, plan)).toEqual({
      kind: 'current',
      data: { schemaVersion: 3, a: 1 },
    })
    expect(runMigrations({ schemaVersion: 4 }, plan)).toMatchObject({ kind: 'newer', from: 4 })
    expect(runMigrations({ schemaVersion: 0 }, plan)).toMatchObject({ kind: 'invalid' })
    expect(runMigrations({ schemaVersion: 1.5 }, plan)).toMatchObject({ kind: 'invalid' })
    expect(runMigrations([], plan)).toMatchObject({ kind: 'invalid' })
    expect(runMigrations(null, plan)).toMatchObject({ kind: 'invalid' })
  })

  it('refuses a plan with a missing migration', () => {
    expect(() => runMigrations({}, { current: 2, migrations: [] })).toThrow(/needs 1 migrations/)
  })
})

describe('every stored format has a fixture for every version it can be migrated from', () => {
  // When a format moves to version N + 1, its migration list grows and the version N fixture, kept in
  // test/fixtures/storage, is what the migration tests in each store's test file run on.
  const formats = [
    { name: 'settings', current: SETTINGS_VERSION, migrations: settingsMigrations },
    { name: 'secrets', current: SECRETS_VERSION, migrations: secretsMigrations },
    { name: 'conversation', current: CONVERSATION_VERSION, migrations: conversationMigrations },
    { name: 'conversation-index', current: INDEX_VERSION, migrations: indexMigrations },
  ]
  for (const format of formats) {
    it(`${format.name}: ${format.current - 1} migration(s), fixtures for versions 1..${format.current}`, () => {
      expect(format.migrations).toHaveLength(format.current - 1)
      for (let version = 1; version <= format.current; version++) {
        expect(existsSync(join(FIXTURES, `${format.name}.v${version}.json`))).toBe(true)
      }
    })
  }
})
