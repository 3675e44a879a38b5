import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { INestApplicationContext } from '@nestjs/common';
import { getQueueToken } from '@nestjs/bullmq';
import { Role } from '@app/core';
import { TxHost } from '@app/database';
import { JobName, QueueName } from '@app/queue';
import { DigestService, EmailOutboxService, ReminderDeliveryService, ReminderPagerService, ReminderPlannerService, RemindersProcessor, ScheduleKeeper } from '@app/reminders';
import { Queue } from 'bullmq';
import Redis from 'ioredis';
import { startTestApp, TestApp } from './support/app';
import { bearer, createLocalAuthority, createUser, TestUser } from './support/factories';
import { londonNoon } from './support/london';
import { PrivateRedis, startPrivateRedis } from './support/private-redis';
import { waitFor } from './support/wait';
import { startTestWorker } from './support/worker';

/** A reminder whose LA-second has no delivery job recorded (not paged into Redis). */
const NOT_PAGED = `NOT EXISTS (SELECT 1 FROM reminder_buckets b WHERE b.local_authority_id = r.local_authority_id AND b.second = ceil(extract(epoch FROM r.send_at))::bigint)`;
const count = async (t: TestApp, sql: string, params: unknown[] = []): Promise<number> => Number((await t.dataSource.query(sql, params))[0].n);

/**
 * The failure cases of issue 6, each against a real PostgreSQL and a Redis of the test's own (so flushing and
 * killing touch nothing else): a deadline moved and moved back, Redis flushed, a worker killed with SIGKILL mid-way,
 * and the email outbox and digest written once whatever is repeated.
 */
describe('reminders survive failures (e2e)', () => {
  let redis: PrivateRedis;
  let t: TestApp;
  let worker: INestApplicationContext | null = null;
  let caseworker: TestUser;
  let managers: TestUser[];
  let la: { id: string };

  beforeAll(async () => {
    redis = await startPrivateRedis();
    // Reminders go out at midnight here, so the SIGKILL test's cases (on the real clock) are due whatever the hour.
    t = await startTestApp({ now: londonNoon('2026-02-10'), config: { redisUrl: redis.url, reminderSendTime: '00:00' } });
    la = await createLocalAuthority(t.dataSource);
    caseworker = await createUser(t.dataSource, t.http, la.id, Role.Caseworker);
    managers = [await createUser(t.dataSource, t.http, la.id, Role.Manager), await createUser(t.dataSource, t.http, la.id, Role.Manager)];
  });
  afterAll(async () => {
    await worker?.close();
    await t.close();
    await redis.stop();
  });

  const newCase = async (requestReceivedOn: string): Promise<string> => {
    const child = await t.http.post('/api/v1/children').set(bearer(caseworker)).send({ givenName: 'Zebedee', familyName: 'Quill', dateOfBirth: '2016-01-01' }).expect(201);
    return (await t.http.post('/api/v1/assessments').set(bearer(caseworker)).send({ childId: child.body.id, requestReceivedOn, requestSource: 'parent' }).expect(201)).body.id;
  };
  const settle = async () => {
    await worker!.get(ReminderPagerService).pageIn();
    await waitFor(async () => (await count(t, `SELECT count(*) AS n FROM reminders WHERE state = 'scheduled' AND send_at <= $1`, [t.clock.now()])) === 0, 'due reminders delivered');
  };

  describe('in one worker process', () => {
    beforeAll(async () => {
      worker = await startTestWorker({ ...t.config, reminderJobLockMs: 15_000, reminderStalledCheckMs: 4_000 }, t.clock);
    });

    it('runs the reminders queue with the configured lock and stalled check (REMINDER_JOB_LOCK_MS, REMINDER_STALLED_CHECK_MS)', () => {
      const running = worker!.get(RemindersProcessor).worker;
      expect(running.isRunning()).toBe(true);
      expect(running.opts).toMatchObject({ lockDuration: 15_000, stalledInterval: 4_000, lockRenewTime: 7_500 });
    });
    afterAll(async () => {
      await worker?.close();
      worker = null;
    });

    it('reminds once of a deadline moved and moved back, and plans afresh for the new date', async () => {
      t.clock.set(londonNoon('2026-02-10'));
      const assessmentId = await newCase('2026-01-05'); // decision due Monday 16 February
      const [deadline] = await t.dataSource.query(`SELECT id, revision FROM deadlines WHERE subject_id = $1 AND kind = 'decision_to_assess'`, [assessmentId]);
      t.clock.set(londonNoon('2026-02-11'));
      await settle();
      const planner = worker!.get(ReminderPlannerService);
      const txHost: TxHost = worker!.get(TxHost);
      const move = async (dueOn: string) => {
        await txHost.withTransaction(async () => {
          await txHost.tx.query(`UPDATE deadlines SET due_on = $2, revision = revision + 1 WHERE id = $1`, [deadline.id, dueOn]);
          await planner.plan([deadline.id]);
        });
      };
      await move('2026-02-20');
      await move('2026-02-16');
      await settle();
      const dueSoon = await t.dataSource.query(`SELECT due_on FROM notifications WHERE deadline_id = $1 AND kind = 'deadline_due_soon'`, [deadline.id]);
      expect(dueSoon).toEqual([{ due_on: '2026-02-16' }]);
      // The cancelled 20 February reminders never go out; 16 February's "due today" still does.
      t.clock.set(londonNoon('2026-02-16'));
      await settle();
      const states = await t.dataSource.query(`SELECT stage, due_on, state FROM reminders WHERE deadline_id = $1 ORDER BY due_on, stage`, [deadline.id]);
      expect(states).toEqual([
        { stage: 'due_soon', due_on: '2026-02-16', state: 'delivered' },
        { stage: 'due_today', due_on: '2026-02-16', state: 'delivered' },
        { stage: 'overdue', due_on: '2026-02-16', state: 'scheduled' },
        { stage: 'due_soon', due_on: '2026-02-20', state: 'cancelled' },
        { stage: 'due_today', due_on: '2026-02-20', state: 'cancelled' },
        { stage: 'overdue', due_on: '2026-02-20', state: 'cancelled' },
      ]);
    });

    it('keeps only the horizon in Redis: reminders further ahead stay in PostgreSQL', async () => {
      t.clock.set(londonNoon('2026-02-16'));
      const assessmentId = await newCase('2026-02-16');
      await worker!.get(ReminderPagerService).pageIn();
      const queue = worker!.get<Queue>(getQueueToken(QueueName.Reminders));
      const inRedis = (await queue.getJobs(['delayed', 'prioritized', 'waiting'])).filter((job) => job.name === 'deliver-reminders');
      const jobIds = new Set(inRedis.map((job) => job.id));
      const bucket = (la: string, second: string) => `reminder-batch-${la}-v${second}`;
      const soon: { la: string; second: string }[] = await t.dataSource.query(
        `SELECT DISTINCT local_authority_id AS la, ceil(extract(epoch FROM send_at))::bigint::text AS second FROM reminders WHERE state = 'scheduled' AND send_at < $1::timestamptz + interval '7 days'`,
        [t.clock.now()],
      );
      const later: { la: string; second: string }[] = await t.dataSource.query(
        `SELECT r.local_authority_id AS la, ceil(extract(epoch FROM r.send_at))::bigint::text AS second FROM reminders r JOIN deadlines d ON d.id = r.deadline_id
          WHERE d.subject_id = $1 AND r.state = 'scheduled' AND r.send_at >= $2::timestamptz + interval '7 days'`,
        [assessmentId, t.clock.now()],
      );
      expect(soon.length).toBeGreaterThan(0);
      // One delayed job per LA and moment within the horizon ...
      for (const b of soon) expect(jobIds).toContain(bucket(b.la, b.second));
      // ... and none for the new case's reminders, weeks away: those are in PostgreSQL only.
      expect(later.length).toBeGreaterThanOrEqual(6);
      for (const b of later) expect(jobIds).not.toContain(bucket(b.la, b.second));
      for (const job of inRedis) expect(Object.keys(job.data)).toEqual(['localAuthorityId']);
    });

    it('writes one email per message to the outbox and drains it once through the local transport, with no names', async () => {
      await t.dataSource.query(`UPDATE organisations SET shared_inbox_email = NULL`); // people only in this test
      const outbox = worker!.get(EmailOutboxService);
      await Promise.all([outbox.drain(), outbox.drain(), outbox.drain()]);
      await outbox.drain();
      const emailed = await count(t, `SELECT count(*) AS n FROM email_outbox WHERE state = 'sent'`);
      const messages = await count(t, `SELECT count(*) AS n FROM notifications`);
      expect(messages).toBeGreaterThan(0);
      expect(emailed).toBe(messages);
      expect(await count(t, `SELECT count(*) AS n FROM email_outbox WHERE state <> 'sent' OR attempts <> 1`)).toBe(0);
      expect(await count(t, `SELECT count(*) AS n FROM local_mailbox`)).toBe(emailed);
      const bodies: { subject: string; body: string }[] = await t.dataSource.query(`SELECT subject, body FROM email_outbox`);
      for (const email of bodies) {
        expect(email.subject).toMatch(/case EHC-20[0-9]{2}-[0-9]{5}/);
        expect(`${email.subject} ${email.body}`).not.toMatch(/Zebedee|Quill/);
      }
    });

    it('writes each person’s daily digest once a day, however often the job runs', async () => {
      t.clock.set(londonNoon('2026-02-17'));
      const digests = worker!.get(DigestService);
      const first = await digests.send(la.id);
      const again = await digests.send(la.id);
      expect(first.written).toBe(3); // the caseworker and both managers have deadlines due or overdue
      expect(again.written).toBe(0);
      const rows = await t.dataSource.query(`SELECT recipient_user_id FROM notifications WHERE kind = 'daily_digest' ORDER BY recipient_user_id`);
      expect(rows.map((r: { recipient_user_id: string }) => r.recipient_user_id)).toEqual([caseworker.id, ...managers.map((m) => m.id)].sort());
      const [digest] = await t.dataSource.query(`SELECT o.subject, o.body FROM email_outbox o JOIN notifications n ON n.id = o.notification_id WHERE n.kind = 'daily_digest' AND n.recipient_user_id = $1`, [caseworker.id]);
      expect(digest.subject).toBe('Your EHCP deadlines for Tuesday 17 February 2026');
      expect(digest.body).toMatch(/Overdue: \d+ deadlines?/);
    });

    it('delivers once with two workers sharing the queue and the rows', async () => {
      t.clock.set(londonNoon('2026-03-02'));
      const second = await startTestWorker(t.config, t.clock);
      try {
        const cases: string[] = [];
        for (let i = 0; i < 12; i += 1) cases.push(await newCase('2026-01-05')); // decisions overdue since 17 February
        await Promise.all([worker!.get(ReminderPagerService).pageIn(), second.get(ReminderPagerService).pageIn()]);
        await settle();
        const perDeadline = await t.dataSource.query(
          `SELECT count(n.id)::int AS n FROM deadlines d LEFT JOIN notifications n ON n.deadline_id = d.id WHERE d.subject_id = ANY($1::uuid[]) AND d.kind = 'decision_to_assess' GROUP BY d.id`,
          [cases],
        );
        expect(perDeadline).toEqual(cases.map(() => ({ n: 3 }))); // the caseworker and both managers, once each
      } finally {
        await second.close();
      }
    });

    it('delivers one LA’s reminders once when two workers claim them at the same moment, batch by batch, and a repeat finds nothing', async () => {
      t.clock.set(londonNoon('2026-03-16'));
      const second = await startTestWorker(t.config, t.clock);
      try {
        const cases: string[] = [];
        for (let i = 0; i < 10; i += 1) cases.push(await newCase('2026-01-19')); // decisions overdue since 3 March
        const due = await count(t, `SELECT count(*) AS n FROM reminders WHERE state = 'scheduled' AND local_authority_id = $1 AND send_at <= $2`, [la.id, t.clock.now()]);
        expect(due).toBeGreaterThanOrEqual(cases.length);
        // Both workers' delivery services on the same LA at once, three reminders per transaction, so their batches
        // interleave and each skips the rows the other holds.
        const services = [worker!.get(ReminderDeliveryService), second.get(ReminderDeliveryService)];
        const results = await Promise.all([...services, ...services].map((s) => s.deliverDue(la.id, { batchSize: 3, maxBatches: 100 })));
        expect(results.reduce((sum, r) => sum + r.delivered + r.cancelled, 0)).toBeLessThanOrEqual(due);
        expect(await count(t, `SELECT count(*) AS n FROM reminders WHERE state = 'scheduled' AND local_authority_id = $1 AND send_at <= $2`, [la.id, t.clock.now()])).toBe(0);
        const perDeadline = await t.dataSource.query(
          `SELECT count(n.id)::int AS n, count(DISTINCT n.recipient_user_id)::int AS recipients FROM deadlines d LEFT JOIN notifications n ON n.deadline_id = d.id
            WHERE d.subject_id = ANY($1::uuid[]) AND d.kind = 'decision_to_assess' GROUP BY d.id`,
          [cases],
        );
        expect(perDeadline).toEqual(cases.map(() => ({ n: 3, recipients: 3 }))); // the caseworker and both managers, once each
        // Each of those messages has exactly one email, written with it.
        const emails = await t.dataSource.query(
          `SELECT count(o.id)::int AS n FROM deadlines d JOIN notifications n ON n.deadline_id = d.id LEFT JOIN email_outbox o ON o.notification_id = n.id
            WHERE d.subject_id = ANY($1::uuid[]) AND d.kind = 'decision_to_assess' GROUP BY n.id`,
          [cases],
        );
        expect(emails).toEqual(Array.from({ length: cases.length * 3 }, () => ({ n: 1 })));
        // A duplicate or retried job (both workers again) finds nothing to do.
        const again = await Promise.all(services.map((s) => s.deliverDue(la.id, { batchSize: 3 })));
        expect(again.map((r) => r.delivered + r.cancelled)).toEqual([0, 0]);
      } finally {
        await second.close();
      }
    });

    it('pages a horizon in by chunks of a few reminders without losing or repeating one', async () => {
      t.clock.set(londonNoon('2026-03-23'));
      await settle();
      // Decisions due 30 March: "due soon" on the 25th and "due today" on the 30th, both within the horizon, neither due now.
      const cases: string[] = [];
      for (let i = 0; i < 4; i += 1) cases.push(await newCase('2026-02-16'));
      const now = t.clock.now();
      // Forget every job recorded for a moment still to come, so the whole horizon is paged in again.
      await t.dataSource.query(`DELETE FROM reminder_buckets WHERE second > $1`, [Math.floor(now.getTime() / 1000)]);
      const horizon = `r.state = 'scheduled' AND r.send_at < $1::timestamptz + interval '7 days' AND ${NOT_PAGED}`;
      const toPage = await count(t, `SELECT count(*) AS n FROM reminders r WHERE ${horizon}`, [now]);
      const ours = await count(t, `SELECT count(*) AS n FROM reminders r JOIN deadlines d ON d.id = r.deadline_id WHERE d.subject_id = ANY($2::uuid[]) AND ${horizon}`, [now, cases]);
      expect(ours).toBe(cases.length * 2);
      // Chunks of two reminders: each LA-second (four reminders here) is a chunk of its own; every reminder is paged once.
      const pager = worker!.get(ReminderPagerService);
      const paged = await pager.pageIn(2000, 2);
      expect(paged.reminders).toBe(toPage);
      expect(paged.jobs).toBeGreaterThanOrEqual(2);
      expect(await count(t, `SELECT count(*) AS n FROM reminders r WHERE ${horizon}`, [now])).toBe(0);
      expect((await pager.pageIn(2000, 2)).reminders).toBe(0);
    });

    it('recovers from a Redis flush: schedulers re-created, reminders paged in again, none lost or doubled', async () => {
      t.clock.set(londonNoon('2026-02-17'));
      const pager = worker!.get(ReminderPagerService);
      const queue = worker!.get<Queue>(getQueueToken(QueueName.Reminders));
      await newCase('2026-01-12'); // decision due 23 February: "due soon" tomorrow and "due today" within the horizon
      await settle(); // what is due now is delivered; what remains in Redis is the horizon's delayed jobs
      const expected = async () =>
        (
          (await t.dataSource.query(`SELECT DISTINCT local_authority_id AS la, ceil(extract(epoch FROM send_at))::bigint::text AS second FROM reminders WHERE state = 'scheduled' AND send_at < $1::timestamptz + interval '7 days'`, [
            t.clock.now(),
          ])) as { la: string; second: string }[]
        )
          .map((b) => `reminder-batch-${b.la}-v${b.second}`)
          .sort();
      const inRedis = async () => (await queue.getJobs(['delayed', 'prioritized', 'waiting'])).filter((job) => job.name === 'deliver-reminders').map((job) => job.id!).sort();
      const before = await expected();
      expect(before.length).toBeGreaterThanOrEqual(2);
      // (Past moments' jobs may linger too: on this test clock their real delay has not run out.)
      expect(await inRedis()).toEqual(expect.arrayContaining(before));
      const admin = new Redis(redis.url);
      await admin.flushall();
      await admin.quit();
      expect(await queue.getJobSchedulers(0, -1)).toEqual([]);
      expect(await worker!.get(ScheduleKeeper).check()).toBeGreaterThanOrEqual(3);
      expect((await queue.getJobSchedulers(0, -1)).map((s) => s.key)).toEqual(expect.arrayContaining(['sweep-reminders', 'reconcile-reminders', `digest-${la.id}`]));
      // Another context's scheduler, declared with @KeptSchedules() (the reviews' daily pass), is kept too.
      expect((await worker!.get<Queue>(getQueueToken(QueueName.Reviews)).getJobSchedulers(0, -1)).map((s) => s.key)).toContain(JobName.RunReviewsDaily);
      // The re-created sweep runs at once (or this call does): it finds the marker gone and pages everything in again.
      await pager.pageIn();
      await waitFor(async () => JSON.stringify(await inRedis()) === JSON.stringify(before), 'the horizon paged back into Redis');
      expect(
        await t.dataSource.query(`SELECT count(*)::int AS n FROM reminders r WHERE r.state = 'scheduled' AND r.send_at < $1::timestamptz + interval '7 days' AND ${NOT_PAGED}`, [t.clock.now()]),
      ).toEqual([{ n: 0 }]);
      // Everything due in the next days is delivered once.
      const deliveredBefore = await count(t, `SELECT count(*) AS n FROM notifications WHERE deadline_id IS NOT NULL`);
      t.clock.set(londonNoon('2026-02-24'));
      await settle();
      await settle();
      const perReminder = await t.dataSource.query(`SELECT dedupe_key, count(*)::int AS n FROM notifications GROUP BY dedupe_key HAVING count(*) > 1`);
      expect(perReminder).toEqual([]);
      expect(await count(t, `SELECT count(*) AS n FROM notifications WHERE deadline_id IS NOT NULL`)).toBeGreaterThan(deliveredBefore);
      expect(await count(t, `SELECT count(*) AS n FROM reminders WHERE state = 'scheduled' AND send_at <= $1`, [t.clock.now()])).toBe(0);
    });
  });

  describe('a worker killed with SIGKILL mid-delivery', () => {
    const CASES = 120;
    const children: ChildProcess[] = [];
    afterAll(() => children.forEach((child) => child.exitCode === null && child.kill('SIGKILL')));

    /** The real worker's main.ts in its own process, on the system clock (a test cannot move a child's clock). */
    const spawnWorker = (): ChildProcess => {
      const root = join(__dirname, '..');
      const child = spawn(process.execPath, ['-r', '@swc-node/register', join(root, 'apps/worker/main.ts')], {
        cwd: root,
        env: {
          ...process.env,
          NODE_ENV: 'test',
          DATABASE_URL: t.config.databaseUrl,
          REDIS_URL: redis.url,
          QUEUE_PREFIX: t.config.queuePrefix,
          LOG_LEVEL: process.env.CHILD_LOG_LEVEL ?? 'silent',
          // Small batches, so that the kill lands between commits.
          REMINDER_CONCURRENCY: '2',
          REMINDER_BATCH_SIZE: '5',
          REMINDER_SWEEP_SECONDS: '1',
          REMINDER_SEND_TIME: '00:00',
          // A short lock and a frequent stalled check, so the second worker takes over the dead one's job within
          // seconds (production's 20 s lock and 10 s check are the defaults; the takeover itself is what is tested).
          REMINDER_JOB_LOCK_MS: '3000',
          REMINDER_STALLED_CHECK_MS: '500',
          SWC_NODE_PROJECT: join(root, 'tsconfig.json'),
        },
        stdio: process.env.CHILD_LOG_LEVEL ? 'inherit' : 'ignore',
      });
      children.push(child);
      return child;
    };

    it('loses no reminder and doubles none when a worker dies and another takes over', async () => {
      // Real time: CASES backdated cases whose decision is overdue today, so each needs its reminder now.
      t.clock.set(new Date());
      await t.dataSource.query(`UPDATE reminders SET state = 'cancelled' WHERE state = 'scheduled'`);
      const cases: string[] = [];
      for (let i = 0; i < CASES; i += 1) cases.push(await newCase('2026-09-01'));
      const due = await count(t, `SELECT count(*) AS n FROM reminders r JOIN deadlines d ON d.id = r.deadline_id WHERE d.subject_id = ANY($1::uuid[]) AND r.state = 'scheduled' AND r.send_at <= now()`, [cases]);
      expect(due).toBe(CASES);
      const delivered = () => count(t, `SELECT count(*) AS n FROM reminders r JOIN deadlines d ON d.id = r.deadline_id WHERE d.subject_id = ANY($1::uuid[]) AND r.state = 'delivered'`, [cases]);

      const first = spawnWorker();
      await waitFor(async () => (await delivered()) > 0, 'the first worker to deliver something', 60_000, 5);
      first.kill('SIGKILL');
      await new Promise((resolve) => first.once('exit', resolve));
      const midway = await delivered();
      expect(midway).toBeLessThan(CASES); // killed part-way, with work left

      spawnWorker();
      // Generous: the second worker starts from the sources (swc) and waits out the dead one's lock; on a loaded 2-core CI
      // machine that alone has taken over a minute. The test asserts completeness and exactly-once, not speed.
      await waitFor(async () => (await delivered()) === CASES, 'every reminder delivered after the restart', 180_000);
      // Each overdue decision reminder: the caseworker and two managers (escalated), exactly once each.
      const perCase = await t.dataSource.query(
        `SELECT d.subject_id, count(n.id)::int AS n FROM deadlines d LEFT JOIN notifications n ON n.deadline_id = d.id
          WHERE d.subject_id = ANY($1::uuid[]) AND d.kind = 'decision_to_assess' GROUP BY d.subject_id`,
        [cases],
      );
      expect(perCase).toHaveLength(CASES);
      for (const row of perCase) expect(row.n).toBe(3);
    }, 270_000);
  });
});
