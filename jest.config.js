// Three projects (conventions.md): unit tests beside the code, integration tests against a real
// PostgreSQL database per test file, e2e tests over the real Nest app with real PostgreSQL and Redis.
const moduleNameMapper = {
  '^@app/testing$': '<rootDir>/test/support',
  '^@app/testing/(.*)$': '<rootDir>/test/support/$1',
  '^@app/([a-z-]+)$': '<rootDir>/libs/$1/src',
  '^@app/([a-z-]+)/(.*)$': '<rootDir>/libs/$1/src/$2',
};
const transform = {
  // tsconfig.spec.json sets isolatedModules: transpile only; `npm run typecheck` type-checks the whole tree once.
  '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.spec.json' }],
};
const common = { rootDir: __dirname, testEnvironment: 'node', moduleNameMapper, transform, moduleFileExtensions: ['ts', 'js', 'json'] };

/** @type {import('jest').Config} */
module.exports = {
  // testTimeout is a global option (a project's own is ignored): e2e hooks start a real app, slow on a busy machine.
  testTimeout: 60000,
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/libs/**/*.spec.ts', '<rootDir>/apps/**/*.spec.ts'] },
    { ...common, displayName: 'integration', testMatch: ['<rootDir>/libs/**/*.int-spec.ts'], testTimeout: 30000 },
    { ...common, displayName: 'e2e', testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'], testTimeout: 60000 },
    // The web in Debian's Chromium (playwright-core) against the real API: apps/web, docs/web.md.
    { ...common, displayName: 'browser', testMatch: ['<rootDir>/test/browser/**/*.browser-spec.ts'] },
  ],
};
