/**
 * Deleting several conversations all or nothing. Their files are first moved into a staging folder
 * (`conversations/.deleting-<id>/`, a rename on the same disk); if one cannot be moved (a file locked on
 * Windows, no permission), the ones already moved go back and nothing is deleted. Once every file is in
 * the staging folder and the index has recorded the deletion, a `committed` marker is written and the folder
 * removed. A crash in between is settled on the next open: a staging folder without the marker goes back
 * (the deletion never happened), one with it is removed (it did).
 */
import { randomUUID } from 'node:crypto'
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

export const STAGING_PREFIX = '.deleting-'
const MARKER = 'committed'

/** The one file operation staging needs; tests pass one that fails part way. */
export type MoveFile = (from: string, to: string) => void

export class StagedDeletion {
  private constructor(
    private readonly dir: string,
    private readonly folder: string,
    /** Names of the files moved, in order. */
    private readonly moved: string[],
    private readonly move: MoveFile,
  ) {}

  /**
   * Moves the files `names` of `dir` into a new staging folder under `dir`. A file already gone counts as
   * deleted. On any other failure the moved files go back and the error is thrown.
   */
  static stage(dir: string, names: readonly string[], move: MoveFile = renameSync): StagedDeletion {
    const folder = join(dir, `${STAGING_PREFIX}${randomUUID()}`)
    mkdirSync(folder, { recursive: true })
    const staged = new StagedDeletion(dir, folder, [], move)
    try {
      for (const name of names) {
        if (!existsSync(join(dir, name))) continue
        move(join(dir, name), join(folder, name))
        staged.moved.push(name)
      }
    } catch (error) {
      staged.restore()
      throw error
    }
    return staged
  }

  /** Puts every moved file back where it was and removes the staging folder. */
  restore(): void {
    for (const name of this.moved.reverse()) renameSync(join(this.folder, name), join(this.dir, name))
    this.moved.length = 0
    rmSync(this.folder, { recursive: true, force: true })
  }

  /** The deletion is recorded: the files go for good. */
  commit(): void {
    writeFileSync(join(this.folder, MARKER), '')
    rmSync(this.folder, { recursive: true, force: true })
  }
}

/** Settles staging folders a crash left behind (see the top of this file). Returns how many files went back. */
export function settleStagedDeletions(dir: string): number {
  let names: string[]
  try {
    names = readdirSync(dir)
  } catch {
    return 0
  }
  let restored = 0
  for (const name of names.filter((n) => n.startsWith(STAGING_PREFIX))) {
    const folder = join(dir, name)
    const inside = readdirSync(folder)
    if (!inside.includes(MARKER)) {
      for (const file of inside) {
        // A file written again since (same id) is newer than the one staged: it stays.
        if (existsSync(join(dir, file))) continue
        renameSync(join(folder, file), join(dir, file))
        restored++
      }
    }
    rmSync(folder, { recursive: true, force: true })
  }
  return restored
}
