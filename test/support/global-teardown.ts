// Global teardown runs outside jest's moduleNameMapper: resolve the @app/* aliases from tsconfig.json.
import 'tsconfig-paths/register';
import { Client } from 'pg';
import { keysLeftUnder, removeKeysUnder, testPrefixOfRun } from './redis-keys';
import { needsServices, testServerUrl } from './test-env';

/**
 * Drops the databases this run's test files created (each file also drops its own; this catches crashes), then
 * checks that the run left nothing in Redis: every test app and worker removes its keys when closed, so a key left
 * under the run's prefixes means a test that did not close what it started. The run fails, naming the prefixes (and
 * the keys are removed, so they do not pile up).
 */
export default async function globalTeardown(globalConfig: { selectProjects?: string[] }): Promise<void> {
  if (!needsServices(globalConfig.selectProjects)) return;
  const admin = new Client({ connectionString: testServerUrl('postgres') });
  await admin.connect();
  try {
    // starts_with, not LIKE: `_` is a LIKE wildcard, and run 123's pattern would match run 1234's databases.
    const { rows } = await admin.query<{ datname: string }>(`SELECT datname FROM pg_database WHERE starts_with(datname, $1)`, [`ehcp_t_${process.pid}_`]);
    for (const row of rows) await admin.query(`DROP DATABASE IF EXISTS "${row.datname}" WITH (FORCE)`);
  } finally {
    await admin.end();
  }

  const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  const left = await keysLeftUnder(redisUrl, `${testPrefixOfRun(String(process.pid))}*`);
  const prefixes = Object.keys(left);
  if (prefixes.length > 0) {
    for (const prefix of prefixes) await removeKeysUnder(redisUrl, prefix);
    const listed = prefixes.map((prefix) => `${prefix} (${left[prefix]} keys)`).join(', ');
    throw new Error(`Tests left keys in Redis under ${listed}: close every test app and worker in afterAll (test/support/app.ts, worker.ts remove their keys on close).`);
  }
}
