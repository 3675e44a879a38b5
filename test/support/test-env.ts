import { randomBytes } from 'node:crypto';
import { AppConfig, loadConfig } from '@app/core';
import { testPrefixOfRun } from './redis-keys';

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

/** Jest projects that need neither PostgreSQL nor Redis: a run of only these skips the template and the Redis check. */
export const SERVICE_FREE_PROJECTS = ['unit', 'unit-file', 'pdf', 'clock-tz-utc', 'clock-tz-london', 'clock-tz-kiritimati', 'clock-tz-los-angeles'];

export function needsServices(selectedProjects: string[] | undefined): boolean {
  return !selectedProjects || !selectedProjects.every((name) => SERVICE_FREE_PROJECTS.includes(name));
}

/** Id of the jest run, shared by its test files: the parent's pid, set by global-setup (else the parent of this process). */
export function testRunId(): string {
  return process.env.JEST_RUN_PID ?? String(process.ppid);
}

/** One random signing key per test process: strong enough for loadConfig, never a key written in the repository. */
const TEST_JWT_SECRET = randomBytes(48).toString('base64url');

/**
 * Cheap argon2id for the tests (1 MiB, 1 pass: about a millisecond against about 350 ms at production's default),
 * which sign in hundreds of users. Production's default is unchanged and refuses such values (README, Configuration).
 */
export const TEST_PASSWORD_HASH_COST = { passwordHashMemoryKib: 1024, passwordHashTimeCost: 1 } as const;

/** Configuration for a test app: its own database and queue prefix, generous rate limits, silent logs. */
export function testConfig(databaseUrl: string, overrides: Partial<AppConfig> = {}): AppConfig {
  const base = loadConfig({ NODE_ENV: 'test', REDIS_URL: process.env.REDIS_URL, JWT_SECRET: TEST_JWT_SECRET });
  return {
    ...base,
    databaseUrl,
    databasePoolSize: 5,
    // The run's id first (global-teardown counts what the run left in Redis), then this worker process and a nonce.
    queuePrefix: `${testPrefixOfRun(testRunId())}${process.pid}-${Math.random().toString(36).slice(2, 8)}`,
    rateLimitPerMinute: 100_000,
    loginRateLimitPerMinute: 100_000,
    ...TEST_PASSWORD_HASH_COST,
    // A worker's probe server on a free port (never the fixed 9464: tests run side by side); no drain on close.
    workerMetricsPort: 0,
    shutdownDrainMs: 0,
    // TEST_LOG_LEVEL=error shows the stack of an unexpected 500 while debugging a test.
    logLevel: (process.env.TEST_LOG_LEVEL as AppConfig['logLevel'] | undefined) ?? 'silent',
    ...overrides,
  };
}
