// Global setup runs outside jest's moduleNameMapper: resolve the @app/* aliases from tsconfig.json.
import 'tsconfig-paths/register';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { Client } from 'pg';
import { runMigrations } from '@app/database';
import { startDatabaseReaper } from './database-reaper';
import { needsServices, TEMPLATE_ENV, testAppUrl, testServerUrl } from './test-env';

const ROOT = join(__dirname, '..', '..');

function filesUnder(dir: string, pattern: RegExp): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) return entry === 'node_modules' ? [] : filesUnder(path, pattern);
    return pattern.test(entry) ? [path] : [];
  });
}

/**
 * Templates of one namespace (EHCP_TEST_NAMESPACE, default `main`): two checkouts with different migrations testing
 * against one PostgreSQL at once set different namespaces, so neither drops the template the other is cloning.
 */
function templatePrefix(): string {
  const namespace = (process.env.EHCP_TEST_NAMESPACE ?? 'main').replace(/[^a-z0-9]/gi, '').toLowerCase() || 'main';
  return `ehcp_test_template_${namespace.slice(0, 16)}_`;
}

/** The template's name changes whenever a migration or the grants change, so a stale template is never reused. */
function templateName(): string {
  const hash = createHash('sha256');
  const files = [...filesUnder(join(ROOT, 'migrations'), /\.ts$/).sort(), join(ROOT, 'libs', 'database', 'src', 'database-roles.ts')];
  for (const file of files) hash.update(relative(ROOT, file)).update(readFileSync(file));
  return `${templatePrefix()}${hash.digest('hex').slice(0, 12)}`;
}

/**
 * Migrates one template database per migration set, as the owner, and grants the app role (created if missing: roles
 * are cluster-wide, so every clone shares it) its rights; every integration and e2e test file then clones it with
 * CREATE DATABASE ... TEMPLATE, which takes milliseconds and keeps the grants. Unit-only runs skip all of this.
 */
export default async function globalSetup(globalConfig: { selectProjects?: string[] }): Promise<void> {
  if (!needsServices(globalConfig.selectProjects)) return;

  const name = templateName();
  process.env[TEMPLATE_ENV] = name;
  process.env.JEST_RUN_PID = String(process.pid);
  const admin = new Client({ connectionString: testServerUrl('postgres') });
  await admin.connect();
  try {
    // Serialise parallel jest runs on this machine while the template is (re)built.
    await admin.query('SELECT pg_advisory_lock(hashtext($1))', [name]);
    const { rowCount } = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (!rowCount) {
      const building = `${name}_building_${process.pid}`;
      await admin.query(`DROP DATABASE IF EXISTS "${building}"`);
      await runMigrations(testServerUrl(building), { appUrl: testAppUrl(building), createIfMissing: true });
      await admin.query(`ALTER DATABASE "${building}" RENAME TO "${name}"`);
    }
    // Old templates and databases left by killed runs. starts_with, not LIKE: `_` is a LIKE wildcard, so namespace
    // `suite`'s pattern would also match (and drop) namespace `suitebase`'s template while it is in use.
    const { rows } = await admin.query<{ datname: string }>(
      `SELECT datname FROM pg_database WHERE starts_with(datname, $2) AND datname <> $1 AND strpos(datname, '_building_') = 0`,
      [name, templatePrefix()],
    );
    for (const row of rows) await admin.query(`DROP DATABASE IF EXISTS "${row.datname}" WITH (FORCE)`);
    await admin.query('SELECT pg_advisory_unlock(hashtext($1))', [name]);
  } finally {
    await admin.end();
  }
  startDatabaseReaper(testServerUrl('postgres'), String(process.pid));
}
