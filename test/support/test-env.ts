import { randomBytes } from 'node:crypto';
import { AppConfig, loadConfig } from '@app/core';

/**
 * The owner's connection to a database on the test server (DATABASE_OWNER_URL's, default local PostgreSQL as
 * `postgres`): it migrates the template, clones and drops the test databases. Never what the app under test uses.
 */
export function testServerUrl(databaseName: string): string {
  const url = new URL(process.env.TEST_DATABASE_OWNER_URL ?? process.env.DATABASE_OWNER_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres');
  url.pathname = `/${databaseName}`;
  return url.toString();
}

/**
 * The app role's connection to a database on the test server (DATABASE_URL's user, default `ehcp_app`): what the
 * app under test and the integration tests connect as, so every test runs with production's limits.
 */
export function testAppUrl(databaseName: string): string {
  const url = new URL(process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL ?? 'postgres://ehcp_app@127.0.0.1:5432/postgres');
  url.pathname = `/${databaseName}`;
  return url.toString();
}

/** The owner's connection to the same database as `url` (an app connection from createTestDatabase). */
export function ownerUrlOf(url: string): string {
  return testServerUrl(new URL(url).pathname.slice(1));
}

export const TEMPLATE_ENV = 'EHCP_TEST_TEMPLATE_DB';

/** One random signing key per test process: strong enough for loadConfig, never a key written in the repository. */
const TEST_JWT_SECRET = randomBytes(48).toString('base64url');

/** Configuration for a test app: its own database and queue prefix, generous rate limits, silent logs. */
export function testConfig(databaseUrl: string, overrides: Partial<AppConfig> = {}): AppConfig {
  const base = loadConfig({ NODE_ENV: 'test', REDIS_URL: process.env.REDIS_URL, JWT_SECRET: TEST_JWT_SECRET });
  return {
    ...base,
    databaseUrl,
    databasePoolSize: 5,
    queuePrefix: `ehcp-test-${process.pid}-${Math.random().toString(36).slice(2, 8)}`,
    rateLimitPerMinute: 100_000,
    loginRateLimitPerMinute: 100_000,
    // A worker's probe server on a free port (never the fixed 9464: tests run side by side); no drain on close.
    workerMetricsPort: 0,
    shutdownDrainMs: 0,
    // TEST_LOG_LEVEL=error shows the stack of an unexpected 500 while debugging a test.
    logLevel: (process.env.TEST_LOG_LEVEL as AppConfig['logLevel'] | undefined) ?? 'silent',
    ...overrides,
  };
}
