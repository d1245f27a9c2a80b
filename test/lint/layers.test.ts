/**
 * The import rules between layers, checked by running the project's ESLint config on planted files:
 * each rule must reject what it exists to reject, and allow the imports the layers are built on.
 */
import { resolve } from 'node:path'
import { ESLint } from 'eslint'
import { describe, expect, it } from 'vitest'

const ROOT = resolve(import.meta.dirname, '../..')
const eslint = new ESLint({ cwd: ROOT })

/** Lint messages of the import rule for `code` as if it were the file at `path`. */
async function importErrors(path: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: resolve(ROOT, path) })
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message)
}

describe('layer rules', () => {
  it.each([
    ['src/shared/planted.ts', "import type { Backend } from '../main/backend'\nexport type X = Backend\n"],
    ['src/shared/planted.ts', "import { app } from 'electron'\nexport const x = app\n"],
    ['src/shared/planted.ts', "import type { Api } from '../renderer/src/app/api'\nexport type X = Api\n"],
    ['src/renderer/src/planted.ts', "import { ipcRenderer } from 'electron'\nexport const x = ipcRenderer\n"],
    [
      'src/renderer/src/planted.ts',
      "import type { ChatService } from '../../main/chat/chat-service'\nexport type X = ChatService\n",
    ],
    ['src/renderer/src/features/chat/planted.ts', "import '../../../../preload/index'\n"],
    [
      'src/preload/planted.ts',
      "import { Storage } from '../main/storage/storage'\nexport const x = Storage\n",
    ],
    ['src/main/planted.ts', "import { App } from '../renderer/src/app/App'\nexport const x = App\n"],
    ['src/main/llm/planted.ts', "import { app } from 'electron'\nexport const x = app\n"],
    [
      'src/main/llm/providers/planted.ts',
      "import { Storage } from '../../storage/storage'\nexport const x = Storage\n",
    ],
  ])('rejects the import in %s: %s', async (path, code) => {
    expect(await importErrors(path, code)).toHaveLength(1)
  })

  it.each([
    [
      'src/main/chat/planted.ts',
      "import type { ErrorKind } from '../../shared/error-kind'\nexport type X = ErrorKind\n",
    ],
    [
      'src/main/llm/planted.ts',
      "import type { ErrorKind } from '../../shared/error-kind'\nexport type X = ErrorKind\n",
    ],
    ['src/main/llm/providers/planted.ts', "import { Client } from '../client'\nexport const x = Client\n"],
    ['src/main/planted.ts', "import { app } from 'electron'\nexport const x = app\n"],
    ['src/preload/planted.ts', "import { ipcRenderer } from 'electron'\nexport const x = ipcRenderer\n"],
    [
      'src/renderer/src/planted.ts',
      "import type { Message } from '../../shared/domain'\nexport type X = Message\n",
    ],
    [
      'src/renderer/src/features/chat/planted.ts',
      "import { api } from '../../app/api'\nexport const x = api\n",
    ],
  ])('allows the import in %s: %s', async (path, code) => {
    expect(await importErrors(path, code)).toEqual([])
  })
})

describe('main reports through its logger', () => {
  async function consoleErrors(path: string): Promise<number> {
    const [result] = await eslint.lintText("console.error('x')\nexport {}\n", {
      filePath: resolve(ROOT, path),
    })
    return (result?.messages ?? []).filter((m) => m.ruleId === 'no-console').length
  }

  it.each(['src/main/planted.ts', 'src/main/ipc/planted.ts', 'src/main/llm/planted.ts'])(
    'rejects a bare console in %s',
    async (path) => {
      expect(await consoleErrors(path)).toBe(1)
    },
  )

  it('rejects the logger inside the chat client library', async () => {
    expect(
      await importErrors(
        'src/main/llm/planted.ts',
        "import { silentLogger } from '../logging/logger'\nexport const x = silentLogger\n",
      ),
    ).toHaveLength(1)
  })
})
