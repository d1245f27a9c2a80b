/**
 * Versioned migrations for every storage file: each file carries `schemaVersion`, and `migrations[i]` turns
 * version i + 1 into i + 2. Migrations are pure functions of the parsed file, tested on fixture files written
 * by the version before (test/fixtures/storage). Unlike electron-store's own migrations, they do not depend on
 * the app's version number, so a downgrade or a reinstall cannot replay or skip them.
 */

export type FileData = Record<string, unknown>
export type Migration = (data: FileData) => FileData

export interface MigrationPlan {
  /** The version this build writes. */
  current: number
  /** `migrations.length === current - 1`. */
  migrations: readonly Migration[]
}

export type MigrationResult =
  | { kind: 'current'; data: FileData }
  | { kind: 'migrated'; data: FileData; from: number }
  /** Written by a newer build: read as the current version (unknown fields are dropped by validation). */
  | { kind: 'newer'; data: FileData; from: number }
  | { kind: 'invalid'; reason: string }

export function isPlainObject(value: unknown): value is FileData {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** A file without `schemaVersion` is taken as version 1, the first layout. */
export function fileVersion(data: FileData): number | undefined {
  const version = data['schemaVersion']
  if (version === undefined) return 1
  return typeof version === 'number' && Number.isInteger(version) && version >= 1 ? version : undefined
}

export function runMigrations(raw: unknown, plan: MigrationPlan): MigrationResult {
  if (plan.migrations.length !== plan.current - 1) {
    throw new Error(`migration plan for version ${plan.current} needs ${plan.current - 1} migrations`)
  }
  if (!isPlainObject(raw)) return { kind: 'invalid', reason: 'not a JSON object' }
  const from = fileVersion(raw)
  if (from === undefined) return { kind: 'invalid', reason: 'schemaVersion is not a positive integer' }
  if (from > plan.current) return { kind: 'newer', data: { ...raw, schemaVersion: plan.current }, from }
  let data = raw
  for (let version = from; version < plan.current; version++) {
    const migration = plan.migrations[version - 1]
    if (!migration) throw new Error(`no migration from version ${version}`)
    data = { ...migration(data), schemaVersion: version + 1 }
  }
  return from === plan.current ? { kind: 'current', data } : { kind: 'migrated', data, from }
}
