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

/** `reminder-batch-<la>-v<epoch second>`: the job that delivers an LA's reminders due by that second. */
export const reminderBatchJobId = (localAuthorityId: string, epochSecond: number) => jobId('reminder-batch', localAuthorityId, epochSecond);

/**
 * Redis holds only the next REMINDER_HORIZON_DAYS of reminders, paged in from PostgreSQL by this job scheduler, as
 * one delayed job per local authority and second in which its reminders fall due (payload: the LA's id). At 07:00
 * each LA's reminders of the day share one job; a burst of 20,000 is 150 jobs, not 20,000, and each LA's job is its
 * own, so a big LA's burst cannot queue ahead of a small LA's reminders.
 *
 * It also repairs what Redis lost. A marker key records that this Redis has our jobs: when it is missing (Redis
 * flushed, or restarted without persistence) every scheduled reminder is marked not-enqueued and paged in again.
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

  async pageIn(pageSize = 2000): Promise<PageInResult> {
    const redisWasReset = await this.resetIfRedisLostOurJobs();
    const horizon = new Date(this.clock.now().getTime() + this.config.reminderHorizonDays * 86_400_000);
    let jobs = 0;
    let reminders = 0;
    for (;;) {
      const buckets: { la: string; second: string; n: number }[] = await this.dataSource.query(
        `SELECT local_authority_id AS la, ceil(extract(epoch FROM send_at))::bigint AS second, count(*)::int AS n
           FROM reminders WHERE state = 'scheduled' AND enqueued_at IS NULL AND send_at < $1
          GROUP BY 1, 2 ORDER BY 2, 1 LIMIT $2`,
        [horizon, pageSize],
      );
      if (buckets.length === 0) break;
      // Marked (and committed) before the jobs exist: a job that starts at once must not find its rows locked by this
      // update (delivery skips locked rows). A reminder planned into a bucket meanwhile is marked too: its LA's job
      // delivers everything due by then. If adding then fails, the repair re-adds the job two minutes on.
      await this.dataSource.query(
        `UPDATE reminders r SET enqueued_at = now() FROM unnest($1::uuid[], $2::bigint[]) AS b(la, second)
          WHERE r.local_authority_id = b.la AND r.state = 'scheduled' AND r.enqueued_at IS NULL
            AND r.send_at > to_timestamp(b.second - 1) AND r.send_at <= to_timestamp(b.second)`,
        [buckets.map((b) => b.la), buckets.map((b) => b.second)],
      );
      // Delays from the clock as each page is added (a long page-in must not push its later pages late).
      const now = this.clock.now().getTime();
      await this.queue.addBulk(
        buckets.map((b) => ({
          name: JobName.DeliverReminders,
          data: { localAuthorityId: b.la } satisfies DeliverRemindersPayload,
          opts: { ...DELIVER_JOB_OPTIONS, jobId: reminderBatchJobId(b.la, Number(b.second)), delay: Math.max(0, Number(b.second) * 1000 - now) },
        })),
      );
      jobs += buckets.length;
      reminders += buckets.reduce((sum, b) => sum + b.n, 0);
      if (buckets.length < pageSize) break;
    }
    const repaired = await this.repairLostJobs();
    if (jobs > 0 || repaired > 0 || redisWasReset) this.logger.log({ jobs, reminders, repaired, redisWasReset }, 'reminders paged into Redis');
    return { jobs, reminders, repaired, redisWasReset };
  }

  /** LAs with reminders undelivered well past their moment (their job lost, or delayed by a clock behind ours): deliver now. */
  private async repairLostJobs(): Promise<number> {
    const now = this.clock.now().getTime();
    const rows: { la: string }[] = await this.dataSource.query(
      `SELECT DISTINCT local_authority_id AS la FROM reminders WHERE state = 'scheduled' AND enqueued_at IS NOT NULL AND send_at < $1`,
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
    await this.dataSource.query(`UPDATE reminders SET enqueued_at = NULL WHERE state = 'scheduled' AND enqueued_at IS NOT NULL`);
    await this.redis.set(this.markerKey, randomUUID());
    return true;
  }
}
