/**
 * For Node processes outside vitest (benchmarks, the crash-recovery child): makes `import 'electron'`
 * resolve to the mock. Without it, electron's npm package tries to download the Electron binary.
 * Use: `node --import tsx --import ./test/mocks/register-electron-mock.ts script.ts`
 */
import { register } from 'node:module'

const mockUrl = new URL('./electron.ts', import.meta.url).href
const hook = `export async function resolve(specifier, context, next) {
  return specifier === 'electron' ? { url: ${JSON.stringify(mockUrl)}, shortCircuit: true } : next(specifier, context)
}`
register(`data:text/javascript,${encodeURIComponent(hook)}`)
