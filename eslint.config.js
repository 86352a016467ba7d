// Lint rules, including the layering rule: imports only point inward (see ARCHITECTURE.md).
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const nodeBuiltins = { group: ['node:*', 'fs', 'path', 'os', 'crypto', 'http', 'child_process', 'url', 'util'], message: 'shared/ and renderer/ are runtime-neutral: no Node built-ins.' };

export default tseslint.config(
  { ignores: ['dist/**', 'release/**', '.ci/**', 'node_modules/**', 'test-results/**', 'playwright-report/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      'no-restricted-imports': ['error', { paths: [{ name: 'electron', message: 'Only electron/shell/ may import electron.' }] }],
    },
  },
  {
    files: ['shared/**/*.ts'],
    languageOptions: { globals: {} },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', message: 'shared/ is pure TypeScript.' }],
          patterns: [nodeBuiltins, { group: ['**/electron/**', '**/renderer/**', 'react', 'react-dom'], message: 'shared/ imports nothing from other layers.' }],
        },
      ],
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', message: 'The renderer reaches the main process only through the preload bridge.' }],
          patterns: [nodeBuiltins, { group: ['**/electron/**'], message: 'renderer/ imports shared/, never electron/.' }],
        },
      ],
    },
  },
  {
    // Benchmarks and end-to-end tests run code in the page through page.evaluate.
    files: ['bench/**/*.mjs', 'test/e2e/**/*.ts'],
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
  },
  {
    files: ['electron/shell/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [{ group: ['**/renderer/**'], message: 'The shell never imports the renderer.' }] }] },
  },
  {
    files: ['electron/services/**/*.ts', 'electron/db/**/*.ts', 'electron/server/**/*.ts', 'electron/cli/**/*.ts', 'electron/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', message: 'Services run without Electron (browser mode, CLI, tests): only electron/shell/ imports electron.' }],
          patterns: [{ group: ['**/renderer/**', '**/shell/**'], message: 'Services import only Node and shared/.' }],
        },
      ],
    },
  },
);
