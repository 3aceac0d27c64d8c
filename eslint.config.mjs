// Lint, and the layer rules of docs/architecture: what each folder may import.
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const nodeBuiltins = { group: ['node:*', 'fs', 'path', 'os', 'crypto', 'child_process', 'http'], message: 'src/shared and src/renderer run without Node.' };
const electron = { group: ['electron', 'electron/*'], message: 'Only the Electron door (src/main/doors/electron) and the preload import electron.' };
const sqlite = { group: ['better-sqlite3'], message: 'Only src/main/store talks to SQLite.' };
const react = { group: ['react', 'react-dom', 'react/*', 'lexical', '@lexical/*'], message: 'React and Lexical belong to src/renderer.' };
const mainCode = { group: ['**/main/**', '**/preload/**'], message: 'The renderer reaches the main process only through its API client.' };
const rendererCode = { group: ['**/renderer/**'], message: 'Main-side code must not import the renderer.' };
const storeUpward = {
  group: ['**/service', '**/service/**', '**/doors/**', '**/open-workbench'],
  message: 'The store is the bottom of src/main: better-sqlite3, node and shared only.',
};
const serviceUpward = { group: ['**/doors/**', '**/open-workbench'], message: 'The service never reaches up into a door.' };
const DOORS = ['cli', 'electron', 'http', 'launcher'];
// Doors do not import each other. The Electron door still borrows the CLI's atomic file writer
// (to move below src/main/doors).
const otherDoors = (self, allowed = []) => ({
  group: [
    ...DOORS.filter((door) => door !== self && !allowed.includes(door)).flatMap((door) => [`../${door}/**`, `**/doors/${door}/**`]),
    ...(self === 'electron' ? ['!../cli/write-file-atomically'] : []),
  ],
  message: 'A door does not import another door: move what both need below src/main/doors.',
});

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
    // Promises the code forgets or hands where a void is expected: type-aware, so only for src.
    files: ['src/**/*.ts', 'src/**/*.tsx'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
    },
  },
  {
    files: ['src/shared/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [nodeBuiltins, electron, sqlite, react, mainCode, rendererCode] }],
      'no-restricted-globals': [
        'error',
        ...['Buffer', 'process', 'require', '__dirname', '__filename', 'global', 'document', 'window', 'navigator', 'localStorage', 'sessionStorage'].map(
          (name) => ({ name, message: 'src/shared is pure: no Node and no DOM.' }),
        ),
      ],
    },
  },
  {
    files: ['src/main/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: [electron, react, rendererCode] }] },
  },
  {
    files: ['src/main/store/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: [electron, react, rendererCode, storeUpward] }] },
  },
  {
    files: ['src/main/service/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: [electron, sqlite, react, rendererCode, serviceUpward] }] },
  },
  {
    files: ['src/main/doors/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: [electron, sqlite, react, rendererCode] }] },
  },
  {
    files: ['src/main/doors/electron/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: [sqlite, react, rendererCode, otherDoors('electron')] }] },
  },
  {
    files: ['src/main/doors/cli/**'],
    // `serve` is the command that opens the browser host, so the CLI may start the http door.
    rules: { 'no-restricted-imports': ['error', { patterns: [electron, sqlite, react, rendererCode, otherDoors('cli', ['http'])] }] },
  },
  {
    files: ['src/main/doors/http/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: [electron, sqlite, react, rendererCode, otherDoors('http')] }] },
  },
  {
    files: ['src/main/doors/launcher/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: [electron, sqlite, react, rendererCode, otherDoors('launcher')] }] },
  },
  {
    files: ['src/preload/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [sqlite, react, rendererCode, { group: ['**/main/**'], message: 'The preload exposes the API contract only.' }] },
      ],
    },
  },
  {
    // The rules of hooks, and the React Compiler's checks of refs, effects and state (react.dev/reference/eslint-plugin-react-hooks).
    files: ['src/renderer/**/*.ts', 'src/renderer/**/*.tsx'],
    ...reactHooks.configs.flat.recommended,
    rules: {
      ...reactHooks.configs.flat.recommended.rules,
      // Only says which components React Compiler would leave unmemoised (TanStack Virtual's hook); the app is not compiled by it.
      'react-hooks/incompatible-library': 'off',
    },
  },
  {
    files: ['src/renderer/**'],
    languageOptions: { globals: { ...globals.browser } },
    rules: { 'no-restricted-imports': ['error', { patterns: [nodeBuiltins, electron, sqlite, mainCode] }] },
  },
);
