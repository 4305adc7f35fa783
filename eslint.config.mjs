// Lint gate (run by `npm run lint` and by .ci/run before the tests).
// Type-aware rules that catch real defects: promises nobody awaits, switches that forget a case,
// and imports that reach into another lib's internals instead of its public index.
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: ['node_modules/**', 'dist/**', 'web-dist/**', 'coverage/**', 'test-artifacts/**', '**/*.js', '**/*.mjs'],
  },
  {
    files: ['**/*.ts', '**/*.tsx'],
    languageOptions: {
      parser: tseslint.parser,
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    plugins: { '@typescript-eslint': tseslint.plugin },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      '@typescript-eslint/no-floating-promises': ['error', { ignoreVoid: true }],
      '@typescript-eslint/switch-exhaustiveness-check': [
        'error',
        { considerDefaultExhaustiveForUnions: true, requireDefaultForNonUnion: false },
      ],
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: false }],
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^@app/[^/]+/[^/]+/',
              message:
                "Import a lib through its public index ('@app/<lib>') or a public sub-entry ('@app/<lib>/testing'), not its internals.",
            },
          ],
        },
      ],
    },
  },
);
