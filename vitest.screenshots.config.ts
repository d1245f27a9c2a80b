import { resolve } from 'node:path'
import { defineConfig } from 'vitest/config'
import e2e from './vitest.e2e.config'

/**
 * `npm run screenshots`: the README's pictures, written to docs/screenshots/. The same file runs
 * in `npm run test:e2e` too, writing to a temp folder, so tests never change tracked files.
 */
export default defineConfig({
  ...e2e,
  test: {
    ...e2e.test,
    // Replaces the e2e list (mergeConfig would append to it).
    include: ['test/e2e/screenshots.e2e.ts'],
    env: { PROXYCHAT_SCREENSHOTS_DIR: resolve(import.meta.dirname, 'docs/screenshots') },
  },
})
