/**
 * npm run bench:reminders [-- --reminders 100000 --burst 20000 --window 5-40 --workers 1 --history 100000 --emails on --setup-margin 15 --kinds final_plan --redis-url redis://127.0.0.1:6379 --keep]
 *
 * Schedules and delivers `--reminders` due-today reminders through the real worker (WorkerModule in this process, the
 * real clock, a queue prefix of its own) and reports:
 * - scheduling: `ReminderPagerService.pageIn()` putting them into Redis as delayed jobs (reminders/s), and the Redis
 *   bytes each delayed reminder costs;
 * - delivery: end-to-end throughput (N / (last delivered_at - first send_at)), the busiest second, and lateness
 *   (delivered_at - send_at) overall and for the `--burst` falling due at the same instant (T0 + 10 s; the rest are
 *   spread evenly over T0 + `--window` seconds);
 * - correctness: every reminder delivered, one notification per deadline;
 * - the baseline, in the same run and on the same Redis: plain BullMQ addBulk + a Worker (same concurrency) with a
 *   no-op handler, and the bytes of a no-op delayed job.
 *
 * `--workers N` runs N worker processes side by side: this one and N - 1 forked (bench/reminders-worker.ts), each the
 * real worker with REMINDER_CONCURRENCY jobs at once, on the same PostgreSQL and Redis. `--history N` first writes N
 * reminders delivered five days earlier, with their messages and sent emails (default: as many as `--reminders`), so
 * the hot tables, their indexes and their statistics look like a service that has been running rather than empty
 * tables; `--history 0` measures empty tables. REMINDER_BATCH_SIZE and REMINDER_CONCURRENCY come from the environment.
 *
 * Redis: a private redis-server on a free port (so INFO memory measures only this run), or `--redis-url` with a
 * prefix of its own (only its keys are deleted afterwards). PostgreSQL: database `ehcp_bench_reminders` (with
 * `_<EHCP_TEST_NAMESPACE>` when set), dropped at the end unless `--keep` (to EXPLAIN the delivery statements on it).
 * From T0 it samples pg_stat_activity (PostgreSQL's side: on CPU, waiting on locks or the WAL, or idle in a
 * transaction waiting for the worker) and prints the shares.
 */
import { INestApplicationContext } from '@nestjs/common';
import { getQueueToken } from '@nestjs/bullmq';
import { AppConfig, loadConfig, requireOwnerUrl } from '@app/core';
import { runMigrations } from '@app/database';
import { QueueName } from '@app/queue';
import { EmailOutboxService, ReminderPagerService } from '@app/reminders';
import { todayInLondon } from '@app/statutory-clock';
import { Queue, Worker } from 'bullmq';
import Redis from 'ioredis';
import { ChildProcess, fork } from 'node:child_process';
import { availableParallelism, loadavg } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Client } from 'pg';
import { PrivateRedis, startPrivateRedis } from '../test/support/private-redis';
import { startTestWorker } from '../test/support/worker';
import { stopChildren } from './child-processes';
import { PgActivitySampler } from './pg-activity-sampler';
import { DeliveryTiming, timeDeliveries } from './reminders-timing';

const args = process.argv.slice(2);
const option = (name: string): string | undefined => (args.includes(`--${name}`) ? args[args.indexOf(`--${name}`) + 1] : undefined);
const REMINDERS = Number(option('reminders') ?? 100_000);
const BURST = Number(option('burst') ?? 20_000);
/** `--emails off` leaves the email outbox undrained during the run, to see what the drain costs delivery. */
const EMAILS = option('emails') ?? 'on';
const [WINDOW_FROM_S, WINDOW_TO_S] = (option('window') ?? '5-40').split('-').map(Number);
const WORKERS = Number(option('workers') ?? 1);
const HISTORY = Math.min(REMINDERS, Number(option('history') ?? REMINDERS));
const KEEP = args.includes('--keep');
const SETUP_MARGIN_S = Number(option('setup-margin') ?? 15);
/**
 * The deadlines' kinds, in turn (`--kinds phase_transfer,amended_plan,review_decision`: February's phase transfers,
 * the plans amended for them and the review decisions behind them); default final_plan. Every kind here reminds the LA.
 */
const KINDS = (option('kinds') ?? 'final_plan').split(',');
const BURST_AT_S = 10;
const AUTHORITIES = 150;
const NAMESPACE = (process.env.EHCP_TEST_NAMESPACE ?? '').replace(/[^a-z0-9_]/gi, '_').toLowerCase();
const DATABASE = NAMESPACE ? `ehcp_bench_reminders_${NAMESPACE}` : 'ehcp_bench_reminders';
const ROOT = join(__dirname, '..');
/** This run's reminders (the history's are `due_soon`, delivered days ago). */
const RUN = `stage = 'due_today'`;
const load = () => loadavg().map((l) => l.toFixed(2)).join(' ');
/** Seeded send_at is parked here (beyond any horizon) until the worker is up; then moved to T0 + offset. */
const PARKED = '2100-01-01T00:00:00Z';

const children: ChildProcess[] = [];
const fmt = (n: number, digits = 0) => n.toLocaleString('en-GB', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const usedMemory = async (redis: Redis) => Number(/used_memory:(\d+)/.exec(await redis.info('memory'))![1]);

async function deleteKeys(redis: Redis, prefix: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
    cursor = next;
    if (keys.length > 0) await redis.unlink(...keys);
  } while (cursor !== '0');
}

/** Average MEMORY USAGE of up to `sample` job hashes plus each job's share of the delayed zset. */
async function sampledBytesPerJob(redis: Redis, queue: Queue, sample = 200): Promise<number> {
  const jobs = await queue.getDelayed(0, sample - 1);
  if (jobs.length === 0) return NaN;
  let hashes = 0;
  for (const job of jobs) hashes += Number(await redis.call('MEMORY', 'USAGE', `${queue.opts.prefix}:${queue.name}:${job.id}`, 'SAMPLES', '0'));
  const delayedKey = `${queue.opts.prefix}:${queue.name}:delayed`;
  const zset = Number(await redis.call('MEMORY', 'USAGE', delayedKey, 'SAMPLES', '0'));
  return hashes / jobs.length + zset / (await redis.zcard(delayedKey));
}

interface Baseline {
  addMs: number;
  processMs: number;
  bytesPerDelayedJob: number;
  sampledBytesPerDelayedJob: number;
}

/** Plain BullMQ on the same Redis: add N no-op jobs, process them with a no-op Worker; then N no-op delayed jobs. */
async function baseline(redisUrl: string, prefix: string, jobs: number, concurrency: number): Promise<Baseline> {
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: null });
  const queue = new Queue('noop', { connection: redis, prefix });
  const a0 = performance.now();
  for (let i = 0; i < jobs; i += 1000) {
    await queue.addBulk(Array.from({ length: Math.min(1000, jobs - i) }, (_, k) => ({ name: 'noop', data: { id: i + k }, opts: { removeOnComplete: true } })));
  }
  const addMs = performance.now() - a0;
  const p0 = performance.now();
  const workerConnection = new Redis(redisUrl, { maxRetriesPerRequest: null });
  await new Promise<void>((resolve) => {
    let processed = 0;
    const worker = new Worker('noop', async () => undefined, { connection: workerConnection, prefix, concurrency });
    worker.on('completed', () => {
      processed += 1;
      if (processed === jobs) void worker.close().then(resolve);
    });
  });
  const processMs = performance.now() - p0;
  await workerConnection.quit();
  await queue.obliterate({ force: true });

  const delayed = new Queue('noop-delayed', { connection: redis, prefix });
  const before = await usedMemory(redis);
  for (let i = 0; i < jobs; i += 1000) {
    await delayed.addBulk(Array.from({ length: Math.min(1000, jobs - i) }, (_, k) => ({ name: 'noop', data: { id: i + k }, opts: { delay: 86_400_000 + i + k, removeOnComplete: true } })));
  }
  const bytesPerDelayedJob = ((await usedMemory(redis)) - before) / jobs;
  const sampledBytesPerDelayedJob = await sampledBytesPerJob(redis, delayed);
  await delayed.obliterate({ force: true });
  await queue.close();
  await delayed.close();
  await redis.quit();
  return { addMs, processMs, bytesPerDelayedJob, sampledBytesPerDelayedJob };
}

async function seed(db: Client, today: string): Promise<void> {
  await db.query(`INSERT INTO local_authorities (name, code) SELECT 'LA ' || g, lpad(g::text, 3, '0') FROM generate_series(1, $1) g`, [AUTHORITIES]);
  for (const role of ['caseworker', 'manager']) {
    await db.query(
      `INSERT INTO users (local_authority_id, email, display_name, password_hash, role) SELECT id, $1 || '-' || code || '@bench.test', initcap($1) || ' ' || code, 'x', $1 FROM local_authorities`,
      [role],
    );
  }
  // g -> LA: a permutation of g squared, so LA 001 has ~8% of the reminders and LA 150 ~0.3% (and the burst is
  // spread over LAs the same way). g <= BURST: the burst; the rest evenly over the window, in g order.
  await db.query(`CREATE UNLOGGED TABLE bench_seed (g int PRIMARY KEY, local_authority_id uuid, owner_user_id uuid, deadline_id uuid NOT NULL DEFAULT gen_random_uuid(), offset_ms double precision)`);
  await db.query(
    `INSERT INTO bench_seed (g, local_authority_id, owner_user_id, offset_ms)
     SELECT g, la.id, u.id,
            CASE WHEN g <= $2::int THEN $3::float8 * 1000 ELSE ($4::float8 + ($5::float8 - $4::float8) * (g - $2::int - 1) / GREATEST(1, $1::int - $2::int)) * 1000 END
       FROM generate_series(1, $1::int) g
       JOIN local_authorities la ON la.code = lpad((1 + least($6::int - 1, floor($6::int * power(((g::bigint * 7919) % $1::int)::float8 / $1::int, 2))::int))::text, 3, '0')
       JOIN users u ON u.local_authority_id = la.id AND u.role = 'caseworker'`,
    [REMINDERS, BURST, BURST_AT_S, WINDOW_FROM_S, WINDOW_TO_S, AUTHORITIES],
  );
  await db.query(
    `INSERT INTO deadlines (id, local_authority_id, subject_type, subject_id, key, kind, starts_on, due_on, regulation, statutory, state, owner_user_id, case_owner_user_id, revision)
     SELECT deadline_id, local_authority_id, CASE WHEN kind = 'final_plan' THEN 'assessment' ELSE 'plan' END, gen_random_uuid(), kind, kind, $1::date - 140, $1::date,
            CASE WHEN kind = 'final_plan' THEN 'SEND Regulations 2014, reg 13(2)' ELSE 'SEND Regulations 2014 (bench seed: ' || kind || ')' END, true, 'open', owner_user_id, owner_user_id, 1
       FROM (SELECT *, ($2::text[])[1 + g % array_length($2::text[], 1)] AS kind FROM bench_seed) s`,
    [today, KINDS],
  );
  await db.query(
    `INSERT INTO reminders (local_authority_id, deadline_id, stage, due_on, remind_on, send_at, deadline_revision, state)
     SELECT local_authority_id, deadline_id, 'due_today', $1::date, $1::date, $2::timestamptz + offset_ms * interval '1 millisecond', 1, 'scheduled'
       FROM bench_seed`,
    [today, PARKED],
  );
  if (HISTORY > 0) {
    // What a running service already holds: each deadline's "due soon" of five days ago, delivered, its message and its
    // sent email (so the indexes the delivery writes to are not empty, and the planner's statistics say so).
    await db.query(
      `INSERT INTO reminders (local_authority_id, deadline_id, stage, due_on, remind_on, send_at, deadline_revision, state, delivered_at, created_at, updated_at)
       SELECT local_authority_id, deadline_id, 'due_soon', $1::date, $1::date - 5, now() - interval '5 days', 1, 'delivered', now() - interval '5 days', now() - interval '6 days', now() - interval '5 days'
         FROM bench_seed WHERE g <= $2`,
      [today, HISTORY],
    );
    await db.query(
      `INSERT INTO notifications (local_authority_id, recipient_user_id, kind, subject_type, subject_id, deadline_id, deadline_kind, due_on, dedupe_key, created_at)
       SELECT s.local_authority_id, s.owner_user_id, 'deadline_due_soon', 'assessment', d.subject_id, s.deadline_id, 'final_plan', $1::date,
              s.deadline_id || ':due_soon:' || $1 || ':u:' || s.owner_user_id, now() - interval '5 days'
         FROM bench_seed s JOIN deadlines d ON d.id = s.deadline_id WHERE s.g <= $2`,
      [today, HISTORY],
    );
    await db.query(
      `INSERT INTO email_outbox (local_authority_id, notification_id, to_address, subject, body, state, attempts, transport, created_at, sent_at)
       SELECT local_authority_id, id, 'caseworker@bench.test', 'An EHCP deadline is due soon', 'history', 'sent', 1, 'local', created_at, created_at FROM notifications`,
    );
  }
  await db.query('VACUUM ANALYZE');
}

interface Percentiles {
  n: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

async function lateness(db: Client, where: string, params: unknown[] = []): Promise<Percentiles> {
  const [row] = (
    await db.query(
      `SELECT count(*)::int AS n,
              percentile_cont(0.5) WITHIN GROUP (ORDER BY l) AS p50, percentile_cont(0.95) WITHIN GROUP (ORDER BY l) AS p95,
              percentile_cont(0.99) WITHIN GROUP (ORDER BY l) AS p99, max(l) AS max
         FROM (SELECT extract(epoch FROM delivered_at - send_at) AS l FROM reminders WHERE state = 'delivered' AND ${RUN} ${where}) x`,
      params,
    )
  ).rows;
  return { n: row.n, p50: Number(row.p50), p95: Number(row.p95), p99: Number(row.p99), max: Number(row.max) };
}

async function main(): Promise<void> {
  const started = Date.now();
  const base = loadConfig({ ...process.env, NODE_ENV: 'test', WORKER_METRICS_PORT: process.env.WORKER_METRICS_PORT ?? '0' });
  // The worker connects as the app role; the seeding (a scratch table, VACUUM) and the database itself are the owner's.
  const url = new URL(base.databaseUrl);
  url.pathname = `/${DATABASE}`;
  const ownerUrl = new URL(requireOwnerUrl(base));
  ownerUrl.pathname = `/${DATABASE}`;
  const admin = new Client({ connectionString: new URL('/postgres', ownerUrl).toString() });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${DATABASE} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${DATABASE}`);
  await runMigrations(ownerUrl.toString(), { appUrl: url.toString(), createIfMissing: true });
  const db = new Client({ connectionString: ownerUrl.toString() });
  await db.connect();

  const sharedRedisUrl = option('redis-url');
  const privateRedis: PrivateRedis | null = sharedRedisUrl ? null : await startPrivateRedis();
  const redisUrl = sharedRedisUrl ?? privateRedis!.url;
  const prefix = `ehcp-bench-${process.pid}`;
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: null });
  const config: AppConfig = {
    ...base,
    databaseUrl: url.toString(),
    redisUrl,
    queuePrefix: prefix,
    logLevel: 'silent',
    emailTransport: 'local',
    // No scheduled page-in during the run: the bench calls pageIn() itself and times it.
    reminderSweepSeconds: 3600,
  };
  let worker: INestApplicationContext | null = null;
  try {
    // The baseline runs one no-op job per reminder at concurrency 100, BullMQ's best case on this machine.
    console.log(`Baseline: plain BullMQ, ${fmt(REMINDERS)} no-op jobs, concurrency 100 ...`);
    const plain = await baseline(redisUrl, `${prefix}-plain`, REMINDERS, 100);

    const today = todayInLondon(new Date());
    console.log(`Seeding ${fmt(REMINDERS)} due-today reminders over ${AUTHORITIES} LAs (${fmt(BURST)} at T0+${BURST_AT_S}s, the rest over T0+${WINDOW_FROM_S}..${WINDOW_TO_S}s) ...`);
    const s0 = performance.now();
    await seed(db, today);
    const seedMs = performance.now() - s0;
    const [{ biggest, smallest }] = (
      await db.query(`SELECT max(n)::int AS biggest, min(n)::int AS smallest FROM (SELECT count(*) AS n FROM reminders WHERE ${RUN} GROUP BY local_authority_id) x`)
    ).rows;

    worker = await startTestWorker(config);
    const queue = worker.get<Queue>(getQueueToken(QueueName.Reminders));
    // Let the start-up jobs (reconcile, first page-in: both find nothing to do) finish before the clock starts.
    for (let i = 0; i < 100; i += 1) {
      const counts = await queue.getJobCounts('active', 'waiting', 'prioritized');
      if (counts.active + counts.waiting + counts.prioritized === 0) break;
      await sleep(100);
    }

    if (EMAILS === 'off') worker.get(EmailOutboxService).drain = async () => ({ sent: 0, failed: 0, retrying: 0 });
    // Profile: time inside each delivery job's ReminderDeliveryService.deliverDue (batches of REMINDER_BATCH_SIZE).
    const batches = timeDeliveries(worker);
    // The other worker processes, started on the same configuration and timed the same way.
    for (let i = 1; i < WORKERS; i += 1) {
      const child = fork(join(ROOT, 'bench/reminders-worker.ts'), [], {
        cwd: ROOT,
        execArgv: ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register'],
        env: { ...process.env, WORKER_METRICS_PORT: process.env.WORKER_METRICS_PORT ?? '0', TS_NODE_PROJECT: join(ROOT, 'tsconfig.json') },
        stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      });
      children.push(child);
      const started = new Promise<void>((resolve, reject) => {
        child.once('message', () => resolve());
        child.once('exit', (code) => reject(new Error(`worker process ${i + 1} exited (${code}) while starting`)));
      });
      child.send({ config, emails: EMAILS });
      await started;
    }

    // T0 is set SETUP_MARGIN_S ahead, so that moving the parked rows to it (a bench step, not the product's work: 2 to 10 s
    // for 100,000 rows on this machine) is done before T0 and the page-in starts at T0.
    const t0 = new Date(Date.now() + SETUP_MARGIN_S * 1000);
    await db.query(`UPDATE reminders SET send_at = $1::timestamptz + (send_at - $2::timestamptz) WHERE ${RUN}`, [t0, PARKED]);
    const setupOverrunS = Math.max(0, (Date.now() - t0.getTime()) / 1000);
    if (setupOverrunS === 0) await sleep(t0.getTime() - Date.now());
    const loadAtStart = load();
    const memoryBefore = await usedMemory(redis);
    const pager = worker.get(ReminderPagerService);
    // PostgreSQL's side of the run, sampled from T0 on its own connection (see pg-activity-sampler.ts).
    const samplerClient = new Client({ connectionString: ownerUrl.toString() });
    await samplerClient.connect();
    const sampler = new PgActivitySampler(samplerClient, DATABASE);
    sampler.start();
    const elu0 = performance.eventLoopUtilization();
    const cpu0 = process.cpuUsage();
    const p0 = performance.now();
    const pageInStartS = (Date.now() - t0.getTime()) / 1000;
    const paged = await pager.pageIn();
    const pageInMs = performance.now() - p0;
    const pageInEndS = (Date.now() - t0.getTime()) / 1000;
    const memoryAfter = await usedMemory(redis);
    const [{ deliveredDuringPageIn }] = (await db.query(`SELECT count(*)::int AS "deliveredDuringPageIn" FROM reminders WHERE state = 'delivered' AND ${RUN}`)).rows;
    const sampledBytes = await sampledBytesPerJob(redis, queue);
    const bytesPerReminder = (memoryAfter - memoryBefore) / paged.reminders;

    const timeoutAt = Date.now() + (WINDOW_TO_S + 300) * 1000;
    let left = REMINDERS;
    while (left > 0 && Date.now() < timeoutAt) {
      await sleep(250);
      left = (await db.query(`SELECT count(*)::int AS n FROM reminders WHERE state = 'scheduled'`)).rows[0].n;
    }
    await sampler.stop();
    await samplerClient.end();
    const elu = performance.eventLoopUtilization(elu0);
    const cpu = process.cpuUsage(cpu0);
    const loadAtEnd = load();
    // The other workers' delivery timings and CPU (from their start: they idled until T0).
    const others = await Promise.all(
      children.map(
        (child) =>
          new Promise<{ timings: DeliveryTiming[]; cpu: NodeJS.CpuUsage }>((resolve) => {
            child.once('message', (message) => resolve(message as { timings: DeliveryTiming[]; cpu: NodeJS.CpuUsage }));
            child.send('stats');
          }),
      ),
    );
    for (const other of others) batches.push(...other.timings);
    const otherCpuS = others.reduce((sum, o) => sum + (o.cpu.user + o.cpu.system) / 1e6, 0);
    const wallS = (Date.now() - t0.getTime()) / 1000;

    const [span] = (
      await db.query(
        `SELECT count(*) FILTER (WHERE state = 'delivered')::int AS delivered, count(*) FILTER (WHERE state = 'cancelled')::int AS cancelled,
                count(*) FILTER (WHERE state = 'scheduled')::int AS scheduled,
                extract(epoch FROM max(delivered_at) - min(send_at)) AS span_s, min(send_at) AS first_send
           FROM reminders WHERE ${RUN}`,
      )
    ).rows;
    const [busiest] = (
      await db.query(`SELECT date_trunc('second', delivered_at) AS s, count(*)::int AS n FROM reminders WHERE state = 'delivered' AND ${RUN} GROUP BY 1 ORDER BY 2 DESC LIMIT 1`)
    ).rows;
    const [checks] = (
      await db.query(
        `SELECT count(*) FILTER (WHERE n = 0)::int AS without, count(*) FILTER (WHERE n > 1)::int AS doubled, coalesce(sum(n), 0)::int AS notifications
           FROM (SELECT d.id, count(n.id) AS n FROM deadlines d LEFT JOIN notifications n ON n.deadline_id = d.id AND n.kind = 'deadline_due_today' GROUP BY d.id) x`,
      )
    ).rows;
    const [{ outbox }] = (
      await db.query(`SELECT count(*)::int AS outbox FROM email_outbox o JOIN notifications n ON n.id = o.notification_id WHERE n.kind = 'deadline_due_today'`)
    ).rows;
    const all = await lateness(db, '');
    const burst = await lateness(db, `AND send_at = $1`, [new Date(t0.getTime() + BURST_AT_S * 1000)]);

    const deliveredPerS = span.delivered / Number(span.span_s);
    const plainPerS = (REMINDERS * 1000) / plain.processMs;
    const pageInPerS = (paged.reminders * 1000) / pageInMs;
    const plainAddPerS = (REMINDERS * 1000) / plain.addMs;
    const batchMs = batches.reduce((sum, b) => sum + b.ms, 0);
    const batchSizes = batches.map((b) => b.size).sort((a, b) => a - b);
    const batchTimes = batches.map((b) => b.ms).sort((a, b) => a - b);
    const pct = (xs: number[], p: number) => xs[Math.min(xs.length - 1, Math.floor(p * xs.length))] ?? NaN;
    const s = (x: number) => `${fmt(x, 2)} s`;

    console.log(`\nnpm run bench:reminders -- --reminders ${REMINDERS} --burst ${BURST} --window ${WINDOW_FROM_S}-${WINDOW_TO_S} --kinds ${KINDS.join(',')}   (${new Date().toISOString()}, ${AUTHORITIES} LAs: ${fmt(biggest)} reminders in the biggest, ${fmt(smallest)} in the smallest; ${WORKERS} worker process${WORKERS === 1 ? '' : 'es'} x REMINDER_CONCURRENCY ${config.reminderConcurrency}; REMINDER_BATCH_SIZE ${config.reminderBatchSize}; email drain ${EMAILS}; history ${fmt(HISTORY)}; Redis ${sharedRedisUrl ? 'shared' : 'private'})`);
    console.log(`seeded in ${fmt(seedMs / 1000, 1)} s; ${setupOverrunS > 0 ? `moving the rows to T0 overran it by ${fmt(setupOverrunS, 1)} s (raise --setup-margin); ` : ''}load average (1, 5, 15 min) at T0 ${loadAtStart}, at the end ${loadAtEnd}; ${availableParallelism()} cores\n`);
    console.log(`| what | figure | plain BullMQ (no-op) | ratio |`);
    console.log(`|---|---|---|---|`);
    console.log(`| scheduling: pageIn() into Redis (T0+${fmt(pageInStartS, 1)}s .. T0+${fmt(pageInEndS, 1)}s) | ${fmt(paged.reminders)} reminders as ${fmt(paged.jobs)} jobs in ${fmt(pageInMs)} ms = ${fmt(pageInPerS)}/s | addBulk ${fmt(plainAddPerS)}/s | ${fmt(pageInPerS / plainAddPerS, 2)}x |`);
    console.log(`| Redis bytes per delayed reminder (INFO used_memory delta / reminders; MEMORY USAGE per delayed job, sampled) | ${fmt(bytesPerReminder)}; ${fmt(sampledBytes)} | ${fmt(plain.bytesPerDelayedJob)}; ${fmt(plain.sampledBytesPerDelayedJob)} | ${fmt(bytesPerReminder / plain.bytesPerDelayedJob, 2)}x |`);
    console.log(`| delivered end to end: N / (last delivered_at - first send_at) | ${fmt(span.delivered)} in ${fmt(Number(span.span_s), 2)} s = ${fmt(deliveredPerS)}/s | processed ${fmt(plainPerS)}/s | ${fmt(deliveredPerS / plainPerS, 2)}x |`);
    console.log(`| delivered in the busiest second | ${fmt(busiest?.n ?? 0)}/s | processed ${fmt(plainPerS)}/s | ${fmt((busiest?.n ?? 0) / plainPerS, 2)}x |`);
    console.log(`\nLateness (delivered_at - send_at):`);
    console.log(`| reminders | n | p50 | p95 | p99 | max |`);
    console.log(`|---|---|---|---|---|---|`);
    console.log(`| all | ${fmt(all.n)} | ${s(all.p50)} | ${s(all.p95)} | ${s(all.p99)} | ${s(all.max)} |`);
    console.log(`| burst (same instant, T0+${BURST_AT_S}s) | ${fmt(burst.n)} | ${s(burst.p50)} | ${s(burst.p95)} | ${s(burst.p99)} | ${s(burst.max)} |`);
    console.log(`\nChecks: ${fmt(span.delivered)} delivered, ${fmt(span.scheduled)} still scheduled (lost), ${fmt(span.cancelled)} cancelled; deadlines with no notification ${fmt(checks.without)}, with more than one ${fmt(checks.doubled)}; ${fmt(checks.notifications)} notifications, ${fmt(outbox)} outbox emails; ${fmt(deliveredDuringPageIn)} delivered before pageIn() returned.`);
    console.log(`Delivery profile (all workers): ${fmt(batches.length)} delivery jobs (one LA each), reminders per job p50 ${pct(batchSizes, 0.5)} / max ${batchSizes[batchSizes.length - 1] ?? 0}; job p50 ${fmt(pct(batchTimes, 0.5))} ms / p99 ${fmt(pct(batchTimes, 0.99))} ms; ${fmt(batchMs / 1000, 1)} s inside deliverDue() in total (${fmt(batchMs / Math.max(1, batches.length), 1)} ms/job, ${fmt((batchMs * 1000) / Math.max(1, span.delivered), 0)} us/reminder).`);
    console.log(`This process from T0 (pageIn + delivery, ${fmt(wallS, 1)} s wall): event loop ${fmt(elu.utilization * 100)}% busy, CPU ${fmt((cpu.user + cpu.system) / 1e6, 1)} s${children.length > 0 ? `; the other ${children.length} worker process${children.length === 1 ? '' : 'es'} ${fmt(otherCpuS, 1)} s CPU since their start` : ''} (PostgreSQL and Redis run in their own processes on the same ${availableParallelism()} cores).`);
    console.log(`\n${sampler.report()}\n`);
    console.log(`Total bench time ${fmt((Date.now() - started) / 1000)} s.`);
    if (span.scheduled > 0 || checks.doubled > 0 || checks.without > 0) process.exitCode = 1;
  } finally {
    await stopChildren(children, (child) => child.send('stop'));
    await worker?.close();
    await deleteKeys(redis, prefix);
    await deleteKeys(redis, `${prefix}-plain`);
    await redis.quit();
    await privateRedis?.stop();
    await db.end();
    if (KEEP) console.log(`Kept database ${DATABASE} (drop it with: DROP DATABASE ${DATABASE} WITH (FORCE)).`);
    else await admin.query(`DROP DATABASE IF EXISTS ${DATABASE} WITH (FORCE)`);
    await admin.end();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
