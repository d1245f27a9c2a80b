import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    exclude: ['test/e2e/**', 'node_modules/**'],
    testTimeout: 20_000,
    // electron-store imports `electron`; inlining lets the electron mock reach it.
    server: { deps: { inline: ['electron-store', 'conf'] } },
    // `npm run coverage`: v8 coverage of the source, summarised per folder by scripts/coverage-by-folder.ts.
    coverage: {
      provider: 'v8',
      include: ['src/**/*.{ts,tsx}'],
      // The page's entry point only mounts the app; the browser tests run it.
      exclude: ['src/**/*.d.ts', 'src/renderer/src/main.tsx'],
      reporter: ['text-summary', 'json-summary'],
      reportsDirectory: 'coverage',
    },
  },
})
