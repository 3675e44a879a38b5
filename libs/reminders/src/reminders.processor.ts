import { InjectQueue, OnWorkerEvent, Processor, WorkerHost } from '@nestjs/bullmq';
import { Inject, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@app/core';
import { DeliverRemindersPayload, HandlesJobs, jobId, JobName, QueueName, SendDigestPayload } from '@app/queue';
import { Job, Queue, Worker } from 'bullmq';
import { ReminderDeliveryService } from './delivery/reminder-delivery.service';
import { DigestService } from './digest/digest.service';
import { EmailNudge } from './delivery/email-nudge';
import { DELIVER_JOB_OPTIONS, ReminderPagerService } from './schedule/reminder-pager.service';
import { ReminderPlannerService } from './schedule/reminder-planner.service';
import { TxHost } from '@app/database';

/**
 * The reminders queue. A delivery job delivers one LA's due reminders in batches (REMINDER_BATCH_SIZE per
 * transaction); REMINDER_CONCURRENCY of them run at once, so LAs are served side by side and a big LA's burst hands
 * its slot on after 20 batches. The sweep, reconcile and digest jobs come from job schedulers (ScheduleKeeper).
 */
// Deliveries take milliseconds: a short lock and a frequent stalled check hand a dead worker's jobs to another
// within about half a minute (BullMQ's defaults would take up to a minute and a half). Both come from the
// configuration (REMINDER_JOB_LOCK_MS, REMINDER_STALLED_CHECK_MS), so the worker starts only once they are set.
@Processor(QueueName.Reminders, { concurrency: 1, lockDuration: 20_000, stalledInterval: 10_000, autorun: false })
@HandlesJobs(JobName.SweepReminders, JobName.DeliverReminders, JobName.ReconcileReminders, JobName.SendDigest)
export class RemindersProcessor extends WorkerHost implements OnApplicationBootstrap {
  private readonly logger = new Logger(RemindersProcessor.name);

  constructor(
    private readonly delivery: ReminderDeliveryService,
    private readonly pager: ReminderPagerService,
    private readonly planner: ReminderPlannerService,
    private readonly digests: DigestService,
    private readonly emailNudge: EmailNudge,
    private readonly txHost: TxHost,
    @InjectQueue(QueueName.Reminders) private readonly queue: Queue,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    super();
  }

  onApplicationBootstrap(): void {
    configureWorkerLock(this.worker, { lockDuration: this.config.reminderJobLockMs, stalledInterval: this.config.reminderStalledCheckMs });
    this.worker.concurrency = this.config.reminderConcurrency;
    // autorun is off: start taking jobs now that the lock is the configured one. Errors surface as 'error' events.
    this.worker.run().catch((error: Error) => this.logger.error({ queue: QueueName.Reminders, err: { message: error.message, stack: error.stack } }, 'worker stopped'));
  }

  async process(job: Job): Promise<unknown> {
    const started = Date.now();
    const result = await this.run(job);
    this.logger.log({ queue: QueueName.Reminders, job: job.name, jobId: job.id, attempt: job.attemptsMade + 1, ms: Date.now() - started, result }, 'job done');
    return result;
  }

  private async run(job: Job): Promise<unknown> {
    switch (job.name as JobName) {
      case JobName.DeliverReminders: {
        const { localAuthorityId } = job.data as DeliverRemindersPayload;
        const result = await this.delivery.deliverDue(localAuthorityId);
        if (result.delivered > 0) await this.emailNudge.nudge();
        // More due than one turn takes: the rest goes to the back of the queue, behind the other LAs' jobs.
        if (result.more) await this.queue.add(JobName.DeliverReminders, job.data, { ...DELIVER_JOB_OPTIONS, jobId: jobId('reminder-batch', localAuthorityId, `${Date.now()}`) });
        return result;
      }
      case JobName.SweepReminders:
        return this.pager.pageIn();
      case JobName.ReconcileReminders:
        return { planned: await this.txHost.withTransaction(() => this.planner.reconcile()) };
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

/**
 * Sets a worker's lock duration and stalled-check interval from the configuration before it runs (the processor
 * decorator's options are fixed at compile time). BullMQ reads both from the worker's options on every lock renewal,
 * fetch and stalled check; the lock manager copies them when built, so it is rebuilt (it renews at half the lock).
 */
export function configureWorkerLock(worker: Worker, lock: { lockDuration: number; stalledInterval: number }): void {
  if (worker.isRunning()) throw new Error(`configureWorkerLock: the ${worker.name} worker is already running`);
  Object.assign(worker.opts, { ...lock, lockRenewTime: lock.lockDuration / 2 });
  (worker as unknown as { createLockManager(): void }).createLockManager();
}
