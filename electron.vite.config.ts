import { resolve } from 'node:path'
import { defineConfig } from 'electron-vite'
import react from '@vitejs/plugin-react'

export default defineConfig({
  main: {
    build: {
      rollupOptions: {
        input: {
          index: resolve('src/main/index.ts'),
          // The PDF text reader's worker thread, loaded by src/main/attachments/pdf-text.ts as a sibling file.
          'pdf-text-worker': resolve('src/main/attachments/pdf-text-worker.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      // A sandboxed renderer can only load a CommonJS preload.
      rollupOptions: {
        input: { index: resolve('src/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve('src/renderer'),
    build: {
      // electron-vite leaves the renderer unminified by default; minified, it loads and parses faster.
      minify: true,
      rollupOptions: { input: { index: resolve('src/renderer/index.html') } },
    },
    plugins: [react()],
  },
})
