import js from '@eslint/js'
import tseslint from 'typescript-eslint'
import globals from 'globals'

/** Import patterns a layer may not use; each names the rule it breaks. */
const layer = (...groups) => ({ 'no-restricted-imports': ['error', { patterns: groups }] })
const main = { regex: '(^|/)main(/|$)', message: 'Only the main process imports from src/main.' }
const preload = { regex: '(^|/)preload(/|$)', message: 'Nothing imports the preload; it is an entry point.' }
const renderer = { regex: '(^|/)renderer(/|$)', message: 'Only the renderer imports from src/renderer.' }
const electron = (message) => ({ regex: '^electron(/|$)', message })

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'build/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.strict,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  // Layers point one way: shared ← main, preload, renderer; the page never reaches main, preload or Electron.
  {
    files: ['src/shared/**/*.ts'],
    rules: layer(main, preload, renderer, electron('src/shared runs in every process: no Electron.')),
  },
  {
    files: ['src/renderer/**/*.{ts,tsx}'],
    rules: layer(main, preload, electron('The page reaches main only through window.proxychat.')),
  },
  { files: ['src/preload/**/*.ts'], rules: layer(main, renderer) },
  {
    files: ['src/main/**/*.ts'],
    // Main reports through the injected logger (src/main/logging), which redacts and keeps a file.
    rules: { ...layer(preload, renderer), 'no-console': 'error' },
  },
  {
    // The chat client is a library: no Electron, and nothing from the app around it but shared types.
    files: ['src/main/llm/**/*.ts'],
    rules: layer(preload, renderer, electron('The chat client must run without Electron.'), {
      regex: '^\\.\\./(\\.\\./)?(chat|storage|ipc|providers|logging|backend|window|menu)',
      message: 'src/main/llm is a library: it imports nothing from the app around it.',
    }),
  },
)
