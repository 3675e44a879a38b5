import { InjectQueue, OnWorkerEvent, Processor, WorkerHost } from '@nestjs/bullmq';
import { Inject, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@app/core';
import { HandlesJobs, JobName, QueueName } from '@app/queue';
import { Job, Queue } from 'bullmq';
import { RemindersService } from './reminders.service';

/**
 * The reminder sweep as a BullMQ job scheduler: one schedule however many workers run, a job at a time (concurrency
 * 1 per worker; concurrent sweeps would still be safe, the database deduplicates).
 */
@Processor(QueueName.Reminders, { concurrency: 1 })
@HandlesJobs(JobName.SweepReminders)
export class RemindersProcessor extends WorkerHost implements OnApplicationBootstrap {
  private readonly logger = new Logger(RemindersProcessor.name);

  constructor(
    private readonly reminders: RemindersService,
    @InjectQueue(QueueName.Reminders) private readonly queue: Queue,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    super();
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.queue.upsertJobScheduler(
      JobName.SweepReminders,
      { every: this.config.reminderSweepSeconds * 1000 },
      { name: JobName.SweepReminders, data: {}, opts: { attempts: 3, backoff: { type: 'exponential', delay: 5000 }, removeOnComplete: true, removeOnFail: 100 } },
    );
  }

  async process(job: Job): Promise<unknown> {
    if (job.name !== JobName.SweepReminders) throw new Error(`Unexpected job ${job.name} on ${QueueName.Reminders}`);
    const started = Date.now();
    const result = await this.reminders.sweep();
    this.logger.log({ queue: QueueName.Reminders, job: job.name, jobId: job.id, attempt: job.attemptsMade + 1, ms: Date.now() - started, ...result }, 'reminder sweep');
    return result;
  }

  @OnWorkerEvent('failed')
  onFailed(job: Job | undefined, error: Error): void {
    this.logger.error({ queue: QueueName.Reminders, job: job?.name, jobId: job?.id, attempt: job?.attemptsMade, err: { message: error.message, stack: error.stack } }, 'job failed');
  }
}
