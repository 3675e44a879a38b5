import { loadConfig } from '@app/core';
import { runMigrations } from '@app/database';

export async function migrateCommand(): Promise<number> {
  const config = loadConfig();
  const applied = await runMigrations(config.databaseUrl);
  console.log(applied.length === 0 ? 'Database schema is up to date.' : `Applied ${applied.length} migration(s): ${applied.join(', ')}`);
  return 0;
}
