import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { INestApplicationContext } from '@nestjs/common';
import { Role } from '@app/core';
import { JobName, QueueName, queueProducerConnection, RedisTarget } from '@app/queue';
import { WorkerProbeServer } from '@app/observability';
import { RemindersProcessor } from '@app/reminders';
import { Queue } from 'bullmq';
import Redis from 'ioredis';
import { startTestApp, TestApp } from './support/app';
import { bearer, createLocalAuthority, createUser } from './support/factories';
import { startTestWorker } from './support/worker';
import { freePort } from './support/private-redis';
import { waitFor } from './support/wait';



const NAME = 'ehcptest';

/** Polls, treating a failed check (Redis or the Sentinel in the middle of a failover) as not yet. */
const settle = (check: () => Promise<boolean>) => waitFor(() => check().catch(() => false), 'Redis through the Sentinel', 30_000, 200);

/**
 * Redis through Sentinel (REDIS_SENTINELS, REDIS_SENTINEL_NAME) for the API's client, BullMQ and the rate limits: a
 * real primary, a real replica and a real Sentinel (redis-server --sentinel) on free ports; a failover makes the
 * replica the primary, and the API and the worker follow it without a restart.
 */
describe('Redis Sentinel and a failover (e2e, real redis-server and redis-sentinel)', () => {
  const children: ChildProcess[] = [];
  let dir: string;
  let ports: { a: number; b: number; sentinel: number };
  let t: TestApp;
  let worker: INestApplicationContext;
  let target: Required<RedisTarget> & { redisSentinelName: string };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ehcp-sentinel-'));
    ports = { a: await freePort(), b: await freePort(), sentinel: await freePort() };
    const server = process.env.REDIS_SERVER_BIN ?? 'redis-server';
    const common = ['--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir];
    children.push(spawn(server, ['--port', String(ports.a), ...common], { stdio: 'ignore' }));
    children.push(spawn(server, ['--port', String(ports.b), '--replicaof', '127.0.0.1', String(ports.a), ...common], { stdio: 'ignore' }));
    const config = join(dir, 'sentinel.conf');
    writeFileSync(config, [`port ${ports.sentinel}`, 'bind 127.0.0.1', `dir ${dir}`, `sentinel monitor ${NAME} 127.0.0.1 ${ports.a} 1`, `sentinel down-after-milliseconds ${NAME} 1000`, `sentinel failover-timeout ${NAME} 5000`, ''].join('\n'));
    children.push(spawn(server, [config, '--sentinel'], { stdio: 'ignore' }));
    const sentinel = new Redis({ port: ports.sentinel, host: '127.0.0.1', lazyConnect: true });
    await settle(async () => {
      await sentinel.connect().catch(() => undefined);
      const replicas = (await sentinel.call('SENTINEL', 'REPLICAS', NAME)) as unknown[];
      return replicas.length === 1;
    });
    sentinel.disconnect();
    target = { redisUrl: 'redis://unused.invalid:1', redisSentinels: [{ host: '127.0.0.1', port: ports.sentinel }], redisSentinelName: NAME };
    // Reminders go out at midnight, in small batches with frequent sweeps, so the last test's failover lands mid-delivery;
    // a short lock and stalled check, so a job whose lock the failover lost moves on within seconds.
    t = await startTestApp({ config: { ...target, reminderSendTime: '00:00', reminderBatchSize: 2, reminderConcurrency: 2, reminderSweepSeconds: 1, reminderJobLockMs: 3000, reminderStalledCheckMs: 500 } });
    worker = await startTestWorker(t.config);
  }, 90_000);
  afterAll(async () => {
    await worker?.close();
    await t?.close();
    for (const child of children) child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });

  const primaryPort = async () => {
    const sentinel = new Redis({ port: ports.sentinel, host: '127.0.0.1' });
    try {
      return Number(((await sentinel.call('SENTINEL', 'GET-MASTER-ADDR-BY-NAME', NAME)) as string[])[1]);
    } finally {
      sentinel.disconnect();
    }
  };

  const runsAJob = async (id: string) => {
    const queue = new Queue(QueueName.Maintenance, { connection: queueProducerConnection(target), prefix: t.config.queuePrefix });
    try {
      const job = await queue.add(JobName.CloseCeasedPlans, {}, { jobId: id, removeOnComplete: false });
      await settle(async () => (await queue.getJobState(job.id!)) === 'completed');
    } finally {
      await queue.close();
    }
  };

  it('finds the primary through the Sentinel: readiness, rate limits and jobs work', async () => {
    expect(await primaryPort()).toBe(ports.a);
    await t.http.get('/api/v1/health/ready').expect(200);
    const probe = `http://127.0.0.1:${worker.get(WorkerProbeServer).port}/health/ready`;
    expect((await fetch(probe)).status).toBe(200);
    // The rate-limit counters are in the Sentinel's primary, under the queue prefix.
    const primary = new Redis({ port: ports.a, host: '127.0.0.1' });
    try {
      expect((await primary.keys(`${t.config.queuePrefix}:throttle:*`)).length).toBeGreaterThan(0);
    } finally {
      primary.disconnect();
    }
    await runsAJob('sentinel-before');
  });

  it('follows a failover to the replica without a restart', async () => {
    // The replica must hold what the primary has before it is promoted (the full sync can lag on a busy machine).
    const replica = new Redis({ port: ports.b, host: '127.0.0.1' });
    try {
      await settle(async () => /master_link_status:up/.test(await replica.info('replication')) && (await replica.exists(`${t.config.queuePrefix}:${QueueName.Maintenance}:sentinel-before`)) === 1);
    } finally {
      replica.disconnect();
    }
    const sentinel = new Redis({ port: ports.sentinel, host: '127.0.0.1' });
    try {
      await sentinel.call('SENTINEL', 'FAILOVER', NAME);
    } finally {
      sentinel.disconnect();
    }
    await settle(async () => (await primaryPort()) === ports.b);
    await settle(async () => (await t.http.get('/api/v1/health/ready')).status === 200);
    await runsAJob('sentinel-after');
    // The new primary has what the old one had (it was its replica) and what came after.
    const primary = new Redis({ port: ports.b, host: '127.0.0.1' });
    try {
      expect(await primary.exists(`${t.config.queuePrefix}:${QueueName.Maintenance}:sentinel-before`, `${t.config.queuePrefix}:${QueueName.Maintenance}:sentinel-after`)).toBe(2);
    } finally {
      primary.disconnect();
    }
  });

  it('loses and doubles no reminder or email when the primary dies mid-delivery and the Sentinel promotes its replica', async () => {
    const CASES = 60;
    const la = await createLocalAuthority(t.dataSource);
    const caseworker = await createUser(t.dataSource, t.http, la.id, Role.Caseworker);
    const managers = [await createUser(t.dataSource, t.http, la.id, Role.Manager), await createUser(t.dataSource, t.http, la.id, Role.Manager)];
    await t.dataSource.query(`UPDATE organisations SET shared_inbox_email = NULL`); // the three people only
    // Real time (the worker runs on the system clock): cases whose decision is overdue today, so each is due now. The
    // reminders worker (page-in and delivery) waits until they all exist.
    const reminders = worker.get(RemindersProcessor).worker;
    await reminders.pause();
    t.clock.set(new Date());
    const cases: string[] = [];
    for (let i = 0; i < CASES; i += 1) {
      const child = await t.http.post('/api/v1/children').set(bearer(caseworker)).send({ givenName: 'Sentinel', familyName: 'Case', dateOfBirth: '2016-01-01' }).expect(201);
      cases.push((await t.http.post('/api/v1/assessments').set(bearer(caseworker)).send({ childId: child.body.id, requestReceivedOn: '2026-09-01', requestSource: 'parent' }).expect(201)).body.id);
    }
    const ofCases = `FROM reminders r JOIN deadlines d ON d.id = r.deadline_id WHERE d.subject_id = ANY($1::uuid[])`;
    const n = async (sql: string) => Number((await t.dataSource.query<{ n: string }[]>(sql, [cases]))[0].n);
    expect(await n(`SELECT count(*) AS n ${ofCases} AND r.state = 'scheduled' AND r.send_at <= now()`)).toBe(CASES);
    const delivered = () => n(`SELECT count(*) AS n ${ofCases} AND r.state = 'delivered'`);

    // The moment the first batch is delivered, the primary dies (SIGKILL: no hand-over, unreplicated writes lost).
    const primary = await primaryPort();
    const primaryProcess = children.find((child) => child.spawnargs.includes(String(primary)) && !child.spawnargs.includes('--sentinel'))!;
    reminders.resume();
    await waitFor(async () => (await delivered()) > 0, 'the first delivery', 60_000, 5);
    primaryProcess.kill('SIGKILL');
    const midway = await delivered();
    expect(midway).toBeLessThan(CASES); // work was left when the primary died
    await settle(async () => (await primaryPort()) !== primary);

    // The worker follows the new primary (the repair pages back in whatever Redis lost) and finishes, once each.
    await waitFor(async () => (await delivered()) === CASES, 'every reminder delivered after the failover', 120_000, 200);
    // Each overdue decision: one message to the caseworker and each manager, each with exactly one email in the outbox,
    // and every email sent once (the local transport's mailbox holds one copy of each).
    const expected = [caseworker, ...managers].map((user) => user.email).sort();
    await waitFor(async () => (await n(`SELECT count(*) AS n FROM email_outbox o JOIN notifications m ON m.id = o.notification_id JOIN deadlines d ON d.id = m.deadline_id WHERE d.subject_id = ANY($1::uuid[]) AND o.state = 'sent'`)) === CASES * 3, 'every email sent', 60_000, 200);
    const perCase = await t.dataSource.query<{ subject_id: string; recipients: string[]; emails: number; sent: number }[]>(
      `SELECT d.subject_id, array_agg(o.to_address ORDER BY o.to_address) AS recipients, count(o.id)::int AS emails, count(*) FILTER (WHERE o.state = 'sent')::int AS sent
         FROM deadlines d JOIN notifications m ON m.deadline_id = d.id JOIN email_outbox o ON o.notification_id = m.id
        WHERE d.subject_id = ANY($1::uuid[]) AND d.kind = 'decision_to_assess' GROUP BY d.subject_id`,
      [cases],
    );
    expect(perCase).toHaveLength(CASES);
    for (const row of perCase) expect(row).toMatchObject({ recipients: expected, emails: 3, sent: 3 });
    const mailbox = await n(
      `SELECT count(*) AS n FROM local_mailbox l JOIN email_outbox o ON o.id = l.outbox_id JOIN notifications m ON m.id = o.notification_id JOIN deadlines d ON d.id = m.deadline_id WHERE d.subject_id = ANY($1::uuid[])`,
    );
    expect(mailbox).toBe(CASES * 3);
  }, 300_000);
});
