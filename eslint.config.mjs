// Lint, and the layer rules of docs/architecture: what each folder may import.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const nodeBuiltins = { group: ['node:*', 'fs', 'path', 'os', 'crypto', 'child_process', 'http'], message: 'src/shared and src/renderer run without Node.' };
const electron = { group: ['electron', 'electron/*'], message: 'Only the Electron door (src/main/doors/electron) and the preload import electron.' };
const sqlite = { group: ['better-sqlite3'], message: 'Only src/main/store talks to SQLite.' };
const react = { group: ['react', 'react-dom', 'react/*', 'lexical', '@lexical/*'], message: 'React and Lexical belong to src/renderer.' };
const mainCode = { group: ['**/main/**', '**/preload/**'], message: 'The renderer reaches the main process only through its API client.' };
const rendererCode = { group: ['**/renderer/**'], message: 'Main-side code must not import the renderer.' };

export default tseslint.config(
  { ignores: ['scratch/**', 'out/**', 'dist/**', 'node_modules/**', 'native/**', 'test-results/**', 'playwright-report/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    files: ['src/shared/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: [nodeBuiltins, electron, sqlite, react, mainCode, rendererCode] }] },
  },
  {
    files: ['src/main/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: [electron, react, rendererCode] }] },
  },
  {
    files: ['src/main/service/**', 'src/main/doors/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: [electron, sqlite, react, rendererCode] }] },
  },
  {
    files: ['src/main/doors/electron/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: [sqlite, react, rendererCode] }] },
  },
  {
    files: ['src/preload/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: [sqlite, react, rendererCode, { group: ['**/main/**'], message: 'The preload exposes the API contract only.' }] }] },
  },
  {
    files: ['src/renderer/**'],
    languageOptions: { globals: { ...globals.browser } },
    rules: { 'no-restricted-imports': ['error', { patterns: [nodeBuiltins, electron, sqlite, mainCode] }] },
  },
);
