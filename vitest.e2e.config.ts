import { resolve } from 'node:path'
import { defineConfig } from 'vitest/config'

/** Browser tests: the built renderer in Debian's Chromium, wired to the real services (test/e2e/harness.ts). */
export default defineConfig({
  resolve: {
    // The services run in Node: `electron` is the mock (its safeStorage encrypts for real).
    alias: { electron: resolve(import.meta.dirname, 'test/mocks/electron.ts') },
  },
  test: {
    include: ['test/e2e/**/*.e2e.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    fileParallelism: false,
    server: { deps: { inline: ['electron-store', 'conf'] } },
  },
})
