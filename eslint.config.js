// ESLint over the whole workspace (`npm run lint`): JavaScript's and typescript-eslint's recommended
// rules, with `any` an error: the types carry the model, and an `any` lets a mistake through tsc.
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import globals from 'globals';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

export default defineConfig(
  {
    ignores: [
      '**/dist/',
      '**/node_modules/',
      'data/',
      'test-results/',
      '.vitest-data/',
      'apps/grid/src/graphql-env.d.ts',
      'packages/db/migrations/',
      'packages/db/migrations-pg/',
    ],
  },
  js.configs.recommended,
  tseslint.configs.recommended,
  { languageOptions: { globals: globals.node } },
  {
    files: ['apps/grid/src/**', 'apps/grid/test/**'],
    languageOptions: { globals: globals.browser },
    // The rules of hooks only: the plugin's recommended set adds the React Compiler's rules, which the grid was not written for.
    plugins: { 'react-hooks': reactHooks },
    rules: { 'react-hooks/rules-of-hooks': 'error', 'react-hooks/exhaustive-deps': 'warn' },
  },
  { rules: { '@typescript-eslint/no-explicit-any': 'error' } },
);
