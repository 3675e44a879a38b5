import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger } from '@nestjs/common';
import { JobName, QueueName } from '@app/queue';
import { Queue } from 'bullmq';

export const DRAIN_JOB_OPTIONS = { attempts: 3, backoff: { type: 'exponential', delay: 5000 }, removeOnComplete: true, removeOnFail: 100 } as const;

/**
 * Asks for an outbox drain now, after deliveries committed emails. Deduplicated: at most one drain runs and one
 * waits, however many batches nudge. Losing a nudge costs only time: the drain's job scheduler runs anyway.
 */
@Injectable()
export class EmailNudge {
  private readonly logger = new Logger(EmailNudge.name);

  constructor(@InjectQueue(QueueName.Email) private readonly queue: Queue) {}

  async nudge(): Promise<void> {
    try {
      await this.queue.add(JobName.DrainEmailOutbox, {}, { ...DRAIN_JOB_OPTIONS, deduplication: { id: 'drain-email-outbox', keepLastIfActive: true } });
    } catch (error) {
      this.logger.warn({ err: (error as Error).message }, 'email drain not nudged; the scheduler will run it');
    }
  }
}
