const { availableParallelism } = require('node:os');

// Four projects (conventions.md, docs/testing.md): unit tests beside the code, integration tests against a real
// PostgreSQL database per test file, e2e tests over the real Nest app with real PostgreSQL and Redis.
const moduleNameMapper = {
  '^@app/testing$': '<rootDir>/test/support',
  '^@app/testing/(.*)$': '<rootDir>/test/support/$1',
  '^@app/([a-z-]+)$': '<rootDir>/libs/$1/src',
  '^@app/([a-z-]+)/(.*)$': '<rootDir>/libs/$1/src/$2',
};
// swc transpiles each file (no type checking: `npm run typecheck` checks the whole tree once), about 20 times less CPU
// than ts-jest's TypeScript compiler on a cold cache (docs/testing.md, "Third round"). The options match
// tsconfig.json: legacy decorators with their design-time metadata (Nest injects by type; class-validator and
// TypeORM read it), class fields assigned as tsc does (useDefineForClassFields false), class names kept (Nest's
// tokens and error messages use them). Entities' relations that form an import cycle are typed `Relation<T>`
// (TypeORM's wrapper): swc's CommonJS output reads an import through a getter, so a cycle's metadata would read a
// class before it is defined.
const swcOptions = {
  $schema: 'https://swc.rs/schema.json',
  sourceMaps: 'inline',
  module: { type: 'commonjs' },
  jsc: {
    target: 'es2022',
    parser: { syntax: 'typescript', decorators: true, dynamicImport: true },
    transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
    keepClassNames: true,
  },
};
const transform = { '^.+\\.ts$': ['@swc/jest', swcOptions] };
/** The statutory clock's unit tests once more under each of these zones (test/support/time-zone-environment.ts). */
const CLOCK_TIME_ZONES = {
  'clock-tz-utc': 'UTC',
  'clock-tz-london': 'Europe/London',
  'clock-tz-kiritimati': 'Pacific/Kiritimati',
  'clock-tz-los-angeles': 'America/Los_Angeles',
};
// Math from the host realm: inside jest's vm sandbox every \`Math.x\` is a lookup through the context's global proxy,
// which made pngjs (the TOTP enrolment's QR code) 30 times slower than in production, 805 ms a code against 26 ms
// with this (docs/testing.md, "Fourth round"). Math has no instances, so nothing crosses realms.
const common = { rootDir: __dirname, testEnvironment: 'node', sandboxInjectedGlobals: ['Math'], moduleNameMapper, transform, moduleFileExtensions: ['ts', 'js', 'json'] };

/** @type {import('jest').Config} */
module.exports = {
  // testTimeout is a global option (a project's own is ignored): e2e hooks start a real app, slow on a busy machine.
  testTimeout: 60000,
  // Test files run side by side: each integration/e2e file has its own database and queue prefix (test/support). One
  // worker per core, at least 2 (jest's default leaves one core to itself: 1 worker on 2 cores). 3 workers on 2 cores
  // were faster while files waited on PostgreSQL; with the batches the cores stay busy anyway, and a third worker only
  // added contention: a fresh clone's CI 641 s and 1,201 busy CPU s with 2 against 670 s and 1,293 with 3
  // (docs/testing.md, "Fifth round"). JEST_MAX_WORKERS overrides (1 to debug in order).
  maxWorkers: Number(process.env.JEST_MAX_WORKERS) || Math.max(2, availableParallelism()),
  // Slowest files first on a clean clone too (jest's timing cache is empty in CI): see test/support/sequencer.mjs.
  testSequencer: '<rootDir>/test/support/sequencer.mjs',
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
  projects: [
    // The unit tests beside the code (the statutory clock's here under the machine's own zone, and again under four
    // zones below), in 2 batches (test/support/file-batches.js); `unit-file` runs one alone (`npx jest libs/x/y.spec.ts`).
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/test/batches/unit-*.batch.ts'] },
    { ...common, displayName: 'unit-file', testMatch: ['<rootDir>/libs/**/*.spec.ts', '<rootDir>/apps/**/*.spec.ts', '<rootDir>/test/support/**/*.spec.ts'] },
    // PDF renders (child processes, pdf.js reading them back): seconds each, so apart from the quick unit tests.
    { ...common, displayName: 'pdf', testMatch: ['<rootDir>/libs/**/*.pdf-spec.ts'] },
    // Integration tests in 2 batches; `integration-file` runs one alone.
    { ...common, displayName: 'integration', testMatch: ['<rootDir>/test/batches/integration-*.batch.ts'] },
    { ...common, displayName: 'integration-file', testMatch: ['<rootDir>/libs/**/*.int-spec.ts'] },
    // e2e and browser run their spec files in batches, one module registry per batch (test/support/file-batches.js):
    // `npm test`, `npm run test:e2e`. The `-file` projects run a spec file alone: `npx jest test/advice.e2e-spec.ts`.
    { ...common, displayName: 'e2e', testMatch: ['<rootDir>/test/batches/e2e-*.batch.ts'] },
    { ...common, displayName: 'e2e-file', testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'] },
    // The web in Debian's Chromium (playwright-core) against the real API: apps/web, docs/web.md.
    { ...common, displayName: 'browser', testMatch: ['<rootDir>/test/batches/browser-*.batch.ts'] },
    { ...common, displayName: 'browser-file', testMatch: ['<rootDir>/test/browser/**/*.browser-spec.ts'] },
    // Deadlines are calendar dates in Europe/London whatever the server's zone: the clock's tests under four zones,
    // one project each, in the same jest run (`npm run test:clock-tz`, and part of `npm test`).
    ...Object.entries(CLOCK_TIME_ZONES).map(([displayName, timeZone]) => ({
      ...common,
      displayName,
      // One batch of the clock's spec files (test/support/file-batches.js) per zone: one module registry, not 18.
      testMatch: ['<rootDir>/test/batches/clock-*.batch.ts'],
      testEnvironment: '<rootDir>/test/support/time-zone-environment.ts',
      testEnvironmentOptions: { timeZone },
    })),
  ],
};
