/**
 * npm run bench:reminders [-- --deadlines 100000 --burst 20000]
 *
 * Builds a database with open deadlines across 150 local authorities (a `--burst` of them due on the same day),
 * runs the reminder sweep that the worker runs, and reports reminders written per second, the time for the burst to
 * be written (the lateness bound beyond the sweep interval) and a repeat sweep (which must write nothing). Baseline in
 * the same run: plain BullMQ adding and processing as many no-op jobs, and the Redis bytes a delayed job costs
 * (what a job-per-reminder design would hold; the sweep holds none).
 */
import { FixedClock, loadConfig } from '@app/core';
import { dataSourceOptions, runMigrations } from '@app/database';
import { RemindersService } from '@app/reminders';
import { addDays, todayInLondon } from '@app/statutory-clock';
import { Queue, Worker } from 'bullmq';
import Redis from 'ioredis';
import { Client } from 'pg';
import { DataSource } from 'typeorm';

const args = process.argv.slice(2);
const arg = (name: string, fallback: number) => (args.includes(`--${name}`) ? Number(args[args.indexOf(`--${name}`) + 1]) : fallback);
const DEADLINES = arg('deadlines', 100_000);
const BURST = arg('burst', 20_000);
const AUTHORITIES = 150;

async function main(): Promise<void> {
  const base = loadConfig({ ...process.env, NODE_ENV: 'test' });
  const url = new URL(base.databaseUrl);
  url.pathname = '/ehcp_bench_reminders';
  const admin = new Client({ connectionString: new URL('/postgres', url).toString() });
  await admin.connect();
  await admin.query('DROP DATABASE IF EXISTS ehcp_bench_reminders WITH (FORCE)');
  await admin.end();
  await runMigrations(url.toString());
  const dataSource = new DataSource(dataSourceOptions(url.toString()));
  await dataSource.initialize();

  const now = new Date();
  const today = todayInLondon(now);
  console.log(`Seeding ${DEADLINES} open deadlines over ${AUTHORITIES} LAs (${BURST} due today) ...`);
  await dataSource.query(`INSERT INTO local_authorities (name, code) SELECT 'LA ' || g, lpad(g::text, 3, '0') FROM generate_series(1, $1) g`, [AUTHORITIES]);
  for (const role of ['caseworker', 'manager']) {
    await dataSource.query(
      `INSERT INTO users (local_authority_id, email, display_name, password_hash, role) SELECT id, $1 || '-' || code || '@bench.test', $1, 'x', $1 FROM local_authorities`,
      [role],
    );
  }
  // Due dates: the burst today; the rest spread over the next 10 days and the last 30 (a mix of stages).
  await dataSource.query(
    `INSERT INTO deadlines (local_authority_id, subject_type, subject_id, key, kind, starts_on, due_on, regulation, statutory, state, owner_user_id, revision)
     SELECT la.id, 'assessment', gen_random_uuid(), 'final_plan', 'final_plan', $2::date - 140,
            CASE WHEN g <= $3 THEN $2::date ELSE $2::date + ((g % 41) - 30) END,
            'SEND Regulations 2014, reg 13(2)', true, 'open', u.id, 1
       FROM generate_series(1, $1) g
       JOIN local_authorities la ON la.code = lpad(((g % $4) + 1)::text, 3, '0')
       JOIN users u ON u.local_authority_id = la.id AND u.role = 'caseworker'`,
    [DEADLINES, today, BURST, AUTHORITIES],
  );
  await dataSource.query('ANALYZE');

  const config = { ...base, databaseUrl: url.toString() };
  const reminders = new RemindersService(dataSource, config, new FixedClock(now));
  const t0 = performance.now();
  const first = await reminders.sweep();
  const sweepMs = performance.now() - t0;
  const t1 = performance.now();
  const again = await reminders.sweep();
  const repeatMs = performance.now() - t1;
  const [{ n: burstWritten }] = await dataSource.query(`SELECT count(*)::int AS n FROM notifications WHERE due_on = $1`, [today]);

  // Baseline: plain BullMQ, no-op jobs, same count of messages, same machine, same run.
  const redis = new Redis(base.redisUrl, { maxRetriesPerRequest: null });
  const prefix = `bench-${process.pid}`;
  const queue = new Queue('noop', { connection: redis, prefix });
  const jobs = first.notificationsWritten;
  const b0 = performance.now();
  for (let i = 0; i < jobs; i += 1000) await queue.addBulk(Array.from({ length: Math.min(1000, jobs - i) }, (_, k) => ({ name: 'noop', data: { id: i + k }, opts: { removeOnComplete: true } })));
  let processed = 0;
  const done = new Promise<void>((resolve) => {
    const worker = new Worker('noop', async () => undefined, { connection: new Redis(base.redisUrl, { maxRetriesPerRequest: null }), prefix, concurrency: 100 });
    worker.on('completed', () => {
      processed += 1;
      if (processed === jobs) void worker.close().then(resolve);
    });
  });
  await done;
  const bullMs = performance.now() - b0;
  // What a delayed job per reminder would cost in Redis.
  const memoryBefore = Number(/used_memory:(\d+)/.exec(await redis.info('memory'))![1]);
  const delayedQueue = new Queue('delayed', { connection: redis, prefix });
  for (let i = 0; i < 10_000; i += 1000) await delayedQueue.addBulk(Array.from({ length: 1000 }, (_, k) => ({ name: 'reminder', data: { deadlineId: '00000000-0000-4000-8000-000000000000', stage: 'due_soon', v: 1 }, opts: { delay: 86_400_000 + i + k, jobId: `reminder-${i + k}-v1` } })));
  const memoryAfter = Number(/used_memory:(\d+)/.exec(await redis.info('memory'))![1]);
  await queue.obliterate({ force: true });
  await delayedQueue.obliterate({ force: true });
  await queue.close();
  await delayedQueue.close();
  await redis.quit();
  await dataSource.destroy();

  console.log(`\n| what | count | ms | per second |`);
  console.log(`|---|---|---|---|`);
  console.log(`| sweep: reminders written (${first.deadlinesRead} deadlines read) | ${first.notificationsWritten} | ${sweepMs.toFixed(0)} | ${((first.notificationsWritten * 1000) / sweepMs).toFixed(0)} |`);
  console.log(`| repeat sweep (must write 0) | ${again.notificationsWritten} | ${repeatMs.toFixed(0)} | - |`);
  console.log(`| baseline: BullMQ add + process no-op jobs (concurrency 100) | ${jobs} | ${bullMs.toFixed(0)} | ${((jobs * 1000) / bullMs).toFixed(0)} |`);
  console.log(`\nBurst: ${burstWritten} reminders for the ${BURST} deadlines due today were written within one sweep of ${sweepMs.toFixed(0)} ms;`);
  console.log(`lateness is at most REMINDER_SWEEP_SECONDS plus one sweep.`);
  console.log(`Sweep vs plain BullMQ throughput: ${(((first.notificationsWritten * 1000) / sweepMs) / ((jobs * 1000) / bullMs)).toFixed(2)}x`);
  console.log(`Redis per delayed job in a job-per-reminder design: ${((memoryAfter - memoryBefore) / 10_000).toFixed(0)} bytes; the sweep keeps 0 per reminder.`);
  console.log(`(run on ${new Date().toISOString()}, ${AUTHORITIES} LAs, due dates from ${addDays(today, -30)} to ${addDays(today, 10)})`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
