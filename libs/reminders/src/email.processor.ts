import { OnWorkerEvent, Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger } from '@nestjs/common';
import { HandlesJobs, JobName, QueueName } from '@app/queue';
import { Job } from 'bullmq';
import { EmailOutboxService } from './delivery/email-outbox.service';

/** The email queue: drains the outbox, one drain at a time per worker (rows are claimed, so workers share safely). */
@Processor(QueueName.Email, { concurrency: 1 })
@HandlesJobs(JobName.DrainEmailOutbox)
export class EmailProcessor extends WorkerHost {
  private readonly logger = new Logger(EmailProcessor.name);

  constructor(private readonly outbox: EmailOutboxService) {
    super();
  }

  async process(job: Job): Promise<unknown> {
    if (job.name !== JobName.DrainEmailOutbox) throw new Error(`Unexpected job ${job.name} on ${QueueName.Email}`);
    const started = Date.now();
    const result = await this.outbox.drain();
    this.logger.log({ queue: QueueName.Email, job: job.name, jobId: job.id, attempt: job.attemptsMade + 1, ms: Date.now() - started, result }, 'job done');
    return result;
  }

  @OnWorkerEvent('failed')
  onFailed(job: Job | undefined, error: Error): void {
    this.logger.error({ queue: QueueName.Email, job: job?.name, jobId: job?.id, attempt: job?.attemptsMade, err: { message: error.message, stack: error.stack } }, 'job failed');
  }
}
