// Lint for the whole workspace. `packages/core` is headless: the rules below fail the
// build when it names a DOM global or imports a UI framework.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import lit from 'eslint-plugin-lit';
import wc from 'eslint-plugin-wc';
import litA11y from 'eslint-plugin-lit-a11y';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

const onlyTests = ['describe', 'it', 'test', 'suite'].flatMap((object) => [{ object, property: 'only', message: 'Focused tests must not be committed.' }]);

// Where typescript-eslint `strictTypeChecked` + `stylisticTypeChecked` apply (the rest is on `recommended`).
const testFiles = ['packages/*/test/**/*.{ts,tsx}', 'e2e/**/*.ts', 'bench/test/**/*.ts'];
const strictFiles = [
  'packages/core/src/**/*.ts',
  'packages/widget/src/**/*.ts',
  'packages/react-adapter/src/**/*.{ts,tsx}',
  'packages/server/src/**/*.ts',
  ...testFiles,
];

export default tseslint.config(
  {
    ignores: ['**/dist/**', '**/node_modules/**', 'coverage/**', 'docs/**', 'bench/results*', '**/*.d.ts', 'packages/widget/custom-elements.json'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    // typescript-eslint's strict, type-checked rules, package by package as each is brought in line.
    files: strictFiles,
    extends: [tseslint.configs.strictTypeChecked, tseslint.configs.stylisticTypeChecked],
    // Type-aware rules read each file's nearest tsconfig.json.
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      // Numbers read well in messages (`HTTP ${status}`); objects, null and undefined still may not.
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
      // `() => void doIt()` and `return done()` in a void function are the house way to say "nothing comes back".
      '@typescript-eslint/no-confusing-void-expression': [
        'error',
        { ignoreArrowShorthand: true, ignoreVoidOperator: true, ignoreVoidReturningFunctions: true },
      ],
      // `||` on strings and booleans is deliberate: an empty string means "not given" here.
      '@typescript-eslint/prefer-nullish-coalescing': ['error', { ignorePrimitives: { string: true, boolean: true } }],
      // `.catch(() => {})` is how a deliberately ignored rejection reads.
      '@typescript-eslint/no-empty-function': ['error', { allow: ['arrowFunctions'] }],
      // An async method that does not await still turns a throw into a rejection, which
      // callers of Promise-returning interfaces (Transport.send, StorageAdapter) rely on.
      '@typescript-eslint/require-await': 'off',
      // node:test's describe/it return promises the runner itself awaits.
      '@typescript-eslint/no-floating-promises': [
        'error',
        {
          allowForKnownSafeCalls: [
            { from: 'package', package: 'node:test', name: ['describe', 'it', 'test', 'suite', 'before', 'after', 'beforeEach', 'afterEach'] },
          ],
        },
      ],
    },
  },
  {
    // The AI transports' event readers are dispatch tables: `case X: return run.textDelta(…)`
    // is a tail call into a void handler, the same shape as each case's own return.
    files: ['packages/core/src/ai-sdk/index.ts', 'packages/core/src/ag-ui/index.ts', 'packages/core/src/transport/ai-bridge.ts'],
    rules: { '@typescript-eslint/no-confusing-void-expression': 'off' },
  },
  {
    // Tests assert first and then read (`assert.ok(x); x!.y`), and poke at parsed JSON and
    // DOM nodes whose shape the assertion itself checks: these rules fight that idiom.
    files: testFiles,
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-empty-function': 'off',
      // A test probes values that may be wrong: `x?.y` keeps a failure an assertion message, not a crash.
      '@typescript-eslint/no-unnecessary-condition': 'off',
      // Tests detach methods on purpose, to check they work detached.
      '@typescript-eslint/unbound-method': 'off',
    },
  },
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-expressions': ['error', { allowShortCircuit: true, allowTernary: true }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      'no-restricted-properties': ['error', ...onlyTests],
    },
  },
  {
    files: ['packages/core/src/**/*.ts'],
    languageOptions: { globals: { ...globals.es2022 } },
    rules: {
      'no-restricted-globals': [
        'error',
        ...[
          'window',
          'document',
          'navigator',
          'location',
          'localStorage',
          'sessionStorage',
          'HTMLElement',
          'customElements',
          'Element',
          'Node',
          'process',
          'Buffer',
          'require',
        ].map((name) => ({
          name,
          message: `@attune/core is headless: no \`${name}\`. Reach platform APIs through an injected adapter or a guarded globalThis check.`,
        })),
      ],
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['lit', 'lit/*', '@lit/*', 'react', 'react/*', 'react-dom', 'react-dom/*', '@attune/widget', '@attune/react'],
              message: '@attune/core must not import a UI framework or an adapter.',
            },
            { group: ['node:*'], message: '@attune/core runs in browsers too: no Node built-ins.' },
          ],
        },
      ],
    },
  },
  {
    files: ['packages/widget/src/**/*.ts'],
    ...lit.configs['flat/recommended'],
  },
  {
    files: ['packages/widget/src/**/*.ts'],
    ...wc.configs['flat/recommended'],
  },
  {
    files: ['packages/widget/src/**/*.ts'],
    ...litA11y.configs.recommended,
  },
  {
    // The rules of hooks, wherever hooks are written (the adapter, its tests, the React example).
    files: ['packages/react-adapter/**/*.{ts,tsx}', 'examples/react/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: { 'react-hooks/rules-of-hooks': 'error', 'react-hooks/exhaustive-deps': 'error' },
  },
  {
    files: ['packages/widget/src/**/*.ts', 'packages/react-adapter/src/**/*.{ts,tsx}'],
    rules: {
      // Messages render as text: never HTML strings from data.
      'no-restricted-properties': [
        'error',
        ...onlyTests,
        { property: 'innerHTML', message: 'Render data as text (Lit bindings / textContent), never innerHTML.' },
        { property: 'outerHTML', message: 'Render data as text, never outerHTML.' },
      ],
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'lit/directives/unsafe-html.js', message: 'No unsafeHTML: messages render as text.' },
            { name: 'lit/directives/unsafe-svg.js', message: 'No unsafeSVG.' },
          ],
        },
      ],
    },
  },
);
