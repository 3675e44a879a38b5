import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', 'tmp/**', 'test/openapi-client/generated/**', 'apps/web/api/openapi.d.ts', '*.js', '*.mjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
      'no-console': 'off',
      // Contexts talk to each other through their public index only (architecture.md: direction).
      'no-restricted-imports': ['error', { patterns: [{ group: ['@app/*/src/*', '../../libs/*', '../../../libs/*'], message: 'Import another context through its @app/<lib> index.' }] }],
    },
  },
  {
    // The web is a client of the API's published contract: no context, no core, no database (architecture.md).
    files: ['apps/web/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [{ group: ['@app/*', '**/libs/**'], message: 'The web reaches the domain only through the API (apps/web/api/api-client.ts).' }] }] },
  },
  {
    // Transactions are ambient (ADR 0011): a service declares one (txHost.withTransaction, @Transactional) and reads
    // txHost.tx; no function, method, callback or options object takes an EntityManager (libs/database excepted).
    files: ['apps/**/*.ts', 'libs/**/*.ts'],
    ignores: ['libs/database/**', '**/*.spec.ts', '**/*.int-spec.ts', '**/*.e2e-spec.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        ...[':function > Identifier', ':function > AssignmentPattern > Identifier.left', 'TSMethodSignature > Identifier', 'TSFunctionType > Identifier', 'TSDeclareFunction > Identifier', 'TSEmptyBodyFunctionExpression > Identifier', 'TSPropertySignature'].map((node) => ({
          selector: `${node}[typeAnnotation.typeAnnotation.typeName.name='EntityManager']`,
          message: 'Take no EntityManager: inject TxHost (@app/database) and use txHost.tx inside txHost.withTransaction or @Transactional() (ADR 0011).',
        })),
      ],
    },
  },
  {
    files: ['**/*.spec.ts', '**/*.int-spec.ts', '**/*.e2e-spec.ts', 'test/**/*.ts', 'bench/**/*.ts'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'off' },
  },
);
