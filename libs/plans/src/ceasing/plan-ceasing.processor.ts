import { InjectQueue, OnWorkerEvent, Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger, OnApplicationBootstrap } from '@nestjs/common';
import { HandlesJobs, JobName, QueueName } from '@app/queue';
import { Job, Queue } from 'bullmq';
import { PlanCeasingService } from './plan-ceasing.service';

/** How often the worker closes plans whose appeal deadline has passed (they cease the day after it). */
export const CLOSE_CEASED_PLANS_EVERY_MS = 15 * 60_000;

/**
 * The maintenance queue: a BullMQ job scheduler closes ceasing plans past their appeal deadline. What is due comes
 * from PostgreSQL, so a lost job or a Redis flush loses nothing: the next run (or the re-upserted scheduler) does it.
 */
@Processor(QueueName.Maintenance, { concurrency: 1 })
@HandlesJobs(JobName.CloseCeasedPlans)
export class PlanCeasingProcessor extends WorkerHost implements OnApplicationBootstrap {
  private readonly logger = new Logger(PlanCeasingProcessor.name);

  constructor(
    private readonly ceasing: PlanCeasingService,
    @InjectQueue(QueueName.Maintenance) private readonly queue: Queue,
  ) {
    super();
  }

  async onApplicationBootstrap(): Promise<void> {
    const opts = { attempts: 3, backoff: { type: 'exponential', delay: 5000 }, removeOnComplete: true, removeOnFail: 100 };
    await this.queue.upsertJobScheduler(JobName.CloseCeasedPlans, { every: CLOSE_CEASED_PLANS_EVERY_MS }, { name: JobName.CloseCeasedPlans, data: {}, opts });
    // Close anything that fell due while no worker ran, without waiting for the first interval.
    await this.queue.add(JobName.CloseCeasedPlans, {}, { ...opts, deduplication: { id: 'close-ceased-plans-at-start' } });
  }

  async process(job: Job): Promise<unknown> {
    if (job.name !== (JobName.CloseCeasedPlans as string)) throw new Error(`Unexpected job ${job.name} on ${QueueName.Maintenance}`);
    return this.ceasing.closeDue();
  }

  @OnWorkerEvent('failed')
  onFailed(job: Job | undefined, error: Error): void {
    this.logger.error({ queue: QueueName.Maintenance, job: job?.name, jobId: job?.id, attempt: job?.attemptsMade, err: { message: error.message, stack: error.stack } }, 'job failed');
  }
}
