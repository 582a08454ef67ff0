// Lint rules that hold the architecture in place (DESIGN §3, §8):
// - the engine and the browser host never import `electron`;
// - the renderer never imports Node built-ins or engine/shell code;
// - shared/ imports neither Node nor the DOM-side code;
// - only the transport wrappers touch ipcMain/ipcRenderer/webContents.send.
import js from '@eslint/js';
import globals from 'globals';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

const nodeBuiltins = [
  'node:*',
  'fs',
  'path',
  'os',
  'child_process',
  'crypto',
  'net',
  'http',
  'https',
  'url',
  'util',
  'stream',
];

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'release/**', 'node_modules/**', 'test-artifacts/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      'no-restricted-syntax': [
        'error',
        {
          selector: 'MemberExpression[object.name=/^(ipcMain|ipcRenderer)$/]',
          message:
            'Only the IPC transport wrappers (electron/main/register-ipc.ts, electron/preload) may use ipcMain/ipcRenderer.',
        },
        {
          selector: "CallExpression[callee.property.name='send'][callee.object.property.name='webContents']",
          message: 'Send events through electron/main/register-ipc.ts sendEvent().',
        },
      ],
    },
  },
  {
    files: ['electron/main/register-ipc.ts', 'electron/preload/**'],
    rules: { 'no-restricted-syntax': 'off' },
  },
  {
    files: ['electron/engine/**', 'electron/browser-host/**', 'electron/cli/**', 'electron/common/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'electron',
              message:
                'The engine, CLI and browser host run without Electron: receive what you need through EngineHost.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['renderer/**'],
    plugins: { 'react-hooks': reactHooks },
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'warn',
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', message: 'The renderer talks to the engine only through window.lupo.' }],
          patterns: [
            { group: nodeBuiltins, message: 'The renderer runs without Node: no Node built-ins.' },
            {
              group: ['**/electron/**', '**/engine/**'],
              message: 'The renderer may import only renderer/ and shared/ code.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['shared/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', message: 'shared/ is used by both sides: no Electron.' }],
          patterns: [
            { group: nodeBuiltins, message: 'shared/ is used by the renderer too: no Node built-ins.' },
            {
              group: ['**/electron/**', '**/renderer/**', '**/engine/**'],
              message: 'shared/ depends on nothing but itself and libraries.',
            },
          ],
        },
      ],
    },
  },
);
