// @ts-check
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      '**/dist/**',
      '**/node_modules/**',
      '**/coverage/**',
      '**/.size/**',
      '**/storybook-static/**',
      'storybook/public/**',
      'data/**', // npm run demo's data dir: staged bundles, built code
      'examples/host-express/.data/**', // its npm start's data dir: the runner's unpacked bundles
      'docs/.vitepress/dist/**', // the docs site's build output
      'docs/.vitepress/cache/**',
      'docs/public/**', // generated: the manifest's JSON Schema, the UI kit's Storybook
    ],
  },
  {
    // AssemblyScript (compiled by asc, not tsc): i32/usize types, decorators on functions, `@json`.
    ignores: [
      'packages/handler-sdk/index.ts',
      'packages/handler-sdk/assembly/**',
      'packages/handler-sdk/fixtures/src/**',
      'packages/handler-sdk/template/assembly/**',
      'examples/*/handler/assembly/**',
      'packages/cli/templates/handler-assemblyscript/handler/assembly/**',
    ],
  },
  js.configs.recommended,
  {
    files: ['**/*.ts', '**/*.tsx', '**/*.mts'],
    extends: [...tseslint.configs.recommendedTypeChecked],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-control-regex': 'off', // control characters are exactly what the validators look for
      // Fastify plugins and route handlers are async by contract, with or without an await inside.
      '@typescript-eslint/require-await': 'off',
    },
  },
  {
    files: ['**/*.d.ts'],
    rules: { 'no-var': 'off' },
  },
  {
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    languageOptions: { globals: { ...globals.node } },
  },
  {
    // Browser packages and the Storybook: DOM globals.
    files: [
      'packages/react-host/**',
      'packages/ui-kit/**',
      'storybook/**',
      'gateway-stub/host-app/**',
      'examples/*/src/**',
      'examples/*/test/**',
    ],
    languageOptions: { globals: { ...globals.browser } },
  },
);
