import { defineConfig } from 'vitest/config'

/** Benchmarks that need a test DOM (jsdom): they print figures and assert nothing about time. */
export default defineConfig({
  test: {
    include: ['test/bench/**/*.bench.tsx'],
    testTimeout: 300_000,
  },
})
