import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

/**
 * The module boundaries (ARCHITECTURE.md, "Modules"):
 * - `server/src/db/` and `server/src/http/` are the engine: they import no module (and not the kernel);
 *   nor does `server/src/files/` (the Excel kit modules share);
 * - a module imports another module only through its public `index.ts`;
 * - a web feature imports another feature only through its `index.tsx`.
 */
const restrict = (regex, message) => ({
  'no-restricted-imports': ['error', { patterns: [{ regex, message }] }],
});
const OTHER_MODULE =
  "Import another module through its public index.ts ('../<module>/index.ts'), never its internals.";
const OTHER_FEATURE = "Import another feature through its index ('../../<feature>'), never its internals.";

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', 'data/**', '.test-artifacts/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      // `interface Database extends GridTables {}`: how a module merges its tables into the engine's interface.
      '@typescript-eslint/no-empty-object-type': ['error', { allowInterfaces: 'with-single-extends' }],
    },
  },
  {
    files: ['server/src/db/**/*.ts', 'server/src/http/**/*.ts', 'server/src/files/**/*.ts'],
    rules: restrict(
      '(^|/)(modules|kernel)(/|$)',
      'db/ and http/ are the engine: they import no module (modules plug into them instead).',
    ),
  },
  // A module file one level down reaches another module as '../<module>/…'; two levels down as '../../<module>/…'.
  {
    files: ['server/src/modules/*/*.ts'],
    rules: restrict(String.raw`^\.\./[^./][^/]*/(?!index\.ts$).+`, OTHER_MODULE),
  },
  {
    files: ['server/src/modules/*/*/**/*.ts'],
    rules: restrict(String.raw`^\.\./\.\./[^./][^/]*/(?!index\.ts$).+`, OTHER_MODULE),
  },
  {
    files: ['web/src/features/*/*.{ts,tsx}'],
    rules: restrict(String.raw`^\.\./[^./][^/]*/.+`, OTHER_FEATURE),
  },
  {
    files: ['web/src/features/*/*/**/*.{ts,tsx}'],
    rules: restrict(String.raw`^\.\./\.\./[^./][^/]*/.+`, OTHER_FEATURE),
  },
  {
    files: ['web/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: { 'react-hooks/rules-of-hooks': 'error', 'react-hooks/exhaustive-deps': 'warn' },
  },
);
