import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@app/core';
import { renderJobOptions } from '@app/plans';
import { jobId, JobName, JOB_QUEUES, queueProducerConnection, RenderBoardPackPayload } from '@app/queue';
import { Queue } from 'bullmq';

/**
 * Enqueues a board pack's rendering from the API, with the plan PDF's job options (attempts, backoff) and a
 * deterministic job id, so a second request or a re-enqueue cannot render one pack twice at once. Redis being
 * unreachable is not fatal: the pack stays pending in PostgreSQL, and the worker's sweeper (or reading it) enqueues it again.
 */
@Injectable()
export class BoardPacksQueue implements OnApplicationShutdown {
  private readonly logger = new Logger(BoardPacksQueue.name);
  private queue: Queue | null = null;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  async enqueue(boardPackId: string): Promise<void> {
    const payload: RenderBoardPackPayload = { boardPackId };
    try {
      this.queue ??= new Queue(JOB_QUEUES[JobName.RenderBoardPack], { connection: queueProducerConnection(this.config), prefix: this.config.queuePrefix });
      await this.queue.add(JobName.RenderBoardPack, payload, { ...renderJobOptions(this.config), jobId: jobId('board-pack', boardPackId, 1) });
    } catch (error) {
      this.logger.warn(`Board pack ${boardPackId} not enqueued now (${(error as Error).message}); the sweeper will.`);
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await this.queue?.close();
  }
}
