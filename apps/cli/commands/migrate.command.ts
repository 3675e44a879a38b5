import { AppConfig, loadConfig, requireOwnerUrl } from '@app/core';
import { runMigrations } from '@app/database';

/**
 * Migrates as the owner (DATABASE_OWNER_URL), then grants the app role (DATABASE_URL's user) its rights on every
 * table. Outside production the app role is created when missing; in production the operator creates it.
 */
export function migrateDatabase(config: AppConfig): Promise<string[]> {
  return runMigrations(requireOwnerUrl(config), { appUrl: config.databaseUrl, createIfMissing: config.nodeEnv !== 'production' });
}

export async function migrateCommand(): Promise<number> {
  const applied = await migrateDatabase(loadConfig());
  console.log(applied.length === 0 ? 'Database schema is up to date.' : `Applied ${applied.length} migration(s): ${applied.join(', ')}`);
  return 0;
}
