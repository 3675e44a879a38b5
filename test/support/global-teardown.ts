import { Client } from 'pg';
import { testServerUrl } from './test-env';

/** Drops the databases this run's test files created (each file also drops its own; this catches crashes). */
export default async function globalTeardown(globalConfig: { selectProjects?: string[] }): Promise<void> {
  const selected = globalConfig.selectProjects;
  if (selected && selected.every((name) => name === 'unit')) return;
  const admin = new Client({ connectionString: testServerUrl('postgres') });
  await admin.connect();
  try {
    const { rows } = await admin.query<{ datname: string }>(`SELECT datname FROM pg_database WHERE datname LIKE 'ehcp_t_${process.pid}_%'`);
    for (const row of rows) await admin.query(`DROP DATABASE IF EXISTS "${row.datname}" WITH (FORCE)`);
  } finally {
    await admin.end();
  }
}
