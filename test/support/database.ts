import { randomBytes } from 'node:crypto';
import { dataSourceOptions } from '@app/database';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { DONE_COMMENT, REAPER_ENV, runDatabasePrefix } from './database-reaper';
import { TEMPLATE_ENV, testAppUrl, testRunId, testServerUrl } from './test-env';

async function withAdmin<T>(work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: testServerUrl('postgres') });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/**
 * A fresh, migrated database for one test file, cloned (as the owner) from the template global-setup built. Returns
 * the app role's URL: the clone keeps the template's grants, so tests run with the app's limits.
 */
export async function createTestDatabase(): Promise<string> {
  const template = process.env[TEMPLATE_ENV];
  if (!template) throw new Error(`${TEMPLATE_ENV} is not set: run integration and e2e tests through jest (global-setup builds the template).`);
  const name = `${runDatabasePrefix(testRunId())}${randomBytes(4).toString('hex')}`;
  await withAdmin((client) => client.query(`CREATE DATABASE "${name}" TEMPLATE "${template}"`));
  return testAppUrl(name);
}

/**
 * Hands a test database (whichever role's URL names it) to the run's reaper (test/support/database-reaper.ts), which
 * drops it in the background from jest's main process: the file does not wait for DROP DATABASE's checkpoint. Global
 * teardown drops any the reaper has not. Outside a jest run with global setup (no reaper), drops it at once.
 */
export async function dropTestDatabase(url: string): Promise<void> {
  const name = new URL(url).pathname.slice(1);
  if (process.env[REAPER_ENV] && name.startsWith(runDatabasePrefix(testRunId()))) {
    await withAdmin((client) => client.query(`COMMENT ON DATABASE "${name}" IS '${DONE_COMMENT}'`));
    return;
  }
  await withAdmin((client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
}

/** A DataSource over a test database, for integration tests that use services without HTTP. */
export async function openDataSource(url: string): Promise<DataSource> {
  const dataSource = new DataSource(dataSourceOptions(url, { extra: { max: 3 } }));
  await dataSource.initialize();
  return dataSource;
}
