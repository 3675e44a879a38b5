import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from './data-source';
import { ensureAppRole, grantAppRole, roleOfUrl } from './database-roles';

/** Creates the database named in the URL when it does not exist yet (local set-up and tests). */
export async function ensureDatabaseExists(databaseUrl: string): Promise<boolean> {
  const url = new URL(databaseUrl);
  const name = decodeURIComponent(url.pathname.replace(/^\//, ''));
  if (!/^[A-Za-z0-9_]+$/.test(name)) throw new Error(`Database name "${name}" must be letters, digits and underscores`);
  url.pathname = '/postgres';
  const client = new Client({ connectionString: url.toString() });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (rowCount) return false;
    await client.query(`CREATE DATABASE "${name}"`);
    return true;
  } finally {
    await client.end();
  }
}

/** Who the app connects as, for the grant step after migrating. */
export interface AppRoleTarget {
  /** DATABASE_URL: its user is the app role (its password, if any, is used only when the role is created). */
  appUrl: string;
  /** Create the role when missing: local development and tests. In production the operator creates it. */
  createIfMissing: boolean;
}

/**
 * Applies pending migrations as the owner (`ownerUrl`, DATABASE_OWNER_URL), each in its own transaction, then gives
 * the app role its rights on every table there is now (`grantAppRole`), and returns the migrations' names. `app` is
 * null only where no app will connect (the drift check's scratch database).
 */
export async function runMigrations(ownerUrl: string, app: AppRoleTarget | null): Promise<string[]> {
  await ensureDatabaseExists(ownerUrl);
  // Migrations are plain SQL: no need to load (and compile) the entities.
  const dataSource = new DataSource(dataSourceOptions(ownerUrl, { entities: [] }));
  await dataSource.initialize();
  let applied: string[];
  try {
    applied = (await dataSource.runMigrations({ transaction: 'each' })).map((migration) => migration.name);
  } finally {
    await dataSource.destroy();
  }
  if (app) await grantToAppRole(ownerUrl, app);
  return applied;
}

/** Creates the app role if asked and it is missing, then grants it its rights in `ownerUrl`'s database. */
export async function grantToAppRole(ownerUrl: string, app: AppRoleTarget): Promise<void> {
  const role = roleOfUrl(app.appUrl);
  const owner = new Client({ connectionString: ownerUrl });
  await owner.connect();
  try {
    if (app.createIfMissing) await ensureAppRole(owner, app.appUrl);
    await grantAppRole(owner, role);
  } finally {
    await owner.end();
  }
}

/** The SQL TypeORM would need to bring the schema in line with the entities: empty when migrations and entities agree. */
export async function pendingSchemaChanges(databaseUrl: string): Promise<string[]> {
  const dataSource = new DataSource(dataSourceOptions(databaseUrl));
  await dataSource.initialize();
  try {
    const sql = await dataSource.driver.createSchemaBuilder().log();
    return sql.upQueries.map((query) => query.query);
  } finally {
    await dataSource.destroy();
  }
}
