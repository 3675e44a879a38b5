import { InjectQueue, OnWorkerEvent, Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger, OnApplicationBootstrap } from '@nestjs/common';
import { HandlesJobs, JobName, QueueName } from '@app/queue';
import { KeptSchedule, KeptSchedules } from '@app/reminders';
import { Job, Queue } from 'bullmq';
import { ReviewsService } from './reviews.service';

const DAILY_JOB_OPTIONS = { attempts: 5, backoff: { type: 'exponential', delay: 30_000 }, removeOnComplete: true, removeOnFail: 100 } as const;

/**
 * The reviews' daily pass at 00:10 London (and once at start): idempotent, so a duplicate delivery, a retry or a run
 * after a Redis flush does the same work once. Its scheduler is kept by the reminders' ScheduleKeeper.
 */
@Processor(QueueName.Reviews, { concurrency: 1 })
@HandlesJobs(JobName.RunReviewsDaily)
export class ReviewsProcessor extends WorkerHost implements OnApplicationBootstrap {
  private readonly logger = new Logger(ReviewsProcessor.name);

  constructor(
    private readonly reviews: ReviewsService,
    @InjectQueue(QueueName.Reviews) private readonly queue: Queue,
  ) {
    super();
  }

  /** Kept by the reminders' ScheduleKeeper, which finds this method at start. */
  @KeptSchedules()
  schedules(): KeptSchedule[] {
    return [{ queue: this.queue, id: JobName.RunReviewsDaily, repeat: { pattern: '10 0 * * *', tz: 'Europe/London' }, name: JobName.RunReviewsDaily, data: {} }];
  }

  async onApplicationBootstrap(): Promise<void> {
    // Catch up at start: plans issued while no worker ran, and schedules the migration created.
    await this.queue.add(JobName.RunReviewsDaily, {}, { ...DAILY_JOB_OPTIONS, deduplication: { id: 'run-reviews-daily-at-start' } });
  }

  async process(job: Job): Promise<unknown> {
    if (job.name !== (JobName.RunReviewsDaily as string)) throw new Error(`Unexpected job ${job.name} on ${QueueName.Reviews}`);
    const started = Date.now();
    const result = await this.reviews.daily();
    this.logger.log({ queue: QueueName.Reviews, job: job.name, jobId: job.id, ms: Date.now() - started, result }, 'job done');
    return result;
  }

  @OnWorkerEvent('failed')
  onFailed(job: Job | undefined, error: Error): void {
    this.logger.error({ queue: QueueName.Reviews, job: job?.name, jobId: job?.id, attempt: job?.attemptsMade, err: { message: error.message, stack: error.stack } }, 'job failed');
  }
}
