import { loadConfig, requireOwnerUrl } from '@app/core';
import { pendingSchemaChanges, runMigrations } from '@app/database';

/**
 * The drift check CI runs: migrate a scratch database, then ask TypeORM what it would still change. Anything at all
 * means an entity changed without a migration (`npm run db:generate -- migrations/<Name>`). Runs as the owner
 * (DATABASE_OWNER_URL): it creates and drops the scratch database, and no app connects to it.
 */
export async function checkMigrationsCommand(): Promise<number> {
  const base = new URL(requireOwnerUrl(loadConfig()));
  base.pathname = `/ehcp_drift_${process.pid}`;
  const url = base.toString();
  await runMigrations(url, null);
  try {
    const changes = await pendingSchemaChanges(url);
    if (changes.length === 0) {
      console.log('Entities and migrations agree.');
      return 0;
    }
    console.error(`Entities and migrations drift: ${changes.length} statement(s) missing from migrations/:\n${changes.join(';\n')}`);
    return 1;
  } finally {
    const admin = new URL(url);
    admin.pathname = '/postgres';
    const { Client } = await import('pg');
    const client = new Client({ connectionString: admin.toString() });
    await client.connect();
    await client.query(`DROP DATABASE IF EXISTS "ehcp_drift_${process.pid}" WITH (FORCE)`);
    await client.end();
  }
}
