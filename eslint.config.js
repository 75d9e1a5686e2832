import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import svelteConfig from './svelte.config.js';
// The files that may import `electron`; everything else under main/ and preload/ may not.
import ELECTRON_ADAPTERS from './main/shell/electron-adapters.json' with { type: 'json' };

export default tseslint.config(
  { ignores: ['out/', 'dist/', 'node_modules/', 'test-results/', 'playwright-report/', 'build/icons/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...svelte.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    files: ['**/*.svelte', '**/*.svelte.ts'],
    languageOptions: { parserOptions: { parser: tseslint.parser, svelteConfig } },
  },
  {
    // Only adapters import Electron: the core and the contract run in plain Node, and each shell
    // feature keeps its decisions in policy files beside its adapter, tested in Node. An adapter
    // is named after its feature folder (tray/tray.ts), or is the shell's composition (app.ts,
    // ports.ts), the entry (main/index.ts) or the preload bridge. Also checked by
    // test/unit/architecture.test.ts.
    files: ['main/**/*.ts', 'preload/**/*.ts'],
    ignores: ELECTRON_ADAPTERS,
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'electron',
              message: 'Only adapter files import electron; put the decision in a policy file.',
            },
          ],
          patterns: [{ group: ['electron/*'], message: 'Only adapter files import electron.' }],
        },
      ],
    },
  },
);
