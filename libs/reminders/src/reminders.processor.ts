import { OnWorkerEvent, Processor, WorkerHost } from '@nestjs/bullmq';
import { Inject, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@app/core';
import { DeliverReminderPayload, HandlesJobs, JobName, MicroBatcher, QueueName, SendDigestPayload } from '@app/queue';
import { Job } from 'bullmq';
import { DataSource } from 'typeorm';
import { InjectDataSource } from '@nestjs/typeorm';
import { DeliveryOutcome, ReminderDeliveryService, ReminderJobRef } from './delivery/reminder-delivery.service';
import { DigestService } from './digest/digest.service';
import { EmailNudge } from './delivery/email-nudge';
import { ReminderPagerService } from './schedule/reminder-pager.service';
import { ReminderPlannerService } from './schedule/reminder-planner.service';

/**
 * The reminders queue. Delivery jobs run many at a time (REMINDER_CONCURRENCY) and are written to PostgreSQL in
 * micro-batches: one job per reminder for BullMQ (retries, stalls and ids work per reminder), one transaction per
 * batch for PostgreSQL. The sweep, reconcile and digest jobs come from job schedulers (ScheduleKeeper).
 */
// Deliveries take milliseconds: a short lock and a frequent stalled check hand a dead worker's jobs to another
// within about half a minute (BullMQ's defaults would take up to a minute and a half).
@Processor(QueueName.Reminders, { concurrency: 1, lockDuration: 20_000, stalledInterval: 10_000 })
@HandlesJobs(JobName.SweepReminders, JobName.DeliverReminder, JobName.ReconcileReminders, JobName.SendDigest)
export class RemindersProcessor extends WorkerHost implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(RemindersProcessor.name);
  private readonly batcher: MicroBatcher<ReminderJobRef, DeliveryOutcome>;

  constructor(
    private readonly delivery: ReminderDeliveryService,
    private readonly pager: ReminderPagerService,
    private readonly planner: ReminderPlannerService,
    private readonly digests: DigestService,
    private readonly emailNudge: EmailNudge,
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    super();
    this.batcher = new MicroBatcher(async (refs) => {
      const outcomes = await this.delivery.deliver(refs);
      if (outcomes.includes('delivered')) await this.emailNudge.nudge();
      return outcomes;
    }, { maxSize: Math.max(1, Math.min(500, config.reminderConcurrency)), maxWaitMs: 10 });
  }

  onApplicationBootstrap(): void {
    this.worker.concurrency = this.config.reminderConcurrency;
  }

  async onApplicationShutdown(): Promise<void> {
    await this.batcher.drain();
  }

  async process(job: Job): Promise<unknown> {
    const started = Date.now();
    const result = await this.run(job);
    this.logger.log({ queue: QueueName.Reminders, job: job.name, jobId: job.id, attempt: job.attemptsMade + 1, ms: Date.now() - started, result }, 'job done');
    return result;
  }

  private async run(job: Job): Promise<unknown> {
    switch (job.name as JobName) {
      case JobName.DeliverReminder: {
        const { reminderId, version } = job.data as DeliverReminderPayload;
        return this.batcher.add({ reminderId, version });
      }
      case JobName.SweepReminders:
        return this.pager.pageIn();
      case JobName.ReconcileReminders:
        return { planned: await this.dataSource.transaction((manager) => this.planner.reconcile(manager)) };
      case JobName.SendDigest:
        return this.digests.send((job.data as SendDigestPayload).localAuthorityId);
      default:
        throw new Error(`Unexpected job ${job.name} on ${QueueName.Reminders}`);
    }
  }

  @OnWorkerEvent('failed')
  onFailed(job: Job | undefined, error: Error): void {
    this.logger.error({ queue: QueueName.Reminders, job: job?.name, jobId: job?.id, attempt: job?.attemptsMade, err: { message: error.message, stack: error.stack } }, 'job failed');
  }
}
