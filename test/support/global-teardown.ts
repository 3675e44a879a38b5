// Global teardown runs outside jest's moduleNameMapper: resolve the @app/* aliases from tsconfig.json.
import 'tsconfig-paths/register';
import { Client } from 'pg';
import { dropDatabases, runDatabasePrefix, stopDatabaseReaper } from './database-reaper';
import { keysLeftUnder, removeKeysUnder, testPrefixOfRun } from './redis-keys';
import { needsServices, testServerUrl } from './test-env';

/**
 * Stops the database reaper and drops the databases this run's test files created that it has not (the files' own
 * and those of files that crashed), then
 * checks that the run left nothing in Redis: every test app and worker removes its keys when closed, so a key left
 * under the run's prefixes means a test that did not close what it started. The run fails, naming the prefixes (and
 * the keys are removed, so they do not pile up).
 */
export default async function globalTeardown(globalConfig: { selectProjects?: string[] }): Promise<void> {
  if (!needsServices(globalConfig.selectProjects)) return;
  await stopDatabaseReaper();
  const admin = new Client({ connectionString: testServerUrl('postgres') });
  await admin.connect();
  let databases: string[];
  try {
    // starts_with, not LIKE: `_` is a LIKE wildcard, and run 123's pattern would match run 1234's databases.
    const { rows } = await admin.query<{ datname: string }>(`SELECT datname FROM pg_database WHERE starts_with(datname, $1)`, [runDatabasePrefix(String(process.pid))]);
    databases = rows.map((row) => row.datname);
  } finally {
    await admin.end();
  }
  await dropDatabases(testServerUrl('postgres'), databases);

  const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  const left = await keysLeftUnder(redisUrl, `${testPrefixOfRun(String(process.pid))}*`);
  const prefixes = Object.keys(left);
  if (prefixes.length > 0) {
    for (const prefix of prefixes) await removeKeysUnder(redisUrl, prefix);
    const listed = prefixes.map((prefix) => `${prefix} (${left[prefix]} keys)`).join(', ');
    throw new Error(`Tests left keys in Redis under ${listed}: close every test app and worker in afterAll (test/support/app.ts, worker.ts remove their keys on close).`);
  }
}
