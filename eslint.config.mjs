// ESLint flat config: the recommended rules of ESLint and typescript-eslint (without type
// information, so it stays fast and needs no tsconfig project). Formatting is Prettier's job.
import js from '@eslint/js';
import { defineConfig, globalIgnores } from 'eslint/config';
import tseslint from 'typescript-eslint';

export default defineConfig(
  globalIgnores(['dist/', 'node_modules/', 'coverage/', 'test-artifacts/', '.newsgraph/']),
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    rules: {
      // A `_` prefix marks a name as deliberately unused (a signature to honour, a skipped item).
      '@typescript-eslint/no-unused-vars': [
        'error',
        {
          argsIgnorePattern: '^_',
          varsIgnorePattern: '^_',
          caughtErrorsIgnorePattern: '^_',
          destructuredArrayIgnorePattern: '^_',
          ignoreRestSiblings: true,
        },
      ],
    },
  },
  {
    // TypeScript checks names in .ts files; plain JS config files (jest.config.js, scripts) run on Node.
    files: ['**/*.{js,cjs,mjs}'],
    languageOptions: {
      globals: { module: 'writable', require: 'readonly', process: 'readonly', console: 'readonly', __dirname: 'readonly' },
    },
  },
);
