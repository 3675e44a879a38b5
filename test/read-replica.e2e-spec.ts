import { Role } from '@app/core';
import { runMigrations } from '@app/database';
import { Client } from 'pg';
import { startTestApp, TestApp } from './support/app';
import { bearer, createLocalAuthority, createUser, TestUser } from './support/factories';
import { ReplicaCluster, startReplicaCluster } from './support/replica-cluster';
import { waitFor as poll } from './support/wait';

/** Polls, treating a failed check (the replica not yet up) as not yet. */
const waitFor = (check: () => Promise<boolean>) => poll(() => check().catch(() => false), 'the replica', 60_000, 200);

async function query<T>(url: string, sql: string): Promise<T[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql)).rows as T[];
  } finally {
    await client.end();
  }
}


/**
 * Reports read from a real streaming replica (DATABASE_READ_URL): the test makes its own primary and replica
 * (initdb, pg_basebackup -R, on free ports), points the API's primary pool at one and the reports at the other, and
 * pauses the replica's replay to show that reports come from it and say how stale they may be. Nothing mocked.
 */
describe('reports on a streaming replica (e2e, real primary and replica)', () => {
  let cluster: ReplicaCluster;
  let t: TestApp;
  let manager: TestUser;
  let caseworker: TestUser;

  beforeAll(async () => {
    cluster = await startReplicaCluster();
    await runMigrations(cluster.url('primary', 'ehcp'), { appUrl: cluster.url('primary', 'ehcp', 'ehcp_app'), createIfMissing: true });
    // The replica has replayed the schema and the app role (roles and databases replicate too).
    await waitFor(async () => (await query<{ n: number }>(cluster.url('replica', 'ehcp'), `SELECT count(*)::int AS n FROM pg_tables WHERE tablename = 'assessments'`))[0].n === 1);
    t = await startTestApp({ config: { databaseUrl: cluster.url('primary', 'ehcp', 'ehcp_app'), databaseReadUrl: cluster.url('replica', 'ehcp', 'ehcp_app') } });
    const la = await createLocalAuthority(t.dataSource);
    manager = await createUser(t.dataSource, t.http, la.id, Role.Manager);
    caseworker = await createUser(t.dataSource, t.http, la.id, Role.Caseworker);
  }, 180_000);
  afterAll(async () => {
    await t?.close();
    cluster?.stop();
  });

  const openCases = async () => {
    const response = await t.http.get('/api/v1/reports/risk').set(bearer(manager)).expect(200);
    return { open: response.body.open as number, source: response.headers['x-data-source'], staleness: Number(response.headers['x-data-max-staleness-seconds']) };
  };
  const newCase = async () => {
    const child = await t.http.post('/api/v1/children').set(bearer(caseworker)).send({ givenName: 'Replica', familyName: 'Child', dateOfBirth: '2016-04-01' }).expect(201);
    await t.http.post('/api/v1/assessments').set(bearer(caseworker)).send({ childId: child.body.id, requestReceivedOn: '2026-02-20', requestSource: 'parent' }).expect(201);
  };

  it('reads reports from the replica and says so, with a staleness bound', async () => {
    await newCase();
    await waitFor(async () => (await openCases()).open === 1);
    const report = await openCases();
    expect(report).toEqual({ open: 1, source: 'replica', staleness: expect.any(Number) });
    expect(report.staleness).toBeGreaterThanOrEqual(0);
  });

  it('does not see what the replica has not replayed, bounds how stale that is, and catches up', async () => {
    await query(cluster.url('replica', 'postgres'), 'SELECT pg_wal_replay_pause()');
    try {
      await new Promise((resolve) => setTimeout(resolve, 1100));
      await newCase();
      // The case is on the primary (the API's own reads see it) but not on the paused replica.
      const [{ n }] = await t.dataSource.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM assessments`);
      expect(n).toBe(2);
      await waitFor(async () => (await query<{ behind: boolean }>(cluster.url('replica', 'postgres'), 'SELECT pg_last_wal_receive_lsn() > pg_last_wal_replay_lsn() AS behind'))[0].behind);
      const stale = await openCases();
      expect(stale.open).toBe(1);
      expect(stale.source).toBe('replica');
      expect(stale.staleness).toBeGreaterThanOrEqual(1);
    } finally {
      await query(cluster.url('replica', 'postgres'), 'SELECT pg_wal_replay_resume()');
    }
    await waitFor(async () => (await openCases()).open === 2);
    expect((await openCases()).staleness).toBe(0);
  });

  it('still writes the audit record of a report read to the primary', async () => {
    const [{ n }] = await t.dataSource.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM audit_events WHERE action = 'report.risk' AND actor_user_id = $1`, [manager.id]);
    expect(n).toBeGreaterThan(0);
  });
});
