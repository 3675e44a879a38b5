// Test support shared by integration (libs/**/*.int-spec.ts) and e2e tests, imported as '@app/testing'.
export * from './database';
export * from './test-env';
export * from './transactions';
