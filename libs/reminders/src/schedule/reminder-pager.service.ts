import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { APP_CONFIG, AppConfig, Clock } from '@app/core';
import { DeliverRemindersPayload, jobId, JobName, QueueName, REDIS_CLIENT } from '@app/queue';
import { randomUUID } from 'node:crypto';
import { JobsOptions, Queue } from 'bullmq';
import Redis from 'ioredis';
import { DataSource } from 'typeorm';

/** Delivery jobs: retried with backoff; one that failed every attempt is dropped after a day (the repair re-adds it). */
export const DELIVER_JOB_OPTIONS = {
  attempts: 5,
  backoff: { type: 'exponential', delay: 2000 },
  removeOnComplete: true,
  removeOnFail: { age: 86_400 },
} as const satisfies JobsOptions;

/** A reminder this long past its moment and still undelivered is treated as lost from Redis. */
const REPAIR_GRACE_MS = 120_000;

export interface PageInResult {
  /** Delayed delivery jobs added (one per LA and second). */
  jobs: number;
  /** Reminders those jobs cover. */
  reminders: number;
  repaired: number;
  redisWasReset: boolean;
}

/** An LA's scheduled reminders due within one second (one delivery job). */
interface Bucket {
  la: string;
  second: string;
  n: number;
}

/** Consecutive runs of buckets of at most `rows` reminders (a bucket bigger than that is a run of its own). */
function chunksOf(buckets: Bucket[], rows: number): Bucket[][] {
  const chunks: Bucket[][] = [];
  let current: Bucket[] = [];
  let size = 0;
  for (const bucket of buckets) {
    if (current.length > 0 && size + bucket.n > rows) {
      chunks.push(current);
      current = [];
      size = 0;
    }
    current.push(bucket);
    size += bucket.n;
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}

/** `reminder-batch-<la>-v<epoch second>`: the job that delivers an LA's reminders due by that second. */
export const reminderBatchJobId = (localAuthorityId: string, epochSecond: number) => jobId('reminder-batch', localAuthorityId, epochSecond);

/**
 * Redis holds only the next REMINDER_HORIZON_DAYS of reminders, paged in from PostgreSQL by this job scheduler, as
 * one delayed job per local authority and second in which its reminders fall due (payload: the LA's id). At 07:00
 * each LA's reminders of the day share one job; a burst of 20,000 is 150 jobs, not 20,000, and each LA's job is its
 * own, so a big LA's burst cannot queue ahead of a small LA's reminders.
 *
 * It also repairs what Redis lost. A marker key records that this Redis has our jobs: when it is missing (Redis
 * flushed, or restarted without persistence) the record of jobs (`reminder_buckets`) is cleared and every scheduled
 * reminder is paged in again.
 * An LA with a reminder still undelivered two minutes after its moment gets a delivery job now. Delivery claims rows
 * in PostgreSQL, so an extra job finds nothing to do and never doubles a reminder.
 */
@Injectable()
export class ReminderPagerService {
  private readonly logger = new Logger(ReminderPagerService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @InjectQueue(QueueName.Reminders) private readonly queue: Queue,
    @Inject(REDIS_CLIENT) private readonly redis: Redis,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  private get markerKey(): string {
    return `${this.config.queuePrefix}:reminders:epoch`;
  }

  /**
   * Pages in what falls due within the horizon, soonest first: reads up to `pageSize` LA-seconds without a recorded
   * job at a time, then records and adds them in chunks of about `chunkRows` reminders, so what is due first reaches
   * Redis first. Writes one `reminder_buckets` row per job; the reminders themselves are not touched.
   */
  async pageIn(pageSize = 2000, chunkRows = 5000): Promise<PageInResult> {
    const redisWasReset = await this.resetIfRedisLostOurJobs();
    // Records of jobs whose moment is a day gone: their reminders are delivered, cancelled, or the repair's.
    await this.dataSource.query(`DELETE FROM reminder_buckets WHERE second < $1`, [Math.floor(this.clock.now().getTime() / 1000) - 86_400]);
    const horizon = new Date(this.clock.now().getTime() + this.config.reminderHorizonDays * 86_400_000);
    let jobs = 0;
    let reminders = 0;
    for (;;) {
      // The LA-seconds with scheduled reminders within the horizon that have no job recorded yet.
      const buckets: Bucket[] = await this.dataSource.query(
        `SELECT g.la, g.second, g.n
           FROM (SELECT local_authority_id AS la, ceil(extract(epoch FROM send_at))::bigint AS second, count(*)::int AS n
                   FROM reminders WHERE state = 'scheduled' AND send_at < $1 GROUP BY 1, 2) g
          WHERE NOT EXISTS (SELECT 1 FROM reminder_buckets b WHERE b.local_authority_id = g.la AND b.second = g.second)
          ORDER BY g.second, g.la LIMIT $2`,
        [horizon, pageSize],
      );
      if (buckets.length === 0) break;
      for (const chunk of chunksOf(buckets, chunkRows)) {
        const added = await this.add(chunk);
        jobs += added.length;
        reminders += added.reduce((sum, b) => sum + b.n, 0);
      }
      if (buckets.length < pageSize) break;
    }
    const repaired = await this.repairLostJobs();
    if (jobs > 0 || repaired > 0 || redisWasReset) this.logger.log({ jobs, reminders, repaired, redisWasReset }, 'reminders paged into Redis');
    return { jobs, reminders, repaired, redisWasReset };
  }

  /** Records the buckets' jobs and adds them to Redis; returns those this sweep recorded (a concurrent sweep adds the rest). */
  private async add(buckets: Bucket[]): Promise<Bucket[]> {
    // Recorded (and committed) before the jobs exist; if adding then fails, the repair adds the LA's job two minutes
    // on. A reminder planned into a recorded LA-second later is delivered by that job if it has yet to run, else by
    // the repair's.
    const recorded: { la: string; second: string }[] = await this.dataSource.query(
      `INSERT INTO reminder_buckets (local_authority_id, second) SELECT * FROM unnest($1::uuid[], $2::bigint[])
       ON CONFLICT (local_authority_id, second) DO NOTHING RETURNING local_authority_id AS la, second`,
      [buckets.map((b) => b.la), buckets.map((b) => b.second)],
    );
    const mine = new Set(recorded.map((r) => `${r.la}|${r.second}`));
    const added = buckets.filter((b) => mine.has(`${b.la}|${b.second}`));
    if (added.length === 0) return added;
    // Delays from the clock as each chunk is added (a long page-in must not push its later chunks late).
    const now = this.clock.now().getTime();
    await this.queue.addBulk(
      added.map((b) => ({
        name: JobName.DeliverReminders,
        data: { localAuthorityId: b.la } satisfies DeliverRemindersPayload,
        opts: { ...DELIVER_JOB_OPTIONS, jobId: reminderBatchJobId(b.la, Number(b.second)), delay: Math.max(0, Number(b.second) * 1000 - now) },
      })),
    );
    return added;
  }

  /** LAs with reminders undelivered well past their moment (their job lost, or delayed by a clock behind ours): deliver now. */
  private async repairLostJobs(): Promise<number> {
    const now = this.clock.now().getTime();
    const rows: { la: string }[] = await this.dataSource.query(
      `SELECT DISTINCT local_authority_id AS la FROM reminders WHERE state = 'scheduled' AND send_at < $1`,
      [new Date(now - REPAIR_GRACE_MS)],
    );
    if (rows.length === 0) return 0;
    const second = Math.ceil(now / 1000);
    await this.queue.addBulk(
      rows.map((row) => ({ name: JobName.DeliverReminders, data: { localAuthorityId: row.la } satisfies DeliverRemindersPayload, opts: { ...DELIVER_JOB_OPTIONS, jobId: reminderBatchJobId(row.la, second) } })),
    );
    return rows.length;
  }

  /**
   * True when this Redis did not hold our marker: it was flushed or restarted empty, so nothing PostgreSQL believes
   * enqueued is there. Every scheduled reminder is then paged in again (a job still present is not doubled).
   */
  private async resetIfRedisLostOurJobs(): Promise<boolean> {
    if (await this.redis.exists(this.markerKey)) return false;
    await this.dataSource.query(`DELETE FROM reminder_buckets`);
    await this.redis.set(this.markerKey, randomUUID());
    return true;
  }
}
