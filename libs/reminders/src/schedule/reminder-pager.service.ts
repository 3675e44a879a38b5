import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { APP_CONFIG, AppConfig, Clock } from '@app/core';
import { DeliverReminderPayload, jobId, JobName, QueueName, REDIS_CLIENT } from '@app/queue';
import Redis from 'ioredis';
import { randomUUID } from 'node:crypto';
import { JobsOptions, Queue } from 'bullmq';
import { DataSource } from 'typeorm';

/** Delivery jobs: retried with backoff; a job that failed every attempt is dropped after a day, then re-added by the repair. */
export const DELIVER_JOB_OPTIONS = {
  attempts: 5,
  backoff: { type: 'exponential', delay: 2000 },
  removeOnComplete: true,
  removeOnFail: { age: 86_400 },
} as const satisfies JobsOptions;

/** BullMQ's largest priority; ranks beyond it share it. */
const MAX_PRIORITY = 2_097_152;
/** A reminder this long past its moment and still undelivered is looked for in Redis. */
const REPAIR_GRACE_MS = 120_000;

export interface PageInResult {
  enqueued: number;
  repaired: number;
  redisWasReset: boolean;
}

interface DueRow {
  id: string;
  version: number;
  send_at: Date;
  rank: string;
}

export const reminderJobId = (reminderId: string, version: number) => jobId('reminder', reminderId, version);

/**
 * Redis holds only the reminders due within REMINDER_HORIZON_DAYS, paged in from PostgreSQL by this job scheduler:
 * a national caseload never needs gigabytes of delayed jobs. Each delayed job carries two ids (well under 1 KB);
 * its priority is the reminder's rank within its LA at that moment, so one LA's burst (15 February phase
 * transfers) interleaves with, rather than queues ahead of, every other LA's reminders.
 *
 * It also repairs what Redis lost. A marker key records that this Redis has our jobs: when it is missing (Redis
 * flushed, or restarted without persistence) every scheduled reminder is marked not-enqueued and paged in again.
 * A reminder still undelivered two minutes after its moment is looked up in Redis and re-added (or promoted) if its
 * job is gone. Adding is idempotent (the job id is the reminder's id and version), and delivery is idempotent in
 * PostgreSQL, so a repair never doubles a reminder.
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

  async pageIn(batchSize = 5000): Promise<PageInResult> {
    const redisWasReset = await this.resetIfRedisLostOurJobs();
    const now = this.clock.now();
    const horizon = new Date(now.getTime() + this.config.reminderHorizonDays * 86_400_000);
    let enqueued = 0;
    for (;;) {
      // Ranked within (LA, moment) over everything due in the horizon, before the page is cut.
      const rows: DueRow[] = await this.dataSource.query(
        `SELECT id, version, send_at, rank FROM (
           SELECT id, version, send_at, row_number() OVER (PARTITION BY local_authority_id, send_at ORDER BY id) AS rank
             FROM reminders WHERE state = 'scheduled' AND enqueued_at IS NULL AND send_at < $1) due
          ORDER BY send_at, rank, id LIMIT $2`,
        [horizon, batchSize],
      );
      if (rows.length === 0) break;
      await this.queue.addBulk(
        rows.map((row) => ({
          name: JobName.DeliverReminder,
          data: { reminderId: row.id, version: row.version } satisfies DeliverReminderPayload,
          opts: { ...DELIVER_JOB_OPTIONS, jobId: reminderJobId(row.id, row.version), delay: Math.max(0, new Date(row.send_at).getTime() - now.getTime()), priority: Math.min(Number(row.rank), MAX_PRIORITY) },
        })),
      );
      // Only the version that was enqueued is marked; a row re-planned meanwhile is paged in again.
      await this.dataSource.query(
        `UPDATE reminders r SET enqueued_at = now() FROM unnest($1::uuid[], $2::int[]) AS e(id, version) WHERE r.id = e.id AND r.version = e.version AND r.state = 'scheduled'`,
        [rows.map((r) => r.id), rows.map((r) => r.version)],
      );
      enqueued += rows.length;
      if (rows.length < batchSize) break;
    }
    const repaired = await this.repairLostJobs(now);
    if (enqueued > 0 || repaired > 0 || redisWasReset) this.logger.log({ enqueued, repaired, redisWasReset }, 'reminders paged into Redis');
    return { enqueued, repaired, redisWasReset };
  }

  /** Undelivered reminders well past their moment: re-add a job Redis lost, promote one still delayed. */
  private async repairLostJobs(now: Date, limit = 1000): Promise<number> {
    const rows: { id: string; version: number }[] = await this.dataSource.query(
      `SELECT id, version FROM reminders WHERE state = 'scheduled' AND enqueued_at IS NOT NULL AND send_at < $1 ORDER BY send_at, id LIMIT $2`,
      [new Date(now.getTime() - REPAIR_GRACE_MS), limit],
    );
    let repaired = 0;
    for (const row of rows) {
      const id = reminderJobId(row.id, row.version);
      const job = await this.queue.getJob(id);
      if (!job) {
        await this.queue.add(JobName.DeliverReminder, { reminderId: row.id, version: row.version } satisfies DeliverReminderPayload, { ...DELIVER_JOB_OPTIONS, jobId: id });
        repaired += 1;
      } else if ((await job.getState()) === 'delayed') {
        // Its delay was measured by a clock behind ours: it is due now.
        await job.promote().catch(() => undefined);
        repaired += 1;
      }
    }
    return repaired;
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
