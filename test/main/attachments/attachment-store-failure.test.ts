/**
 * A file that is fine but cannot be written to the data folder is refused as a storage failure (with why),
 * never as a file of the wrong type; on a real folder made unwritable where the machine allows it.
 */
import { execFileSync } from 'node:child_process'
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { AttachmentService, storeFailureCause } from '../../../src/main/attachments/attachment-service'
import { describeThrown } from '../../../src/main/ipc/envelope'

/**
 * Where the folder cannot be made unwritable for real (root without CAP_LINUX_IMMUTABLE, as in some
 * containers), the store's write fails as the kernel would fail it: with EACCES.
 */
const simulated = vi.hoisted(() => ({ writeError: null as string | null }))
vi.mock('node:fs/promises', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:fs/promises')>()
  const writeFile: typeof real.writeFile = (...args) =>
    simulated.writeError === null
      ? real.writeFile(...args)
      : Promise.reject(
          Object.assign(new Error(`${simulated.writeError}: permission denied`), {
            code: simulated.writeError,
          }),
        )
  return { ...real, default: { ...real, writeFile }, writeFile }
})

const undo: (() => void)[] = []
afterEach(() => {
  for (const step of undo.splice(0).reverse()) step()
})
function dataDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'proxychat-store-failure-'))
  undo.push(() => rmSync(dir, { recursive: true, force: true }))
  return dir
}
const text = new TextEncoder().encode('Квартальный отчёт\n')

/**
 * Makes a folder unwritable. Permission bits do not bind root (as in a container), so for root the folder is
 * made immutable too (Linux `chattr +i`); a write is tried to be sure the folder really refuses it.
 */
function makeUnwritable(dir: string): void {
  chmodSync(dir, 0o500)
  undo.push(() => chmodSync(dir, 0o700))
  if (process.getuid?.() === 0) {
    try {
      execFileSync('chattr', ['+i', dir], { stdio: 'ignore' })
      undo.push(() => execFileSync('chattr', ['-i', dir]))
    } catch {
      simulated.writeError = 'EACCES'
      undo.push(() => {
        simulated.writeError = null
      })
      return
    }
  }
  expect(() => writeFileSync(join(dir, 'probe'), 'x')).toThrow()
}

describe('storing a file fails', () => {
  it('in a read-only attachments folder: attachment_store_failed, no_permission, with the file’s name', async () => {
    const dir = dataDir()
    const service = new AttachmentService(dir)
    mkdirSync(service.store.dir)
    makeUnwritable(service.store.dir)
    const thrown = await service.add({ name: 'отчёт.txt', bytes: text }).catch((e: unknown) => e)
    expect(describeThrown(thrown)).toMatchObject({
      code: 'attachment_store_failed',
      attachment: { name: 'отчёт.txt', cause: 'no_permission' },
    })
  })

  it('when the attachments folder cannot be made (a file is in its place): a storage failure too', async () => {
    const dir = dataDir()
    writeFileSync(join(dir, 'attachments'), 'not a folder')
    const service = new AttachmentService(dir)
    await expect(service.add({ name: 'a.txt', bytes: text })).rejects.toMatchObject({
      code: 'attachment_store_failed',
      attachment: { name: 'a.txt', cause: 'io' },
    })
  })

  it('a file of the wrong type is still refused as such', async () => {
    const service = new AttachmentService(dataDir())
    const zip = new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0, 0, 0xff, 0xfe])
    await expect(service.add({ name: 'a.zip', bytes: zip })).rejects.toMatchObject({
      code: 'attachment_unsupported',
    })
  })

  it('reads the cause from the system error code', () => {
    const error = (code: string) => Object.assign(new Error(code), { code })
    expect(storeFailureCause(error('ENOSPC'))).toBe('no_space')
    expect(storeFailureCause(error('EDQUOT'))).toBe('no_space')
    expect(storeFailureCause(error('EACCES'))).toBe('no_permission')
    expect(storeFailureCause(error('EPERM'))).toBe('no_permission')
    expect(storeFailureCause(error('EROFS'))).toBe('no_permission')
    expect(storeFailureCause(error('EIO'))).toBe('io')
    expect(storeFailureCause('not an error')).toBe('io')
  })
})
