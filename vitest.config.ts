import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    exclude: ['test/e2e/**', 'node_modules/**'],
    testTimeout: 20_000,
    // electron-store imports `electron`; inlining lets the electron mock reach it.
    server: { deps: { inline: ['electron-store', 'conf'] } },
  },
})
